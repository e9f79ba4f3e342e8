"""An estate with at least one failing resource per auto-remediable policy.

It reuses the scan estate's seeding for buckets, instances, groups, RDS,
KMS, trails, tables and log groups, and adds what that estate lacks: a
partial public access block (GOV-0006), a group open to the internet on
RDP next to rules that must survive (GOV-0010), a log group whose retention
is too short (GOV-0213) and a role without an owner (GOV-0112). Seeding is
serial, as in ``tests.aws.estate``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.aws import estate
from tests.aws.conftest import Aws

REMEDIABLE = (
    "GOV-0001",
    "GOV-0004",
    "GOV-0006",
    "GOV-0008",
    "GOV-0010",
    "GOV-0017",
    "GOV-0021",
    "GOV-0039",
    "GOV-0112",
    "GOV-0130",
    "GOV-0204",
    "GOV-0213",
    "GOV-0250",
    "GOV-0251",
    "GOV-0253",
)
PARTLY_BLOCKED = "partly-blocked"
SHORT_LOGS = "short-logs"
ORPHAN_ROLE = "orphan-role"
OWNED_ROLE = "owned-role"


@dataclass(frozen=True, slots=True)
class Estate:
    """Ids the tests check directly on the server."""

    rdp_group: str


def seed_remediable(aws: Aws) -> Estate:
    """Seed the estate; return the ids tests look at."""
    verdicts: dict[str, str] = {}
    estate.seed_buckets(aws)
    estate.seed_ec2(aws, verdicts)
    estate.seed_network(aws)
    estate.seed_rds(aws)
    verdicts.update(estate.seed_kms(aws))
    estate.seed_trails(aws, verdicts)
    estate.seed_dynamodb(aws)
    estate.seed_logs(aws, verdicts)
    _partial_block(aws)
    group = _rdp_group(aws)
    _short_logs(aws)
    _roles(aws)
    return Estate(rdp_group=group)


def _partial_block(aws: Aws) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=PARTLY_BLOCKED)
    s3.put_public_access_block(
        Bucket=PARTLY_BLOCKED,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )


def _rdp_group(aws: Aws) -> str:
    """RDP open to the world, next to HTTPS from the world and RDP from a range."""
    ec2 = aws.client("ec2")
    group: str = ec2.create_security_group(
        GroupName="rdp-sg", Description="windows hosts"
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 3389,
                "ToPort": 3389,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}],
            },
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            },
        ],
    )
    return group


def _short_logs(aws: Aws) -> None:
    logs = aws.client("logs")
    logs.create_log_group(logGroupName=SHORT_LOGS)
    logs.put_retention_policy(logGroupName=SHORT_LOGS, retentionInDays=30)


def _roles(aws: Aws) -> None:
    iam = aws.client("iam")
    trust = (
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
        '"Principal": {"Service": "lambda.amazonaws.com"}, '
        '"Action": "sts:AssumeRole"}]}'
    )
    iam.create_role(RoleName=ORPHAN_ROLE, AssumeRolePolicyDocument=trust)
    iam.create_role(
        RoleName=OWNED_ROLE,
        AssumeRolePolicyDocument=trust,
        Tags=[{"Key": "owner", "Value": "team-data"}],
    )
