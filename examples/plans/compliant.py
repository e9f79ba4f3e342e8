"""``examples/terraform/compliant`` restated for ``assemble.py``."""

from __future__ import annotations

from typing import Any

from configurations import (
    DB_PASSWORD,
    Blocks,
    Configuration,
    JsonEncode,
    Local,
    Provider,
    Ref,
    Resource,
    Var,
    assume_role,
    deny_insecure_transport,
    public_access_block,
    tmpl,
    versioning,
)

KEY_ARN = Ref("aws_kms_key.orders.arn")
LOG_DELIVERY = ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"]
LOGS_BUCKET = Local("logs_bucket")

COMPLIANT_KEY_POLICY = JsonEncode(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {
                    "AWS": tmpl("arn:aws:iam::", Local("account_id"), ":root")
                },
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudTrailEncryptsLogs",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": ["kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsEncryptsLogGroups",
                "Effect": "Allow",
                "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
            },
        ],
    }
)

LOGS_BUCKET_POLICY = JsonEncode(
    {
        "Version": "2012-10-17",
        "Statement": [
            deny_insecure_transport(LOGS_BUCKET),
            {
                "Sid": "LogDeliveryAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": LOG_DELIVERY},
                "Action": "s3:GetBucketAcl",
                "Resource": tmpl("arn:aws:s3:::", LOGS_BUCKET),
            },
            {
                "Sid": "LogDeliveryWrite",
                "Effect": "Allow",
                "Principal": {"Service": LOG_DELIVERY},
                "Action": "s3:PutObject",
                "Resource": tmpl("arn:aws:s3:::", LOGS_BUCKET, "/*"),
                "Condition": {
                    "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}
                },
            },
            {
                "Sid": "ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": tmpl("arn:aws:s3:::", LOGS_BUCKET, "/s3-access/*"),
            },
        ],
    }
)

ORDERS_EVENTS_POLICY = JsonEncode(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OrdersTable",
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:Query",
                ],
                "Resource": tmpl(
                    "arn:aws:dynamodb:us-east-1:", Local("account_id"), ":table/orders"
                ),
            },
            {
                "Sid": "Tracing",
                "Effect": "Allow",
                "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                "Resource": "*",
            },
        ],
    }
)

TRAIL_POLICY = JsonEncode(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": tmpl(Ref("aws_cloudwatch_log_group.trail.arn"), ":*"),
            }
        ],
    }
)

NAME = Local("name")


def lifecycle(rule_id: str, **actions: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "status": "Enabled",
        "filter": Blocks({}),
        **{action: Blocks(body) for action, body in actions.items()},
    }


COMPLIANT = Configuration(
    providers={
        "aws": Provider(
            "us-east-1",
            default_tags={
                "owner": "team-orders",
                "cost-center": "FIN-4410",
                "environment": "prod",
                "service": "orders",
            },
        )
    },
    variables={"db_password": DB_PASSWORD},
    local_values={
        "name": "orders-prod",
        "account_id": "111122223333",
        "data_bucket": "acme-orders-data-prod",
        "logs_bucket": "acme-orders-logs-prod",
    },
    resources=(
        Resource(
            "aws_kms_key.orders",
            {
                "description": "Encrypts the orders service's data, logs and trail",
                "enable_key_rotation": True,
                "deletion_window_in_days": 30,
                "policy": COMPLIANT_KEY_POLICY,
            },
        ),
        Resource("aws_s3_bucket.data", {"bucket": Local("data_bucket")}),
        Resource("aws_s3_bucket_public_access_block.data", public_access_block("data")),
        Resource(
            "aws_s3_bucket_server_side_encryption_configuration.data",
            {
                "bucket": Ref("aws_s3_bucket.data.id"),
                "rule": Blocks(
                    {
                        "apply_server_side_encryption_by_default": Blocks(
                            {"sse_algorithm": "aws:kms", "kms_master_key_id": KEY_ARN}
                        ),
                        "bucket_key_enabled": True,
                    }
                ),
            },
        ),
        Resource("aws_s3_bucket_versioning.data", versioning("data")),
        Resource(
            "aws_s3_bucket_logging.data",
            {
                "bucket": Ref("aws_s3_bucket.data.id"),
                "target_bucket": Ref("aws_s3_bucket.logs.id"),
                "target_prefix": "s3-access/",
            },
        ),
        Resource(
            "aws_s3_bucket_lifecycle_configuration.data",
            {
                "bucket": Ref("aws_s3_bucket.data.id"),
                "rule": Blocks(
                    lifecycle(
                        "tier-and-expire-noncurrent",
                        transition={"days": 90, "storage_class": "STANDARD_IA"},
                        noncurrent_version_expiration={"noncurrent_days": 90},
                        abort_incomplete_multipart_upload={"days_after_initiation": 7},
                    )
                ),
            },
        ),
        Resource(
            "aws_s3_bucket_policy.data",
            {
                "bucket": Ref("aws_s3_bucket.data.id"),
                "policy": JsonEncode(
                    {
                        "Version": "2012-10-17",
                        "Statement": [deny_insecure_transport(Local("data_bucket"))],
                    }
                ),
            },
        ),
        Resource("aws_s3_bucket.logs", {"bucket": LOGS_BUCKET}),
        Resource("aws_s3_bucket_public_access_block.logs", public_access_block("logs")),
        Resource(
            "aws_s3_bucket_server_side_encryption_configuration.logs",
            {
                "bucket": Ref("aws_s3_bucket.logs.id"),
                "rule": Blocks(
                    {
                        "apply_server_side_encryption_by_default": Blocks(
                            {"sse_algorithm": "AES256"}
                        )
                    }
                ),
            },
        ),
        Resource("aws_s3_bucket_versioning.logs", versioning("logs")),
        Resource(
            "aws_s3_bucket_lifecycle_configuration.logs",
            {
                "bucket": Ref("aws_s3_bucket.logs.id"),
                "rule": Blocks(
                    lifecycle(
                        "expire-logs",
                        expiration={"days": 400},
                        noncurrent_version_expiration={"noncurrent_days": 30},
                        abort_incomplete_multipart_upload={"days_after_initiation": 7},
                    )
                ),
            },
        ),
        Resource(
            "aws_s3_bucket_policy.logs",
            {"bucket": Ref("aws_s3_bucket.logs.id"), "policy": LOGS_BUCKET_POLICY},
        ),
        Resource(
            "aws_vpc.main",
            {
                "cidr_block": "10.20.0.0/16",
                "enable_dns_support": True,
                "enable_dns_hostnames": True,
                "tags": {"Name": NAME},
            },
        ),
        Resource(
            "aws_flow_log.main",
            {
                "vpc_id": Ref("aws_vpc.main.id"),
                "traffic_type": "ALL",
                "log_destination_type": "s3",
                "log_destination": tmpl(
                    Ref("aws_s3_bucket.logs.arn"), "/vpc-flow-logs/"
                ),
            },
        ),
        Resource(
            "aws_subnet.private_a",
            {
                "vpc_id": Ref("aws_vpc.main.id"),
                "cidr_block": "10.20.1.0/24",
                "availability_zone": "us-east-1a",
                "tags": {"Name": tmpl(NAME, "-private-a")},
            },
        ),
        Resource(
            "aws_subnet.private_b",
            {
                "vpc_id": Ref("aws_vpc.main.id"),
                "cidr_block": "10.20.2.0/24",
                "availability_zone": "us-east-1b",
                "tags": {"Name": tmpl(NAME, "-private-b")},
            },
        ),
        Resource(
            "aws_security_group.app",
            {
                "name": tmpl(NAME, "-app"),
                "description": "Orders application instances",
                "vpc_id": Ref("aws_vpc.main.id"),
            },
        ),
        Resource(
            "aws_security_group_rule.app_https_in",
            {
                "type": "ingress",
                "description": "HTTPS from inside the VPC",
                "from_port": 443,
                "to_port": 443,
                "protocol": "tcp",
                "cidr_blocks": ["10.20.0.0/16"],
                "security_group_id": Ref("aws_security_group.app.id"),
            },
        ),
        Resource(
            "aws_security_group_rule.app_https_out",
            {
                "type": "egress",
                "description": "HTTPS to AWS APIs",
                "from_port": 443,
                "to_port": 443,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"],
                "security_group_id": Ref("aws_security_group.app.id"),
            },
        ),
        Resource(
            "aws_security_group.db",
            {
                "name": tmpl(NAME, "-db"),
                "description": "Orders database",
                "vpc_id": Ref("aws_vpc.main.id"),
            },
        ),
        Resource(
            "aws_security_group_rule.db_mysql_in",
            {
                "type": "ingress",
                "description": "MySQL from the application instances",
                "from_port": 3306,
                "to_port": 3306,
                "protocol": "tcp",
                "source_security_group_id": Ref("aws_security_group.app.id"),
                "security_group_id": Ref("aws_security_group.db.id"),
            },
        ),
        Resource(
            "aws_instance.app",
            {
                "ami": "ami-0f5d1c2b3a4e69870",
                "instance_type": "m7g.large",
                "subnet_id": Ref("aws_subnet.private_a.id"),
                "vpc_security_group_ids": [Ref("aws_security_group.app.id")],
                "monitoring": True,
                "ebs_optimized": True,
                "metadata_options": Blocks(
                    {
                        "http_endpoint": "enabled",
                        "http_tokens": "required",
                        "http_put_response_hop_limit": 1,
                    }
                ),
                "root_block_device": Blocks(
                    {
                        "volume_type": "gp3",
                        "volume_size": 30,
                        "encrypted": True,
                        "kms_key_id": KEY_ARN,
                    }
                ),
                "tags": {"Name": tmpl(NAME, "-app")},
            },
        ),
        Resource(
            "aws_db_subnet_group.orders",
            {
                "name": NAME,
                "subnet_ids": [
                    Ref("aws_subnet.private_a.id"),
                    Ref("aws_subnet.private_b.id"),
                ],
            },
        ),
        Resource(
            "aws_db_instance.orders",
            {
                "identifier": NAME,
                "engine": "mysql",
                "engine_version": "8.4",
                "instance_class": "db.m7g.large",
                "allocated_storage": 100,
                "storage_type": "gp3",
                "storage_encrypted": True,
                "kms_key_id": KEY_ARN,
                "db_name": "orders",
                "username": "orders_admin",
                "password": Var("db_password"),
                "db_subnet_group_name": Ref("aws_db_subnet_group.orders.name"),
                "vpc_security_group_ids": [Ref("aws_security_group.db.id")],
                "publicly_accessible": False,
                "multi_az": True,
                "backup_retention_period": 14,
                "deletion_protection": True,
                "skip_final_snapshot": False,
                "final_snapshot_identifier": tmpl(NAME, "-final"),
                "copy_tags_to_snapshot": True,
                "enabled_cloudwatch_logs_exports": ["error", "general", "slowquery"],
                "iam_database_authentication_enabled": True,
                "auto_minor_version_upgrade": True,
                "monitoring_interval": 60,
                "monitoring_role_arn": Ref("aws_iam_role.rds_monitoring.arn"),
                "performance_insights_enabled": True,
                "performance_insights_kms_key_id": KEY_ARN,
            },
        ),
        Resource(
            "aws_iam_role.rds_monitoring",
            {
                "name": tmpl(NAME, "-rds-monitoring"),
                "description": "Lets RDS Enhanced Monitoring publish the orders "
                "database's OS metrics",
                "assume_role_policy": assume_role("monitoring.rds.amazonaws.com"),
            },
        ),
        Resource(
            "aws_iam_role_policy_attachment.rds_monitoring",
            {
                "role": Ref("aws_iam_role.rds_monitoring.name"),
                "policy_arn": "arn:aws:iam::aws:policy/service-role/"
                "AmazonRDSEnhancedMonitoringRole",
            },
        ),
        Resource(
            "aws_dynamodb_table.orders",
            {
                "name": "orders",
                "billing_mode": "PAY_PER_REQUEST",
                "hash_key": "order_id",
                "deletion_protection_enabled": True,
                "attribute": Blocks({"name": "order_id", "type": "S"}),
                "point_in_time_recovery": Blocks({"enabled": True}),
                "server_side_encryption": Blocks(
                    {"enabled": True, "kms_key_arn": KEY_ARN}
                ),
            },
        ),
        Resource(
            "aws_iam_role.orders_events",
            {
                "name": tmpl(NAME, "-events"),
                "description": "Runs the orders-events Lambda function",
                "assume_role_policy": assume_role("lambda.amazonaws.com"),
            },
        ),
        Resource(
            "aws_iam_role_policy_attachment.orders_events_logs",
            {
                "role": Ref("aws_iam_role.orders_events.name"),
                "policy_arn": "arn:aws:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole",
            },
        ),
        Resource(
            "aws_iam_role_policy.orders_events",
            {
                "name": "orders-table",
                "role": Ref("aws_iam_role.orders_events.id"),
                "policy": ORDERS_EVENTS_POLICY,
            },
        ),
        Resource(
            "aws_cloudwatch_log_group.orders_events",
            {
                "name": "/aws/lambda/orders-events",
                "retention_in_days": 400,
                "kms_key_id": KEY_ARN,
            },
        ),
        Resource(
            "aws_lambda_function.orders_events",
            {
                "function_name": "orders-events",
                "description": "Publishes order state changes",
                "role": Ref("aws_iam_role.orders_events.arn"),
                "runtime": "python3.12",
                "handler": "orders_events.handler",
                "filename": "build/orders_events.zip",
                "memory_size": 256,
                "timeout": 10,
                "reserved_concurrent_executions": 20,
                "kms_key_arn": KEY_ARN,
                "environment": Blocks(
                    {"variables": {"TABLE_NAME": Ref("aws_dynamodb_table.orders.name")}}
                ),
                "tracing_config": Blocks({"mode": "Active"}),
            },
            depends_on=("aws_cloudwatch_log_group.orders_events",),
        ),
        Resource(
            "aws_cloudwatch_log_group.trail",
            {
                "name": tmpl("/aws/cloudtrail/", NAME),
                "retention_in_days": 400,
                "kms_key_id": KEY_ARN,
            },
        ),
        Resource(
            "aws_iam_role.trail",
            {
                "name": tmpl(NAME, "-cloudtrail"),
                "description": "Lets CloudTrail deliver the orders trail to "
                "CloudWatch Logs",
                "assume_role_policy": assume_role("cloudtrail.amazonaws.com"),
            },
        ),
        Resource(
            "aws_iam_role_policy.trail",
            {
                "name": "deliver-to-log-group",
                "role": Ref("aws_iam_role.trail.id"),
                "policy": TRAIL_POLICY,
            },
        ),
        Resource(
            "aws_cloudtrail.orders",
            {
                "name": NAME,
                "s3_bucket_name": Ref("aws_s3_bucket.logs.id"),
                "s3_key_prefix": "cloudtrail",
                "is_multi_region_trail": True,
                "include_global_service_events": True,
                "enable_log_file_validation": True,
                "kms_key_id": KEY_ARN,
                "cloud_watch_logs_group_arn": tmpl(
                    Ref("aws_cloudwatch_log_group.trail.arn"), ":*"
                ),
                "cloud_watch_logs_role_arn": Ref("aws_iam_role.trail.arn"),
            },
            depends_on=("aws_s3_bucket_policy.logs",),
        ),
    ),
)
