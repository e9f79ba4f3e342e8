"""The same library policy files judge a plan resource and the live resource alike.

The estate of tests/aws/estate.py is scanned once with the built-in library;
each policy below must pass every "good" live resource of its types and fail
every "bad" one, and must also fail a resource of a real or example plan.
Resources whose ARN carries an id (instances, groups) are named by their
``Name`` tag. Policies this estate cannot exercise are judged on a second one
(test_library_live_estate.py); docs/scanning.md lists what is judged where.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from govern.config import Settings
from govern.findings.finding import Finding
from govern.inputs.aws.scanner import ScanOptions
from govern.live import run_scan
from govern.pipeline import PolicySource, RunOptions, run_plans
from govern.policy.library import load_policy_set
from tests.aws import estate
from tests.aws.conftest import Aws, post, use_dummy_credentials, with_managed_policies
from tests.conftest import REPO, TESTS

NONCOMPLIANT = REPO / "examples" / "plans" / "noncompliant.json"
KITCHEN = TESTS / "fixtures/plans/checkov__kitchen_sink_55_resources_tf0_12.json"
ALB = TESTS / "fixtures/plans/tfcompliance__alb_asg_lambda_modules_updates_tf0_12.json"

# policy -> (plan, address of a resource that plan gets wrong)
PLAN_FAILURES: dict[str, tuple[Path, str]] = {
    "GOV-0001": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0002": (KITCHEN, "aws_s3_bucket.data"),
    "GOV-0004": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0005": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0026": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0027": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0028": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0039": (NONCOMPLIANT, "aws_kms_key.orders"),
    "GOV-0046": (ALB, "module.alb.aws_alb.alb"),
    "GOV-0053": (NONCOMPLIANT, "aws_cloudwatch_log_group.orders_events"),
    "GOV-0110": (NONCOMPLIANT, "aws_iam_user_policy_attachment.deploy_admin"),
    "GOV-0112": (NONCOMPLIANT, "aws_iam_role.orders_events"),
    "GOV-0130": (NONCOMPLIANT, "aws_cloudwatch_log_group.orders_events"),
    "GOV-0131": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0202": (NONCOMPLIANT, "aws_cloudtrail.orders"),
    "GOV-0204": (NONCOMPLIANT, "aws_cloudtrail.orders"),
    "GOV-0205": (NONCOMPLIANT, "aws_cloudtrail.orders"),
    "GOV-0208": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0210": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0211": (KITCHEN, "aws_elb.weblb"),
    "GOV-0250": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0251": (NONCOMPLIANT, "aws_dynamodb_table.orders"),
    "GOV-0253": (NONCOMPLIANT, "aws_s3_bucket.backup"),
    "GOV-0256": (NONCOMPLIANT, "aws_db_instance.orders"),
    "GOV-0257": (NONCOMPLIANT, "aws_dynamodb_table.orders"),
    "GOV-0258": (ALB, "module.alb.aws_alb.alb"),
    "GOV-0259": (NONCOMPLIANT, "aws_lambda_function.orders_events"),
    "GOV-0265": (NONCOMPLIANT, "aws_lambda_function.orders_events"),
}
# Judged correctly live, but no shared plan gets them wrong.
LIVE_ONLY = [
    "GOV-0003",
    "GOV-0008",
    "GOV-0016",
    "GOV-0017",
    "GOV-0018",
    "GOV-0019",
    "GOV-0020",
    "GOV-0021",
    "GOV-0040",
    "GOV-0042",
    "GOV-0044",
    "GOV-0048",
    "GOV-0049",
    "GOV-0058",
    "GOV-0023",
    "GOV-0114",
    "GOV-0124",
    "GOV-0203",
    "GOV-0209",
    "GOV-0264",
]


@pytest.fixture(scope="module")
def live(
    moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[Finding], dict[str, str]]]:
    snapshot = tmp_path_factory.mktemp("library") / "estate.jsonl.gz"
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_dummy_credentials(monkeypatch)
        with_managed_policies(monkeypatch)
        post(f"{moto_endpoint}/moto-api/reset")
        verdicts = estate.seed(Aws(moto_endpoint))
        run = run_scan(
            load_policy_set(),
            Settings(),
            RunOptions(use_waivers=False),
            ScanOptions(regions=(estate.EAST, estate.WEST), endpoint_url=moto_endpoint),
            snapshot,
        )
        yield run.findings, {**_names(snapshot), **verdicts}


def _names(snapshot: Path) -> dict[str, str]:
    """Addresses that carry no name, to ``/<name>``: read as an address would be."""
    with gzip.open(snapshot, "rt") as stream:
        records = [json.loads(line) for line in stream]
    return {
        r["address"]: f"/{r['name']}"
        for r in records
        if r["kind"] == "resource" and verdict_of(r["address"], {}) is None
    }


def verdict_of(address: str, verdicts: dict[str, str]) -> str | None:
    """The verdict of a seeded id, else the one its address or name carries."""
    known = verdicts.get(address)
    if known in ("good", "bad"):
        return known
    named = re.search(r"(?:^|[/:#])(good|bad)-", known or address)
    return named.group(1) if named else None


@pytest.mark.parametrize("policy_id", [*PLAN_FAILURES, *LIVE_ONLY])
def test_library_policy_judges_live_resources_as_named(
    live: tuple[list[Finding], dict[str, str]], policy_id: str
) -> None:
    findings, verdicts = live
    seen: dict[str, list[str]] = {"good": [], "bad": []}
    wrong = []
    for finding in findings:
        verdict = verdict_of(finding.address, verdicts)
        if finding.policy_id != policy_id or verdict is None:
            continue
        seen[verdict].append(finding.status)
        if finding.status != ("pass" if verdict == "good" else "fail"):
            wrong.append(f"{finding.address}: {finding.status}: {finding.message}")
    assert not wrong, f"{policy_id}: {wrong}"
    assert seen["good"] and seen["bad"], f"{policy_id} saw {seen}"


@pytest.mark.parametrize("policy_id", sorted(PLAN_FAILURES))
def test_the_same_policy_fails_the_plan_resource_too(policy_id: str) -> None:
    plan, address = PLAN_FAILURES[policy_id]
    run = run_plans(
        [plan],
        PolicySource(policy_ids=(policy_id,)),
        Settings(),
        RunOptions(use_waivers=False),
    )
    statuses = {f.address: f.status for f in run.findings}
    assert statuses[address] == "fail", f"{policy_id} on {address}: {statuses}"
