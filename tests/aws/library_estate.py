"""A second estate on the moto server, for library policies the first cannot judge.

The first estate (``tests/aws/estate.py``) is shaped by the test policies: its
"bad" RDS instance is single-AZ and untagged, its roles carry no inline policy
with PassRole, and so on. Many built-in policies need the opposite, or need a
resource that is bad in one way only, so they are exercised here instead.

Names carry the verdict as in the first estate (``good-fn``, ``bad-fn``). A name
may also carry a scope, ``<scope>_good-...`` or ``<scope>_bad-...``: such a
resource is judged only by the policies of that scope (``SCOPES``). Tag and
region policies apply to nearly every type, so they judge only queues made for
them. Resources AWS gives no name of their own (instances, volumes, security
groups, the password policy) come back from ``seed`` by ARN with their verdict,
scoped the same way (``prodaz:bad``). Seeding is serial: moto's concurrent
writes to one region can fail.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tests.aws.conftest import Aws

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111111111111"
"""An account seeded with IAM's defaults only: its password policy is bad."""
EAST = "us-east-1"
OUTSIDE = "ap-southeast-2"
"""A region the library's data-residency policies do not allow."""
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
LOG_BUCKET = "library-logs"
GOOD_TAGS = {"owner": "team-platform", "cost-center": "CC-4711", "environment": "prod"}
MISSPELLED = {"owner": "platform", "Owner": "platform", "environment": "qa"}
"""No cost centre, a one-word owner, an unknown environment, a misspelled key."""

SCOPES: dict[str, str] = {
    "GOV-0100": "tags",
    "GOV-0101": "tags",
    "GOV-0102": "tags",
    "GOV-0104": "tags",
    "GOV-0127": "tags",
    "GOV-0103": "costcode",
    "GOV-0200": "region",
    "GOV-0254": "prodaz",
}
"""Policies that judge only resources of their scope, and no unscoped ones."""


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed(aws: Aws) -> dict[str, str]:
    """Create the estate; return ARNs that carry no name, with scoped verdicts."""
    verdicts: dict[str, str] = {}
    seed_queues(aws)
    seed_topics(aws)
    seed_buckets(aws)
    verdicts.update(seed_security_groups(aws))
    verdicts.update(seed_instances(aws))
    seed_databases(aws, verdicts)
    seed_iam(aws, verdicts)
    seed_lambda(aws)
    seed_tables(aws)
    seed_trails(aws)
    seed_log_groups(aws)
    seed_load_balancers(aws)
    return verdicts


def public(action: str) -> str:
    return doc({"Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*"})


def seed_queues(aws: Aws) -> None:
    """Queues for the tag, region and queue-policy policies."""
    sqs = aws.client("sqs")
    sqs.create_queue(QueueName="good-queue")
    sqs.create_queue(
        QueueName="bad-queue", Attributes={"Policy": public("sqs:SendMessage")}
    )
    sqs.create_queue(QueueName="tags_good-queue", tags=GOOD_TAGS)
    sqs.create_queue(QueueName="tags_bad-queue", tags=MISSPELLED)
    sqs.create_queue(QueueName="costcode_good-queue", tags=GOOD_TAGS)
    sqs.create_queue(
        QueueName="costcode_bad-queue", tags={**GOOD_TAGS, "cost-center": "finance"}
    )
    sqs.create_queue(QueueName="region_good-queue")
    aws.client("sqs", OUTSIDE).create_queue(QueueName="region_bad-queue")


def seed_topics(aws: Aws) -> None:
    sns = aws.client("sns")
    sns.create_topic(Name="good-topic")
    topic = sns.create_topic(Name="bad-topic")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=topic, AttributeName="Policy", AttributeValue=public("sns:Publish")
    )


def seed_buckets(aws: Aws) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=LOG_BUCKET)
    for name, good in (("good-bucket", True), ("bad-bucket", False)):
        s3.create_bucket(Bucket=name)
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": good,
                "BlockPublicPolicy": good,
                "RestrictPublicBuckets": good,
            },
        )


def seed_security_groups(aws: Aws) -> dict[str, str]:
    """A group open to the internet on every port, and one open to the VPC."""
    ec2 = aws.client("ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    verdicts = {}
    for name, cidr in (("good-sg", "10.0.0.0/8"), ("bad-sg", "0.0.0.0/0")):
        group = ec2.create_security_group(
            GroupName=name, Description="library estate", VpcId=vpc
        )["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": cidr}]}],
        )
        arn = f"arn:aws:ec2:{EAST}:{ACCOUNT}:security-group/{group}"
        verdicts[arn] = name.split("-")[0]
    return verdicts


def seed_instances(aws: Aws) -> dict[str, str]:
    """A current small instance and volume; an old, oversized one on gp2 and io1."""
    ec2 = aws.client("ec2")
    verdicts = {}
    for verdict, kind, root in (
        ("good", "t3.micro", "gp3"),
        ("bad", "m4.16xlarge", "gp2"),
    ):
        instance = ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            InstanceType=kind,
            BlockDeviceMappings=[
                {
                    "DeviceName": "/dev/sda1",
                    "Ebs": {"VolumeSize": 8, "VolumeType": root},
                }
            ],
        )["Instances"][0]["InstanceId"]
        verdicts[f"arn:aws:ec2:{EAST}:{ACCOUNT}:instance/{instance}"] = verdict
    for verdict, kind in (("good", "gp3"), ("bad", "io1")):
        extra = {"Iops": 100} if kind == "io1" else {}
        volume = ec2.create_volume(
            AvailabilityZone=f"{EAST}a", Size=4, VolumeType=kind, **extra
        )["VolumeId"]
        verdicts[f"arn:aws:ec2:{EAST}:{ACCOUNT}:volume/{volume}"] = verdict
    return verdicts


def seed_databases(aws: Aws, verdicts: dict[str, str]) -> None:
    """A production database done right, a development one done wrong, and a
    production database that is single-AZ (wrong only for its scope)."""
    rds = aws.client("rds")
    common: dict[str, Any] = {
        "Engine": "postgres",
        "MasterUsername": "admin",
        "MasterUserPassword": "not-a-secret-1",
        "AllocatedStorage": 100,
    }
    rds.create_db_instance(
        DBInstanceIdentifier="good-db",
        DBInstanceClass="db.m6g.large",
        EngineVersion="16.3",
        StorageType="gp3",
        MultiAZ=True,
        AutoMinorVersionUpgrade=True,
        MonitoringInterval=60,
        MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/rds-monitoring",
        Tags=tag_list({"environment": "prod"}),
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="bad-db",
        DBInstanceClass="db.m4.16xlarge",
        EngineVersion="13.7",
        StorageType="io1",
        Iops=1000,
        MultiAZ=True,
        AutoMinorVersionUpgrade=False,
        Tags=tag_list({"environment": "dev"}),
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="single-az-db",
        DBInstanceClass="db.m6g.large",
        MultiAZ=False,
        Tags=tag_list({"environment": "prod"}),
        **common,
    )
    verdicts[f"arn:aws:rds:{EAST}:{ACCOUNT}:db:single-az-db"] = "prodaz:bad"
    verdicts[f"arn:aws:rds:{EAST}:{ACCOUNT}:db:good-db"] = "prodaz:good"


def seed_iam(aws: Aws, verdicts: dict[str, str]) -> None:
    iam = aws.client("iam")
    scoped = doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"}
    )
    # Full admin, PassRole on every role and Allow with NotAction: one each.
    risky = doc(
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
    )
    deny_only = doc({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"})
    iam.create_policy(PolicyName="good-policy", PolicyDocument=scoped)
    iam.create_policy(PolicyName="bad-policy", PolicyDocument=risky)
    seed_users(aws, risky, deny_only)
    seed_roles(aws, scoped, risky)
    seed_password_policies(aws, verdicts)


def seed_users(aws: Aws, risky: str, deny_only: str) -> None:
    iam = aws.client("iam")
    iam.create_user(UserName="good-user", Path="/service/")
    iam.put_user_policy(
        UserName="good-user", PolicyName="good-inline", PolicyDocument=deny_only
    )
    key = iam.create_access_key(UserName="good-user")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="good-user", AccessKeyId=key, Status="Inactive")
    iam.create_user(UserName="bad-user")
    iam.put_user_policy(
        UserName="bad-user", PolicyName="bad-inline", PolicyDocument=risky
    )
    iam.create_login_profile(UserName="bad-user", Password="not-a-secret-1")
    iam.create_access_key(UserName="bad-user")


def seed_roles(aws: Aws, scoped: str, risky: str) -> None:
    iam = aws.client("iam")
    github = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    pinned = {
        "token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"
    }
    for name, good in (("good-role", True), ("bad-role", False)):
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Principal": {"Federated": github},
            "Action": "sts:AssumeRoleWithWebIdentity",
        }
        if good:
            statement["Condition"] = {"StringEquals": pinned}
        extra: dict[str, Any] = (
            {"Description": "Deploys the app", "Tags": tag_list(GOOD_TAGS)}
            if good
            else {}
        )
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc(statement), **extra)
        # An owned role may hold administrator rights; an unowned one may not.
        iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN_ARN)
        iam.put_role_policy(
            RoleName=name,
            PolicyName=f"{name}-inline",
            PolicyDocument=scoped if good else risky,
        )


def seed_password_policies(aws: Aws, verdicts: dict[str, str]) -> None:
    aws.client("iam").update_account_password_policy(
        MinimumPasswordLength=16,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        MaxPasswordAge=90,
        PasswordReusePrevention=24,
    )
    aws.in_account(OTHER_ACCOUNT).client("iam").update_account_password_policy(
        MinimumPasswordLength=8
    )
    for account, verdict in ((ACCOUNT, "good"), (OTHER_ACCOUNT, "bad")):
        verdicts[f"arn:aws:iam::{account}:account-password-policy"] = verdict


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return 1\n")
    return buffer.getvalue()


def seed_lambda(aws: Aws) -> None:
    role = aws.client("iam").get_role(RoleName="good-role")["Role"]["Arn"]
    secret = f"arn:aws:secretsmanager:{EAST}:{ACCOUNT}:secret:db"
    functions = aws.client("lambda")
    for name, good in (("good-fn", True), ("bad-fn", False)):
        functions.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": _zip()},
            MemorySize=256 if good else 4096,
            Environment={
                "Variables": {"DB_PASSWORD": secret if good else "not-a-real-secret"}
            },
        )


def seed_tables(aws: Aws) -> None:
    dynamodb = aws.client("dynamodb")
    for name, good in (("good-table", True), ("bad-table", False)):
        billing: dict[str, Any] = (
            {"BillingMode": "PAY_PER_REQUEST"}
            if good
            else {
                "BillingMode": "PROVISIONED",
                "ProvisionedThroughput": {
                    "ReadCapacityUnits": 5,
                    "WriteCapacityUnits": 5,
                },
            }
        )
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            **billing,
        )


def seed_trails(aws: Aws) -> None:
    trails = aws.client("cloudtrail")
    group = f"arn:aws:logs:{EAST}:{ACCOUNT}:log-group:trail:*"
    trails.create_trail(
        Name="good-trail",
        S3BucketName=LOG_BUCKET,
        CloudWatchLogsLogGroupArn=group,
        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/trail-to-logs",
    )
    trails.create_trail(
        Name="bad-trail", S3BucketName=LOG_BUCKET, IncludeGlobalServiceEvents=False
    )


def seed_log_groups(aws: Aws) -> None:
    logs = aws.client("logs")
    for name, days in (("good-logs", 400), ("bad-logs", 30)):
        logs.create_log_group(logGroupName=name)
        logs.put_retention_policy(logGroupName=name, retentionInDays=days)
    # Cost allocation tags are not defined for queues: log groups carry them.
    logs.create_log_group(logGroupName="tags_good-logs", tags=GOOD_TAGS)
    logs.create_log_group(logGroupName="tags_bad-logs", tags=MISSPELLED)


def seed_load_balancers(aws: Aws) -> None:
    ec2 = aws.client("ec2")
    elbv2 = aws.client("elbv2")
    subnets = ec2.describe_subnets()["Subnets"][:2]
    certificate = aws.client("acm").request_certificate(DomainName="example.com")
    group = elbv2.create_target_group(
        Name="web", Protocol="HTTP", Port=80, VpcId=subnets[0]["VpcId"]
    )["TargetGroups"][0]["TargetGroupArn"]
    for name, policy in (
        ("good-lb", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
        ("bad-lb", "ELBSecurityPolicy-2016-08"),
    ):
        balancer = elbv2.create_load_balancer(
            Name=name, Subnets=[s["SubnetId"] for s in subnets]
        )["LoadBalancers"][0]["LoadBalancerArn"]
        elbv2.create_listener(
            LoadBalancerArn=balancer,
            Protocol="HTTPS",
            Port=443,
            SslPolicy=policy,
            Certificates=[{"CertificateArn": certificate["CertificateArn"]}],
            DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
        )
