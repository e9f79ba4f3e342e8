"""EC2 instances, EBS volumes and snapshots, and EBS encryption by default.

An instance's block devices are described by ``DescribeInstances`` without
their encryption, so one ``DescribeVolumes`` per chunk of instances fills
``root_block_device`` and ``ebs_block_device`` the way Terraform shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Answer, Context
from govern.inputs.aws.public import UNKNOWN, snapshot_public
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import fill, live, mark_unknown, tag_map
from govern.model.resource import Resource

INSTANCE = "aws_instance"
_GONE = ("shutting-down", "terminated")

VOLUMES = Detail(
    "volumes",
    Call("DescribeVolumes"),
    {INSTANCE: names("root_block_device", "ebs_block_device")},
)


class Instances(Collector):
    """Running and stopped instances, with their volumes' encryption."""

    service = "ec2"
    types = frozen(
        {
            INSTANCE: names(
                "id",
                "arn",
                "ami",
                "instance_type",
                "availability_zone",
                "subnet_id",
                "vpc_security_group_ids",
                "associate_public_ip_address",
                "public_ip",
                "public_dns",
                "private_ip",
                "iam_instance_profile",
                "monitoring",
                "ebs_optimized",
                "metadata_options",
                "instance_state",
                "key_name",
                "tenancy",
                "tags",
                "tags_all",
                "@tags",
            )
        }
    )
    listing = (Call("DescribeInstances"),)
    details = (VOLUMES,)

    def discover(self, ctx: Context) -> list[Any]:
        return [
            instance
            for reservation in ctx.pages(
                "describe_instances", "Reservations", page_size=1000
            )
            for instance in reservation.get("Instances", [])
            if instance.get("State", {}).get("Name") not in _GONE
        ]

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        volume_ids = [
            mapping["Ebs"]["VolumeId"]
            for instance in items
            for mapping in instance.get("BlockDeviceMappings", [])
            if "Ebs" in mapping
        ]
        volumes = (
            ctx.fetch(VOLUMES, "describe_volumes", VolumeIds=volume_ids)
            if volume_ids
            else Answer("ok", {"Volumes": []})
        )
        return [_instance(ctx, item, volumes) for item in items]


def _instance(ctx: Context, item: Mapping[str, Any], volumes: Answer) -> Resource:
    ident = item["InstanceId"]
    metadata = item.get("MetadataOptions", {})
    profile = item.get("IamInstanceProfile", {}).get("Arn", "")
    values: dict[str, Any] = {
        "id": ident,
        "arn": ctx.arn("ec2", f"instance/{ident}"),
        "ami": item.get("ImageId"),
        "instance_type": item.get("InstanceType"),
        "availability_zone": item.get("Placement", {}).get("AvailabilityZone"),
        "tenancy": item.get("Placement", {}).get("Tenancy"),
        "subnet_id": item.get("SubnetId"),
        "vpc_security_group_ids": [
            g["GroupId"] for g in item.get("SecurityGroups", [])
        ],
        "associate_public_ip_address": bool(item.get("PublicIpAddress")),
        "public_ip": item.get("PublicIpAddress") or "",
        "public_dns": item.get("PublicDnsName") or "",
        "private_ip": item.get("PrivateIpAddress"),
        "iam_instance_profile": profile.rsplit("/", 1)[-1] if profile else "",
        "monitoring": item.get("Monitoring", {}).get("State") in ("enabled", "pending"),
        "ebs_optimized": bool(item.get("EbsOptimized")),
        "key_name": item.get("KeyName") or "",
        "instance_state": item.get("State", {}).get("Name"),
        "metadata_options": [
            {
                "http_endpoint": metadata.get("HttpEndpoint"),
                "http_tokens": metadata.get("HttpTokens"),
                "http_put_response_hop_limit": metadata.get("HttpPutResponseHopLimit"),
                "instance_metadata_tags": metadata.get("InstanceMetadataTags"),
                "http_protocol_ipv6": metadata.get("HttpProtocolIpv6"),
            }
        ],
    }
    name = tag_map(item.get("Tags")).get("Name", ident)
    instance = live(
        ctx, INSTANCE, values["arn"], name, values, tag_map(item.get("Tags"))
    )
    fill(instance, VOLUMES, volumes, lambda data: _devices(item, data))
    return instance


def _devices(item: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    by_id = {v["VolumeId"]: v for v in data.get("Volumes", [])}
    root_name = item.get("RootDeviceName")
    root: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for mapping in item.get("BlockDeviceMappings", []):
        ebs = mapping.get("Ebs")
        if not ebs:
            continue
        volume = by_id.get(ebs["VolumeId"], {})
        device = {
            "device_name": mapping.get("DeviceName"),
            "volume_id": ebs["VolumeId"],
            "delete_on_termination": bool(ebs.get("DeleteOnTermination")),
            **_volume_values(volume),
        }
        (root if mapping.get("DeviceName") == root_name else others).append(device)
    return {"root_block_device": root, "ebs_block_device": others}


def _volume_values(volume: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "encrypted": bool(volume.get("Encrypted")),
        "kms_key_id": volume.get("KmsKeyId") or "",
        "volume_size": volume.get("Size"),
        "volume_type": volume.get("VolumeType"),
        "iops": volume.get("Iops"),
        "throughput": volume.get("Throughput"),
    }


class Volumes(Listed):
    """EBS volumes."""

    service = "ec2"
    types = frozen(
        {
            "aws_ebs_volume": names(
                "id",
                "arn",
                "availability_zone",
                "encrypted",
                "kms_key_id",
                "size",
                "type",
                "iops",
                "throughput",
                "snapshot_id",
                "multi_attach_enabled",
                "tags",
                "tags_all",
                "@tags",
            )
        }
    )
    listing = (Call("DescribeVolumes"),)
    method = "describe_volumes"
    key = "Volumes"
    page_size = 500
    chunk = 500

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        ident = item["VolumeId"]
        values = {
            "id": ident,
            "arn": ctx.arn("ec2", f"volume/{ident}"),
            "availability_zone": item.get("AvailabilityZone"),
            "encrypted": bool(item.get("Encrypted")),
            "kms_key_id": item.get("KmsKeyId") or "",
            "size": item.get("Size"),
            "type": item.get("VolumeType"),
            "iops": item.get("Iops"),
            "throughput": item.get("Throughput"),
            "snapshot_id": item.get("SnapshotId") or "",
            "multi_attach_enabled": bool(item.get("MultiAttachEnabled")),
        }
        tags = tag_map(item.get("Tags"))
        return [
            live(
                ctx,
                "aws_ebs_volume",
                values["arn"],
                tags.get("Name", ident),
                values,
                tags,
            )
        ]


SHARING = Detail(
    "sharing",
    Call("DescribeSnapshotAttribute"),
    {"aws_ebs_snapshot": names("public")},
)


class Snapshots(Listed):
    """EBS snapshots the account owns, and whether they are public."""

    service = "ec2"
    types = frozen(
        {
            "aws_ebs_snapshot": names(
                "id",
                "arn",
                "volume_id",
                "volume_size",
                "encrypted",
                "kms_key_id",
                "owner_id",
                "description",
                "storage_tier",
                "tags",
                "tags_all",
                "@tags",
            )
        }
    )
    listing = (Call("DescribeSnapshots"),)
    details = (SHARING,)
    method = "describe_snapshots"
    key = "Snapshots"
    page_size = 1000
    chunk = 10

    def discover(self, ctx: Context) -> list[Any]:
        # The owner-id filter repeats OwnerIds for endpoints that ignore
        # "self" and would otherwise page through every public snapshot.
        return list(
            ctx.pages(
                self.method,
                self.key,
                page_size=self.page_size,
                OwnerIds=["self"],
                Filters=[{"Name": "owner-id", "Values": [ctx.account]}],
            )
        )

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        if item.get("OwnerId", ctx.account) != ctx.account:
            return []
        ident = item["SnapshotId"]
        values = {
            "id": ident,
            # Snapshot ARNs carry no account id.
            "arn": f"arn:{ctx.partition}:ec2:{ctx.region}::snapshot/{ident}",
            "volume_id": item.get("VolumeId"),
            "volume_size": item.get("VolumeSize"),
            "encrypted": bool(item.get("Encrypted")),
            "kms_key_id": item.get("KmsKeyId") or "",
            "owner_id": item.get("OwnerId"),
            "description": item.get("Description") or "",
            "storage_tier": item.get("StorageTier"),
        }
        tags = tag_map(item.get("Tags"))
        snapshot = live(
            ctx,
            "aws_ebs_snapshot",
            values["arn"],
            tags.get("Name", ident),
            values,
            tags,
        )
        sharing = ctx.fetch(
            SHARING,
            "describe_snapshot_attribute",
            SnapshotId=ident,
            Attribute="createVolumePermission",
        )
        if sharing.state != "skipped":
            permissions = (
                sharing.data.get("CreateVolumePermissions", [])
                if sharing.ok
                else None
                if sharing.state == "absent"
                else UNKNOWN
            )
            public = snapshot_public(permissions)
            if public is None:
                mark_unknown(snapshot, ["public"])
            else:
                snapshot.values["public"] = public
        return [snapshot]


class EncryptionByDefault(Collector):
    """Whether new EBS volumes in the region are encrypted without asking."""

    service = "ec2"
    types = frozen({"aws_ebs_encryption_by_default": names("id", "enabled")})
    listing = (Call("GetEbsEncryptionByDefault"),)

    def discover(self, ctx: Context) -> list[Any]:
        return [ctx.call("get_ebs_encryption_by_default")]

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        return [
            live(
                ctx,
                "aws_ebs_encryption_by_default",
                ctx.arn("ec2", "ebs-encryption-by-default"),
                ctx.region,
                {"id": ctx.region, "enabled": bool(item.get("EbsEncryptionByDefault"))},
            )
            for item in items
        ]
