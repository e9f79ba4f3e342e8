"""Security groups: revoke ingress from the whole internet to an admin port.

Only the ``0.0.0.0/0`` and ``::/0`` sources of rules that open exactly the
admin port are revoked; the rule's other sources and every other rule stay.
A rule from the internet that opens a wider range (``0-65535``, all traffic)
is left to a person: revoking it would close other ports too, and splitting
it into two rules would rewrite rules nobody asked to change.
"""

from __future__ import annotations

from typing import Any, ClassVar

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Gone,
    ManualFix,
    Operation,
    State,
    Target,
)

DESCRIBE_GROUPS = Operation(
    "ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups"
)
REVOKE_INGRESS = Operation(
    "ec2", "RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"
)
ANY_IPV4 = "0.0.0.0/0"
ANY_IPV6 = "::/0"
ALL_PROTOCOLS = ("-1", "all")


def group_of(target: Target) -> str:
    """The group id of a ``...:security-group/sg-...`` ARN."""
    return target.resource.removeprefix("security-group/")


class RevokeWorldAdminPort(Action):
    """Revoke ingress from 0.0.0.0/0 and ::/0 to one administration port."""

    port: ClassVar[int]
    types = ("aws_security_group",)
    reads = (DESCRIBE_GROUPS,)
    writes = (REVOKE_INGRESS,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.call(DESCRIBE_GROUPS, GroupIds=[group_of(target)])
        groups = answer.get("SecurityGroups", [])
        if not groups:
            raise Gone(f"security group {group_of(target)} no longer exists")
        return {"IpPermissions": groups[0].get("IpPermissions", [])}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        revoked = [
            entry
            for permission in state["IpPermissions"]
            if (entry := self._revocation(permission)) is not None
        ]
        if not revoked:
            return []
        return [REVOKE_INGRESS.call(GroupId=group_of(target), IpPermissions=revoked)]

    def _revocation(self, permission: dict[str, Any]) -> dict[str, Any] | None:
        """The internet-wide sources of ``permission`` that open the port."""
        if not _opens(permission, self.port):
            return None
        # The ranges are revoked as AWS reported them: a description is part
        # of what the request must match.
        ipv4 = [
            r for r in permission.get("IpRanges", []) if r.get("CidrIp") == ANY_IPV4
        ]
        ipv6 = [
            r for r in permission.get("Ipv6Ranges", []) if r.get("CidrIpv6") == ANY_IPV6
        ]
        if not ipv4 and not ipv6:
            return None
        protocol = str(permission.get("IpProtocol"))
        low, high = permission.get("FromPort"), permission.get("ToPort")
        if protocol in ALL_PROTOCOLS or low != self.port or high != self.port:
            raise ManualFix(
                f"a rule opens {_ports(protocol, low, high)} to the internet, "
                f"more than port {self.port}: narrow it by hand"
            )
        entry: dict[str, Any] = {
            "IpProtocol": protocol,
            "FromPort": self.port,
            "ToPort": self.port,
        }
        if ipv4:
            entry["IpRanges"] = ipv4
        if ipv6:
            entry["Ipv6Ranges"] = ipv6
        return entry


def _opens(permission: dict[str, Any], port: int) -> bool:
    """The policies' test: all protocols, or a port range that includes ``port``."""
    if str(permission.get("IpProtocol")) in ALL_PROTOCOLS:
        return True
    low, high = permission.get("FromPort"), permission.get("ToPort")
    return isinstance(low, int) and isinstance(high, int) and low <= port <= high


def _ports(protocol: str, low: Any, high: Any) -> str:
    if protocol in ALL_PROTOCOLS:
        return "all traffic"
    return f"{protocol} {low}-{high}" if low != high else f"{protocol} {low}"


class RevokeWorldSsh(RevokeWorldAdminPort):
    """Revoke SSH (port 22) ingress from 0.0.0.0/0 and ::/0, and nothing else."""

    name = "ec2-revoke-world-ssh"
    policies = ("GOV-0008",)
    port = 22


class RevokeWorldRdp(RevokeWorldAdminPort):
    """Revoke RDP (port 3389) ingress from 0.0.0.0/0 and ::/0, and nothing else."""

    name = "ec2-revoke-world-rdp"
    policies = ("GOV-0010",)
    port = 3389
