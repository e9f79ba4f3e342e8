"""Policy fixes made concrete: HCL literals, rendered blocks, findings, reports."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from govern.engine.compiler import compile_policy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.errors import PolicyError
from govern.model.resource import Resource
from govern.policy.loader import load_policy_file
from govern.policy.models import Fix, Policy, Remediation
from govern.remediate.terraform.fixes import TerraformFix, render_fix
from govern.remediate.terraform.literals import hcl_literal
from govern.report import json_report, markdown, text
from govern.report.run import Run
from tests.conftest import REPO
from tests.unit.reporting import make_finding, plan_run, with_findings
from tests.unit.test_conditions import PILLAR, policy

IMDS = {"set": {"metadata_options.http_tokens": "required", "monitoring": True}}
PAB = {
    "add": {
        "type": "aws_s3_bucket_public_access_block",
        "body": "bucket            = {ref}.id\nblock_public_acls = true\n",
        "note": "Check {name} first.",
    }
}


def instance(address: str = "aws_instance.web") -> Resource:
    resource_type, name = address.split(".")
    return Resource(address=address, type=resource_type, name=name, values={})


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (True, "true"),
        (None, "null"),
        (30, "30"),
        (1.5, "1.5"),
        ("required", '"required"'),
        ('say "${hi}"\n', '"say \\"$${hi}\\"\\n"'),
        (["a", 1], '["a", 1]'),
        ({"Name": "x", "a.b": 1}, '{ Name = "x", "a.b" = 1 }'),
    ],
)
def test_values_become_hcl_literals(value: Any, literal: str) -> None:
    assert hcl_literal(value) == literal, value


def test_values_without_a_literal_are_refused() -> None:
    with pytest.raises(ValueError):
        hcl_literal(float("inf"))
    with pytest.raises(TypeError):
        hcl_literal(object())


def test_a_set_fix_renders_the_corrected_attributes_in_the_resource_block() -> None:
    fix = render_fix(Fix.model_validate(IMDS), instance(), {})
    assert fix.text == (
        'resource "aws_instance" "web" {\n'
        "  monitoring = true\n"
        "\n"
        "  metadata_options {\n"
        '    http_tokens = "required"\n'
        "  }\n"
        "}\n"
    )


def test_set_values_may_come_from_parameters() -> None:
    raw = {"set": {"backup_retention_period": {"param": "days"}}}
    fix = render_fix(
        Fix.model_validate(raw), instance("aws_db_instance.db"), {"days": 14}
    )
    assert [(s.dotted, s.literal) for s in fix.settings] == [
        ("backup_retention_period", "14")
    ]


def test_a_companion_refers_to_the_resource_inside_its_module() -> None:
    bucket = Resource(
        address='module.a["x"].aws_s3_bucket.logs["eu-west-1"]',
        type="aws_s3_bucket",
        name="logs",
        values={},
        module='module.a["x"]',
        index="eu-west-1",
    )
    fix = render_fix(Fix.model_validate(PAB), bucket, {})
    assert fix.text == (
        "# Check logs first.\n"
        'resource "aws_s3_bucket_public_access_block" "logs_eu_west_1" {\n'
        '  bucket            = aws_s3_bucket.logs["eu-west-1"].id\n'
        "  block_public_acls = true\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({}, "exactly one"),
        ({"set": {"a": 1}, "add": PAB["add"]}, "exactly one"),
        ({"set": {}}, "at least 1"),
        ({"set": {"Bad-Name": 1}}, "not an attribute path"),
        ({"set": {"a": 1, "a.b": 2}}, "both an attribute and a block"),
        ({"add": {"type": "aws_x", "body": "x = 1"}}, "set an attribute"),
    ],
)
def test_malformed_fixes_are_rejected(raw: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Fix.model_validate(raw)


def test_a_fix_may_only_use_declared_parameters() -> None:
    raw = {"hint": "h", "fix": {"set": {"days": {"param": "undeclared"}}}}
    with pytest.raises(ValueError, match="fix uses undeclared parameters"):
        policy({"path": "a", "equals": 1}, remediation=raw)


def fixing_policy(fix: dict[str, Any], condition: dict[str, Any]) -> Policy:
    return policy(condition, remediation={"hint": "h", "fix": fix})


def test_only_failing_plan_findings_carry_the_fix() -> None:
    compiled = compile_policy(
        fixing_policy(IMDS, {"path": "monitoring", "equals": True}), PILLAR
    )
    failing = Resource(address="aws_thing.x", type="aws_thing", name="x", values={})
    passing = dataclasses.replace(failing, values={"monitoring": True})
    live = dataclasses.replace(failing, source="aws")
    findings = [
        evaluate_one(compiled, r, Inventory([r])) for r in (failing, passing, live)
    ]
    assert [f.status for f in findings] == ["fail", "pass", "fail"]
    assert isinstance(findings[0].fix, TerraformFix)
    assert findings[1].fix is None and findings[2].fix is None


def test_no_companion_is_offered_when_one_exists_but_is_misconfigured() -> None:
    condition = {
        "related": "aws_s3_bucket_public_access_block",
        "via": "bucket",
        "satisfies": {"path": "block_public_acls", "equals": True},
    }
    compiled = compile_policy(fixing_policy(PAB, condition), PILLAR)
    bucket = Resource(
        address="aws_thing.x", type="aws_thing", name="x", values={"bucket": "b"}
    )
    block = Resource(
        address="aws_s3_bucket_public_access_block.x",
        type="aws_s3_bucket_public_access_block",
        name="x",
        values={"bucket": "b", "block_public_acls": False},
    )
    alone = evaluate_one(compiled, bucket, Inventory([bucket]))
    beside = evaluate_one(compiled, bucket, Inventory([bucket, block]))
    assert alone.status == beside.status == "fail"
    assert alone.fix is not None and beside.fix is None


def with_fix() -> tuple[Run, TerraformFix]:
    fix = render_fix(Fix.model_validate(IMDS), instance("aws_s3_bucket.logs"), {})
    finding = dataclasses.replace(make_finding(), fix=fix)
    return with_findings(plan_run(), [finding]), fix


def test_text_report_shows_the_fix_under_the_finding() -> None:
    run, fix = with_fix()
    report = text.render(run)
    indented = "\n".join(
        " " * 15 + line if line else "" for line in fix.text.splitlines()
    )
    assert "fix: Add a public access block.\n" + indented + "\n" in report


def test_markdown_prefers_the_concrete_fix_to_the_policy_snippet() -> None:
    run, _ = with_fix()
    report = markdown.render(run)
    assert '  resource "aws_s3_bucket" "logs" {' in report
    assert "aws_s3_bucket_public_access_block" not in report.split("<details>")[1]


def test_json_carries_the_fix_text_and_the_remediation_without_it() -> None:
    run, fix = with_fix()
    finding = json.loads(json_report.render(run))["findings"][0]
    assert finding["fix"] == fix.text
    assert set(finding["remediation"]) == {"hint", "terraform", "docs"}
    # A field added to the model must reach the report too.
    assert set(finding["remediation"]) == set(Remediation.model_fields) - {"fix"}


def test_policies_show_lists_the_fix() -> None:
    from govern.authoring.describe import as_json, describe

    compiled = compile_policy(
        fixing_policy(IMDS, {"path": "monitoring", "equals": True}), PILLAR
    )
    assert '  set metadata_options.http_tokens = "required"' in describe(compiled)
    assert as_json(compiled)["remediation"]["fix"]["set"]["monitoring"] is True


def test_invalid_fix_in_a_policy_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "id: ACME-0001\ntitle: t\npillar: security\nseverity: low\n"
        "resource_types: [aws_x]\nrationale: r\ncondition: {path: a, equals: 1}\n"
        "remediation:\n  hint: h\n  fix: {set: {a: 1}, add: {type: aws_y, body: x}}\n"
        "examples: {}\n"
    )
    with pytest.raises(PolicyError) as raised:
        load_policy_file(path, {"security": PILLAR})
    assert "p.yaml" in str(raised.value) and "remediation.fix" in str(raised.value)


def test_the_fix_examples_in_the_policy_guide_validate() -> None:
    guide = (REPO / "policies" / "README.md").read_text()
    section = guide.split("## Machine-readable fixes", 1)[1]
    snippets = [part.split("```", 1)[0] for part in section.split("```yaml\n")[1:]]
    assert len(snippets) == 2
    for snippet in snippets:
        Remediation.model_validate(yaml.safe_load(snippet)["remediation"])
