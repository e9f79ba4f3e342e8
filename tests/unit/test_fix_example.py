"""The bundled ``examples/fix``: its plan is the one Terraform makes for main.tf.

No Terraform binary runs in tests, so the plan was written by hand in the
format of ``terraform show -json`` (1.9, format 1.2); these checks keep it
consistent with the configuration it claims to come from.
"""

from __future__ import annotations

import json
from typing import Any

from hcl2 import SerializationOptions, loads

from govern.inputs.terraform.plan import read_plan
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "fix"
PLAN: dict[str, Any] = json.loads((EXAMPLE / "plan.json").read_text())
SOURCE: dict[str, Any] = loads(
    (EXAMPLE / "main.tf").read_text(),
    serialization_options=SerializationOptions(
        with_comments=False, explicit_blocks=False, strip_string_quotes=True
    ),
)


def test_the_plan_is_a_terraform_1_9_plan_govern_reads() -> None:
    assert PLAN["format_version"] == "1.2"
    assert PLAN["terraform_version"].startswith("1.9.")
    assert PLAN["applyable"] and PLAN["complete"] and not PLAN["errored"]
    plan = read_plan(EXAMPLE / "plan.json")
    assert len(plan.resources) == len(PLAN["resource_changes"]) == 6


def test_planned_values_repeat_each_change() -> None:
    planned = {
        r["address"]: r for r in PLAN["planned_values"]["root_module"]["resources"]
    }
    for change in PLAN["resource_changes"]:
        values = planned[change["address"]]
        assert values["values"] == change["change"]["after"], change["address"]
        assert values["sensitive_values"] == change["change"]["after_sensitive"]
        assert change["change"]["actions"] == ["create"]
        assert not set(change["change"]["after"]) & {
            key
            for key, marker in change["change"]["after_unknown"].items()
            if marker is True
        }, change["address"]


def test_configuration_is_what_main_tf_says() -> None:
    blocks = {
        f"{resource_type}.{name}": body
        for entry in SOURCE["resource"]
        for resource_type, named in entry.items()
        for name, body in named.items()
    }
    configured = PLAN["configuration"]["root_module"]["resources"]
    assert sorted(blocks) == sorted(r["address"] for r in configured)
    for resource in configured:
        expressions = {
            name: _constant(expression)
            for name, expression in resource["expressions"].items()
        }
        assert expressions == blocks[resource["address"]], resource["address"]
        change = next(
            c for c in PLAN["resource_changes"] if c["address"] == resource["address"]
        )
        for name, value in expressions.items():
            assert change["change"]["after"][name] == value, (resource["address"], name)


def test_provider_and_default_tags_are_what_main_tf_says() -> None:
    (provider,) = SOURCE["provider"]
    aws = PLAN["configuration"]["provider_config"]["aws"]["expressions"]
    assert aws["region"]["constant_value"] == provider["aws"]["region"]
    tags = provider["aws"]["default_tags"][0]["tags"]
    assert aws["default_tags"][0]["tags"]["constant_value"] == tags
    for change in PLAN["resource_changes"]:
        assert change["change"]["after"]["tags_all"] == tags


def _constant(expression: Any) -> Any:
    if isinstance(expression, list):
        return [{k: _constant(v) for k, v in item.items()} for item in expression]
    return expression["constant_value"]
