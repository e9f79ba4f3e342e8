"""SNS topics and SQS queues: encryption, access policies, tags."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import document, fill, fill_tags, live, tag_map
from govern.model.resource import Resource

TOPIC = "aws_sns_topic"
QUEUE = "aws_sqs_queue"
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
QUEUE_ATTRIBUTES = Detail(
    "attributes",
    Call("GetQueueAttributes"),
    {
        QUEUE: names(
            "kms_master_key_id",
            "kms_data_key_reuse_period_seconds",
            "sqs_managed_sse_enabled",
            "policy",
            "message_retention_seconds",
            "visibility_timeout_seconds",
            "delay_seconds",
            "max_message_size",
            "receive_wait_time_seconds",
            "fifo_queue",
            "redrive_policy",
        )
    },
)
QUEUE_TAGS = Detail(
    "tags", Call("ListQueueTags"), {QUEUE: names("tags", "tags_all", "@tags")}
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


class Queues(Listed):
    """SQS queues of the region."""

    service = "sqs"
    types = frozen({QUEUE: names("id", "url", "arn", "name")})
    listing = (Call("ListQueues"),)
    details = (QUEUE_ATTRIBUTES, QUEUE_TAGS)
    method = "list_queues"
    key = "QueueUrls"
    page_size = 1000
    chunk = 10

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        url = str(item)
        name = url.rstrip("/").rsplit("/", 1)[-1]
        arn = ctx.arn("sqs", name)
        values = {"id": url, "url": url, "arn": arn, "name": name}
        queue = live(ctx, QUEUE, arn, name, values)
        attributes = ctx.fetch(
            QUEUE_ATTRIBUTES,
            "get_queue_attributes",
            QueueUrl=url,
            AttributeNames=["All"],
        )
        fill(queue, QUEUE_ATTRIBUTES, attributes, _queue)
        tags = ctx.fetch(QUEUE_TAGS, "list_queue_tags", QueueUrl=url)
        fill_tags(queue, QUEUE_TAGS, tags, lambda d: d.get("Tags") or {})
        return [queue]


def _queue(data: Mapping[str, Any]) -> dict[str, Any]:
    found = data.get("Attributes", {})

    def number(key: str) -> int | None:
        value = found.get(key)
        return int(value) if value not in (None, "") else None

    return {
        "kms_master_key_id": found.get("KmsMasterKeyId") or "",
        "kms_data_key_reuse_period_seconds": number("KmsDataKeyReusePeriodSeconds"),
        "sqs_managed_sse_enabled": str(found.get("SqsManagedSseEnabled", "false"))
        .lower()
        .strip()
        == "true",
        "policy": document(found.get("Policy")),
        "message_retention_seconds": number("MessageRetentionPeriod"),
        "visibility_timeout_seconds": number("VisibilityTimeout"),
        "delay_seconds": number("DelaySeconds"),
        "max_message_size": number("MaximumMessageSize"),
        "receive_wait_time_seconds": number("ReceiveMessageWaitTimeSeconds"),
        "fifo_queue": str(found.get("FifoQueue", "false")).lower() == "true",
        "redrive_policy": document(found.get("RedrivePolicy")),
    }
