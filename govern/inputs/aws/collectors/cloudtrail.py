"""CloudTrail trails, each scanned in its home region, with logging status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import fill, live, mark_unknown, tag_map
from govern.model.resource import Resource

TRAIL = "aws_cloudtrail"
STATUS = Detail("status", Call("GetTrailStatus"), {TRAIL: names("enable_logging")})
TAGS = Detail("tags", Call("ListTags"), {TRAIL: names("tags", "tags_all", "@tags")})


class Trails(Collector):
    """Trails whose home region is the scanned region."""

    service = "cloudtrail"
    types = frozen(
        {
            TRAIL: names(
                "id",
                "name",
                "arn",
                "s3_bucket_name",
                "s3_key_prefix",
                "include_global_service_events",
                "is_multi_region_trail",
                "is_organization_trail",
                "enable_log_file_validation",
                "kms_key_id",
                "cloud_watch_logs_group_arn",
                "cloud_watch_logs_role_arn",
                "sns_topic_name",
                "home_region",
            )
        }
    )
    listing = (Call("DescribeTrails"),)
    details = (STATUS, TAGS)

    def discover(self, ctx: Context) -> list[Any]:
        # Shadow trails are other regions' multi-region trails: scanned there.
        answer = ctx.call("describe_trails", includeShadowTrails=False)
        return [
            t
            for t in answer.get("trailList", [])
            if t.get("HomeRegion", ctx.region) == ctx.region
        ]

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        trails = [_trail(ctx, item) for item in items]
        tags = ctx.fetch(TAGS, "list_tags", ResourceIdList=[t.address for t in trails])
        by_arn = {
            entry["ResourceId"]: tag_map(entry.get("TagsList"))
            for entry in tags.data.get("ResourceTagList", [])
        }
        for trail in trails:
            if tags.ok:
                found = by_arn.get(trail.address, {})
                trail.values["tags"] = trail.values["tags_all"] = found
                trail.tags = found
            else:
                mark_unknown(trail, TAGS.fills[TRAIL])
        return trails


def _trail(ctx: Context, item: Mapping[str, Any]) -> Resource:
    arn = item["TrailARN"]
    values = {
        "id": arn,
        "name": item["Name"],
        "arn": arn,
        "s3_bucket_name": item.get("S3BucketName"),
        "s3_key_prefix": item.get("S3KeyPrefix") or "",
        "include_global_service_events": bool(item.get("IncludeGlobalServiceEvents")),
        "is_multi_region_trail": bool(item.get("IsMultiRegionTrail")),
        "is_organization_trail": bool(item.get("IsOrganizationTrail")),
        "enable_log_file_validation": bool(item.get("LogFileValidationEnabled")),
        "kms_key_id": item.get("KmsKeyId") or "",
        "cloud_watch_logs_group_arn": item.get("CloudWatchLogsLogGroupArn") or "",
        "cloud_watch_logs_role_arn": item.get("CloudWatchLogsRoleArn") or "",
        "sns_topic_name": item.get("SnsTopicName") or "",
        "home_region": item.get("HomeRegion"),
    }
    trail = live(ctx, TRAIL, arn, item["Name"], values)
    status = ctx.fetch(STATUS, "get_trail_status", Name=arn)
    fill(trail, STATUS, status, lambda d: {"enable_logging": bool(d.get("IsLogging"))})
    return trail
