"""Customer managed KMS keys: rotation, key policy and tags.

``ListKeys`` returns only ids, so each key is described to learn whether the
customer manages it; AWS managed keys are not Terraform resources and are
left out, as are keys already scheduled for deletion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import (
    document,
    fill,
    fill_tags,
    live,
    mark_unknown,
    tag_map,
)
from govern.model.resource import Resource

KEY = "aws_kms_key"
_DESCRIBED = names(
    "description",
    "key_usage",
    "customer_master_key_spec",
    "is_enabled",
    "multi_region",
)
DESCRIBE = Detail("describe", Call("DescribeKey"), {KEY: _DESCRIBED})
ROTATION = Detail(
    "rotation",
    Call("GetKeyRotationStatus"),
    {KEY: names("enable_key_rotation", "rotation_period_in_days")},
    # Asymmetric and HMAC keys cannot rotate: the setting does not apply.
    absent=names("UnsupportedOperationException"),
)
POLICY = Detail("policy", Call("GetKeyPolicy"), {KEY: names("policy")})
TAGS = Detail(
    "tags", Call("ListResourceTags"), {KEY: names("tags", "tags_all", "@tags")}
)
_LEAVING = ("PendingDeletion", "PendingReplicaDeletion")


class Keys(Listed):
    """Customer managed keys of the region."""

    service = "kms"
    types = frozen({KEY: names("id", "key_id", "arn", *_DESCRIBED)})
    listing = (Call("ListKeys"), DESCRIBE.call)
    details = (ROTATION, POLICY, TAGS)
    method = "list_keys"
    key = "Keys"
    page_size = 1000
    chunk = 10

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        ident = item["KeyId"]
        values: dict[str, Any] = {"id": ident, "key_id": ident, "arn": item["KeyArn"]}
        key = live(ctx, KEY, item["KeyArn"], ident, values)
        described = ctx.fetch(DESCRIBE, "describe_key", KeyId=ident, always=True)
        if described.ok:
            metadata = described.data.get("KeyMetadata", {})
            if metadata.get("KeyManager") != "CUSTOMER":
                return []
            if metadata.get("KeyState") in _LEAVING:
                return []
            values.update(_metadata(metadata))
        else:
            mark_unknown(key, _DESCRIBED)
        rotation = ctx.fetch(ROTATION, "get_key_rotation_status", KeyId=ident)
        fill(key, ROTATION, rotation, _rotation, {"enable_key_rotation": False})
        policy = ctx.fetch(POLICY, "get_key_policy", KeyId=ident, PolicyName="default")
        fill(key, POLICY, policy, lambda d: {"policy": document(d.get("Policy"))})
        tags = ctx.fetch(TAGS, "list_resource_tags", KeyId=ident, Limit=50)
        fill_tags(
            key, TAGS, tags, lambda d: tag_map(d.get("Tags"), "TagKey", "TagValue")
        )
        return [key]


def _metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "description": metadata.get("Description", ""),
        "key_usage": metadata.get("KeyUsage"),
        "customer_master_key_spec": metadata.get("KeySpec")
        or metadata.get("CustomerMasterKeySpec"),
        "is_enabled": bool(metadata.get("Enabled")),
        "multi_region": bool(metadata.get("MultiRegion")),
    }


def _rotation(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "enable_key_rotation": bool(data.get("KeyRotationEnabled")),
        "rotation_period_in_days": data.get("RotationPeriodInDays"),
    }
