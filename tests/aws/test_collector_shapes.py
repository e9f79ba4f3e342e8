"""Attributes Terraform shows that a live resource must carry in the same shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from govern.config import Settings
from govern.inputs.aws.collectors.dynamodb import _described
from govern.inputs.aws.scanner import ScanOptions
from govern.live import run_scan
from govern.pipeline import RunOptions
from govern.policy.library import load_policy_set
from govern.report.run import Run
from tests.aws.conftest import Aws, with_managed_policies

ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
ANYONE = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def _scan(endpoint: str, *policy_ids: str) -> Run:
    """Scan with just the named library policies."""
    return run_scan(
        load_policy_set(policy_ids=policy_ids),
        Settings(),
        RunOptions(use_waivers=False),
        ScanOptions(regions=("us-east-1",), endpoint_url=endpoint),
    )


def _seed_role(aws: Aws, **extra: Any) -> None:
    iam = aws.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [ANYONE]})
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=trust, **extra)
    iam.put_role_policy(
        RoleName="ops",
        PolicyName="all",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [ADMIN]}),
    )


def _role_status(run: Run, policy_id: str) -> str:
    [finding] = [
        f for f in run.findings if f.policy_id == policy_id and f.type == "aws_iam_role"
    ]
    return finding.status


def test_a_role_carries_its_inline_policies_as_terraform_reads_them(
    aws: Aws, endpoint: str
) -> None:
    _seed_role(aws)
    run = _scan(endpoint, "GOV-0055")
    # Full admin in an inline policy: the role itself fails, as in a plan.
    assert _role_status(run, "GOV-0055") == "fail"
    assert run.api_calls["iam"] == 1


def test_a_role_lists_its_managed_policy_arns(
    aws: Aws, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_managed_policies(monkeypatch)
    _seed_role(aws)
    aws.client("iam").attach_role_policy(RoleName="ops", PolicyArn=ADMIN_ARN)
    run = _scan(endpoint, "GOV-0111")
    assert _role_status(run, "GOV-0111") == "fail"


def test_a_role_description_costs_one_call_per_role_only_when_read(
    aws: Aws, endpoint: str
) -> None:
    _seed_role(aws, Description="Runs the nightly jobs")
    run = _scan(endpoint, "GOV-0113")
    assert _role_status(run, "GOV-0113") == "pass"
    assert run.api_calls["iam"] == 2  # the account's details, then GetRole


def test_a_role_without_description_has_an_empty_one(aws: Aws, endpoint: str) -> None:
    _seed_role(aws)
    run = _scan(endpoint, "GOV-0113")
    assert _role_status(run, "GOV-0113") == "fail"


def test_global_table_replicas_become_replica_blocks() -> None:
    # moto accepts ReplicaUpdates but creates no replica: a described table
    # with replicas is built by hand here.
    table = {
        "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t",
        "Replicas": [
            {
                "RegionName": "ap-southeast-2",
                "ReplicaArn": "arn:aws:dynamodb:ap-southeast-2:123456789012:table/t",
                "ReplicaStatus": "ACTIVE",
            }
        ],
    }
    assert _described(table)["replica"] == [
        {
            "region_name": "ap-southeast-2",
            "arn": "arn:aws:dynamodb:ap-southeast-2:123456789012:table/t",
            "kms_key_arn": "",
        }
    ]
    assert _described({})["replica"] == []
