"""SNS topics: encryption, access policy, tags."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import document, fill, fill_tags, live, tag_map
from govern.model.resource import Resource

TOPIC = "aws_sns_topic"

TOPIC_ATTRIBUTES = Detail(
    "attributes",
    Call("GetTopicAttributes"),
    {TOPIC: names("kms_master_key_id", "policy", "display_name", "fifo_topic")},
)
TOPIC_TAGS = Detail(
    "tags",
    Call("ListTagsForResource"),
    {TOPIC: names("tags", "tags_all", "@tags")},
)


class Topics(Listed):
    """SNS topics of the region."""

    service = "sns"
    types = frozen({TOPIC: names("id", "arn", "name")})
    listing = (Call("ListTopics"),)
    details = (TOPIC_ATTRIBUTES, TOPIC_TAGS)
    method = "list_topics"
    key = "Topics"
    chunk = 10

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        arn = item["TopicArn"]
        name = arn.rsplit(":", 1)[-1]
        topic = live(ctx, TOPIC, arn, name, {"id": arn, "arn": arn, "name": name})
        attributes = ctx.fetch(TOPIC_ATTRIBUTES, "get_topic_attributes", TopicArn=arn)
        fill(topic, TOPIC_ATTRIBUTES, attributes, _topic)
        tags = ctx.fetch(TOPIC_TAGS, "list_tags_for_resource", ResourceArn=arn)
        fill_tags(topic, TOPIC_TAGS, tags, lambda d: tag_map(d.get("Tags")))
        return [topic]


def _topic(data: Mapping[str, Any]) -> dict[str, Any]:
    found = data.get("Attributes", {})
    return {
        "kms_master_key_id": found.get("KmsMasterKeyId") or "",
        "policy": document(found.get("Policy")),
        "display_name": found.get("DisplayName") or "",
        "fifo_topic": str(found.get("FifoTopic", "false")).lower() == "true",
    }
