"""Generate large, realistic Terraform plans for benchmarks.

The plan is built from resources of real plans (tests/fixtures/plans), repeated
as instances of a ``for_each`` module the way large estates are written: every
instance has its own names, its own split S3 resources and security group
rules, and references in the configuration. A third of the instances is new, a
third unchanged (``no-op``) and a third updated in place, with ``prior_state``
for those already deployed, as in a brownfield plan.

    python -m bench.generate_plan 20000 -o /tmp/plan-20k.json
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans"
TEMPLATES = (
    "checkov__kitchen_sink_55_resources_tf0_12",
    "snyk__s3_count_split_resources_tf1_3",
    "checkov__iam_inline_and_managed_policies_tf1_1",
)
NAME_TOKENS = ("123456789123-acme-corp", "mtu721uc")
PROVIDER = "registry.terraform.io/hashicorp/aws"


def _templates() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    changes: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    for name in TEMPLATES:
        document = json.loads((FIXTURES / f"{name}.json").read_text())
        for change in document["resource_changes"]:
            if change.get("provider_name", "").endswith("aws"):
                changes.append(change)
        for block in document["configuration"]["root_module"]["resources"]:
            if block["type"].startswith("aws_"):
                blocks.append(block)
    return changes, blocks


def _instance(
    changes: list[dict[str, Any]], key: str, state: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    text = json.dumps(changes)
    for token in NAME_TOKENS:
        text = text.replace(token, f"{token}-{key}")
    instance_changes: list[dict[str, Any]] = json.loads(text)
    planned: list[dict[str, Any]] = []
    prior: list[dict[str, Any]] = []
    module = f'module.svc["{key}"]'
    for change in instance_changes:
        change["address"] = f"{module}.{change['address']}"
        change["module_address"] = module
        change["provider_name"] = PROVIDER
        after = change["change"]["after"]
        # Terraform >= 0.15 writes a sensitivity tree shaped like the values.
        change["change"]["after_sensitive"] = _shape(after)
        if state != "create":
            before = copy.deepcopy(after)
            if state == "update" and isinstance(before.get("tags"), dict):
                before["tags"] = {**before["tags"], "revision": "previous"}
            change["change"].update(
                actions=["no-op" if state == "no-op" else "update"],
                before=before,
                after_unknown={},
                before_sensitive=_shape(before),
            )
            prior.append(_state_entry(change, before))
        planned.append(_state_entry(change, after))
    return instance_changes, planned, prior


def _state_entry(change: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        key: change[key]
        for key in ("address", "mode", "type", "name", "provider_name")
        if key in change
    }
    if "index" in change:
        entry["index"] = change["index"]
    entry.update(schema_version=0, values=values, sensitive_values=_shape(values))
    return entry


def _shape(value: Any) -> Any:
    """Empty containers where the value has containers, as Terraform marks them."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if isinstance(v, (dict, list))}
    if isinstance(value, list):
        return [_shape(v) if isinstance(v, (dict, list)) else False for v in value]
    return False


def generate(resources: int) -> dict[str, Any]:
    """A plan document with about ``resources`` resource changes."""
    changes, blocks = _templates()
    instances = max(1, round(resources / len(changes)))
    all_changes: list[dict[str, Any]] = []
    planned: list[dict[str, Any]] = []
    prior: list[dict[str, Any]] = []
    for number in range(instances):
        key = f"svc{number:05d}"
        lifecycle = ("create", "no-op", "update")[number % 3]
        more, values, state = _instance(changes, key, lifecycle)
        all_changes.extend(more)
        planned.extend(values)
        prior.extend(state)
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {
            "root_module": {
                "child_modules": [{"address": 'module.svc["*"]', "resources": planned}]
            }
        },
        "resource_changes": all_changes,
        "prior_state": {
            "format_version": "1.0",
            "terraform_version": "1.9.5",
            "values": {"root_module": {"resources": prior}},
        },
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": PROVIDER,
                    "expressions": {"region": {"constant_value": "eu-west-1"}},
                }
            },
            "root_module": {
                "module_calls": {
                    "svc": {
                        "source": "./modules/service",
                        "for_each_expression": {"references": ["local.services"]},
                        "module": {"resources": copy.deepcopy(blocks)},
                    }
                }
            },
        },
        "timestamp": "2026-12-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def write_plan(resources: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(generate(resources)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("resources", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    arguments = parser.parse_args()
    path = write_plan(arguments.resources, arguments.output)
    size = path.stat().st_size / 1e6
    print(f"{path}: {arguments.resources} resources, {size:.1f} MB")


if __name__ == "__main__":
    main()
