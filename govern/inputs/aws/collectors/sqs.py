"""SQS queues: encryption, access policy, retention, tags."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import document, fill, fill_tags, live
from govern.model.resource import Resource

QUEUE = "aws_sqs_queue"

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
