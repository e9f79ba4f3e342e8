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
from typing import Any

from govern.inputs.aws.collectors.base import frozen
from govern.inputs.aws.context import ABSENT, Answer, Context
from govern.inputs.aws.errors import CALL_ERRORS
from govern.inputs.aws.public import UNKNOWN, bucket_public
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import (
    document,
    fill,
    iso,
    live,
    mark_known,
    mark_unknown,
    part,
)
from govern.model.resource import Resource

BUCKET = "aws_s3_bucket"
_ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
_AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
_LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
_CANNED: dict[frozenset[tuple[str, str]], str] = {
    frozenset(): "private",
    frozenset({(_ALL_USERS, "READ")}): "public-read",
    frozenset({(_ALL_USERS, "READ"), (_ALL_USERS, "WRITE")}): "public-read-write",
    frozenset({(_AUTHENTICATED, "READ")}): "authenticated-read",
    frozenset({(_LOG_DELIVERY, "WRITE"), (_LOG_DELIVERY, "READ_ACP")}): (
        "log-delivery-write"
    ),
}


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


ACL = Detail(
    "acl",
    Call("GetBucketAcl"),
    {
        BUCKET: _f("acl", "grant", "public"),
        "aws_s3_bucket_acl": _f("bucket", "acl", "access_control_policy"),
    },
    emits=_f("aws_s3_bucket_acl"),
)
POLICY = Detail(
    "policy",
    Call("GetBucketPolicy"),
    {BUCKET: _f("policy", "public"), "aws_s3_bucket_policy": _f("bucket", "policy")},
    emits=_f("aws_s3_bucket_policy"),
)
ACCESS_BLOCK = Detail(
    "public_access_block",
    Call("GetPublicAccessBlock", action="s3:GetBucketPublicAccessBlock"),
    {
        BUCKET: _f("public"),
        "aws_s3_bucket_public_access_block": _f(
            "bucket",
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ),
    },
    emits=_f("aws_s3_bucket_public_access_block"),
)
ENCRYPTION = Detail(
    "encryption",
    Call("GetBucketEncryption", action="s3:GetEncryptionConfiguration"),
    {
        BUCKET: _f("server_side_encryption_configuration"),
        "aws_s3_bucket_server_side_encryption_configuration": _f("bucket", "rule"),
    },
    emits=_f("aws_s3_bucket_server_side_encryption_configuration"),
)
VERSIONING = Detail(
    "versioning",
    Call("GetBucketVersioning"),
    {
        BUCKET: _f("versioning"),
        "aws_s3_bucket_versioning": _f("bucket", "versioning_configuration"),
    },
    emits=_f("aws_s3_bucket_versioning"),
)
LOGGING = Detail(
    "logging",
    Call("GetBucketLogging"),
    {
        BUCKET: _f("logging"),
        "aws_s3_bucket_logging": _f("bucket", "target_bucket", "target_prefix"),
    },
    emits=_f("aws_s3_bucket_logging"),
)
LIFECYCLE = Detail(
    "lifecycle",
    Call("GetBucketLifecycleConfiguration", action="s3:GetLifecycleConfiguration"),
    {
        BUCKET: _f("lifecycle_rule"),
        "aws_s3_bucket_lifecycle_configuration": _f("bucket", "rule"),
    },
    emits=_f("aws_s3_bucket_lifecycle_configuration"),
)
TAGS = Detail(
    "tags",
    Call("GetResources", service="resourcegroupstaggingapi"),
    {BUCKET: _f("tags", "tags_all", "@tags")},
)


class Buckets(Collector):
    """S3 buckets of one region, with their settings."""

    service = "s3"
    types = frozen(
        {
            BUCKET: _f("bucket", "id", "arn", "region", "bucket_domain_name"),
            "aws_s3_bucket_acl": _f(),
            "aws_s3_bucket_policy": _f(),
            "aws_s3_bucket_public_access_block": _f(),
            "aws_s3_bucket_server_side_encryption_configuration": _f(),
            "aws_s3_bucket_versioning": _f(),
            "aws_s3_bucket_logging": _f(),
            "aws_s3_bucket_lifecycle_configuration": _f(),
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
    link = {"bucket": name, "id": name}
    acl = ctx.fetch(ACL, "get_bucket_acl", Bucket=name)
    policy = ctx.fetch(POLICY, "get_bucket_policy", Bucket=name)
    block = ctx.fetch(ACCESS_BLOCK, "get_public_access_block", Bucket=name)
    encryption = ctx.fetch(ENCRYPTION, "get_bucket_encryption", Bucket=name)
    versioning = _configured(
        ctx.fetch(VERSIONING, "get_bucket_versioning", Bucket=name), "Status"
    )
    logging = _configured(
        ctx.fetch(LOGGING, "get_bucket_logging", Bucket=name), "LoggingEnabled"
    )
    lifecycle = ctx.fetch(LIFECYCLE, "get_bucket_lifecycle_configuration", Bucket=name)

    fill(bucket, ACL, acl, _legacy_acl)
    fill(bucket, POLICY, policy, lambda d: {"policy": document(d.get("Policy"))})
    fill(bucket, ENCRYPTION, encryption, _legacy_encryption)
    fill(bucket, VERSIONING, versioning, _legacy_versioning, _NO_VERSIONING)
    fill(bucket, LOGGING, logging, _legacy_logging, {"logging": []})
    fill(bucket, LIFECYCLE, lifecycle, _legacy_lifecycle, {"lifecycle_rule": []})
    _public(bucket, acl, policy, block)

    parts = [
        part(ctx, bucket, ACL, acl, "aws_s3_bucket_acl", link, _acl_resource),
        part(ctx, bucket, POLICY, policy, "aws_s3_bucket_policy", link, _policy),
        part(
            ctx,
            bucket,
            ACCESS_BLOCK,
            block,
            "aws_s3_bucket_public_access_block",
            link,
            _access_block,
        ),
        part(
            ctx,
            bucket,
            ENCRYPTION,
            encryption,
            "aws_s3_bucket_server_side_encryption_configuration",
            link,
            lambda d: {"rule": _encryption_rules(d)},
        ),
        part(
            ctx,
            bucket,
            VERSIONING,
            versioning,
            "aws_s3_bucket_versioning",
            link,
            _versioning,
        ),
        part(ctx, bucket, LOGGING, logging, "aws_s3_bucket_logging", link, _logging),
        part(
            ctx,
            bucket,
            LIFECYCLE,
            lifecycle,
            "aws_s3_bucket_lifecycle_configuration",
            link,
            lambda d: {"rule": [_lifecycle_rule(r) for r in d.get("Rules", [])]},
        ),
    ]
    return [bucket, *(p for p in parts if p is not None)]


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


_NO_VERSIONING = {"versioning": [{"enabled": False, "mfa_delete": False}]}


def _canned(data: Mapping[str, Any]) -> str | None:
    owner = data.get("Owner", {}).get("ID")
    others = set()
    for grant in data.get("Grants", []):
        grantee = grant.get("Grantee", {})
        if grantee.get("ID") == owner and grant.get("Permission") == "FULL_CONTROL":
            continue
        others.add((grantee.get("URI") or grantee.get("ID") or "", grant["Permission"]))
    return _CANNED.get(frozenset(others))


def _legacy_acl(data: Mapping[str, Any]) -> dict[str, Any]:
    grouped: dict[tuple[str | None, str | None, str], list[str]] = {}
    for grant in data.get("Grants", []):
        grantee = grant.get("Grantee", {})
        key = (grantee.get("ID"), grantee.get("URI"), grantee.get("Type", ""))
        grouped.setdefault(key, []).append(grant.get("Permission", ""))
    grants = [
        {"id": ident, "uri": uri, "type": kind, "permissions": sorted(permissions)}
        for (ident, uri, kind), permissions in grouped.items()
    ]
    return {"acl": _canned(data), "grant": grants}


def _acl_resource(data: Mapping[str, Any]) -> dict[str, Any]:
    owner = data.get("Owner", {})
    grants = [
        {
            "grantee": [
                {
                    "id": g.get("Grantee", {}).get("ID"),
                    "type": g.get("Grantee", {}).get("Type"),
                    "uri": g.get("Grantee", {}).get("URI"),
                    "email_address": g.get("Grantee", {}).get("EmailAddress"),
                    "display_name": g.get("Grantee", {}).get("DisplayName"),
                }
            ],
            "permission": g.get("Permission"),
        }
        for g in data.get("Grants", [])
    ]
    policy = {
        "grant": grants,
        "owner": [{"id": owner.get("ID"), "display_name": owner.get("DisplayName")}],
    }
    return {"acl": _canned(data), "access_control_policy": [policy]}


def _policy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"policy": document(data.get("Policy"))}


def _access_block(data: Mapping[str, Any]) -> dict[str, Any]:
    block = data.get("PublicAccessBlockConfiguration", {})
    return {
        "block_public_acls": bool(block.get("BlockPublicAcls")),
        "block_public_policy": bool(block.get("BlockPublicPolicy")),
        "ignore_public_acls": bool(block.get("IgnorePublicAcls")),
        "restrict_public_buckets": bool(block.get("RestrictPublicBuckets")),
    }


def _encryption_rules(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    configuration = data.get("ServerSideEncryptionConfiguration", {})
    rules = []
    for rule in configuration.get("Rules", []):
        default = rule.get("ApplyServerSideEncryptionByDefault")
        by_default = (
            [
                {
                    "sse_algorithm": default.get("SSEAlgorithm"),
                    "kms_master_key_id": default.get("KMSMasterKeyID"),
                }
            ]
            if default
            else []
        )
        rules.append(
            {
                "apply_server_side_encryption_by_default": by_default,
                "bucket_key_enabled": bool(rule.get("BucketKeyEnabled")),
            }
        )
    return rules


def _legacy_encryption(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"server_side_encryption_configuration": [{"rule": _encryption_rules(data)}]}


def _legacy_versioning(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "versioning": [
            {
                "enabled": data.get("Status") == "Enabled",
                "mfa_delete": data.get("MFADelete") == "Enabled",
            }
        ]
    }


def _versioning(data: Mapping[str, Any]) -> dict[str, Any]:
    configuration = {
        "status": data.get("Status"),
        "mfa_delete": data.get("MFADelete", "Disabled"),
    }
    return {"versioning_configuration": [configuration]}


def _logging(data: Mapping[str, Any]) -> dict[str, Any]:
    enabled = data.get("LoggingEnabled", {})
    return {
        "target_bucket": enabled.get("TargetBucket"),
        "target_prefix": enabled.get("TargetPrefix", ""),
    }


def _legacy_logging(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"logging": [_logging(data)]}


def _lifecycle_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    expiration = rule.get("Expiration")
    noncurrent = rule.get("NoncurrentVersionExpiration")
    abort = rule.get("AbortIncompleteMultipartUpload")
    return {
        "id": rule.get("ID"),
        "status": rule.get("Status"),
        "filter": [_lifecycle_filter(rule.get("Filter"))] if "Filter" in rule else [],
        "expiration": [_expiration(expiration)] if expiration else [],
        "transition": [
            {
                "days": t.get("Days"),
                "date": _date(t.get("Date")),
                "storage_class": t.get("StorageClass"),
            }
            for t in rule.get("Transitions", [])
        ],
        "noncurrent_version_expiration": (
            [
                {
                    "noncurrent_days": noncurrent.get("NoncurrentDays"),
                    "newer_noncurrent_versions": noncurrent.get(
                        "NewerNoncurrentVersions"
                    ),
                }
            ]
            if noncurrent
            else []
        ),
        "noncurrent_version_transition": [
            {
                "noncurrent_days": t.get("NoncurrentDays"),
                "storage_class": t.get("StorageClass"),
            }
            for t in rule.get("NoncurrentVersionTransitions", [])
        ],
        "abort_incomplete_multipart_upload": (
            [{"days_after_initiation": abort.get("DaysAfterInitiation")}]
            if abort
            else []
        ),
    }


def _lifecycle_filter(found: Mapping[str, Any] | None) -> dict[str, Any]:
    found = found or {}
    tag = found.get("Tag")
    return {
        "prefix": found.get("Prefix"),
        "object_size_greater_than": found.get("ObjectSizeGreaterThan"),
        "object_size_less_than": found.get("ObjectSizeLessThan"),
        "tag": [{"key": tag["Key"], "value": tag.get("Value")}] if tag else [],
    }


def _expiration(expiration: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "days": expiration.get("Days"),
        "date": _date(expiration.get("Date")),
        "expired_object_delete_marker": expiration.get("ExpiredObjectDeleteMarker"),
    }


def _date(value: Any) -> str | None:
    return iso(value)


def _legacy_lifecycle(data: Mapping[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in data.get("Rules", []):
        shaped = _lifecycle_rule(rule)
        prefix = (rule.get("Filter") or {}).get("Prefix", rule.get("Prefix"))
        rules.append(
            {
                "id": shaped["id"],
                "enabled": shaped["status"] == "Enabled",
                "prefix": prefix,
                "expiration": shaped["expiration"],
                "transition": shaped["transition"],
                "noncurrent_version_expiration": [
                    {"days": e["noncurrent_days"]}
                    for e in shaped["noncurrent_version_expiration"]
                ],
                "abort_incomplete_multipart_upload_days": next(
                    (
                        a["days_after_initiation"]
                        for a in shaped["abort_incomplete_multipart_upload"]
                    ),
                    None,
                ),
            }
        )
    return {"lifecycle_rule": rules}
