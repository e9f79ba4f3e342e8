"""CloudWatch log groups: retention, encryption and tags."""

from __future__ import annotations

from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import fill_tags, live
from govern.model.resource import Resource

GROUP = "aws_cloudwatch_log_group"
TAGS = Detail(
    "tags",
    Call("ListTagsForResource"),
    {GROUP: names("tags", "tags_all", "@tags")},
)


class LogGroups(Listed):
    """Log groups of the region."""

    service = "logs"
    types = frozen(
        {
            GROUP: names(
                "id",
                "name",
                "arn",
                "retention_in_days",
                "kms_key_id",
                "log_group_class",
            )
        }
    )
    listing = (Call("DescribeLogGroups"),)
    details = (TAGS,)
    method = "describe_log_groups"
    key = "logGroups"
    page_size = 50

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        name = item["logGroupName"]
        # DescribeLogGroups gives the ARN with a ":*" suffix; Terraform and the
        # tagging calls use it without.
        arn = str(item.get("arn") or ctx.arn("logs", f"log-group:{name}"))
        arn = arn.removesuffix(":*")
        values = {
            "id": name,
            "name": name,
            "arn": arn,
            # A group without retention keeps events forever: 0 in Terraform.
            "retention_in_days": item.get("retentionInDays", 0),
            "kms_key_id": item.get("kmsKeyId") or "",
            "log_group_class": item.get("logGroupClass", "STANDARD"),
        }
        group = live(ctx, GROUP, arn, name, values)
        tags = ctx.fetch(TAGS, "list_tags_for_resource", resourceArn=arn)
        fill_tags(group, TAGS, tags, lambda d: d.get("tags") or {})
        return [group]
