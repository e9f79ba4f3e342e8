"""JUnit XML: parses, counts add up, each status in its JUnit shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from govern.report import junit
from govern.report.run import Run
from tests.unit.reporting import (
    S3_FAILING,
    S3_PLAN,
    SG_FAILING,
    make_finding,
    plan_run,
    sample_run,
    with_findings,
)


def parse(run: Run) -> ET.Element:
    return ET.fromstring(junit.render(run))


def case_for(root: ET.Element, address: str) -> ET.Element:
    found = root.find(f".//testcase[@name='{address}']")
    assert found is not None, address
    return found


def test_counts_match_the_findings() -> None:
    root = parse(sample_run())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == (
        "9",
        "2",
        "3",
    )
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["security"]
    for element in [root, *suites]:
        cases = element.findall(".//testcase")
        assert int(element.get("tests", "")) == len(cases)
        assert int(element.get("failures", "")) == len(element.findall(".//failure"))
        assert int(element.get("skipped", "")) == len(element.findall(".//skipped"))


def test_one_suite_per_pillar_in_pillar_order() -> None:
    findings = [
        make_finding("aws_s3_bucket.a", pillar="cost"),
        make_finding("aws_s3_bucket.b"),
        make_finding("aws_s3_bucket.c", pillar="ownership", status="pass"),
    ]
    root = parse(with_findings(plan_run(S3_PLAN), findings))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["ownership", "security", "cost"]
    assert [s.get("tests") for s in suites] == ["1", "1", "1"]
    properties = {p.get("name"): p.get("value") for p in suites[1].iter("property")}
    assert properties == {
        "pillar": "Security",
        "team": "Security Engineering",
        "contact": "#gov-security",
        "fail_on": "high",
    }


def test_failure_carries_severity_message_and_fix() -> None:
    run = sample_run()
    case = case_for(parse(run), S3_FAILING)
    finding = next(f for f in run.findings if f.address == S3_FAILING)
    assert case.get("classname") == "TEST-001"
    assert case.get("file") == finding.origin
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert failure.get("message") == finding.message
    assert "Fix: Add an aws_s3_bucket_public_access_block" in (failure.text or "")
    assert case_for(parse(run), SG_FAILING).find("failure") is not None


def test_skipped_findings_say_why() -> None:
    root = parse(sample_run())
    reasons = {
        case.get("name"): skipped.get("message", "")
        for case in root.iter("testcase")
        if (skipped := case.find("skipped")) is not None
    }
    assert sorted(reasons.values()) == [
        "bucket is unknown until apply",
        "in baseline",
        "waived by W-7: accepted until the migration",
    ]


def test_passing_findings_are_plain_test_cases() -> None:
    case = case_for(parse(sample_run()), "aws_security_group.valid_exact_80")
    assert list(case) == []


def test_markup_and_control_characters_stay_well_formed() -> None:
    finding = make_finding(message='a <b> & "c"\x1b[31m', note=None)
    root = parse(with_findings(plan_run(S3_PLAN), [finding]))
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == 'a <b> & "c"\ufffd[31m'
