"""GitHub workflow commands: which findings, where, and GitHub's escaping."""

from __future__ import annotations

from pathlib import Path

import pytest

from govern.report import annotations as workflow
from tests.conftest import REPO
from tests.unit.reporting import (
    S3_FAILING,
    S3_PLAN,
    SG_FAILING,
    SG_PLAN,
    make_finding,
    plan_run,
    sample_run,
    with_findings,
    write_sources,
)


def test_gate_failures_are_errors_other_failures_warnings_unknown_notices() -> None:
    lines = workflow.annotations(sample_run(), root=REPO)
    assert [line.split(" ", 1)[0] for line in lines] == [
        "::error",
        "::warning",
        "::notice",
    ]
    error, warning, notice = lines
    assert error.startswith(
        f"::error file=tests/fixtures/plans/{S3_PLAN}.json,"
        "title=TEST-001 S3 bucket blocks all public access (high)::"
        f"{S3_FAILING}: block_public_acls is false"
    )
    assert "%0AFix: Add an aws_s3_bucket_public_access_block" in error
    assert error.endswith("%0ATeam: Security Engineering (#gov-security)")
    assert warning.startswith(f"::warning file=tests/fixtures/plans/{SG_PLAN}.json,")
    assert f"::{SG_FAILING}: " in warning
    assert "::aws_s3_bucket.root_bucket: bucket is unknown until apply%0A" in notice
    assert "Fix:" not in notice


def test_points_at_the_resource_block_when_sources_are_given(tmp_path: Path) -> None:
    source_dir = write_sources(tmp_path)
    lines = workflow.annotations(sample_run(), source_dir, root=tmp_path)
    assert lines[0].startswith("::error file=modules/s3/main.tf,line=3,title=")


def test_passing_waived_and_baselined_findings_are_not_annotated() -> None:
    run = sample_run()
    quiet = [f for f in run.findings if f.status in ("pass", "waived", "baselined")]
    assert workflow.annotations(with_findings(run, quiet)) == []
    assert workflow.render(with_findings(run, quiet)) == ""


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("100% sure", "100%25 sure", "100%25 sure"),
        ("one\ntwo\r\n", "one%0Atwo%0D%0A", "one%0Atwo%0D%0A"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A stays literal", "%250A stays literal", "%250A stays literal"),
    ],
)
def test_escaping_follows_github_rules(text: str, data: str, prop: str) -> None:
    assert workflow.escape_data(text) == data
    assert workflow.escape_property(text) == prop


def test_values_in_commands_are_escaped() -> None:
    finding = make_finding(
        'module.a["x,y:z"].aws_s3_bucket.b',
        origin="plans/a,b.json",
        title="Title: with, punctuation",
        message="50% of\nrules",
    )
    run = with_findings(plan_run(S3_PLAN), [finding])
    (line,) = workflow.annotations(run, root=Path.cwd())
    assert line == (
        "::error file=plans/a%2Cb.json,"
        "title=TEST-001 Title%3A with%2C punctuation (high)::"
        'module.a["x,y:z"].aws_s3_bucket.b: 50%25 of%0Arules'
        "%0AFix: Add a public access block."
        "%0ATeam: Security Engineering (#gov-security)"
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"GITHUB_ACTIONS": "true"}, True),
        ({"GITHUB_ACTIONS": "false"}, False),
        ({}, False),
    ],
)
def test_in_github_actions(environ: dict[str, str], expected: bool) -> None:
    assert workflow.in_github_actions(environ) is expected
