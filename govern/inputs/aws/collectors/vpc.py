"""VPCs, their flow logs, and security groups with their rules.

Security group rules become inline ``ingress``/``egress`` blocks, one block per
protocol, port range and description, the way Terraform records a group it
manages. A VPC's default group is an ``aws_default_security_group``, as in
Terraform, and not also an ``aws_security_group``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call
from govern.inputs.aws.shape import live, tag_map
from govern.model.resource import Resource

_GROUP_ATTRIBUTES = names(
    "id",
    "arn",
    "name",
    "description",
    "vpc_id",
    "owner_id",
    "ingress",
    "egress",
    "tags",
    "tags_all",
    "@tags",
)


class Vpcs(Listed):
    """VPCs."""

    service = "ec2"
    types = frozen(
        {
            "aws_vpc": names(
                "id",
                "arn",
                "cidr_block",
                "ipv6_cidr_block",
                "instance_tenancy",
                "owner_id",
                "tags",
                "tags_all",
                "@tags",
            )
        }
    )
    listing = (Call("DescribeVpcs"),)
    method = "describe_vpcs"
    key = "Vpcs"
    page_size = 1000
    chunk = 500

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        ident = item["VpcId"]
        ipv6 = [
            a["Ipv6CidrBlock"]
            for a in item.get("Ipv6CidrBlockAssociationSet", [])
            if a.get("Ipv6CidrBlockState", {}).get("State") == "associated"
        ]
        values = {
            "id": ident,
            "arn": ctx.arn("ec2", f"vpc/{ident}"),
            "cidr_block": item.get("CidrBlock"),
            "ipv6_cidr_block": ipv6[0] if ipv6 else "",
            "instance_tenancy": item.get("InstanceTenancy"),
            "owner_id": item.get("OwnerId"),
        }
        tags = tag_map(item.get("Tags"))
        return [
            live(ctx, "aws_vpc", values["arn"], tags.get("Name", ident), values, tags)
        ]


_TARGETS = {"vpc-": "vpc_id", "subnet-": "subnet_id", "eni-": "eni_id"}


class FlowLogs(Listed):
    """VPC, subnet and network interface flow logs."""

    service = "ec2"
    types = frozen(
        {
            "aws_flow_log": names(
                "id",
                "arn",
                "vpc_id",
                "subnet_id",
                "eni_id",
                "traffic_type",
                "log_destination",
                "log_destination_type",
                "log_group_name",
                "iam_role_arn",
                "max_aggregation_interval",
                "log_format",
                "tags",
                "tags_all",
                "@tags",
            )
        }
    )
    listing = (Call("DescribeFlowLogs"),)
    method = "describe_flow_logs"
    key = "FlowLogs"
    page_size = 1000
    chunk = 500

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        ident = item["FlowLogId"]
        target = str(item.get("ResourceId", ""))
        values: dict[str, Any] = {
            "id": ident,
            "arn": ctx.arn("ec2", f"vpc-flow-log/{ident}"),
            "traffic_type": item.get("TrafficType"),
            "log_destination": item.get("LogDestination") or "",
            "log_destination_type": item.get("LogDestinationType"),
            "log_group_name": item.get("LogGroupName") or "",
            "iam_role_arn": item.get("DeliverLogsPermissionArn") or "",
            "max_aggregation_interval": item.get("MaxAggregationInterval"),
            "log_format": item.get("LogFormat"),
        }
        for prefix, attribute in _TARGETS.items():
            values[attribute] = target if target.startswith(prefix) else ""
        tags = tag_map(item.get("Tags"))
        return [live(ctx, "aws_flow_log", values["arn"], ident, values, tags)]


class SecurityGroups(Listed):
    """Security groups; each VPC's default group as its own Terraform type."""

    service = "ec2"
    types = frozen(
        {
            "aws_security_group": _GROUP_ATTRIBUTES,
            "aws_default_security_group": _GROUP_ATTRIBUTES,
        }
    )
    listing = (Call("DescribeSecurityGroups"),)
    method = "describe_security_groups"
    key = "SecurityGroups"
    page_size = 1000
    chunk = 500

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        ident = item["GroupId"]
        name = item.get("GroupName", ident)
        values = {
            "id": ident,
            "arn": ctx.arn("ec2", f"security-group/{ident}"),
            "name": name,
            "description": item.get("Description") or "",
            "vpc_id": item.get("VpcId") or "",
            "owner_id": item.get("OwnerId"),
            "ingress": rule_blocks(item.get("IpPermissions", []), ident),
            "egress": rule_blocks(item.get("IpPermissionsEgress", []), ident),
        }
        kind = (
            "aws_default_security_group" if name == "default" else "aws_security_group"
        )
        tags = tag_map(item.get("Tags"))
        label = tags.get("Name", name)
        return [live(ctx, kind, values["arn"], label, values, tags)]


def rule_blocks(
    permissions: Sequence[Mapping[str, Any]], group_id: str
) -> list[dict[str, Any]]:
    """Inline rule blocks in Terraform's shape, one per permission and description.

    AWS attaches a description to each address range or group, Terraform to a
    whole block, so a permission whose sources differ in description becomes
    several blocks.
    """
    blocks = [
        block
        for permission in permissions
        for block in _permission_blocks(permission, group_id)
    ]
    return sorted(
        blocks,
        key=lambda b: (b["protocol"], b["from_port"], b["to_port"], b["description"]),
    )


def _permission_blocks(
    permission: Mapping[str, Any], group_id: str
) -> list[dict[str, Any]]:
    protocol = str(permission.get("IpProtocol", "-1"))
    every_port = protocol == "-1"
    by_description: dict[str, dict[str, Any]] = {}

    def block_for(source: Mapping[str, Any]) -> dict[str, Any]:
        text = source.get("Description") or ""
        found = by_description.get(text)
        if found is None:
            found = by_description[text] = {
                "from_port": 0 if every_port else permission.get("FromPort", 0),
                "to_port": 0 if every_port else permission.get("ToPort", 0),
                "protocol": protocol,
                "cidr_blocks": [],
                "ipv6_cidr_blocks": [],
                "prefix_list_ids": [],
                "security_groups": [],
                "self": False,
                "description": text,
            }
        return found

    for source in permission.get("IpRanges", []):
        block_for(source)["cidr_blocks"].append(source["CidrIp"])
    for source in permission.get("Ipv6Ranges", []):
        block_for(source)["ipv6_cidr_blocks"].append(source["CidrIpv6"])
    for source in permission.get("PrefixListIds", []):
        block_for(source)["prefix_list_ids"].append(source["PrefixListId"])
    for pair in permission.get("UserIdGroupPairs", []):
        block = block_for(pair)
        if pair.get("GroupId") == group_id:
            block["self"] = True
        else:
            block["security_groups"].append(pair.get("GroupId"))
    return list(by_description.values())
