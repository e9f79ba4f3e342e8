"""Remediation actions without AWS: plans from readings, the registry, the docs.

Plans are pure, so each case gives a reading and the exact calls expected.
"""

from __future__ import annotations

from typing import Any

import pytest

from govern.policy.library import PolicySet
from govern.remediate.aws.access import Access, UndeclaredOperation
from govern.remediate.aws.action import Action, ActionSettings, ManualFix, Target
from govern.remediate.aws.actions import ACTIONS, REMEDIABLE, action_for
from govern.remediate.aws.actions.kms import KeyRotation
from govern.remediate.aws.actions.logs import ExpireLogs, KeepLogsLongEnough
from govern.remediate.aws.actions.rds import InstanceBackups
from govern.remediate.aws.actions.s3 import DefaultEncryption, Versioning
from govern.remediate.aws.actions.security_groups import RevokeWorldRdp, RevokeWorldSsh
from govern.remediate.aws.owners import OwnerMap

ACCOUNT = "111111111111"
GROUP = Target(
    "GOV-0008",
    f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/sg-1",
    "aws_security_group",
    ACCOUNT,
    "eu-west-1",
    "f1",
)
WORLD = {"CidrIp": "0.0.0.0/0"}
WORLD6 = {"CidrIpv6": "::/0"}
OFFICE = {"CidrIp": "10.0.0.0/8"}


def rule(protocol: str, low: int | None, high: int | None, **ranges: Any) -> Any:
    permission: dict[str, Any] = {"IpProtocol": protocol, **ranges}
    if low is not None:
        permission |= {"FromPort": low, "ToPort": high}
    return permission


def plan(action: Action, target: Target, state: dict[str, Any], **params: Any) -> Any:
    settings = ActionSettings({**action.parameters, **params})
    calls = action.plan(target, state, settings)
    assert all(call.operation in action.writes for call in calls), action.name
    return [call.to_json() for call in calls]


@pytest.mark.parametrize(
    ("case", "rules", "revoked"),
    [
        (
            "only the world sources of the SSH rule go",
            [rule("tcp", 22, 22, IpRanges=[WORLD, OFFICE], Ipv6Ranges=[WORLD6])],
            [rule("tcp", 22, 22, IpRanges=[WORLD], Ipv6Ranges=[WORLD6])],
        ),
        (
            "other ports open to the world stay",
            [
                rule("tcp", 443, 443, IpRanges=[WORLD]),
                rule("tcp", 22, 22, IpRanges=[{**WORLD, "Description": "ssh"}]),
            ],
            [rule("tcp", 22, 22, IpRanges=[{**WORLD, "Description": "ssh"}])],
        ),
        (
            "SSH from a known range is fine",
            [rule("tcp", 22, 22, IpRanges=[OFFICE])],
            [],
        ),
        ("no ingress at all", [], []),
    ],
)
def test_ssh_revocation(case: str, rules: list[Any], revoked: list[Any]) -> None:
    calls = plan(RevokeWorldSsh(), GROUP, {"IpPermissions": rules})
    expected = (
        [
            {
                "service": "ec2",
                "operation": "RevokeSecurityGroupIngress",
                "parameters": {"GroupId": "sg-1", "IpPermissions": revoked},
                "permission": "ec2:RevokeSecurityGroupIngress",
            }
        ]
        if revoked
        else []
    )
    assert calls == expected, case


@pytest.mark.parametrize(
    ("case", "permission", "shown"),
    [
        ("a port range", rule("tcp", 0, 65535, IpRanges=[WORLD]), "tcp 0-65535"),
        ("all traffic", rule("-1", None, None, Ipv6Ranges=[WORLD6]), "all traffic"),
    ],
)
def test_a_wider_rule_is_left_to_a_person(
    case: str, permission: Any, shown: str
) -> None:
    with pytest.raises(ManualFix, match=f"opens {shown} to the internet") as raised:
        plan(RevokeWorldRdp(), GROUP, {"IpPermissions": [permission]})
    assert "port 3389" in str(raised.value), case


BUCKET = Target("GOV-0004", "arn:aws:s3:::logs", "aws_s3_bucket", ACCOUNT, None, "f")


def test_default_encryption_is_sse_s3_unless_a_key_is_given() -> None:
    action = DefaultEncryption()
    [plain] = plan(action, BUCKET, {"Rules": []})
    assert plain["parameters"]["ServerSideEncryptionConfiguration"] == {
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    }
    [kms] = plan(action, BUCKET, {"Rules": []}, s3_encryption_kms_key="alias/logs")
    assert kms["parameters"]["ServerSideEncryptionConfiguration"]["Rules"] == [
        {
            "ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": "alias/logs",
            },
            "BucketKeyEnabled": True,
        }
    ]
    dsse = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse"}}
    assert plan(action, BUCKET, {"Rules": [dsse]}) == []


def test_versioning_with_mfa_delete_needs_a_person() -> None:
    with pytest.raises(ManualFix, match="MFA delete"):
        plan(Versioning(), BUCKET, {"Status": "Suspended", "MFADelete": "Enabled"})


LOGS = Target(
    "GOV-0213",
    f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/ecs/api",
    "aws_cloudwatch_log_group",
    ACCOUNT,
    "eu-west-1",
    "f",
)


@pytest.mark.parametrize(
    ("case", "action", "days", "minimum", "expected"),
    [
        ("forever fails the cost policy", ExpireLogs(), None, 365, 365),
        ("any period passes the cost policy", ExpireLogs(), 1, 365, None),
        ("forever passes the compliance policy", KeepLogsLongEnough(), None, 365, None),
        ("too short is raised", KeepLogsLongEnough(), 30, 365, 365),
        (
            "rounded up to a period CloudWatch accepts",
            KeepLogsLongEnough(),
            30,
            366,
            400,
        ),
        ("long enough", KeepLogsLongEnough(), 400, 366, None),
    ],
)
def test_log_retention(
    case: str, action: Action, days: int | None, minimum: int, expected: int | None
) -> None:
    calls = plan(
        action, LOGS, {"retentionInDays": days}, log_retention_min_days=minimum
    )
    if expected is None:
        assert calls == [], case
    else:
        [call] = calls
        assert call["parameters"] == {
            "logGroupName": "/ecs/api",
            "retentionInDays": expected,
        }, case


def test_a_retention_longer_than_cloudwatch_keeps_needs_a_person() -> None:
    with pytest.raises(ManualFix, match="at most 3653 days"):
        plan(
            KeepLogsLongEnough(),
            LOGS,
            {"retentionInDays": 30},
            log_retention_min_days=4000,
        )


DB = Target(
    "GOV-0250",
    f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:orders",
    "aws_db_instance",
    ACCOUNT,
    "eu-west-1",
    "f",
)


def test_backup_retention_follows_the_parameter_and_spares_replicas() -> None:
    state = {
        "DBInstanceIdentifier": "orders",
        "BackupRetentionPeriod": 1,
        "ReadReplicaSourceDBInstanceIdentifier": None,
    }
    [call] = plan(InstanceBackups(), DB, state, backup_retention_min_days=14)
    assert call["parameters"] == {
        "DBInstanceIdentifier": "orders",
        "BackupRetentionPeriod": 14,
        "ApplyImmediately": True,
    }
    replica = {**state, "ReadReplicaSourceDBInstanceIdentifier": "main"}
    assert plan(InstanceBackups(), DB, replica) == []
    with pytest.raises(ManualFix, match="RDS keeps backups 35 days"):
        plan(InstanceBackups(), DB, state, backup_retention_min_days=40)


KEY = Target(
    "GOV-0039",
    f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/k-1",
    "aws_kms_key",
    ACCOUNT,
    "eu-west-1",
    "f",
)


@pytest.mark.parametrize(
    ("case", "state", "outcome"),
    [
        ("rotation off", {}, "EnableKeyRotation"),
        ("rotation on", {"KeyRotationEnabled": True}, None),
        ("asymmetric keys do not rotate", {"KeySpec": "RSA_2048"}, None),
        ("a disabled key", {"KeyState": "Disabled"}, "the key is Disabled"),
        ("imported material", {"Origin": "EXTERNAL"}, "comes from EXTERNAL"),
    ],
)
def test_key_rotation(case: str, state: dict[str, Any], outcome: str | None) -> None:
    reading = {
        "KeySpec": "SYMMETRIC_DEFAULT",
        "KeyState": "Enabled",
        "Origin": "AWS_KMS",
        "KeyRotationEnabled": False,
        **state,
    }
    if outcome is None:
        assert plan(KeyRotation(), KEY, reading) == [], case
    elif outcome == "EnableKeyRotation":
        [call] = plan(KeyRotation(), KEY, reading)
        assert call["parameters"] == {"KeyId": "k-1"}, case
    else:
        with pytest.raises(ManualFix, match=outcome):
            plan(KeyRotation(), KEY, reading)


def test_the_owner_map_tries_entries_in_order() -> None:
    owners = OwnerMap.model_validate(
        {
            "owners": [
                {"arn": "arn:aws:iam::*:role/payments-*", "owner": "team-payments"},
                {"account": ACCOUNT, "owner": "team-platform"},
            ]
        }
    )
    role = f"arn:aws:iam::{ACCOUNT}:role/payments-api"
    assert owners.owner_of(role, ACCOUNT) == "team-payments"
    assert owners.owner_of(f"arn:aws:iam::{ACCOUNT}:role/x", ACCOUNT) == "team-platform"
    assert owners.owner_of("arn:aws:iam::222222222222:role/x", "222222222222") is None


def test_an_action_cannot_call_what_it_does_not_declare() -> None:
    made: list[str] = []
    access = Access(lambda service: made.append(service), KeyRotation.operations())
    from govern.remediate.aws.actions.s3 import PUT_VERSIONING

    with pytest.raises(UndeclaredOperation):
        access.call(PUT_VERSIONING, Bucket="logs")
    assert made == []


def test_every_auto_remediable_library_policy_has_an_action(
    policy_set: PolicySet,
) -> None:
    auto = {p.id for p in policy_set.policies if p.auto_remediate}
    assert auto == REMEDIABLE


def test_every_action_fixes_types_its_policies_check(policy_set: PolicySet) -> None:
    policies = {p.id: p for p in policy_set.policies}
    for action in ACTIONS:
        checked = {t for p in action.policies for t in policies[p].resource_types}
        assert set(action.types) <= checked, action.name
        for policy_id in action.policies:
            kinds = set(action.types) & set(policies[policy_id].resource_types)
            assert kinds, f"{action.name} fixes no type {policy_id} checks"
            assert all(action_for(policy_id, k) is action for k in kinds), action.name
    assert len({action.name for action in ACTIONS}) == len(ACTIONS)


def test_the_remediation_parts_of_the_readme_are_fresh(policy_set: PolicySet) -> None:
    from govern.remediate.aws.reference import fresh
    from tests.conftest import REPO

    text = (REPO / "README.md").read_text()
    assert fresh(text, policy_set) == text, "run 'make generate'"
