"""S3 buckets, and the resources Terraform splits off a bucket.

Buckets are listed per region (``ListBuckets`` with ``BucketRegion``), so each
one is scanned once, in its own region, with a client of that region. Each
setting fills the legacy inline attribute of ``aws_s3_bucket`` *and* becomes
its own resource (``aws_s3_bucket_versioning``...) whose ``bucket`` is the
bucket name, so policies written either way hold.

Per bucket, a scan makes at most one call per setting the policies read:
ACL, policy, public access block, encryption, versioning, logging and
lifecycle. Tags come from the Resource Groups Tagging API in pages of 100
buckets instead of one ``GetBucketTagging`` per bucket.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govern.inputs.aws.collectors.base import frozen, names
from govern.inputs.aws.collectors.s3_shapes import (
    NO_VERSIONING,
    access_block_values,
    acl_values,
    encryption_values,
    legacy_acl,
    legacy_encryption,
    legacy_lifecycle,
    legacy_logging,
    legacy_versioning,
    lifecycle_values,
    logging_values,
    policy_values,
    versioning_values,
)
from govern.inputs.aws.context import ABSENT, Answer, Context
from govern.inputs.aws.errors import CALL_ERRORS
from govern.inputs.aws.public import UNKNOWN, bucket_public
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import (
    Convert,
    fill,
    live,
    mark_known,
    mark_unknown,
    part,
)
from govern.model.resource import Resource

BUCKET = "aws_s3_bucket"


ACL = Detail(
    "acl",
    Call("GetBucketAcl"),
    {
        BUCKET: names("acl", "grant", "public"),
        "aws_s3_bucket_acl": names("bucket", "acl", "access_control_policy"),
    },
    emits=names("aws_s3_bucket_acl"),
)
POLICY = Detail(
    "policy",
    Call("GetBucketPolicy"),
    {
        BUCKET: names("policy", "public"),
        "aws_s3_bucket_policy": names("bucket", "policy"),
    },
    emits=names("aws_s3_bucket_policy"),
)
ACCESS_BLOCK = Detail(
    "public_access_block",
    Call("GetPublicAccessBlock", action="s3:GetBucketPublicAccessBlock"),
    {
        BUCKET: names("public"),
        "aws_s3_bucket_public_access_block": names(
            "bucket",
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ),
    },
    emits=names("aws_s3_bucket_public_access_block"),
)
ENCRYPTION = Detail(
    "encryption",
    Call("GetBucketEncryption", action="s3:GetEncryptionConfiguration"),
    {
        BUCKET: names("server_side_encryption_configuration"),
        "aws_s3_bucket_server_side_encryption_configuration": names("bucket", "rule"),
    },
    emits=names("aws_s3_bucket_server_side_encryption_configuration"),
)
VERSIONING = Detail(
    "versioning",
    Call("GetBucketVersioning"),
    {
        BUCKET: names("versioning"),
        "aws_s3_bucket_versioning": names("bucket", "versioning_configuration"),
    },
    emits=names("aws_s3_bucket_versioning"),
)
LOGGING = Detail(
    "logging",
    Call("GetBucketLogging"),
    {
        BUCKET: names("logging"),
        "aws_s3_bucket_logging": names("bucket", "target_bucket", "target_prefix"),
    },
    emits=names("aws_s3_bucket_logging"),
)
LIFECYCLE = Detail(
    "lifecycle",
    Call("GetBucketLifecycleConfiguration", action="s3:GetLifecycleConfiguration"),
    {
        BUCKET: names("lifecycle_rule"),
        "aws_s3_bucket_lifecycle_configuration": names("bucket", "rule"),
    },
    emits=names("aws_s3_bucket_lifecycle_configuration"),
)
TAGS = Detail(
    "tags",
    Call("GetResources", service="resourcegroupstaggingapi"),
    {BUCKET: names("tags", "tags_all", "@tags")},
)


class Buckets(Collector):
    """S3 buckets of one region, with their settings."""

    service = "s3"
    types = frozen(
        {
            BUCKET: names("bucket", "id", "arn", "region", "bucket_domain_name"),
            "aws_s3_bucket_acl": names(),
            "aws_s3_bucket_policy": names(),
            "aws_s3_bucket_public_access_block": names(),
            "aws_s3_bucket_server_side_encryption_configuration": names(),
            "aws_s3_bucket_versioning": names(),
            "aws_s3_bucket_logging": names(),
            "aws_s3_bucket_lifecycle_configuration": names(),
        }
    )
    listing = (Call("ListBuckets", action="s3:ListAllMyBuckets"),)
    chunk = 4  # up to seven calls per bucket: small chunks keep workers busy
    details = (
        ACL,
        POLICY,
        ACCESS_BLOCK,
        ENCRYPTION,
        VERSIONING,
        LOGGING,
        LIFECYCLE,
        TAGS,
    )

    def discover(self, ctx: Context) -> list[Any]:
        buckets = list(
            ctx.pages(
                "list_buckets", "Buckets", page_size=1000, BucketRegion=ctx.region
            )
        )
        tags = _region_tags(ctx)
        return [(bucket["Name"], tags) for bucket in buckets]

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        found: list[Resource] = []
        for name, tags in items:
            found.extend(_bucket(ctx, name, tags))
        return found


def _region_tags(ctx: Context) -> Answer:
    """Tags of every tagged bucket in the region, by ARN, in pages of 100."""
    if TAGS.key not in ctx.wanted:
        return Answer("skipped")
    tagging = ctx.other("resourcegroupstaggingapi")
    try:
        mappings = list(
            ctx.pages(
                "get_resources",
                "ResourceTagMappingList",
                client=tagging,
                page_size=100,
                ResourceTypeFilters=["s3"],
            )
        )
    except CALL_ERRORS as error:
        return ctx.refused(TAGS, error)
    by_arn = {m["ResourceARN"]: m.get("Tags", []) for m in mappings}
    return Answer("ok", by_arn)


@dataclass(frozen=True, slots=True)
class _Setting:
    """One bucket setting: its call, its own resource, its inline attributes."""

    detail: Detail
    method: str
    kind: str
    values: Convert
    legacy: Convert
    configured_by: str | None = None
    """Key whose absence from the answer means "never configured"."""
    legacy_absent: Mapping[str, Any] | None = None


_SETTINGS = (
    _Setting(ACL, "get_bucket_acl", "aws_s3_bucket_acl", acl_values, legacy_acl),
    _Setting(
        POLICY,
        "get_bucket_policy",
        "aws_s3_bucket_policy",
        policy_values,
        policy_values,
    ),
    _Setting(
        ACCESS_BLOCK,
        "get_public_access_block",
        "aws_s3_bucket_public_access_block",
        access_block_values,
        lambda _: {},
    ),
    _Setting(
        ENCRYPTION,
        "get_bucket_encryption",
        "aws_s3_bucket_server_side_encryption_configuration",
        encryption_values,
        legacy_encryption,
    ),
    _Setting(
        VERSIONING,
        "get_bucket_versioning",
        "aws_s3_bucket_versioning",
        versioning_values,
        legacy_versioning,
        "Status",
        NO_VERSIONING,
    ),
    _Setting(
        LOGGING,
        "get_bucket_logging",
        "aws_s3_bucket_logging",
        logging_values,
        legacy_logging,
        "LoggingEnabled",
        {"logging": []},
    ),
    _Setting(
        LIFECYCLE,
        "get_bucket_lifecycle_configuration",
        "aws_s3_bucket_lifecycle_configuration",
        lifecycle_values,
        legacy_lifecycle,
        None,
        {"lifecycle_rule": []},
    ),
)


def _bucket(ctx: Context, name: str, region_tags: Answer) -> list[Resource]:
    arn = f"arn:{ctx.partition}:s3:::{name}"
    values: dict[str, Any] = {
        "bucket": name,
        "id": name,
        "arn": arn,
        "region": ctx.region,
        "bucket_domain_name": f"{name}.s3.amazonaws.com",
    }
    bucket = live(ctx, BUCKET, arn, name, values)
    _tags(bucket, region_tags)
    answers = {s.detail.key: _ask(ctx, s, name) for s in _SETTINGS}
    for setting in _SETTINGS:
        answer = answers[setting.detail.key]
        fill(bucket, setting.detail, answer, setting.legacy, setting.legacy_absent)
    _public(bucket, answers["acl"], answers["policy"], answers["public_access_block"])

    link = {"bucket": name, "id": name}
    parts = [
        part(ctx, bucket, s.detail, answers[s.detail.key], s.kind, link, s.values)
        for s in _SETTINGS
    ]
    return [bucket, *(p for p in parts if p is not None)]


def _ask(ctx: Context, setting: _Setting, name: str) -> Answer:
    answer = ctx.fetch(setting.detail, setting.method, Bucket=name)
    if setting.configured_by is None:
        return answer
    return _configured(answer, setting.configured_by)


def _configured(answer: Answer, key: str) -> Answer:
    """S3 answers "never configured" with an empty document, not an error."""
    return ABSENT if answer.ok and not answer.data.get(key) else answer


def _tags(bucket: Resource, region_tags: Answer) -> None:
    if region_tags.ok:
        tags = {
            str(t["Key"]): str(t.get("Value", ""))
            for t in region_tags.data.get(bucket.address, [])
        }
        bucket.values["tags"] = bucket.values["tags_all"] = tags
        bucket.tags = tags
    else:
        mark_unknown(bucket, TAGS.fills[BUCKET])


def _public(bucket: Resource, acl: Answer, policy: Answer, block: Answer) -> None:
    if not {"acl", "policy", "public_access_block"} & _asked(acl, policy, block):
        return
    public = bucket_public(
        _input(acl, "Grants"),
        _input(policy, "Policy"),
        _input(block, "PublicAccessBlockConfiguration"),
    )
    if public is None:
        mark_unknown(bucket, ["public"])
    else:
        mark_known(bucket, "public")
        bucket.values["public"] = public


def _asked(acl: Answer, policy: Answer, block: Answer) -> set[str]:
    answers = {"acl": acl, "policy": policy, "public_access_block": block}
    return {name for name, answer in answers.items() if answer.state != "skipped"}


def _input(answer: Answer, key: str) -> Any:
    if answer.ok:
        return answer.data.get(key)
    return None if answer.state == "absent" else UNKNOWN
