"""S3 buckets: public access block, default encryption, versioning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    ManualFix,
    Operation,
    State,
    Target,
)

GET_PUBLIC_ACCESS_BLOCK = Operation(
    "s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"
)
PUT_PUBLIC_ACCESS_BLOCK = Operation(
    "s3", "PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"
)
GET_ENCRYPTION = Operation("s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration")
PUT_ENCRYPTION = Operation("s3", "PutBucketEncryption", "s3:PutEncryptionConfiguration")
GET_VERSIONING = Operation("s3", "GetBucketVersioning", "s3:GetBucketVersioning")
PUT_VERSIONING = Operation("s3", "PutBucketVersioning", "s3:PutBucketVersioning")

BLOCK_SETTINGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)
ENCRYPTING = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})
KMS_KEY = "s3_encryption_kms_key"


def bucket_of(target: Target) -> str:
    """The bucket name: an S3 ARN's resource part is the name itself."""
    return target.resource


class BlockPublicAccess(Action):
    """Turn on all four settings of the bucket's public access block."""

    name = "s3-block-public-access"
    policies = ("GOV-0001", "GOV-0006")
    types = ("aws_s3_bucket", "aws_s3_bucket_public_access_block")
    reads = (GET_PUBLIC_ACCESS_BLOCK,)
    writes = (PUT_PUBLIC_ACCESS_BLOCK,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.find(
            GET_PUBLIC_ACCESS_BLOCK,
            ("NoSuchPublicAccessBlockConfiguration",),
            Bucket=bucket_of(target),
        )
        config = (answer or {}).get("PublicAccessBlockConfiguration")
        return {"PublicAccessBlockConfiguration": config}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        config = state["PublicAccessBlockConfiguration"] or {}
        if all(config.get(key) is True for key in BLOCK_SETTINGS):
            return []
        return [
            PUT_PUBLIC_ACCESS_BLOCK.call(
                Bucket=bucket_of(target),
                PublicAccessBlockConfiguration=dict.fromkeys(BLOCK_SETTINGS, True),
            )
        ]


class DefaultEncryption(Action):
    """Set default encryption: SSE-S3, or SSE-KMS with s3_encryption_kms_key."""

    name = "s3-default-encryption"
    policies = ("GOV-0004",)
    types = ("aws_s3_bucket",)
    reads = (GET_ENCRYPTION,)
    writes = (PUT_ENCRYPTION,)
    parameters: ClassVar[Mapping[str, Any]] = {KMS_KEY: None}

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.find(
            GET_ENCRYPTION,
            ("ServerSideEncryptionConfigurationNotFoundError",),
            Bucket=bucket_of(target),
        )
        configuration = (answer or {}).get("ServerSideEncryptionConfiguration") or {}
        return {"Rules": configuration.get("Rules", [])}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        algorithms = {
            rule.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")
            for rule in state["Rules"]
        }
        if algorithms & ENCRYPTING:
            return []
        return [
            PUT_ENCRYPTION.call(
                Bucket=bucket_of(target),
                ServerSideEncryptionConfiguration={
                    "Rules": [_rule(settings.parameters.get(KMS_KEY))]
                },
            )
        ]


def _rule(key: Any) -> dict[str, Any]:
    if key is None:
        return {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    if not isinstance(key, str) or not key:
        raise ManualFix(f"parameter {KMS_KEY} must name a KMS key, not {key!r}")
    # A bucket key cuts the KMS requests (and their cost) per object.
    return {
        "ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": key,
        },
        "BucketKeyEnabled": True,
    }


class Versioning(Action):
    """Enable versioning on the bucket."""

    name = "s3-versioning"
    policies = ("GOV-0253",)
    types = ("aws_s3_bucket",)
    reads = (GET_VERSIONING,)
    writes = (PUT_VERSIONING,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.call(GET_VERSIONING, Bucket=bucket_of(target))
        return {"Status": answer.get("Status"), "MFADelete": answer.get("MFADelete")}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["Status"] == "Enabled":
            return []
        if state["MFADelete"] == "Enabled":
            raise ManualFix("MFA delete is on: only the root user's MFA can change it")
        return [
            PUT_VERSIONING.call(
                Bucket=bucket_of(target),
                VersioningConfiguration={"Status": "Enabled"},
            )
        ]
