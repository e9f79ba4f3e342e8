"""KMS keys: automatic rotation of the key material."""

from __future__ import annotations

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

DESCRIBE_KEY = Operation("kms", "DescribeKey", "kms:DescribeKey")
GET_ROTATION = Operation("kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus")
ENABLE_ROTATION = Operation("kms", "EnableKeyRotation", "kms:EnableKeyRotation")
SYMMETRIC = "SYMMETRIC_DEFAULT"


def key_of(target: Target) -> str:
    """The key id of a ``...:key/<id>`` ARN."""
    return target.resource.removeprefix("key/")


class KeyRotation(Action):
    """Turn on automatic yearly rotation of a symmetric customer managed key."""

    name = "kms-key-rotation"
    policies = ("GOV-0039",)
    types = ("aws_kms_key",)
    reads = (DESCRIBE_KEY, GET_ROTATION)
    writes = (ENABLE_ROTATION,)

    def read(self, target: Target, aws: Access) -> State:
        metadata = aws.call(DESCRIBE_KEY, KeyId=key_of(target))["KeyMetadata"]
        state: State = {
            "KeySpec": metadata.get("KeySpec")
            or metadata.get("CustomerMasterKeySpec", SYMMETRIC),
            "KeyState": metadata.get("KeyState"),
            "Origin": metadata.get("Origin", "AWS_KMS"),
            "KeyRotationEnabled": None,
        }
        # Rotation status cannot be read from a key pending deletion.
        if state["KeyState"] != "PendingDeletion" and state["KeySpec"] == SYMMETRIC:
            answer = aws.call(GET_ROTATION, KeyId=key_of(target))
            state["KeyRotationEnabled"] = answer.get("KeyRotationEnabled")
        return state

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["KeySpec"] != SYMMETRIC or state["KeyRotationEnabled"] is True:
            return []
        if state["KeyState"] != "Enabled":
            raise ManualFix(f"the key is {state['KeyState']}; AWS rotates enabled keys")
        if state["Origin"] != "AWS_KMS":
            raise ManualFix(
                f"the key material comes from {state['Origin']}: rotate it by hand"
            )
        return [ENABLE_ROTATION.call(KeyId=key_of(target))]
