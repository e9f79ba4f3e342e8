"""What each collector reads: services, Terraform types, calls and attributes.

A collector declares the calls it always makes (listing), and the per-resource
``Detail`` calls it makes only when a loaded policy reads an attribute the call
fills. The declarations drive three things: which calls a scan makes
(``plan_scan``), which attributes become unknown when a call is refused, and
the IAM permissions a scan needs (``permissions``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from govern.policy.requirements import Needs

if TYPE_CHECKING:
    from govern.inputs.aws.context import Context
    from govern.model.resource import Resource

Scope = Literal["regional", "global"]

# IAM action prefixes that differ from the boto3 client name.
_IAM_PREFIX = {
    "elbv2": "elasticloadbalancing",
    "resourcegroupstaggingapi": "tag",
}


@dataclass(frozen=True, slots=True)
class Call:
    """One API operation, and the IAM action that allows it.

    Attributes:
        operation: The operation name as AWS documents it (``GetBucketAcl``).
        service: boto3 client name, when not the collector's own service.
        action: IAM action, when it is not ``<prefix>:<operation>``.
    """

    operation: str
    service: str | None = None
    action: str | None = None

    def permission(self, default_service: str) -> str:
        """The IAM action, given the collector's own service."""
        if self.action:
            return self.action
        service = self.service or default_service
        return f"{_IAM_PREFIX.get(service, service)}:{self.operation}"


@dataclass(frozen=True, slots=True)
class Detail:
    """A call made per resource (or per batch of resources) when needed.

    Attributes:
        key: Short name the collector uses to ask whether to make the call.
        call: The operation.
        fills: Terraform type to the attributes the answer fills. When the call
            is refused, these become unknown.
        emits: Types whose resources exist only through this call, such as
            ``aws_s3_bucket_versioning``; a policy on them needs the call.
        absent: Error codes that mean "not configured" besides the ``NoSuch*``
            and ``*NotFound*`` codes.
    """

    key: str
    call: Call
    fills: Mapping[str, frozenset[str]]
    emits: frozenset[str] = frozenset()
    absent: frozenset[str] = frozenset()

    def needed(self, needs: Needs) -> bool:
        """True when a policy reads something this call provides."""
        if any(kind in needs for kind in self.emits):
            return True
        return any(
            needs[kind] & attributes
            for kind, attributes in self.fills.items()
            if kind in needs
        )


class Collector(ABC):
    """Reads one kind of AWS object and maps it onto Terraform resources.

    ``discover`` runs once per account and region (once per account for global
    services) and returns the items to build; ``build`` then runs on chunks of
    items in worker threads and makes the detail calls ``ctx.wanted`` names.
    """

    service: ClassVar[str]
    """boto3 client name, also the name ``--services`` accepts."""
    types: ClassVar[Mapping[str, frozenset[str]]]
    """Every type produced, with the attributes known without detail calls."""
    listing: ClassVar[tuple[Call, ...]]
    """Calls made whenever the collector runs."""
    details: ClassVar[tuple[Detail, ...]] = ()
    scope: ClassVar[Scope] = "regional"
    chunk: ClassVar[int] = 20
    """Items per build task: the unit of parallel work inside one region."""

    @abstractmethod
    def discover(self, ctx: Context) -> list[Any]:
        """The items of this account and region: one per resource to build."""

    @abstractmethod
    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        """Resources for ``items``, with the detail calls ``ctx.wanted`` allows."""

    @classmethod
    def label(cls) -> str:
        """A stable name for the collector: its service and class name."""
        return f"{cls.service}.{cls.__name__}"

    @classmethod
    def needed(cls, needs: Needs) -> bool:
        """True when the policies read any type this collector produces."""
        return any(kind in needs for kind in cls.types)

    @classmethod
    def wanted(cls, needs: Needs) -> frozenset[str]:
        """Keys of the detail calls the policies need."""
        return frozenset(d.key for d in cls.details if d.needed(needs))

    @classmethod
    def detail(cls, key: str) -> Detail:
        """The detail declared under ``key``."""
        for detail in cls.details:
            if detail.key == key:
                return detail
        raise KeyError(f"{cls.__name__} has no detail {key!r}")


@dataclass(frozen=True, slots=True)
class Planned:
    """A collector a scan runs, and the detail calls it makes."""

    collector: Collector
    wanted: frozenset[str]


def plan_scan(
    collectors: Iterable[Collector], needs: Needs, services: Sequence[str] = ()
) -> list[Planned]:
    """The collectors the policies need, limited to ``services`` when given."""
    return [
        Planned(collector, collector.wanted(needs))
        for collector in collectors
        if collector.needed(needs) and (not services or collector.service in services)
    ]


def permissions(collectors: Iterable[Collector]) -> list[str]:
    """Every IAM action the collectors may use, sorted, for a read-only policy."""
    actions = {"sts:GetCallerIdentity"}
    for collector in collectors:
        calls = [*collector.listing, *(d.call for d in collector.details)]
        actions.update(call.permission(collector.service) for call in calls)
    return sorted(actions)


def policy_document(collectors: Iterable[Collector]) -> dict[str, Any]:
    """An IAM policy document allowing exactly what a scan may call."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GovernScanReadOnly",
                "Effect": "Allow",
                "Action": permissions(collectors),
                "Resource": "*",
            }
        ],
    }
