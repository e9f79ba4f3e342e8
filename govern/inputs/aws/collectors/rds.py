"""RDS DB instances, Aurora clusters and the instances inside clusters.

An instance that belongs to a cluster is an ``aws_rds_cluster_instance``, as
in Terraform: backups, encryption and deletion protection are the cluster's.
Neptune and DocumentDB share these APIs but have their own Terraform types,
so they are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call
from govern.inputs.aws.shape import live, tag_map
from govern.model.resource import Resource

_OTHER_ENGINES = ("neptune", "docdb")
_COMMON = (
    "arn",
    "engine",
    "engine_version",
    "storage_encrypted",
    "kms_key_id",
    "copy_tags_to_snapshot",
    "tags",
    "tags_all",
    "@tags",
)
_INSTANCE = (
    "identifier",
    "instance_class",
    "publicly_accessible",
    "auto_minor_version_upgrade",
    "performance_insights_enabled",
    "monitoring_interval",
    "ca_cert_identifier",
)


class DbInstances(Listed):
    """DB instances, standalone or members of a cluster."""

    service = "rds"
    types = frozen(
        {
            "aws_db_instance": names(
                *_COMMON,
                *_INSTANCE,
                "id",
                "resource_id",
                "allocated_storage",
                "storage_type",
                "multi_az",
                "backup_retention_period",
                "deletion_protection",
                "iam_database_authentication_enabled",
                "enabled_cloudwatch_logs_exports",
                "db_subnet_group_name",
                "vpc_security_group_ids",
                "port",
                "username",
            ),
            "aws_rds_cluster_instance": names(
                *_COMMON, *_INSTANCE, "cluster_identifier"
            ),
        }
    )
    listing = (Call("DescribeDBInstances"),)
    method = "describe_db_instances"
    key = "DBInstances"
    page_size = 100
    chunk = 100

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        if str(item.get("Engine", "")).startswith(_OTHER_ENGINES):
            return []
        ident = item["DBInstanceIdentifier"]
        values = _instance_values(item)
        if item.get("DBClusterIdentifier"):
            kind = "aws_rds_cluster_instance"
            values["cluster_identifier"] = item["DBClusterIdentifier"]
        else:
            kind = "aws_db_instance"
            values.update(_standalone_values(item))
        tags = tag_map(item.get("TagList"))
        return [live(ctx, kind, item["DBInstanceArn"], ident, values, tags)]


def _instance_values(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": item["DBInstanceIdentifier"],
        "identifier": item["DBInstanceIdentifier"],
        "arn": item["DBInstanceArn"],
        "engine": item.get("Engine"),
        "engine_version": item.get("EngineVersion"),
        "instance_class": item.get("DBInstanceClass"),
        "storage_encrypted": bool(item.get("StorageEncrypted")),
        "kms_key_id": item.get("KmsKeyId") or "",
        "publicly_accessible": bool(item.get("PubliclyAccessible")),
        "auto_minor_version_upgrade": bool(item.get("AutoMinorVersionUpgrade")),
        "performance_insights_enabled": bool(item.get("PerformanceInsightsEnabled")),
        "monitoring_interval": item.get("MonitoringInterval", 0),
        "ca_cert_identifier": item.get("CACertificateIdentifier"),
        "copy_tags_to_snapshot": bool(item.get("CopyTagsToSnapshot")),
    }


def _standalone_values(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "resource_id": item.get("DbiResourceId"),
        "allocated_storage": item.get("AllocatedStorage"),
        "storage_type": item.get("StorageType"),
        "multi_az": bool(item.get("MultiAZ")),
        "backup_retention_period": item.get("BackupRetentionPeriod", 0),
        "deletion_protection": bool(item.get("DeletionProtection")),
        "iam_database_authentication_enabled": bool(
            item.get("IAMDatabaseAuthenticationEnabled")
        ),
        "enabled_cloudwatch_logs_exports": list(
            item.get("EnabledCloudwatchLogsExports", [])
        ),
        "db_subnet_group_name": item.get("DBSubnetGroup", {}).get("DBSubnetGroupName"),
        "vpc_security_group_ids": [
            g["VpcSecurityGroupId"] for g in item.get("VpcSecurityGroups", [])
        ],
        "port": item.get("Endpoint", {}).get("Port"),
        "username": item.get("MasterUsername"),
        "parameter_group_name": next(
            (g.get("DBParameterGroupName") for g in item.get("DBParameterGroups", [])),
            None,
        ),
    }


class DbClusters(Listed):
    """Aurora and Multi-AZ DB clusters."""

    service = "rds"
    types = frozen(
        {
            "aws_rds_cluster": names(
                *_COMMON,
                "id",
                "cluster_identifier",
                "engine_mode",
                "backup_retention_period",
                "deletion_protection",
                "iam_database_authentication_enabled",
                "enabled_cloudwatch_logs_exports",
                "availability_zones",
                "db_cluster_instance_class",
                "master_username",
                "port",
                "vpc_security_group_ids",
            )
        }
    )
    listing = (Call("DescribeDBClusters"),)
    method = "describe_db_clusters"
    key = "DBClusters"
    page_size = 100
    chunk = 100

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        if str(item.get("Engine", "")).startswith(_OTHER_ENGINES):
            return []
        ident = item["DBClusterIdentifier"]
        values = {
            "id": ident,
            "cluster_identifier": ident,
            "arn": item["DBClusterArn"],
            "engine": item.get("Engine"),
            "engine_version": item.get("EngineVersion"),
            "engine_mode": item.get("EngineMode"),
            "storage_encrypted": bool(item.get("StorageEncrypted")),
            "kms_key_id": item.get("KmsKeyId") or "",
            "backup_retention_period": item.get("BackupRetentionPeriod", 0),
            "deletion_protection": bool(item.get("DeletionProtection")),
            "iam_database_authentication_enabled": bool(
                item.get("IAMDatabaseAuthenticationEnabled")
            ),
            "enabled_cloudwatch_logs_exports": list(
                item.get("EnabledCloudwatchLogsExports", [])
            ),
            "copy_tags_to_snapshot": bool(item.get("CopyTagsToSnapshot")),
            "availability_zones": sorted(item.get("AvailabilityZones", [])),
            "db_cluster_instance_class": item.get("DBClusterInstanceClass"),
            "master_username": item.get("MasterUsername"),
            "port": item.get("Port"),
            "vpc_security_group_ids": [
                g["VpcSecurityGroupId"] for g in item.get("VpcSecurityGroups", [])
            ],
        }
        tags = tag_map(item.get("TagList"))
        return [live(ctx, "aws_rds_cluster", values["arn"], ident, values, tags)]
