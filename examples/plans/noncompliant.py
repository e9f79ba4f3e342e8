"""``examples/terraform/noncompliant`` restated for ``assemble.py``."""

from __future__ import annotations

from configurations import (
    DB_PASSWORD,
    Blocks,
    Configuration,
    Provider,
    Ref,
    Resource,
    Var,
    assume_role,
)

OPEN_RULE = {"cidr_blocks": ["0.0.0.0/0"]}

NONCOMPLIANT = Configuration(
    providers={
        "aws": Provider("us-east-1"),
        "aws.apac": Provider("ap-southeast-1", alias="apac"),
    },
    variables={"db_password": DB_PASSWORD},
    local_values={},
    resources=(
        Resource(
            "aws_kms_key.orders",
            {
                "description": "orders data key",
                "enable_key_rotation": False,
                "deletion_window_in_days": 7,
            },
        ),
        Resource(
            "aws_s3_bucket.data",
            {
                "bucket": "acme-orders-data",
                "tags": {"Name": "orders-data", "Owner": "Jane Doe"},
            },
        ),
        Resource(
            "aws_s3_bucket.backup",
            {"bucket": "acme-orders-backup-apse1"},
            provider="aws.apac",
        ),
        Resource(
            "aws_vpc.main", {"cidr_block": "10.30.0.0/16", "tags": {"Name": "orders"}}
        ),
        Resource(
            "aws_subnet.public",
            {
                "vpc_id": Ref("aws_vpc.main.id"),
                "cidr_block": "10.30.1.0/24",
                "map_public_ip_on_launch": True,
            },
        ),
        Resource(
            "aws_security_group.app",
            {
                "name": "orders-app",
                "description": "Orders application",
                "vpc_id": Ref("aws_vpc.main.id"),
                "ingress": [
                    {
                        "description": "SSH",
                        "from_port": 22,
                        "to_port": 22,
                        "protocol": "tcp",
                        **OPEN_RULE,
                    }
                ],
                "egress": [
                    {"from_port": 0, "to_port": 0, "protocol": "-1", **OPEN_RULE}
                ],
            },
        ),
        Resource(
            "aws_vpc_security_group_ingress_rule.rdp",
            {
                "security_group_id": Ref("aws_security_group.app.id"),
                "description": "RDP",
                "ip_protocol": "tcp",
                "from_port": 3389,
                "to_port": 3389,
                "cidr_ipv6": "::/0",
                "tags": {"Name": "orders-rdp"},
            },
        ),
        Resource(
            "aws_instance.app",
            {
                "ami": "ami-0f5d1c2b3a4e69870",
                "instance_type": "t2.large",
                "subnet_id": Ref("aws_subnet.public.id"),
                "vpc_security_group_ids": [Ref("aws_security_group.app.id")],
                "associate_public_ip_address": True,
                "monitoring": False,
                "root_block_device": Blocks(
                    {"volume_type": "gp2", "volume_size": 50, "encrypted": False}
                ),
            },
        ),
        Resource(
            "aws_db_instance.orders",
            {
                "identifier": "orders",
                "engine": "mysql",
                "engine_version": "5.7",
                "instance_class": "db.t2.medium",
                "allocated_storage": 20,
                "storage_type": "gp2",
                "storage_encrypted": False,
                "db_name": "orders",
                "username": "admin",
                "password": Var("db_password"),
                "publicly_accessible": True,
                "backup_retention_period": 0,
                "deletion_protection": False,
                "skip_final_snapshot": True,
            },
        ),
        Resource(
            "aws_dynamodb_table.orders",
            {
                "name": "orders",
                "billing_mode": "PROVISIONED",
                "read_capacity": 5,
                "write_capacity": 5,
                "hash_key": "order_id",
                "deletion_protection_enabled": False,
                "attribute": Blocks({"name": "order_id", "type": "S"}),
                "point_in_time_recovery": Blocks({"enabled": False}),
            },
        ),
        Resource(
            "aws_iam_role.orders_events",
            {
                "name": "orders-events",
                "assume_role_policy": assume_role("lambda.amazonaws.com"),
            },
        ),
        Resource(
            "aws_lambda_function.orders_events",
            {
                "function_name": "orders-events",
                "role": Ref("aws_iam_role.orders_events.arn"),
                "runtime": "python3.8",
                "handler": "orders_events.handler",
                "filename": "build/orders_events.zip",
                "environment": Blocks(
                    {
                        "variables": {
                            "TABLE_NAME": Ref("aws_dynamodb_table.orders.name"),
                            "PAYMENT_API_KEY": "pk-orders-7f3a9c2e51b84d06",
                        }
                    }
                ),
            },
        ),
        Resource(
            "aws_cloudwatch_log_group.orders_events",
            {"name": "/aws/lambda/orders-events"},
        ),
        Resource(
            "aws_cloudtrail.orders",
            {"name": "orders", "s3_bucket_name": Ref("aws_s3_bucket.data.id")},
        ),
        Resource("aws_iam_user.deploy", {"name": "orders-deploy"}),
        Resource(
            "aws_iam_access_key.deploy", {"user": Ref("aws_iam_user.deploy.name")}
        ),
        Resource(
            "aws_iam_user_policy_attachment.deploy_admin",
            {
                "user": Ref("aws_iam_user.deploy.name"),
                "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
    ),
)
