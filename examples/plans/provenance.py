"""Where each attribute set in ``schemas.py`` comes from.

``FIXTURES`` names, per resource type, a resource that a real plan in
``tests/fixtures/plans`` creates. Those plans were made with older AWS
providers, so ``V5_CHANGES`` lists what provider v5 adds or removes.
``check_against_fixtures`` fails unless each schema is exactly the fixture's
attributes plus those changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from schemas import SCHEMAS

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "plans"


FIXTURES: dict[str, tuple[str, str]] = {
    "aws_db_instance": (
        "infracost__rds_ec2_nested_modules_count_for_each_noop_update_tf0_14",
        "module.db.module.db_2.module.db_instance.aws_db_instance.this[0]",
    ),
    "aws_db_subnet_group": (
        "infracost__rds_ec2_nested_modules_count_for_each_noop_update_tf0_14",
        "module.db.module.db_2.module.db_subnet_group.aws_db_subnet_group.this[0]",
    ),
    "aws_flow_log": (
        "checkov__kitchen_sink_55_resources_tf0_12",
        "aws_flow_log.vpcflowlogs",
    ),
    "aws_iam_access_key": (
        "checkov__kitchen_sink_55_resources_tf0_12",
        "aws_iam_access_key.user",
    ),
    "aws_iam_role": (
        "checkov__github_oidc_module_for_each_data_reads_tf1_5",
        'module.poc.aws_iam_role.r6["p1"]',
    ),
    "aws_iam_role_policy": (
        "checkov__iam_inline_and_managed_policies_tf1_1",
        "aws_iam_role_policy.fail_1",
    ),
    "aws_iam_role_policy_attachment": (
        "tfcompliance__apigw_acm_waf_nested_modules_tf0_15",
        "module.apigw_test_1.module.api_gw_log_role"
        ".aws_iam_role_policy_attachment.inline[0]",
    ),
    "aws_iam_user": (
        "checkov__iam_inline_and_managed_policies_tf1_1",
        "aws_iam_user.fail_3",
    ),
    "aws_iam_user_policy_attachment": (
        "regula__iam_users_groups_policies_tf0_13",
        "aws_iam_user_policy_attachment.invalid_user_policy_attachment",
    ),
    "aws_instance": (
        "infracost__rds_ec2_nested_modules_count_for_each_noop_update_tf0_14",
        "aws_instance.instance_2",
    ),
    "aws_kms_key": (
        "checkov__kitchen_sink_55_resources_tf0_12",
        "aws_kms_key.logs_key",
    ),
    "aws_lambda_function": (
        "tfcompliance__lambda_events_delete_update_drift_tf1_0",
        "aws_lambda_function.lambda",
    ),
    "aws_s3_bucket": (
        "snyk__s3_count_split_resources_tf1_3",
        "aws_s3_bucket.logbucket1",
    ),
    "aws_s3_bucket_logging": (
        "snyk__s3_count_split_resources_tf1_3",
        "aws_s3_bucket_logging.s3_bucket_log[0]",
    ),
    "aws_s3_bucket_public_access_block": (
        "checkov__s3_nested_child_modules_count_tf1_2",
        "aws_s3_bucket_public_access_block.root",
    ),
    "aws_security_group": (
        "checkov__sg_module_for_each_tf1_9",
        'module.sg["awful_example"].aws_security_group.bad',
    ),
    "aws_security_group_rule": (
        "tfcompliance__lambda_events_delete_update_drift_tf1_0",
        "aws_security_group_rule.task_sg_egress_rule",
    ),
    "aws_subnet": (
        "checkov__kitchen_sink_55_resources_tf0_12",
        "aws_subnet.eks_subnet1",
    ),
    "aws_vpc": (
        "checkov__kitchen_sink_55_resources_tf0_12",
        "aws_vpc.eks_vpc",
    ),
}


@dataclass(frozen=True)
class Changes:
    """How provider v5 differs from the provider a fixture was planned with."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


TAGS_ALL = ("tags_all",)  # provider v3.38 added tags_all beside tags

V5_CHANGES: dict[str, Changes] = {
    "aws_db_instance": Changes(
        added=(
            "backup_target",
            "blue_green_update",
            "custom_iam_instance_profile",
            "db_name",
            "listener_endpoint",
            "manage_master_user_password",
            "master_user_secret",
            "master_user_secret_kms_key_id",
            "network_type",
            "replica_mode",
            "storage_throughput",
        ),
        # v5 removed name (replaced by db_name) and the EC2-Classic groups.
        removed=("name", "security_group_names"),
    ),
    "aws_db_subnet_group": Changes(added=("supported_network_types", "vpc_id")),
    "aws_flow_log": Changes(
        added=(
            "deliver_cross_account_role",
            "destination_options",
            "transit_gateway_attachment_id",
            "transit_gateway_id",
            *TAGS_ALL,
        )
    ),
    "aws_iam_access_key": Changes(
        added=("create_date", "encrypted_ses_smtp_password_v4")
    ),
    "aws_instance": Changes(
        added=(
            "cpu_options",
            "disable_api_stop",
            "host_resource_group_arn",
            "maintenance_options",
            "placement_partition_number",
            "private_dns_name_options",
            "user_data_replace_on_change",
        )
    ),
    "aws_kms_key": Changes(
        added=(
            "bypass_policy_lockout_safety_check",
            "custom_key_store_id",
            "multi_region",
            "rotation_period_in_days",
            "xks_key_id",
            *TAGS_ALL,
        )
    ),
    "aws_lambda_function": Changes(
        added=(
            "architectures",
            "ephemeral_storage",
            "logging_config",
            "qualified_invoke_arn",
            "replace_security_groups_on_destroy",
            "replacement_security_group_ids",
            "skip_destroy",
            "snap_start",
        )
    ),
    "aws_security_group_rule": Changes(added=("security_group_rule_id", "timeouts")),
    "aws_subnet": Changes(
        added=(
            "customer_owned_ipv4_pool",
            "enable_dns64",
            "enable_lni_at_device_index",
            "enable_resource_name_dns_a_record_on_launch",
            "enable_resource_name_dns_aaaa_record_on_launch",
            "ipv6_native",
            "map_customer_owned_ip_on_launch",
            "private_dns_hostname_type_on_launch",
            *TAGS_ALL,
        )
    ),
    "aws_vpc": Changes(
        added=(
            "enable_network_address_usage_metrics",
            "ipv4_ipam_pool_id",
            "ipv4_netmask_length",
            "ipv6_cidr_block_network_border_group",
            "ipv6_ipam_pool_id",
            "ipv6_netmask_length",
            *TAGS_ALL,
        ),
        # EC2-Classic was retired; v5 dropped its VPC attributes.
        removed=("enable_classiclink", "enable_classiclink_dns_support"),
    ),
}


def fixture_names(resource_type: str) -> set[str] | None:
    """Top-level attribute and block names a fixture's create plan shows."""
    if resource_type not in FIXTURES:
        return None
    stem, address = FIXTURES[resource_type]
    plan = json.loads((FIXTURE_DIR / f"{stem}.json").read_text())
    for change in plan["resource_changes"]:
        if change["address"] == address:
            after = change["change"]["after"] or {}
            unknown = change["change"]["after_unknown"] or {}
            return set(after) | {k for k, v in unknown.items() if v is not False}
    raise SystemExit(f"{stem}: no resource {address}")


def check_against_fixtures() -> None:
    """Fail unless each schema equals its fixture's names plus the v5 changes."""
    for resource_type, schema in SCHEMAS.items():
        names = fixture_names(resource_type)
        if names is None:
            continue
        changes = V5_CHANGES.get(resource_type, Changes())
        expected = (names - set(changes.removed)) | set(changes.added)
        actual = set(schema.attrs) | set(schema.blocks)
        if expected != actual:
            raise SystemExit(
                f"{resource_type}: schema differs from its fixture: missing "
                f"{sorted(expected - actual)}, extra {sorted(actual - expected)}"
            )
