"""``govern scan`` and ``govern eval`` from the command line: exit codes,
filters, snapshots and bad input, against the local moto server."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.aws.conftest import (
    ALL_POLICIES,
    LIVE_POLICIES,
    Aws,
    Runner,
    policy_file,
    scan_args,
)
from tests.aws.estate import seed, seed_buckets

EC2_ONLY = str(policy_file("TEST-301"))
S3_POLICIES = [str(policy_file(f"TEST-10{n}")) for n in range(1, 6)]


def only(*policies: str) -> list[str]:
    """Options loading just these policy files."""
    return ["--no-builtin", *(a for p in policies for a in ("--policies", p))]


def test_a_clean_estate_exits_0(aws: Aws, govern: Runner, endpoint: str) -> None:
    aws.client("ec2").enable_ebs_encryption_by_default()
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1"),
        *only(str(policy_file("TEST-313"))),
    )
    assert outcome.code == 0, outcome.stderr
    assert [f["status"] for f in outcome.report["findings"]] == ["pass"]
    assert outcome.report["coverage_gaps"] == []


def test_failing_findings_exit_1(aws: Aws, govern: Runner, endpoint: str) -> None:
    seed_buckets(aws)
    outcome = govern(*scan_args(endpoint, "--regions", "us-east-1"), *ALL_POLICIES)
    assert outcome.code == 1
    failed = {f["address"] for f in outcome.report["findings"] if f["status"] == "fail"}
    assert "arn:aws:s3:::bad-bucket" in failed
    # The bucket is compliant with every public-exposure policy, built-in or not
    # (the library also asks for logging, lifecycle and tags, which it lacks).
    public_exposure = {"GOV-0001", "GOV-0002", "GOV-0003", "GOV-0006"}
    assert "arn:aws:s3:::good-bucket" not in {
        f["address"]
        for f in outcome.report["findings"]
        if f["status"] == "fail"
        and (f["policy_id"] in public_exposure or f["policy_id"].startswith("TEST-"))
        and f["policy_id"] != "TEST-108"
    }


def test_fail_on_raises_the_threshold(aws: Aws, govern: Runner, endpoint: str) -> None:
    seed_buckets(aws)
    low = str(policy_file("TEST-107"))  # medium severity only
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--fail-on", "critical"),
        *only(low),
    )
    assert outcome.code == 0
    assert any(f["status"] == "fail" for f in outcome.report["findings"])


def test_only_ec2_policies_make_no_s3_calls(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    seed_buckets(aws)
    outcome = govern(*scan_args(endpoint, "--regions", "us-east-1"), *only(EC2_ONLY))
    calls = outcome.report["api_calls"]
    assert "s3" not in calls
    assert "resourcegroupstaggingapi" not in calls
    assert set(calls) == {"ec2", "sts"}


def test_services_limit_the_scan(
    estate_aws: Aws, govern: Runner, endpoint: str
) -> None:
    seed(estate_aws)
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--services", "sqs,sns"),
        "--services",
        "logs",
        *ALL_POLICIES,
    )
    assert set(outcome.report["api_calls"]) == {"sqs", "sns", "logs", "sts"}
    types = {f["type"] for f in outcome.report["findings"]}
    assert types == {"aws_sqs_queue", "aws_sns_topic", "aws_cloudwatch_log_group"}


def test_snapshot_round_trip_gives_the_same_findings(
    estate_aws: Aws, govern: Runner, endpoint: str, tmp_path: Path
) -> None:
    seed(estate_aws)
    snapshot = tmp_path / "estate.jsonl.gz"
    scanned = govern(
        *scan_args(endpoint, "--regions", "us-east-1,eu-west-1"),
        "--snapshot",
        str(snapshot),
        *ALL_POLICIES,
    )
    with gzip.open(snapshot, "rt") as stream:
        kinds = [json.loads(line)["kind"] for line in stream]
    assert kinds[0] == "govern-snapshot" and kinds[-1] == "end"
    evaluated = govern(
        "eval", str(snapshot), "--policies", str(LIVE_POLICIES), "--format", "json"
    )
    assert evaluated.code == scanned.code == 1
    assert evaluated.report["findings"] == scanned.report["findings"]
    assert evaluated.report["coverage_gaps"] == scanned.report["coverage_gaps"]
    assert evaluated.report["summary"] == scanned.report["summary"]


def test_eval_reports_what_the_scan_never_read(
    aws: Aws, govern: Runner, endpoint: str, tmp_path: Path
) -> None:
    aws.client("ec2").enable_ebs_encryption_by_default()
    snapshot = tmp_path / "ec2.jsonl"
    govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--snapshot", str(snapshot)),
        *only(str(policy_file("TEST-313"))),
    )
    outcome = govern(
        "eval", str(snapshot), "--format", "json", *only(*S3_POLICIES, EC2_ONLY)
    )
    assert outcome.code == 4
    gaps = {(g["service"], g["error"]) for g in outcome.report["coverage_gaps"]}
    assert gaps == {("s3", "not-collected"), ("ec2", "not-collected")}


def test_scan_text_report_lists_api_calls(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    aws.client("ec2").enable_ebs_encryption_by_default()
    outcome = govern(
        "scan",
        "--endpoint-url",
        endpoint,
        "--regions",
        "us-east-1",
        *only(str(policy_file("TEST-313"))),
    )
    assert outcome.code == 0
    assert "API calls: ec2=1, sts=1" in outcome.stdout
    assert outcome.stdout.startswith("govern scan: 123456789012 - 1 resources")


@pytest.mark.parametrize(
    ("case", "arguments", "message"),
    [
        ("region name", ["--regions", "mars"], "'mars' is not an AWS region name"),
        (
            "both region options",
            ["--regions", "us-east-1", "--all-regions"],
            "exclude each other",
        ),
        ("unknown service", ["--services", "s3,ftp"], "unknown service ftp"),
        ("role arn", ["--role-arn", "admin"], "is not an IAM role ARN"),
        ("workers", ["--workers", "0"], "--workers"),
        (
            "endpoint scheme",
            ["--endpoint-url", "ftp://127.0.0.1"],
            "is not an http:// or https:// URL",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    govern: Runner, endpoint: str, case: str, arguments: list[str], message: str
) -> None:
    outcome = govern(*scan_args(endpoint), *ALL_POLICIES, *arguments)
    assert outcome.code == 2, case
    assert message in outcome.stderr, case
    assert outcome.stderr.count("\n") == 1, case
    assert "Traceback" not in outcome.stderr, case


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("missing", None, "cannot read"),
        ("not a snapshot", '{"kind": "plan"}\n', "not a govern snapshot"),
        ("not JSON", "{{{\n", "not JSON"),
        (
            "truncated",
            '{"kind": "govern-snapshot", "format": 1, "collected": {}}\n'
            '{"kind": "batch", "account": "1", "region": "r", "resources": 2}\n',
            "truncated",
        ),
        ("too new", '{"kind": "govern-snapshot", "format": 99}\n', "not supported"),
    ],
)
def test_unusable_snapshots_exit_2(
    govern: Runner, tmp_path: Path, case: str, content: str | None, message: str
) -> None:
    path = tmp_path / "inventory.jsonl"
    if content is not None:
        path.write_text(content)
    outcome = govern("eval", str(path), "--policies", str(LIVE_POLICIES))
    assert outcome.code == 2, case
    assert message in outcome.stderr, case
    assert "Traceback" not in outcome.stderr, case


def test_policies_on_types_no_collector_reads_are_named(
    govern: Runner, endpoint: str, tmp_path: Path
) -> None:
    source = policy_file("TEST-313").read_text()
    uncollected = source.replace("TEST-313", "TEST-999").replace(
        "aws_ebs_encryption_by_default", "aws_ecr_repository"
    )
    (tmp_path / "ecr.yaml").write_text(uncollected)
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1"), *only(str(tmp_path))
    )
    assert outcome.code == 0
    assert outcome.report["notes"] == [
        "1 policy was not evaluated: live scans do not collect "
        "aws_ecr_repository (docs/scanning.md lists what they collect)"
    ]
    assert outcome.report["api_calls"] == {"sts": 1}


def test_the_uncollected_note_counts_policies_and_names_a_few_types(
    tmp_path: Path,
) -> None:
    from govern.config import Settings
    from govern.live import _uncollected_types
    from govern.policy.library import load_policy_set

    source = policy_file("TEST-313").read_text()
    kinds = [f"aws_uncollected_{n}" for n in range(7)]
    for n, kind in enumerate(kinds):
        policy = source.replace("TEST-313", f"TEST-{900 + n}")
        (tmp_path / f"{n}.yaml").write_text(
            policy.replace("aws_ebs_encryption_by_default", kind)
        )
    # Evaluated live through the type a scan does collect: not counted.
    either = source.replace("TEST-313", "TEST-990").replace(
        "- aws_ebs_encryption_by_default",
        "- aws_ebs_encryption_by_default\n- aws_uncollected_either",
    )
    (tmp_path / "either.yaml").write_text(either)
    policies = load_policy_set([tmp_path], builtin=False, settings=Settings())

    assert _uncollected_types(policies) == [
        "7 policies were not evaluated: live scans do not collect "
        "aws_uncollected_0, aws_uncollected_1, aws_uncollected_2, "
        "aws_uncollected_3, aws_uncollected_4 and 2 more "
        "(docs/scanning.md lists what they collect)"
    ]
