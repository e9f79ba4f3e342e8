"""AWS provider v5 resource schemas, as far as the example plans need them.

For each resource type: every top-level attribute and block, and how the
provider plans it when a new resource's configuration leaves it out. Nested
blocks list only the fields the examples set or that matter for planning.
``provenance.py`` ties each attribute set to a real plan in
``tests/fixtures/plans`` and proves the two agree; types that no fixture
holds follow the provider's published v5 schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attr:
    """One attribute: how the provider plans it when the configuration omits it.

    ``kind`` is ``O`` (optional or required: null), ``C`` (computed: unknown
    until apply) or ``D`` (the provider's ``default``). ``shape`` is ``p``
    (primitive), ``l`` (list or set) or ``m`` (map); ``is_set`` marks sets,
    which become wholly unknown when one element is.
    """

    kind: str
    default: Any = None
    shape: str = "p"
    is_set: bool = False
    sensitive: bool = False


OPT = Attr("O")
COMP = Attr("C")
OPT_LIST, COMP_LIST = Attr("O", shape="l"), Attr("C", shape="l")
OPT_SET = Attr("O", shape="l", is_set=True)
COMP_SET = Attr("C", shape="l", is_set=True)
OPT_MAP, COMP_MAP = Attr("O", shape="m"), Attr("C", shape="m")
SECRET, SECRET_COMP = Attr("O", sensitive=True), Attr("C", sensitive=True)


def D(value: Any) -> Attr:
    return Attr("D", value)


@dataclass(frozen=True)
class Block:
    """A nested block type, or a resource type at the top."""

    attrs: dict[str, Attr]
    blocks: dict[str, Block] = field(default_factory=dict)
    nesting: str = "list"
    # SDKv2 blocks that are Optional+Computed: unknown until apply when unset.
    computed: bool = False
    version: int = 0


def computed_block(**attrs: Attr) -> Block:
    return Block(dict(attrs), computed=True)


def block(nesting: str = "list", **attrs: Attr) -> Block:
    return Block(dict(attrs), nesting=nesting)


TIMEOUTS = Block({"create": OPT, "delete": OPT, "update": OPT}, nesting="single")
TAGS = {"tags": OPT_MAP, "tags_all": COMP_MAP}
SG_RULE = Block(
    {
        "cidr_blocks": OPT_LIST,
        "description": OPT,
        "from_port": OPT,
        "ipv6_cidr_blocks": OPT_LIST,
        "prefix_list_ids": OPT_LIST,
        "protocol": OPT,
        "security_groups": OPT_SET,
        "self": OPT,
        "to_port": OPT,
    },
    nesting="set",
)

SCHEMAS: dict[str, Block] = {
    "aws_cloudtrail": Block(
        {
            "arn": COMP,
            "cloud_watch_logs_group_arn": OPT,
            "cloud_watch_logs_role_arn": OPT,
            "enable_log_file_validation": D(False),
            "enable_logging": D(True),
            "home_region": COMP,
            "id": COMP,
            "include_global_service_events": D(True),
            "is_multi_region_trail": D(False),
            "is_organization_trail": D(False),
            "kms_key_id": OPT,
            "name": OPT,
            "s3_bucket_name": OPT,
            "s3_key_prefix": OPT,
            "sns_topic_arn": COMP,
            "sns_topic_name": OPT,
            **TAGS,
        },
        {
            "advanced_event_selector": block(name=OPT),
            "event_selector": block(read_write_type=D("All")),
            "insight_selector": block(insight_type=OPT),
        },
    ),
    "aws_cloudwatch_log_group": Block(
        {
            "arn": COMP,
            "id": COMP,
            "kms_key_id": OPT,
            "log_group_class": COMP,
            "name": COMP,
            "name_prefix": COMP,
            "retention_in_days": D(0),
            "skip_destroy": D(False),
            **TAGS,
        }
    ),
    "aws_db_instance": Block(
        {
            "address": COMP,
            "allocated_storage": COMP,
            "allow_major_version_upgrade": OPT,
            "apply_immediately": OPT,
            "arn": COMP,
            "auto_minor_version_upgrade": D(True),
            "availability_zone": COMP,
            "backup_retention_period": COMP,
            "backup_target": COMP,
            "backup_window": COMP,
            "ca_cert_identifier": COMP,
            "character_set_name": COMP,
            "copy_tags_to_snapshot": D(False),
            "custom_iam_instance_profile": OPT,
            "customer_owned_ip_enabled": OPT,
            "db_name": COMP,
            "db_subnet_group_name": COMP,
            "delete_automated_backups": D(True),
            "deletion_protection": OPT,
            "domain": OPT,
            "domain_iam_role_name": OPT,
            "enabled_cloudwatch_logs_exports": OPT_SET,
            "endpoint": COMP,
            "engine": COMP,
            "engine_version": COMP,
            "engine_version_actual": COMP,
            "final_snapshot_identifier": OPT,
            "hosted_zone_id": COMP,
            "iam_database_authentication_enabled": OPT,
            "id": COMP,
            "identifier": COMP,
            "identifier_prefix": COMP,
            "instance_class": OPT,
            "iops": COMP,
            "kms_key_id": COMP,
            "latest_restorable_time": COMP,
            "license_model": COMP,
            "listener_endpoint": COMP_LIST,
            "maintenance_window": COMP,
            "manage_master_user_password": OPT,
            "master_user_secret": COMP_LIST,
            "master_user_secret_kms_key_id": COMP,
            "max_allocated_storage": OPT,
            "monitoring_interval": D(0),
            "monitoring_role_arn": COMP,
            "multi_az": COMP,
            "nchar_character_set_name": COMP,
            "network_type": COMP,
            "option_group_name": COMP,
            "parameter_group_name": COMP,
            "password": SECRET,
            "performance_insights_enabled": D(False),
            "performance_insights_kms_key_id": COMP,
            "performance_insights_retention_period": COMP,
            "port": COMP,
            "publicly_accessible": D(False),
            "replica_mode": COMP,
            "replicas": COMP_LIST,
            "replicate_source_db": OPT,
            "resource_id": COMP,
            "skip_final_snapshot": D(False),
            "snapshot_identifier": COMP,
            "status": COMP,
            "storage_encrypted": OPT,
            "storage_throughput": COMP,
            "storage_type": COMP,
            **TAGS,
            "timezone": COMP,
            "username": COMP,
            "vpc_security_group_ids": COMP_SET,
        },
        {
            "blue_green_update": block(enabled=OPT),
            "restore_to_point_in_time": block(restore_time=OPT),
            "s3_import": block(bucket_name=OPT),
            "timeouts": TIMEOUTS,
        },
        version=2,
    ),
    "aws_db_subnet_group": Block(
        {
            "arn": COMP,
            "description": D("Managed by Terraform"),
            "id": COMP,
            "name": COMP,
            "name_prefix": COMP,
            "subnet_ids": OPT_SET,
            "supported_network_types": COMP_SET,
            **TAGS,
            "vpc_id": COMP,
        }
    ),
    "aws_dynamodb_table": Block(
        {
            "arn": COMP,
            "billing_mode": D("PROVISIONED"),
            "deletion_protection_enabled": OPT,
            "hash_key": COMP,
            "id": COMP,
            "name": OPT,
            "range_key": OPT,
            "read_capacity": COMP,
            "restore_date_time": OPT,
            "restore_source_name": OPT,
            "restore_to_latest_time": OPT,
            "stream_arn": COMP,
            "stream_enabled": OPT,
            "stream_label": COMP,
            "stream_view_type": COMP,
            "table_class": OPT,
            **TAGS,
            "write_capacity": COMP,
        },
        {
            "attribute": block("set", name=OPT, type=OPT),
            "global_secondary_index": block("set", name=OPT),
            "import_table": block(input_format=OPT),
            "local_secondary_index": block("set", name=OPT),
            "point_in_time_recovery": computed_block(enabled=OPT),
            "replica": block("set", region_name=OPT),
            "server_side_encryption": computed_block(enabled=OPT, kms_key_arn=COMP),
            "timeouts": TIMEOUTS,
            "ttl": computed_block(attribute_name=OPT, enabled=OPT),
        },
        version=1,
    ),
    "aws_flow_log": Block(
        {
            "arn": COMP,
            "deliver_cross_account_role": OPT,
            "eni_id": OPT,
            "iam_role_arn": OPT,
            "id": COMP,
            "log_destination": COMP,
            "log_destination_type": D("cloud-watch-logs"),
            "log_format": COMP,
            "log_group_name": COMP,
            "max_aggregation_interval": D(600),
            "subnet_id": OPT,
            **TAGS,
            "traffic_type": OPT,
            "transit_gateway_attachment_id": OPT,
            "transit_gateway_id": OPT,
            "vpc_id": OPT,
        },
        {"destination_options": block(file_format=OPT)},
    ),
    "aws_iam_access_key": Block(
        {
            "create_date": COMP,
            "encrypted_secret": COMP,
            "encrypted_ses_smtp_password_v4": COMP,
            "id": COMP,
            "key_fingerprint": COMP,
            "pgp_key": OPT,
            "secret": SECRET_COMP,
            "ses_smtp_password_v4": SECRET_COMP,
            "status": D("Active"),
            "user": OPT,
        }
    ),
    "aws_iam_role": Block(
        {
            "arn": COMP,
            "assume_role_policy": OPT,
            "create_date": COMP,
            "description": OPT,
            "force_detach_policies": D(False),
            "id": COMP,
            "managed_policy_arns": COMP_SET,
            "max_session_duration": D(3600),
            "name": COMP,
            "name_prefix": COMP,
            "path": D("/"),
            "permissions_boundary": OPT,
            **TAGS,
            "unique_id": COMP,
        },
        {
            "inline_policy": Block(
                {"name": OPT, "policy": OPT}, nesting="set", computed=True
            )
        },
    ),
    "aws_iam_role_policy": Block(
        {"id": COMP, "name": COMP, "name_prefix": OPT, "policy": OPT, "role": OPT}
    ),
    "aws_iam_role_policy_attachment": Block(
        {"id": COMP, "policy_arn": OPT, "role": OPT}
    ),
    "aws_iam_user": Block(
        {
            "arn": COMP,
            "force_destroy": D(False),
            "id": COMP,
            "name": OPT,
            "path": D("/"),
            "permissions_boundary": OPT,
            **TAGS,
            "unique_id": COMP,
        }
    ),
    "aws_iam_user_policy_attachment": Block(
        {"id": COMP, "policy_arn": OPT, "user": OPT}
    ),
    "aws_instance": Block(
        {
            "ami": COMP,
            "arn": COMP,
            "associate_public_ip_address": COMP,
            "availability_zone": COMP,
            "cpu_core_count": COMP,
            "cpu_threads_per_core": COMP,
            "disable_api_stop": COMP,
            "disable_api_termination": COMP,
            "ebs_optimized": COMP,
            "get_password_data": D(False),
            "hibernation": OPT,
            "host_id": COMP,
            "host_resource_group_arn": COMP,
            "iam_instance_profile": COMP,
            "id": COMP,
            "instance_initiated_shutdown_behavior": COMP,
            "instance_state": COMP,
            "instance_type": COMP,
            "ipv6_address_count": COMP,
            "ipv6_addresses": COMP_LIST,
            "key_name": COMP,
            "monitoring": COMP,
            "outpost_arn": COMP,
            "password_data": COMP,
            "placement_group": COMP,
            "placement_partition_number": COMP,
            "primary_network_interface_id": COMP,
            "private_dns": COMP,
            "private_ip": COMP,
            "public_dns": COMP,
            "public_ip": COMP,
            "secondary_private_ips": COMP_SET,
            "security_groups": COMP_SET,
            "source_dest_check": D(True),
            "subnet_id": COMP,
            **TAGS,
            "tenancy": COMP,
            "user_data": COMP,
            "user_data_base64": COMP,
            "user_data_replace_on_change": D(False),
            "volume_tags": OPT_MAP,
            "vpc_security_group_ids": COMP_SET,
        },
        {
            "capacity_reservation_specification": computed_block(
                capacity_reservation_preference=OPT
            ),
            "cpu_options": computed_block(core_count=COMP),
            "credit_specification": block(cpu_credits=OPT),
            "ebs_block_device": Block(
                {"device_name": OPT}, nesting="set", computed=True
            ),
            "enclave_options": computed_block(enabled=COMP),
            "ephemeral_block_device": Block(
                {"device_name": OPT}, nesting="set", computed=True
            ),
            "launch_template": block(id=COMP, name=COMP, version=OPT),
            "maintenance_options": computed_block(auto_recovery=COMP),
            "metadata_options": computed_block(
                http_endpoint=COMP,
                http_put_response_hop_limit=COMP,
                http_tokens=COMP,
                instance_metadata_tags=COMP,
            ),
            "network_interface": Block(
                {"device_index": OPT}, nesting="set", computed=True
            ),
            "private_dns_name_options": computed_block(hostname_type=COMP),
            "root_block_device": computed_block(
                delete_on_termination=D(True),
                device_name=COMP,
                encrypted=COMP,
                iops=COMP,
                kms_key_id=COMP,
                tags=OPT_MAP,
                throughput=COMP,
                volume_id=COMP,
                volume_size=COMP,
                volume_type=COMP,
            ),
            "timeouts": TIMEOUTS,
        },
        version=1,
    ),
    "aws_kms_key": Block(
        {
            "arn": COMP,
            "bypass_policy_lockout_safety_check": D(False),
            "custom_key_store_id": OPT,
            "customer_master_key_spec": D("SYMMETRIC_DEFAULT"),
            "deletion_window_in_days": OPT,
            "description": COMP,
            "enable_key_rotation": D(False),
            "id": COMP,
            "is_enabled": D(True),
            "key_id": COMP,
            "key_usage": D("ENCRYPT_DECRYPT"),
            "multi_region": COMP,
            "policy": COMP,
            "rotation_period_in_days": COMP,
            **TAGS,
            "xks_key_id": OPT,
        }
    ),
    "aws_lambda_function": Block(
        {
            "architectures": COMP_LIST,
            "arn": COMP,
            "code_signing_config_arn": OPT,
            "description": OPT,
            "filename": OPT,
            "function_name": OPT,
            "handler": OPT,
            "id": COMP,
            "image_uri": OPT,
            "invoke_arn": COMP,
            "kms_key_arn": OPT,
            "last_modified": COMP,
            "layers": OPT_LIST,
            "memory_size": D(128),
            "package_type": D("Zip"),
            "publish": D(False),
            "qualified_arn": COMP,
            "qualified_invoke_arn": COMP,
            "replace_security_groups_on_destroy": OPT,
            "replacement_security_group_ids": OPT_SET,
            "reserved_concurrent_executions": D(-1),
            "role": OPT,
            "runtime": OPT,
            "s3_bucket": OPT,
            "s3_key": OPT,
            "s3_object_version": OPT,
            "signing_job_arn": COMP,
            "signing_profile_version_arn": COMP,
            "skip_destroy": D(False),
            "source_code_hash": COMP,
            "source_code_size": COMP,
            **TAGS,
            "timeout": D(3),
            "version": COMP,
        },
        {
            "dead_letter_config": block(target_arn=OPT),
            "environment": block(variables=OPT_MAP),
            "ephemeral_storage": computed_block(size=COMP),
            "file_system_config": block(arn=OPT),
            "image_config": block(working_directory=OPT),
            "logging_config": computed_block(log_format=COMP),
            "snap_start": block(apply_on=OPT),
            "timeouts": TIMEOUTS,
            "tracing_config": computed_block(mode=OPT),
            "vpc_config": block(subnet_ids=OPT_SET),
        },
    ),
    "aws_s3_bucket": Block(
        {
            "acceleration_status": COMP,
            "acl": COMP,
            "arn": COMP,
            "bucket": COMP,
            "bucket_domain_name": COMP,
            "bucket_prefix": COMP,
            "bucket_regional_domain_name": COMP,
            "force_destroy": D(False),
            "hosted_zone_id": COMP,
            "id": COMP,
            "object_lock_enabled": COMP,
            "policy": COMP,
            "region": COMP,
            "request_payer": COMP,
            **TAGS,
            "website_domain": COMP,
            "website_endpoint": COMP,
        },
        {
            "cors_rule": computed_block(max_age_seconds=OPT),
            "grant": Block({"type": OPT}, nesting="set", computed=True),
            "lifecycle_rule": computed_block(enabled=OPT),
            "logging": computed_block(target_bucket=OPT),
            "object_lock_configuration": computed_block(object_lock_enabled=OPT),
            "replication_configuration": computed_block(role=OPT),
            "server_side_encryption_configuration": computed_block(),
            "timeouts": Block(
                {"create": OPT, "delete": OPT, "read": OPT, "update": OPT},
                nesting="single",
            ),
            "versioning": computed_block(enabled=OPT, mfa_delete=OPT),
            "website": computed_block(index_document=OPT),
        },
    ),
    "aws_s3_bucket_lifecycle_configuration": Block(
        {"bucket": OPT, "expected_bucket_owner": OPT, "id": COMP},
        {
            "rule": Block(
                {"id": OPT, "prefix": OPT, "status": OPT},
                {
                    "abort_incomplete_multipart_upload": block(
                        days_after_initiation=OPT
                    ),
                    "expiration": block(
                        date=OPT, days=OPT, expired_object_delete_marker=COMP
                    ),
                    "filter": Block(
                        {
                            "object_size_greater_than": OPT,
                            "object_size_less_than": OPT,
                            "prefix": OPT,
                        },
                        {"and": block(prefix=OPT), "tag": block(key=OPT, value=OPT)},
                    ),
                    "noncurrent_version_expiration": block(
                        newer_noncurrent_versions=OPT, noncurrent_days=OPT
                    ),
                    "noncurrent_version_transition": block(
                        "set",
                        newer_noncurrent_versions=OPT,
                        noncurrent_days=OPT,
                        storage_class=OPT,
                    ),
                    "transition": block("set", date=OPT, days=OPT, storage_class=OPT),
                },
            )
        },
    ),
    "aws_s3_bucket_logging": Block(
        {
            "bucket": OPT,
            "expected_bucket_owner": OPT,
            "id": COMP,
            "target_bucket": OPT,
            "target_prefix": OPT,
        },
        {
            "target_grant": block("set", permission=OPT),
            "target_object_key_format": block(),
        },
    ),
    "aws_s3_bucket_policy": Block({"bucket": OPT, "id": COMP, "policy": OPT}),
    "aws_s3_bucket_public_access_block": Block(
        {
            "block_public_acls": D(False),
            "block_public_policy": D(False),
            "bucket": OPT,
            "id": COMP,
            "ignore_public_acls": D(False),
            "restrict_public_buckets": D(False),
        }
    ),
    "aws_s3_bucket_server_side_encryption_configuration": Block(
        {"bucket": OPT, "expected_bucket_owner": OPT, "id": COMP},
        {
            "rule": Block(
                {"bucket_key_enabled": OPT},
                {
                    "apply_server_side_encryption_by_default": block(
                        kms_master_key_id=OPT, sse_algorithm=OPT
                    )
                },
                nesting="set",
            )
        },
    ),
    "aws_s3_bucket_versioning": Block(
        {"bucket": OPT, "expected_bucket_owner": OPT, "id": COMP, "mfa": OPT},
        {"versioning_configuration": block(mfa_delete=COMP, status=OPT)},
    ),
    "aws_security_group": Block(
        {
            "arn": COMP,
            "description": D("Managed by Terraform"),
            "egress": COMP_SET,
            "id": COMP,
            "ingress": COMP_SET,
            "name": COMP,
            "name_prefix": COMP,
            "owner_id": COMP,
            "revoke_rules_on_delete": D(False),
            **TAGS,
            "vpc_id": COMP,
        },
        {"timeouts": Block({"create": OPT, "delete": OPT}, nesting="single")},
        version=1,
    ),
    "aws_security_group_rule": Block(
        {
            "cidr_blocks": OPT_LIST,
            "description": OPT,
            "from_port": OPT,
            "id": COMP,
            "ipv6_cidr_blocks": OPT_LIST,
            "prefix_list_ids": OPT_LIST,
            "protocol": OPT,
            "security_group_id": OPT,
            "security_group_rule_id": COMP,
            "self": D(False),
            "source_security_group_id": COMP,
            "to_port": OPT,
            "type": OPT,
        },
        {"timeouts": Block({"create": OPT}, nesting="single")},
        version=2,
    ),
    "aws_subnet": Block(
        {
            "arn": COMP,
            "assign_ipv6_address_on_creation": D(False),
            "availability_zone": COMP,
            "availability_zone_id": COMP,
            "cidr_block": OPT,
            "customer_owned_ipv4_pool": OPT,
            "enable_dns64": D(False),
            "enable_lni_at_device_index": OPT,
            "enable_resource_name_dns_a_record_on_launch": D(False),
            "enable_resource_name_dns_aaaa_record_on_launch": D(False),
            "id": COMP,
            "ipv6_cidr_block": OPT,
            "ipv6_cidr_block_association_id": COMP,
            "ipv6_native": D(False),
            "map_customer_owned_ip_on_launch": OPT,
            "map_public_ip_on_launch": D(False),
            "outpost_arn": OPT,
            "owner_id": COMP,
            "private_dns_hostname_type_on_launch": COMP,
            **TAGS,
            "vpc_id": OPT,
        },
        {"timeouts": Block({"create": OPT, "delete": OPT}, nesting="single")},
        version=1,
    ),
    "aws_vpc": Block(
        {
            "arn": COMP,
            "assign_generated_ipv6_cidr_block": OPT,
            "cidr_block": COMP,
            "default_network_acl_id": COMP,
            "default_route_table_id": COMP,
            "default_security_group_id": COMP,
            "dhcp_options_id": COMP,
            "enable_dns_hostnames": COMP,
            "enable_dns_support": D(True),
            "enable_network_address_usage_metrics": COMP,
            "id": COMP,
            "instance_tenancy": D("default"),
            "ipv4_ipam_pool_id": OPT,
            "ipv4_netmask_length": OPT,
            "ipv6_association_id": COMP,
            "ipv6_cidr_block": COMP,
            "ipv6_cidr_block_network_border_group": COMP,
            "ipv6_ipam_pool_id": OPT,
            "ipv6_netmask_length": OPT,
            "main_route_table_id": COMP,
            "owner_id": COMP,
            **TAGS,
        },
        version=1,
    ),
    "aws_vpc_security_group_ingress_rule": Block(
        {
            "arn": COMP,
            "cidr_ipv4": OPT,
            "cidr_ipv6": OPT,
            "description": OPT,
            "from_port": OPT,
            "id": COMP,
            "ip_protocol": OPT,
            "prefix_list_id": OPT,
            "referenced_security_group_id": OPT,
            "security_group_id": OPT,
            "security_group_rule_id": COMP,
            **TAGS,
            "to_port": OPT,
        }
    ),
}

# Nested attributes of blocks that are written as attributes: the fields an
# element of aws_security_group's ingress and egress sets has.
ATTRIBUTE_BLOCKS = {("aws_security_group", "ingress"), ("aws_security_group", "egress")}
