"""Meta-tests over the library's machine-readable fixes.

A fix is only worth writing if it works: every ``set`` fix, applied to a
policy's failing examples, must make them pass; every companion, added next to
a failing example, must too; and whatever a fix renders must be valid HCL2.
"""

from __future__ import annotations

import copy
from typing import Any

import hcl2
import pytest
from hcl2 import SerializationOptions

from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.model.resource import Resource
from govern.policy import conditions as c
from govern.policy.conditions import ParamRef
from govern.policy.examples import example_resources
from govern.policy.library import PolicySet, load_policy_set
from govern.remediate.terraform.fixes import TerraformFix, render_fix
from govern.remediate.terraform.hcl import parse

LIBRARY = load_policy_set()
SET_FIXES = sorted(
    p.id for p in LIBRARY.policies if p.remediation.fix and p.remediation.fix.set_
)
ADD_FIXES = sorted(
    p.id for p in LIBRARY.policies if p.remediation.fix and p.remediation.fix.add
)
_PLAIN = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True
)


def by_id(compiled: list[CompiledPolicy], policy_id: str) -> CompiledPolicy:
    return next(p for p in compiled if p.id == policy_id)


def with_settings(values: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """``values`` as a plan would show them once the settings are in the block."""
    fixed = copy.deepcopy(values)
    for path, value in settings.items():
        *blocks, name = path.split(".")
        node = fixed
        for block in blocks:
            items = node.get(block)
            if not isinstance(items, list) or not items:
                items = node[block] = [{}]
            node = items[0]
        node[name] = value
    return fixed


@pytest.mark.parametrize("policy_id", SET_FIXES)
def test_set_fix_makes_every_failing_example_pass(
    compiled: list[CompiledPolicy], policy_id: str
) -> None:
    policy = by_id(compiled, policy_id)
    fix = policy.policy.remediation.fix
    assert fix is not None and fix.set_ is not None
    settings = {
        path: policy.parameters[v.param] if isinstance(v, ParamRef) else v
        for path, v in fix.set_.items()
    }
    for number, example in enumerate(policy.policy.examples.fail):
        subject, *related = example_resources(policy.policy, example, f"e{number}")
        subject.values = with_settings(subject.values, settings)
        subject.unknown = None
        finding = evaluate_one(policy, subject, Inventory([subject, *related]))
        assert finding.status == "pass", (example.name, finding.message)


def companion_values(fix: TerraformFix, subject: Resource) -> dict[str, Any]:
    """The companion's values, linked to the subject the way examples link."""
    assert fix.companion is not None
    document = hcl2.loads(fix.text, serialization_options=_PLAIN)
    block = document["resource"][0][fix.companion.type][fix.companion.name]
    values: dict[str, Any] = {k: v for k, v in block.items() if k != "__comments__"}
    linking = [key for key, value in values.items() if subject.name in str(value)]
    identity = subject.values.get("id") or subject.values.get("bucket")
    values.update(dict.fromkeys(linking, identity))
    return values


@pytest.mark.parametrize("policy_id", ADD_FIXES)
def test_companion_makes_failing_examples_pass(
    compiled: list[CompiledPolicy], policy_id: str
) -> None:
    policy = by_id(compiled, policy_id)
    checked = 0
    for number, example in enumerate(policy.policy.examples.fail):
        subject, *related = example_resources(policy.policy, example, f"e{number}")
        subject.source = "plan"
        finding = evaluate_one(policy, subject, Inventory([subject, *related]))
        if finding.fix is None or finding.fix.companion is None:
            continue  # a companion already exists; its settings are the problem
        new_type = finding.fix.companion.type
        companion = Resource(
            address=f"{new_type}.new",
            type=new_type,
            name="new",
            values=companion_values(finding.fix, subject),
        )
        inventory = Inventory([subject, *related, companion])
        after = evaluate_one(policy, subject, inventory)
        assert after.status == "pass", (example.name, after.message)
        checked += 1
    assert checked, "no failing example lacks the companion"


@pytest.mark.parametrize("policy_id", ADD_FIXES)
def test_companion_links_through_the_attribute_the_policy_follows(
    policy_set: PolicySet, policy_id: str
) -> None:
    policy = next(p for p in policy_set.policies if p.id == policy_id)
    assert policy.remediation.fix is not None
    add = policy.remediation.fix.add
    assert add is not None
    links = {(r.related, r.via) for r in related_nodes(policy.condition)}
    assert (add.type, add.via) in links


def related_nodes(node: Any) -> list[c.Related]:
    if isinstance(node, c.Related):
        return [node]
    children: list[Any] = []
    for value in getattr(node, "__dict__", {}).values():
        children.extend(value if isinstance(value, list) else [value])
    return [found for child in children for found in related_nodes(child)]


@pytest.mark.parametrize("policy_id", SET_FIXES + ADD_FIXES)
def test_rendered_fix_is_valid_hcl(
    compiled: list[CompiledPolicy], policy_id: str
) -> None:
    policy = by_id(compiled, policy_id)
    assert policy.policy.remediation.fix is not None
    for resource_type in policy.policy.resource_types:
        resource = Resource(
            address=f"{resource_type}.main[0]",
            type=resource_type,
            name="main",
            values={},
            index=0,
        )
        fix = render_fix(policy.policy.remediation.fix, resource, policy.parameters)
        (block,) = parse(fix.text)
        expected = fix.companion.type if fix.companion else resource_type
        assert (block.type, block.labels[0]) == ("resource", expected)


def test_the_library_covers_the_common_fixes() -> None:
    assert len(SET_FIXES) >= 15
    companions = {
        p.remediation.fix.add.type
        for p in LIBRARY.policies
        if p.remediation.fix and p.remediation.fix.add
    }
    assert companions >= {
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
        "aws_flow_log",
    }
