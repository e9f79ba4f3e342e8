"""What a scan costs in API calls, and what depends on the clock or the account.

Calls are counted by govern itself (botocore's ``before-call`` event) and
reported in ``Run.api_calls``; these tests hold the per-bucket budget.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govern.config import Settings
from govern.inputs.aws.scanner import ScanOptions
from govern.live import run_scan
from govern.pipeline import RunOptions
from govern.policy.library import load_policy_set
from govern.report.run import Run
from tests.aws.conftest import Aws, Runner, fixed_clock, policy_file, scan_args
from tests.aws.test_scan_cli import only

BUCKETS = 12
CORE_S3 = ["TEST-101", "TEST-102", "TEST-103", "TEST-104", "TEST-105", "TEST-108"]
"""Public, ACL, TLS-only policy, encryption, versioning and tags: the usual set."""
ALL_S3 = [*CORE_S3, "TEST-106", "TEST-107"]


def seed_configured_buckets(aws: Aws) -> None:
    s3 = aws.client("s3")
    for number in range(BUCKETS):
        name = f"bucket-{number:02}"
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(
            Bucket=name, VersioningConfiguration={"Status": "Enabled"}
        )
        s3.put_bucket_tagging(
            Bucket=name, Tagging={"TagSet": [{"Key": "owner", "Value": "x"}]}
        )


def s3_calls_per_bucket(outcome_calls: dict[str, int], regions: int = 1) -> float:
    listing = regions  # one ListBuckets per region
    return (outcome_calls["s3"] - listing) / BUCKETS


@pytest.mark.parametrize(
    ("case", "policies", "budget"),
    [
        ("usual S3 policies", CORE_S3, 5),
        ("with logging and lifecycle", ALL_S3, 7),
    ],
)
def test_s3_calls_per_bucket_stay_within_budget(
    aws: Aws,
    govern: Runner,
    endpoint: str,
    case: str,
    policies: list[str],
    budget: int,
) -> None:
    seed_configured_buckets(aws)
    files = [str(policy_file(p)) for p in policies]
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1"), "--no-builtin", *_each(files)
    )
    assert outcome.report, outcome.stderr
    calls = outcome.report["api_calls"]
    assert s3_calls_per_bucket(calls) == budget, (case, calls)
    # Tags for all buckets of a region come in one page, not one call each.
    assert calls["resourcegroupstaggingapi"] == 1, case


def _each(files: list[str]) -> list[str]:
    return [argument for path in files for argument in ("--policies", path)]


def test_a_policy_on_tags_alone_makes_no_detail_calls(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    seed_configured_buckets(aws)
    tagged = str(policy_file("TEST-108"))
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--services", "s3"),
        *only(tagged),
    )
    assert outcome.report["api_calls"]["s3"] == 1
    assert {f["status"] for f in outcome.report["findings"]} == {"pass"}


def _scan_keys(endpoint: str, now: datetime, *policy_ids: str) -> Run:
    return run_scan(
        load_policy_set([policy_file(p) for p in policy_ids], builtin=False),
        Settings(),
        RunOptions(),
        ScanOptions(
            regions=("us-east-1",),
            endpoint_url=endpoint,
            clock=fixed_clock(now),
        ),
    )


@pytest.mark.parametrize(
    ("case", "days_later", "status"),
    [("new key", 0, "pass"), ("key 100 days old", 100, "fail")],
)
def test_access_key_age_follows_the_injected_clock(
    aws: Aws, endpoint: str, case: str, days_later: int, status: str
) -> None:
    iam = aws.client("iam")
    iam.create_user(UserName="alice")
    iam.create_access_key(UserName="alice")
    now = datetime.now(UTC) + timedelta(days=days_later)
    run = _scan_keys(endpoint, now, "TEST-505")
    [finding] = run.findings
    assert finding.status == status, (case, finding.message)
    assert finding.type == "aws_iam_access_key"
    assert run.api_calls["iam"] == 2  # the account's details, the user's keys


@pytest.mark.parametrize(
    ("case", "policy", "status"),
    [
        ("no password policy: IAM's defaults", None, "fail"),
        (
            "strong password policy",
            {
                "MinimumPasswordLength": 16,
                "RequireSymbols": True,
                "PasswordReusePrevention": 24,
            },
            "pass",
        ),
    ],
)
def test_password_policy_is_read_or_defaulted(
    aws: Aws, endpoint: str, case: str, policy: dict[str, object] | None, status: str
) -> None:
    if policy is not None:
        aws.client("iam").update_account_password_policy(**policy)
    run = _scan_keys(endpoint, datetime.now(UTC), "TEST-506")
    [finding] = run.findings
    assert finding.status == status, case
    assert finding.address == "arn:aws:iam::123456789012:account-password-policy"


def test_accounts_file_scans_each_account_through_its_role(
    aws: Aws, govern: Runner, endpoint: str, tmp_path: Path
) -> None:
    aws.in_account("111111111111").client("ec2").enable_ebs_encryption_by_default()
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text(
        "role: audit\n"
        "accounts:\n"
        '  - id: "111111111111"\n'
        '  - id: "222222222222"\n'
        "    role: other/audit\n"
        "    regions: [eu-west-1]\n"
    )
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--accounts", str(accounts)),
        *only(str(policy_file("TEST-313"))),
    )
    verdicts = {
        (f["account"], f["region"], f["status"]) for f in outcome.report["findings"]
    }
    assert verdicts == {
        ("111111111111", "us-east-1", "pass"),
        ("222222222222", "eu-west-1", "fail"),
    }
    assert [i["origin"] for i in outcome.report["inputs"]] == [
        "111111111111",
        "222222222222",
    ]


def test_role_arn_scans_the_role_s_account(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    outcome = govern(
        *scan_args(
            endpoint,
            "--regions",
            "us-east-1",
            "--role-arn",
            "arn:aws:iam::333333333333:role/audit",
        ),
        *only(str(policy_file("TEST-313"))),
    )
    assert outcome.code == 1
    assert [f["account"] for f in outcome.report["findings"]] == ["333333333333"]


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        (
            "unquoted id",
            "role: a\naccounts:\n  - id: 111111111111\n",
            "account ids must be quoted",
        ),
        (
            "unknown key",
            'role: a\naccounts:\n  - id: "111111111111"\n    rol: b\n',
            "accounts.0.rol: Extra inputs are not permitted",
        ),
        ("no role", 'accounts:\n  - id: "111111111111"\n', "has no role"),
        (
            "bad region",
            'role: a\naccounts:\n  - id: "111111111111"\n    regions: [moon]\n',
            "'moon' is not an AWS region name",
        ),
        ("empty", "accounts: []\n", "accounts: List should have at least 1 item"),
        ("a bare id", "111111111111\n", "expected a mapping with 'accounts:'"),
        ("nothing", "", "expected a mapping with 'accounts:'"),
    ],
)
def test_bad_accounts_files_exit_2(
    govern: Runner, endpoint: str, tmp_path: Path, case: str, content: str, message: str
) -> None:
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text(content)
    outcome = govern(*scan_args(endpoint, "--accounts", str(accounts)))
    assert outcome.code == 2, case
    assert message in outcome.stderr, (case, outcome.stderr)
    assert json.dumps(outcome.report) == "{}", case
