"""Seed a local moto server with a small example estate for ``govern scan``.

The estate has something wrong in every pillar, next to resources that are
fine, in two regions:

- security: a bucket anyone can read, SSH open to the internet, a key
  policy open to every AWS account;
- ownership: untagged resources, an IAM user with AdministratorAccess and an
  access key that was never used;
- cost: a gp2 volume, a bucket without a lifecycle rule;
- compliance: a single-region trail without log validation, a log group that
  keeps events forever, a queue in a region outside the allowed list;
- operations: a table without point-in-time recovery or deletion protection,
  a function on a retired runtime, a database without backups.

Usage: ``python examples/aws/seed_estate.py --endpoint-url http://127.0.0.1:PORT``.
Only loopback endpoints are accepted, so a typo can never seed a real account.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import urllib.request
import zipfile
from typing import Any
from urllib.parse import urlparse

import boto3  # noqa: TID251 - seeding a local server is what this script does

LOOPBACK = ("127.0.0.1", "localhost", "::1")
OWNED = [{"Key": "owner", "Value": "platform"}, {"Key": "cost-center", "Value": "42"}]
HOME, OTHER = "us-east-1", "eu-west-1"


class Seeder:
    """Clients for the local server, with dummy credentials."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def client(self, service: str, region: str = HOME) -> Any:
        return boto3.client(
            service,  # type: ignore[call-overload]
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id="demo",
            aws_secret_access_key="demo",
        )


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed_storage(aws: Seeder) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="acme-public-assets")
    s3.put_bucket_acl(Bucket="acme-public-assets", ACL="public-read")
    s3.create_bucket(Bucket="acme-audit-logs")
    s3.put_public_access_block(
        Bucket="acme-audit-logs",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_versioning(
        Bucket="acme-audit-logs", VersioningConfiguration={"Status": "Enabled"}
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket="acme-audit-logs",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "archive",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}],
                }
            ]
        },
    )
    s3.put_bucket_tagging(Bucket="acme-audit-logs", Tagging={"TagSet": OWNED})
    ec2 = aws.client("ec2")
    ec2.create_volume(AvailabilityZone=f"{HOME}a", Size=100, VolumeType="gp2")
    ec2.create_volume(
        AvailabilityZone=f"{HOME}a",
        Size=20,
        VolumeType="gp3",
        Encrypted=True,
        TagSpecifications=[{"ResourceType": "volume", "Tags": OWNED}],
    )


def seed_network(aws: Seeder) -> None:
    ec2 = aws.client("ec2")
    group = ec2.create_security_group(
        GroupName="legacy-bastion", Description="old jump host"
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "optional"},
        SecurityGroupIds=[group],
    )


def seed_identity(aws: Seeder) -> None:
    iam = aws.client("iam")
    iam.create_user(UserName="ci-deployer")
    iam.attach_user_policy(
        UserName="ci-deployer",
        PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess",
    )
    iam.create_access_key(UserName="ci-deployer")
    iam.create_user(UserName="alice", Tags=OWNED)
    kms = aws.client("kms")
    rotated = kms.create_key(
        Description="audit log key", Tags=[{"TagKey": "owner", "TagValue": "sec"}]
    )
    kms.enable_key_rotation(KeyId=rotated["KeyMetadata"]["KeyId"])
    kms.create_key(
        Description="shared key",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "kms:Decrypt",
                "Resource": "*",
            }
        ),
    )


def seed_compliance(aws: Seeder) -> None:
    aws.client("cloudtrail").create_trail(
        Name="main-trail", S3BucketName="acme-audit-logs"
    )
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="/app/forever")
    logs.create_log_group(logGroupName="/app/audit", tags={"owner": "sec"})
    logs.put_retention_policy(logGroupName="/app/audit", retentionInDays=400)
    aws.client("sqs", OTHER).create_queue(QueueName="eu-orders")


def _function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handle(event, context):\n    return event\n")
    return buffer.getvalue()


def seed_operations(aws: Seeder) -> None:
    dynamodb = aws.client("dynamodb")
    for name, protected in (("orders", False), ("customers", True)):
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            DeletionProtectionEnabled=protected,
        )
        if protected:
            dynamodb.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )
    role = aws.client("iam").create_role(
        RoleName="app-runtime",
        AssumeRolePolicyDocument=doc(
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ),
    )["Role"]["Arn"]
    aws.client("lambda").create_function(
        FunctionName="legacy-report",
        Runtime="python3.8",
        Role=role,
        Handler="app.handle",
        Code={"ZipFile": _function_zip()},
    )
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier="reporting",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        AllocatedStorage=20,
        MasterUsername="report",
        MasterUserPassword="not-a-real-password",
        BackupRetentionPeriod=0,
    )


def wait_for(endpoint: str, seconds: float) -> None:
    """Wait until the server answers, for scripts that just started it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"no server answers at {endpoint}") from None
            time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", required=True, help="the moto server")
    parser.add_argument(
        "--wait", type=float, default=0, help="seconds to wait for the server"
    )
    options = parser.parse_args(argv)
    host = urlparse(options.endpoint_url).hostname
    if host not in LOOPBACK:
        print(f"seed_estate: refusing non-loopback endpoint {host}", file=sys.stderr)
        return 2
    if options.wait:
        wait_for(options.endpoint_url, options.wait)
    aws = Seeder(options.endpoint_url)
    for step in (
        seed_storage,
        seed_network,
        seed_identity,
        seed_compliance,
        seed_operations,
    ):
        step(aws)
    print(f"seeded the example estate at {options.endpoint_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
