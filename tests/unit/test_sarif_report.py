"""SARIF: valid against the official 2.1.0 schema, and what GitHub reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govern.report import sarif
from govern.report.run import Run
from tests.conftest import REPO, TESTS
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

SCHEMA = json.loads((TESTS / "fixtures" / "sarif-schema-2.1.0.json").read_text())


def sarif_of(run: Run, **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(sarif.render(run, **options))
    return document


def results_by_address(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    results = document["runs"][0]["results"]
    return {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r
        for r in results
    }


@pytest.mark.parametrize(
    "case", ["sample run", "with sources", "nothing failing", "outside root"]
)
def test_valid_against_the_official_schema(case: str, tmp_path: Path) -> None:
    run = sample_run()
    options: dict[str, Any] = {"root": REPO}
    if case == "with sources":
        options = {"source_dir": write_sources(tmp_path), "root": tmp_path}
    elif case == "nothing failing":
        run = with_findings(run, [f for f in run.findings if f.status != "fail"])
    elif case == "outside root":
        options = {"root": tmp_path}
    validator = jsonschema.Draft7Validator(SCHEMA)
    errors = [
        error.message for error in validator.iter_errors(sarif_of(run, **options))
    ]
    assert errors == [], case


def test_driver_and_one_rule_per_loaded_policy() -> None:
    run = sample_run()
    driver = sarif_of(run)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "govern" and driver["version"]
    assert [rule["id"] for rule in driver["rules"]] == [p.id for p in run.policies]
    rule = next(r for r in driver["rules"] if r["id"] == "TEST-001")
    assert rule["name"] == "S3BucketBlocksAllPublicAccess"
    assert rule["shortDescription"]["text"] == "S3 bucket blocks all public access"
    assert rule["fullDescription"]["text"].startswith("A bucket without all four")
    assert rule["helpUri"].startswith("https://docs.aws.amazon.com/AmazonS3/")
    assert rule["help"]["text"].startswith("Add an aws_s3_bucket_public_access_block")
    assert (
        '```hcl\nresource "aws_s3_bucket_public_access_block"'
        in (rule["help"]["markdown"])
    )
    assert f"[Documentation]({rule['helpUri']})" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["security-severity"] == "8.0"
    assert rule["properties"]["tags"][:3] == ["security", "cis_aws", "cis_aws/2.1.4"]


@pytest.mark.parametrize(
    ("severity", "level", "score"),
    [
        ("critical", "error", "9.5"),
        ("high", "error", "8.0"),
        ("medium", "warning", "5.5"),
        ("low", "note", "3.0"),
        ("info", "note", "0.0"),
    ],
)
def test_severity_maps_to_level_and_security_severity(
    severity: str, level: str, score: str
) -> None:
    run = with_findings(plan_run(S3_PLAN), [make_finding(severity=severity)])
    run.policies = []
    document = sarif_of(run)
    rule = document["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"]["level"] == level
    assert rule["properties"]["security-severity"] == score
    assert document["runs"][0]["results"][0]["level"] == level


def test_one_result_per_failing_finding() -> None:
    run = sample_run()
    document = sarif_of(run, root=REPO)
    results = results_by_address(document)
    assert set(results) == {S3_FAILING, SG_FAILING}
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    for result in results.values():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    finding = next(f for f in run.findings if f.address == S3_FAILING)
    result = results[S3_FAILING]
    assert result["partialFingerprints"] == {
        "governFindingHash/v1": finding.fingerprint
    }
    assert result["message"]["text"] == (
        f"{S3_FAILING}: {finding.message}. "
        "Team: Security Engineering (#gov-security). Owner: not tagged."
    )


def test_without_sources_results_point_at_the_plan_file() -> None:
    results = results_by_address(sarif_of(sample_run(), root=REPO))
    location = results[SG_FAILING]["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {
            "uri": f"tests/fixtures/plans/{SG_PLAN}.json",
            "uriBaseId": "%SRCROOT%",
        },
        "region": {"startLine": 1},
    }
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": SG_FAILING, "kind": "resource"}
    ]


def test_with_sources_results_point_at_the_resource_block(tmp_path: Path) -> None:
    source_dir = write_sources(tmp_path / "infra")
    document = sarif_of(sample_run(), source_dir=source_dir, root=tmp_path)
    results = results_by_address(document)
    physical = results[S3_FAILING]["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {
            "uri": "infra/modules/s3/main.tf",
            "uriBaseId": "%SRCROOT%",
        },
        "region": {"startLine": 3},
    }
    # Not declared in the sources: back to the plan, outside this root.
    fallback = results[SG_FAILING]["locations"][0]["physicalLocation"]
    assert fallback["artifactLocation"]["uri"].startswith("file:///")
    assert fallback["artifactLocation"]["uri"].endswith(f"/{SG_PLAN}.json")


def test_finding_of_an_unlisted_policy_still_gets_a_rule() -> None:
    run = with_findings(plan_run(S3_PLAN), [make_finding()])
    run.policies = [p for p in run.policies if p.id != "TEST-001"]
    driver = sarif_of(run)["runs"][0]["tool"]["driver"]
    assert driver["rules"][-1]["id"] == "TEST-001"
