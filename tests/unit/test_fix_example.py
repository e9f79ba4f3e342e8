"""``examples/fix`` and ``examples/fixed``: each plan is Terraform's for its main.tf.

No Terraform binary runs in tests, so both plans were written by hand in the
format of ``terraform show -json`` (1.9, format 1.2); these checks keep each
consistent with the configuration it claims to come from. ``fixed`` is
``fix`` after ``govern fix --write`` (see test_cli_fix.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hcl2 import SerializationOptions, loads

from govern.inputs.terraform.plan import read_plan
from tests.conftest import EXAMPLES

_VALUES = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True
)


@dataclass(frozen=True)
class Example:
    folder: Path
    plan: dict[str, Any]
    source: dict[str, Any]


def _example(name: str) -> Example:
    folder = EXAMPLES / name
    return Example(
        folder,
        json.loads((folder / "plan.json").read_text()),
        loads((folder / "main.tf").read_text(), serialization_options=_VALUES),
    )


@pytest.fixture(params=["fix", "fixed"])
def example(request: pytest.FixtureRequest) -> Example:
    return _example(request.param)


def test_the_plan_is_a_terraform_1_9_plan_govern_reads(example: Example) -> None:
    document = example.plan
    assert document["format_version"] == "1.2"
    assert document["terraform_version"].startswith("1.9.")
    assert document["applyable"] and document["complete"] and not document["errored"]
    plan = read_plan(example.folder / "plan.json")
    assert len(plan.resources) == len(document["resource_changes"]) == 6


def test_planned_values_repeat_each_change(example: Example) -> None:
    document = example.plan
    planned = {
        r["address"]: r for r in document["planned_values"]["root_module"]["resources"]
    }
    for change in document["resource_changes"]:
        values = planned[change["address"]]
        assert values["values"] == change["change"]["after"], change["address"]
        assert values["sensitive_values"] == change["change"]["after_sensitive"]
        assert change["change"]["actions"] == ["create"]
        assert not set(change["change"]["after"]) & {
            key
            for key, marker in change["change"]["after_unknown"].items()
            if marker is True
        }, change["address"]


def test_configuration_is_what_main_tf_says(example: Example) -> None:
    document = example.plan
    blocks = {
        f"{resource_type}.{name}": body
        for entry in example.source["resource"]
        for resource_type, named in entry.items()
        for name, body in named.items()
    }
    configured = document["configuration"]["root_module"]["resources"]
    assert sorted(blocks) == sorted(r["address"] for r in configured)
    for resource in configured:
        expressions = {
            name: _constant(expression)
            for name, expression in resource["expressions"].items()
        }
        assert expressions == blocks[resource["address"]], resource["address"]
        change = next(
            c
            for c in document["resource_changes"]
            if c["address"] == resource["address"]
        )
        for name, value in expressions.items():
            assert change["change"]["after"][name] == value, (resource["address"], name)


def test_provider_and_default_tags_are_what_main_tf_says(example: Example) -> None:
    document = example.plan
    (provider,) = example.source["provider"]
    aws = document["configuration"]["provider_config"]["aws"]["expressions"]
    assert aws["region"]["constant_value"] == provider["aws"]["region"]
    tags = provider["aws"]["default_tags"][0]["tags"]
    assert aws["default_tags"][0]["tags"]["constant_value"] == tags
    for change in document["resource_changes"]:
        assert change["change"]["after"]["tags_all"] == tags


def _constant(expression: Any) -> Any:
    if isinstance(expression, list):
        return [{k: _constant(v) for k, v in item.items()} for item in expression]
    return expression["constant_value"]
