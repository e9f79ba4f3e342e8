"""S3 answers in Terraform's shapes: the split resources and the legacy
inline attributes of ``aws_s3_bucket``. Pure functions, no calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.shape import document, iso

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


NO_VERSIONING = {"versioning": [{"enabled": False, "mfa_delete": False}]}


def canned_acl(data: Mapping[str, Any]) -> str | None:
    """The canned ACL a grant list amounts to, or None for custom grants."""
    owner = data.get("Owner", {}).get("ID")
    others = set()
    for grant in data.get("Grants", []):
        grantee = grant.get("Grantee", {})
        if grantee.get("ID") == owner and grant.get("Permission") == "FULL_CONTROL":
            continue
        others.add((grantee.get("URI") or grantee.get("ID") or "", grant["Permission"]))
    return _CANNED.get(frozenset(others))


def legacy_acl(data: Mapping[str, Any]) -> dict[str, Any]:
    """``acl`` and ``grant`` of a legacy ``aws_s3_bucket``."""
    grouped: dict[tuple[str | None, str | None, str], list[str]] = {}
    for grant in data.get("Grants", []):
        grantee = grant.get("Grantee", {})
        key = (grantee.get("ID"), grantee.get("URI"), grantee.get("Type", ""))
        grouped.setdefault(key, []).append(grant.get("Permission", ""))
    grants = [
        {"id": ident, "uri": uri, "type": kind, "permissions": sorted(permissions)}
        for (ident, uri, kind), permissions in grouped.items()
    ]
    return {"acl": canned_acl(data), "grant": grants}


def acl_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_acl``."""
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
    return {"acl": canned_acl(data), "access_control_policy": [policy]}


def policy_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The bucket policy as Terraform stores it."""
    return {"policy": document(data.get("Policy"))}


def access_block_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_public_access_block``."""
    block = data.get("PublicAccessBlockConfiguration", {})
    return {
        "block_public_acls": bool(block.get("BlockPublicAcls")),
        "block_public_policy": bool(block.get("BlockPublicPolicy")),
        "ignore_public_acls": bool(block.get("IgnorePublicAcls")),
        "restrict_public_buckets": bool(block.get("RestrictPublicBuckets")),
    }


def encryption_rules(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Encryption ``rule`` blocks, shared by both spellings."""
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


def legacy_encryption(data: Mapping[str, Any]) -> dict[str, Any]:
    """``server_side_encryption_configuration`` of a legacy bucket."""
    return {"server_side_encryption_configuration": [{"rule": encryption_rules(data)}]}


def legacy_versioning(data: Mapping[str, Any]) -> dict[str, Any]:
    """``versioning`` of a legacy bucket."""
    return {
        "versioning": [
            {
                "enabled": data.get("Status") == "Enabled",
                "mfa_delete": data.get("MFADelete") == "Enabled",
            }
        ]
    }


def versioning_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_versioning``."""
    configuration = {
        "status": data.get("Status"),
        "mfa_delete": data.get("MFADelete", "Disabled"),
    }
    return {"versioning_configuration": [configuration]}


def logging_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_logging``."""
    enabled = data.get("LoggingEnabled", {})
    return {
        "target_bucket": enabled.get("TargetBucket"),
        "target_prefix": enabled.get("TargetPrefix", ""),
    }


def legacy_logging(data: Mapping[str, Any]) -> dict[str, Any]:
    """``logging`` of a legacy bucket."""
    return {"logging": [logging_values(data)]}


def lifecycle_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """One ``rule`` block of ``aws_s3_bucket_lifecycle_configuration``."""
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


def legacy_lifecycle(data: Mapping[str, Any]) -> dict[str, Any]:
    """``lifecycle_rule`` of a legacy bucket."""
    rules = []
    for rule in data.get("Rules", []):
        shaped = lifecycle_rule(rule)
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


def encryption_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_server_side_encryption_configuration``."""
    return {"rule": encryption_rules(data)}


def lifecycle_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes of ``aws_s3_bucket_lifecycle_configuration``."""
    return {"rule": [lifecycle_rule(rule) for rule in data.get("Rules", [])]}
