"""OCSF Detection Findings: one event per finding, passes included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from govern import __version__
from govern.report import ocsf
from govern.report.run import Run
from tests.unit.reporting import (
    S3_FAILING,
    S3_PLAN,
    make_finding,
    plan_run,
    sample_run,
    with_findings,
)

NOW = 1_700_000_000.25
ARN = "arn:aws:s3:::audit-logs"


def events(run: Run) -> list[dict[str, Any]]:
    parsed: list[dict[str, Any]] = json.loads(ocsf.render(run, clock=lambda: NOW))
    return parsed


def test_every_finding_is_an_event_passes_included() -> None:
    run = sample_run()
    rendered = events(run)
    assert [e["finding_info"]["uid"] for e in rendered] == [
        f.fingerprint for f in run.findings
    ]
    assert {e["status"] for e in rendered} == {
        "New",
        "Resolved",
        "Suppressed",
        "Undetermined",
    }


def test_plan_finding_structure() -> None:
    run = sample_run()
    finding = next(f for f in run.findings if f.address == S3_FAILING)
    event = next(e for e in events(run) if e["resources"][0]["uid"] == S3_FAILING)
    assert event == {
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
        "time": 1_700_000_000_250,
        "severity_id": 4,
        "severity": "High",
        "status_id": 1,
        "status": "New",
        "message": f"S3 bucket blocks all public access: {S3_FAILING}",
        "metadata": {
            "product": {
                "name": "govern",
                "vendor_name": "govern",
                "version": __version__,
            },
            "version": "1.4.0",
            "profiles": ["cloud"],
        },
        "finding_info": {
            "uid": finding.fingerprint,
            "title": "S3 bucket blocks all public access",
            "desc": finding.message,
            "types": ["security"],
            "analytic": {
                "uid": "TEST-001",
                "name": "S3 bucket blocks all public access",
                "type_id": 1,
                "type": "Rule",
            },
        },
        "resources": [
            {"uid": S3_FAILING, "type": "aws_s3_bucket", "region": "us-west-2"}
        ],
        "cloud": {"provider": "AWS", "region": "us-west-2"},
        "remediation": {
            "desc": finding.remediation.hint,
            "references": [finding.remediation.docs],
        },
        "unmapped": {
            "policy_id": "TEST-001",
            "pillar": "security",
            "team": {"name": "Security Engineering", "contact": "#gov-security"},
            "status": "fail",
            "origin": finding.origin,
            "compliance": {
                "standards": [
                    "CIS AWS Foundations Benchmark",
                    "NIST SP 800-53",
                    "PCI DSS",
                ],
                "requirements": [
                    "CIS AWS Foundations Benchmark 2.1.4",
                    "NIST SP 800-53 AC-3",
                    "NIST SP 800-53 AC-21",
                    "PCI DSS 1.3.1",
                ],
            },
        },
    }


def test_live_finding_structure() -> None:
    finding = make_finding(
        ARN,
        status="waived",
        severity="critical",
        origin="aws:123456789012",
        region="eu-west-1",
        account="123456789012",
        owner="data-platform",
        waiver="W-12",
        note="vendor bucket, reviewed",
    )
    (event,) = events(with_findings(plan_run(S3_PLAN), [finding]))
    assert (event["severity_id"], event["severity"]) == (5, "Critical")
    assert (event["status_id"], event["status"]) == (3, "Suppressed")
    assert event["resources"] == [
        {
            "uid": ARN,
            "type": "aws_s3_bucket",
            "region": "eu-west-1",
            "cloud_partition": "aws",
            "owner": {"name": "data-platform", "account": {"uid": "123456789012"}},
        }
    ]
    assert event["cloud"] == {
        "provider": "AWS",
        "region": "eu-west-1",
        "account": {"uid": "123456789012"},
    }
    assert event["unmapped"]["waiver"] == "W-12"
    assert event["unmapped"]["note"] == "vendor bucket, reviewed"
    assert event["unmapped"]["origin"] == "aws:123456789012"


@pytest.mark.parametrize(
    ("severity", "severity_id", "caption"),
    [
        ("info", 1, "Informational"),
        ("low", 2, "Low"),
        ("medium", 3, "Medium"),
        ("high", 4, "High"),
        ("critical", 5, "Critical"),
    ],
)
def test_severity_ids(severity: str, severity_id: int, caption: str) -> None:
    (event,) = events(
        with_findings(plan_run(S3_PLAN), [make_finding(severity=severity)])
    )
    assert (event["severity_id"], event["severity"]) == (severity_id, caption)


@pytest.mark.parametrize(
    ("status", "status_id", "caption"),
    [
        ("fail", 1, "New"),
        ("pass", 4, "Resolved"),
        ("waived", 3, "Suppressed"),
        ("baselined", 3, "Suppressed"),
        ("unknown", 99, "Undetermined"),
    ],
)
def test_status_ids(status: str, status_id: int, caption: str) -> None:
    (event,) = events(with_findings(plan_run(S3_PLAN), [make_finding(status=status)]))
    assert (event["status_id"], event["status"]) == (status_id, caption)
    assert event["unmapped"]["status"] == status


def test_json_lines_holds_the_same_events() -> None:
    run = sample_run()
    text = ocsf.render(run, clock=lambda: NOW, lines=True)
    assert [json.loads(line) for line in text.splitlines()] == events(run)


def test_arn_partition() -> None:
    assert ocsf.arn_partition("arn:aws-us-gov:iam::1:role/x") == "aws-us-gov"
    assert ocsf.arn_partition("aws_s3_bucket.logs") is None
