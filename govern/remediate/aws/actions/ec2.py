"""EC2: instance metadata (IMDSv2) and the region's EBS encryption default."""

from __future__ import annotations

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Gone,
    Operation,
    State,
    Target,
)

DESCRIBE_INSTANCES = Operation("ec2", "DescribeInstances", "ec2:DescribeInstances")
MODIFY_METADATA = Operation(
    "ec2", "ModifyInstanceMetadataOptions", "ec2:ModifyInstanceMetadataOptions"
)
GET_EBS_DEFAULT = Operation(
    "ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"
)
ENABLE_EBS_DEFAULT = Operation(
    "ec2", "EnableEbsEncryptionByDefault", "ec2:EnableEbsEncryptionByDefault"
)


def instance_of(target: Target) -> str:
    """The instance id of an ``...:instance/i-...`` ARN."""
    return target.resource.removeprefix("instance/")


class RequireImdsV2(Action):
    """Require session tokens (IMDSv2) on the instance's metadata service."""

    name = "ec2-require-imdsv2"
    policies = ("GOV-0017",)
    types = ("aws_instance",)
    reads = (DESCRIBE_INSTANCES,)
    writes = (MODIFY_METADATA,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.call(DESCRIBE_INSTANCES, InstanceIds=[instance_of(target)])
        found = [
            instance
            for reservation in answer.get("Reservations", [])
            for instance in reservation.get("Instances", [])
        ]
        if not found or found[0].get("State", {}).get("Name") == "terminated":
            raise Gone(f"instance {instance_of(target)} no longer exists")
        options = found[0].get("MetadataOptions", {})
        return {
            "HttpTokens": options.get("HttpTokens"),
            "HttpEndpoint": options.get("HttpEndpoint"),
        }

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["HttpTokens"] == "required" or state["HttpEndpoint"] == "disabled":
            return []
        return [
            MODIFY_METADATA.call(InstanceId=instance_of(target), HttpTokens="required")
        ]


class EbsEncryptionByDefault(Action):
    """Turn on EBS encryption by default for the account in the region."""

    name = "ec2-ebs-encryption-by-default"
    policies = ("GOV-0021",)
    types = ("aws_ebs_encryption_by_default",)
    reads = (GET_EBS_DEFAULT,)
    writes = (ENABLE_EBS_DEFAULT,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.call(GET_EBS_DEFAULT)
        return {"EbsEncryptionByDefault": answer.get("EbsEncryptionByDefault")}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["EbsEncryptionByDefault"] is True:
            return []
        return [ENABLE_EBS_DEFAULT.call()]
