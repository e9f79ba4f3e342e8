"""A small estate on the moto server: for each collected type, one resource that
passes every test policy on its type ("good") and one that fails them ("bad").

Names carry the verdict: ``good-bucket``, ``bad-instance``... Where AWS gives a
resource no name of its own (KMS keys, the region's EBS default), ``seed``
returns the id with its verdict. Seeding is serial: moto's concurrent writes
to one region can fail.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tests.aws.conftest import Aws

ACCOUNT = "123456789012"
EAST = "us-east-1"
WEST = "eu-west-1"
OWNER = [{"Key": "owner", "Value": "platform"}]
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
LOG_BUCKET = "logs-target"


def tags(name: str, owned: bool) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}, *(OWNER if owned else [])]


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed(aws: Aws) -> dict[str, str]:
    """Create the estate; return ids (or ARNs) that carry no name, with verdicts."""
    verdicts: dict[str, str] = {}
    seed_buckets(aws)
    seed_ec2(aws, verdicts)
    seed_network(aws)
    seed_rds(aws)
    seed_iam(aws)
    verdicts.update(seed_kms(aws))
    seed_trails(aws, verdicts)
    seed_lambda(aws)
    seed_dynamodb(aws)
    seed_load_balancers(aws)
    seed_messaging(aws)
    seed_logs(aws, verdicts)
    return verdicts


def seed_buckets(aws: Aws) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=LOG_BUCKET)
    s3.put_bucket_acl(Bucket=LOG_BUCKET, ACL="log-delivery-write")
    s3.create_bucket(Bucket="good-bucket")
    s3.put_public_access_block(
        Bucket="good-bucket",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_policy(
        Bucket="good-bucket",
        Policy=doc(
            {
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::good-bucket/*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ),
    )
    s3.put_bucket_encryption(
        Bucket="good-bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/aws/s3",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_versioning(
        Bucket="good-bucket", VersioningConfiguration={"Status": "Enabled"}
    )
    s3.put_bucket_logging(
        Bucket="good-bucket",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": LOG_BUCKET, "TargetPrefix": "good/"}
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket="good-bucket",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 365},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                }
            ]
        },
    )
    s3.put_bucket_tagging(Bucket="good-bucket", Tagging={"TagSet": OWNER})
    s3.create_bucket(Bucket="bad-bucket")
    s3.put_bucket_acl(Bucket="bad-bucket", ACL="public-read")
    s3.put_bucket_policy(
        Bucket="bad-bucket",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::bad-bucket/*",
            }
        ),
    )


def seed_ec2(aws: Aws, verdicts: dict[str, str]) -> None:
    ec2 = aws.client("ec2")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    for name, good in (("good-instance", True), ("bad-instance", False)):
        ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.micro",
            MetadataOptions={"HttpTokens": "required" if good else "optional"},
            Monitoring={"Enabled": good},
            NetworkInterfaces=[
                {
                    "DeviceIndex": 0,
                    "SubnetId": subnet,
                    "AssociatePublicIpAddress": not good,
                }
            ],
            BlockDeviceMappings=[
                {
                    "DeviceName": "/dev/sda1",
                    "Ebs": {"VolumeSize": 8, "Encrypted": good},
                }
            ],
            TagSpecifications=[{"ResourceType": "instance", "Tags": tags(name, good)}],
        )
    for name, good in (("good", True), ("bad", False)):
        volume = ec2.create_volume(
            AvailabilityZone=f"{EAST}a",
            Size=4,
            VolumeType="gp3" if good else "gp2",
            Encrypted=good,
            TagSpecifications=[
                {"ResourceType": "volume", "Tags": tags(f"{name}-volume", good)}
            ],
        )
        snapshot = ec2.create_snapshot(
            VolumeId=volume["VolumeId"],
            TagSpecifications=[
                {"ResourceType": "snapshot", "Tags": tags(f"{name}-snapshot", good)}
            ],
        )
        if not good:
            ec2.modify_snapshot_attribute(
                SnapshotId=snapshot["SnapshotId"],
                Attribute="createVolumePermission",
                OperationType="add",
                GroupNames=["all"],
            )
    ec2.enable_ebs_encryption_by_default()
    for region, verdict in ((EAST, "good"), (WEST, "bad")):
        verdicts[f"arn:aws:ec2:{region}:{ACCOUNT}:ebs-encryption-by-default"] = verdict


def seed_network(aws: Aws) -> None:
    ec2 = aws.client("ec2")
    for name, cidr, good in (
        ("good", "10.1.0.0/16", True),
        ("bad", "10.2.0.0/16", False),
    ):
        vpc = ec2.create_vpc(
            CidrBlock=cidr,
            TagSpecifications=[
                {"ResourceType": "vpc", "Tags": tags(f"{name}-vpc", good)}
            ],
        )["Vpc"]["VpcId"]
        default = ec2.describe_security_groups(
            Filters=[
                {"Name": "vpc-id", "Values": [vpc]},
                {"Name": "group-name", "Values": ["default"]},
            ]
        )["SecurityGroups"][0]
        ec2.create_tags(
            Resources=[default["GroupId"]],
            Tags=[{"Key": "Name", "Value": f"{name}-default-sg"}],
        )
        group = ec2.create_security_group(
            GroupName=f"{name}-sg",
            Description="test group",
            VpcId=vpc,
            TagSpecifications=[
                {"ResourceType": "security-group", "Tags": tags(f"{name}-sg", good)}
            ],
        )["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=group,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "IpRanges": [
                        {
                            "CidrIp": "10.0.0.0/8" if good else "0.0.0.0/0",
                            "Description": "ssh",
                        }
                    ],
                    "Ipv6Ranges": [] if good else [{"CidrIpv6": "::/0"}],
                }
            ],
        )
        if good:
            ec2.revoke_security_group_ingress(
                GroupId=default["GroupId"], IpPermissions=default["IpPermissions"]
            )
            ec2.revoke_security_group_egress(
                GroupId=default["GroupId"],
                IpPermissions=default["IpPermissionsEgress"],
            )
            ec2.create_flow_logs(
                ResourceIds=[vpc],
                ResourceType="VPC",
                TrafficType="ALL",
                LogDestinationType="s3",
                LogDestination=f"arn:aws:s3:::{LOG_BUCKET}",
                TagSpecifications=[
                    {"ResourceType": "vpc-flow-log", "Tags": tags("good-flow", True)}
                ],
            )


def seed_rds(aws: Aws) -> None:
    rds = aws.client("rds")
    for name, good in (("good-db", True), ("bad-db", False)):
        rds.create_db_instance(
            DBInstanceIdentifier=name,
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-secret-1",
            StorageEncrypted=good,
            PubliclyAccessible=not good,
            BackupRetentionPeriod=7 if good else 0,
            MultiAZ=good,
            DeletionProtection=good,
            AutoMinorVersionUpgrade=good,
            EnableIAMDatabaseAuthentication=good,
            EnableCloudwatchLogsExports=["postgresql"] if good else [],
            Tags=OWNER if good else [],
        )
    for name, good in (("good-cluster", True), ("bad-cluster", False)):
        rds.create_db_cluster(
            DBClusterIdentifier=name,
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword="not-a-secret-1",
            StorageEncrypted=good,
            DeletionProtection=good,
            BackupRetentionPeriod=7 if good else 1,
            EnableIAMDatabaseAuthentication=good,
            EnableCloudwatchLogsExports=["postgresql"] if good else [],
            Tags=OWNER if good else [],
        )
        rds.create_db_instance(
            DBInstanceIdentifier=f"{name}-member",
            DBInstanceClass="db.r6g.large",
            Engine="aurora-postgresql",
            DBClusterIdentifier=name,
            PubliclyAccessible=not good,
        )


def seed_iam(aws: Aws) -> None:
    iam = aws.client("iam")
    readonly = doc(
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::good-bucket/*",
        }
    )
    admin = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})
    good_policy = iam.create_policy(
        PolicyName="good-policy", PolicyDocument=readonly, Tags=OWNER
    )["Policy"]["Arn"]
    iam.create_policy(PolicyName="bad-policy", PolicyDocument=admin)

    iam.create_user(UserName="good-user", Tags=OWNER)
    iam.attach_user_policy(UserName="good-user", PolicyArn=good_policy)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="good-user-mfa")
    iam.enable_mfa_device(
        UserName="good-user",
        SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.create_login_profile(UserName="good-user", Password="not-a-secret-1")
    # The server keeps the reset flag only when it is updated.
    iam.update_login_profile(
        UserName="good-user", Password="not-a-secret-1", PasswordResetRequired=True
    )
    key = iam.create_access_key(UserName="good-user")["AccessKey"]
    # A signed request is what marks a key as used.
    Aws(aws.endpoint, key["AccessKeyId"], key["SecretAccessKey"]).client(
        "sts"
    ).get_caller_identity()

    iam.create_user(UserName="bad-user")
    iam.attach_user_policy(UserName="bad-user", PolicyArn=ADMIN_ARN)
    iam.put_user_policy(
        UserName="bad-user", PolicyName="bad-inline", PolicyDocument=admin
    )
    iam.create_login_profile(UserName="bad-user", Password="not-a-secret-1")
    iam.create_access_key(UserName="bad-user")

    service_trust = doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    anyone_trust = doc(
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    )
    iam.create_role(
        RoleName="good-role", AssumeRolePolicyDocument=service_trust, Tags=OWNER
    )
    iam.attach_role_policy(RoleName="good-role", PolicyArn=good_policy)
    iam.put_role_policy(
        RoleName="good-role", PolicyName="good-role-inline", PolicyDocument=readonly
    )
    iam.create_role(RoleName="bad-role", AssumeRolePolicyDocument=anyone_trust)
    iam.attach_role_policy(RoleName="bad-role", PolicyArn=ADMIN_ARN)
    iam.put_role_policy(
        RoleName="bad-role", PolicyName="bad-role-inline", PolicyDocument=admin
    )


def seed_kms(aws: Aws) -> dict[str, str]:
    kms = aws.client("kms")
    good = kms.create_key(
        Description="good key", Tags=[{"TagKey": "owner", "TagValue": "x"}]
    )
    kms.enable_key_rotation(KeyId=good["KeyMetadata"]["KeyId"])
    bad = kms.create_key(
        Description="bad key",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ),
    )
    return {good["KeyMetadata"]["Arn"]: "good", bad["KeyMetadata"]["Arn"]: "bad"}


def seed_trails(aws: Aws, verdicts: dict[str, str]) -> None:
    trails = aws.client("cloudtrail")
    key = next(
        arn for arn, verdict in verdicts.items() if verdict == "good" and ":key/" in arn
    )
    trails.create_trail(
        Name="good-trail",
        S3BucketName=LOG_BUCKET,
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=key,
        TagsList=OWNER,
    )
    trails.start_logging(Name="good-trail")
    trails.create_trail(Name="bad-trail", S3BucketName=LOG_BUCKET)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return 1\n")
    return buffer.getvalue()


def seed_lambda(aws: Aws) -> None:
    role = aws.client("iam").get_role(RoleName="good-role")["Role"]["Arn"]
    functions = aws.client("lambda")
    for name, good in (("good-fn", True), ("bad-fn", False)):
        functions.create_function(
            FunctionName=name,
            Runtime="python3.12" if good else "python3.8",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": _zip()},
            TracingConfig={"Mode": "Active" if good else "PassThrough"},
            Environment={
                "Variables": (
                    {"STAGE": "prod"}
                    if good
                    else {"AWS_SECRET_ACCESS_KEY": "not-a-real-secret"}
                )
            },
            Tags={"owner": "platform"} if good else {},
        )
        functions.create_function_url_config(
            FunctionName=name, AuthType="AWS_IAM" if good else "NONE"
        )


def seed_dynamodb(aws: Aws) -> None:
    dynamodb = aws.client("dynamodb")
    for name, good in (("good-table", True), ("bad-table", False)):
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            DeletionProtectionEnabled=good,
            Tags=OWNER if good else [],
        )
        if good:
            dynamodb.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )


def seed_load_balancers(aws: Aws) -> None:
    ec2 = aws.client("ec2")
    elbv2 = aws.client("elbv2")
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"][:2]]
    vpc = ec2.describe_subnets()["Subnets"][0]["VpcId"]
    certificate = aws.client("acm").request_certificate(DomainName="example.com")
    group = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"
    ][0]["TargetGroupArn"]
    for name, good in (("good-lb", True), ("bad-lb", False)):
        extra: dict[str, Any] = {"Tags": OWNER} if good else {}
        balancer = elbv2.create_load_balancer(Name=name, Subnets=subnets, **extra)[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        if good:
            elbv2.modify_load_balancer_attributes(
                LoadBalancerArn=balancer,
                Attributes=[
                    {"Key": "deletion_protection.enabled", "Value": "true"},
                    {
                        "Key": "routing.http.drop_invalid_header_fields.enabled",
                        "Value": "true",
                    },
                    {"Key": "access_logs.s3.enabled", "Value": "true"},
                    {"Key": "access_logs.s3.bucket", "Value": LOG_BUCKET},
                ],
            )
            elbv2.create_listener(
                LoadBalancerArn=balancer,
                Protocol="HTTPS",
                Port=443,
                SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                Certificates=[{"CertificateArn": certificate["CertificateArn"]}],
                DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
            )
            elbv2.create_listener(
                LoadBalancerArn=balancer,
                Protocol="HTTP",
                Port=80,
                DefaultActions=[
                    {
                        "Type": "redirect",
                        "RedirectConfig": {
                            "Protocol": "HTTPS",
                            "Port": "443",
                            "StatusCode": "HTTP_301",
                        },
                    }
                ],
            )
        else:
            elbv2.create_listener(
                LoadBalancerArn=balancer,
                Protocol="HTTP",
                Port=80,
                DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
            )


def seed_messaging(aws: Aws) -> None:
    sns = aws.client("sns")
    sns.create_topic(
        Name="good-topic",
        Attributes={"KmsMasterKeyId": "alias/aws/sns"},
        Tags=OWNER,
    )
    sns.create_topic(Name="bad-topic")
    aws.client("sqs").create_queue(
        QueueName="good-queue",
        Attributes={"SqsManagedSseEnabled": "true"},
        tags={"owner": "platform"},
    )
    aws.client("sqs", WEST).create_queue(
        QueueName="bad-queue", Attributes={"SqsManagedSseEnabled": "false"}
    )


def seed_logs(aws: Aws, verdicts: dict[str, str]) -> None:
    logs = aws.client("logs")
    key = next(
        arn for arn, verdict in verdicts.items() if verdict == "good" and ":key/" in arn
    )
    logs.create_log_group(logGroupName="good-logs", kmsKeyId=key, tags={"owner": "x"})
    logs.put_retention_policy(logGroupName="good-logs", retentionInDays=400)
    logs.create_log_group(logGroupName="bad-logs")
