"""DynamoDB tables: point-in-time recovery, deletion protection, encryption."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import fill, fill_tags, live, mark_unknown, tag_map
from govern.model.resource import Resource

TABLE = "aws_dynamodb_table"
_DESCRIBED = names(
    "arn",
    "billing_mode",
    "hash_key",
    "range_key",
    "read_capacity",
    "write_capacity",
    "deletion_protection_enabled",
    "stream_enabled",
    "stream_view_type",
    "table_class",
    "server_side_encryption",
    "replica",
)
DESCRIBE = Detail("describe", Call("DescribeTable"), {TABLE: _DESCRIBED})
BACKUPS = Detail(
    "backups",
    Call("DescribeContinuousBackups"),
    {TABLE: names("point_in_time_recovery")},
)
TAGS = Detail(
    "tags", Call("ListTagsOfResource"), {TABLE: names("tags", "tags_all", "@tags")}
)


class Tables(Listed):
    """Tables of the region."""

    service = "dynamodb"
    types = frozen({TABLE: names("id", "name", *_DESCRIBED)})
    listing = (Call("ListTables"), DESCRIBE.call)
    details = (BACKUPS, TAGS)
    method = "list_tables"
    key = "TableNames"
    page_size = 100
    chunk = 10

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        name = str(item)
        arn = ctx.arn("dynamodb", f"table/{name}")
        values: dict[str, Any] = {"id": name, "name": name, "arn": arn}
        table = live(ctx, TABLE, arn, name, values)
        described = ctx.fetch(DESCRIBE, "describe_table", TableName=name, always=True)
        if described.ok:
            values.update(_described(described.data.get("Table", {})))
        else:
            mark_unknown(table, _DESCRIBED - {"arn"})
        backups = ctx.fetch(BACKUPS, "describe_continuous_backups", TableName=name)
        fill(table, BACKUPS, backups, _recovery)
        tags = ctx.fetch(TAGS, "list_tags_of_resource", ResourceArn=arn)
        fill_tags(table, TAGS, tags, lambda d: tag_map(d.get("Tags")))
        return [table]


def _described(table: Mapping[str, Any]) -> dict[str, Any]:
    keys = {k["KeyType"]: k["AttributeName"] for k in table.get("KeySchema", [])}
    throughput = table.get("ProvisionedThroughput", {})
    stream = table.get("StreamSpecification", {})
    encryption = table.get("SSEDescription", {})
    return {
        "arn": table.get("TableArn"),
        "billing_mode": table.get("BillingModeSummary", {}).get(
            "BillingMode", "PROVISIONED"
        ),
        "hash_key": keys.get("HASH"),
        "range_key": keys.get("RANGE"),
        "read_capacity": throughput.get("ReadCapacityUnits"),
        "write_capacity": throughput.get("WriteCapacityUnits"),
        "deletion_protection_enabled": bool(table.get("DeletionProtectionEnabled")),
        "stream_enabled": bool(stream.get("StreamEnabled")),
        "stream_view_type": stream.get("StreamViewType") or "",
        "table_class": table.get("TableClassSummary", {}).get("TableClass", "STANDARD"),
        "server_side_encryption": [
            {
                "enabled": encryption.get("Status") in ("ENABLED", "ENABLING"),
                "kms_key_arn": encryption.get("KMSMasterKeyArn") or "",
            }
        ],
        "replica": [_replica(r) for r in table.get("Replicas", [])],
    }


def _replica(replica: Mapping[str, Any]) -> dict[str, Any]:
    """One region of a global table (version 2019.11.21), as Terraform lists it."""
    return {
        "region_name": replica.get("RegionName"),
        "arn": replica.get("ReplicaArn") or "",
        "kms_key_arn": replica.get("KMSMasterKeyId") or "",
    }


def _recovery(data: Mapping[str, Any]) -> dict[str, Any]:
    description = data.get("ContinuousBackupsDescription", {})
    recovery = description.get("PointInTimeRecoveryDescription", {})
    return {
        "point_in_time_recovery": [
            {
                "enabled": recovery.get("PointInTimeRecoveryStatus") == "ENABLED",
                "recovery_period_in_days": recovery.get("RecoveryPeriodInDays"),
            }
        ]
    }
