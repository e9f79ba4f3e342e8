"""What a remediation action is: the operations it may call, a read, a plan.

An action reads the live setting a policy checks (``read``), works out from
that reading alone which calls would make the resource compliant (``plan``,
pure, so a dry run prints exactly what ``--apply`` would send) and makes them
(``apply``). An empty plan means the resource is already compliant, which
makes every action idempotent: the second run reads the fixed setting and
plans nothing.

Every call an action makes goes through an ``Operation`` it declares, so the
IAM permissions it needs are known without running it (see ``reference``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from govern.findings.finding import Finding
    from govern.remediate.aws.access import Access
    from govern.remediate.aws.owners import OwnerMap

State = dict[str, Any]
"""The live values an action reads: JSON data, kept in the audit log."""


@dataclass(frozen=True, slots=True)
class Operation:
    """One AWS API operation an action may call, and the IAM action allowing it.

    Attributes:
        service: boto3 client name (``s3``, ``ec2``...).
        name: The operation as AWS documents it (``PutPublicAccessBlock``).
        permission: The IAM action, which for some services is not
            ``service:name`` (``s3:PutBucketPublicAccessBlock``).
    """

    service: str
    name: str
    permission: str

    def call(self, **parameters: Any) -> Call:
        """This operation with ``parameters``: one planned call."""
        return Call(self, parameters)


@dataclass(frozen=True, slots=True)
class Call:
    """One API call a plan makes: the operation and its exact parameters."""

    operation: Operation
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The call as printed by a dry run and kept in the audit log."""
        return {
            "service": self.operation.service,
            "operation": self.operation.name,
            "parameters": dict(self.parameters),
            "permission": self.operation.permission,
        }


@dataclass(frozen=True, slots=True)
class Target:
    """The resource one failing finding is about, as an action needs it.

    ``address`` is the ARN a scan gives the resource; a part Terraform splits
    off a resource (a bucket's public access block) is the parent's ARN, ``#``
    and the part's type.
    """

    policy_id: str
    address: str
    type: str
    account: str
    region: str | None
    fingerprint: str

    @classmethod
    def of(cls, finding: Finding) -> Target:
        """The target of a live finding (one with an account)."""
        return cls(
            policy_id=finding.policy_id,
            address=finding.address,
            type=finding.type,
            account=finding.account or "",
            region=finding.region,
            fingerprint=finding.fingerprint,
        )

    @property
    def arn(self) -> str:
        """The ARN of the AWS object itself, without a split-off part."""
        return self.address.split("#", 1)[0]

    @property
    def resource(self) -> str:
        """The ARN's resource part: ``bucket``, ``instance/i-1``, ``db:name``."""
        return self.arn.split(":", 5)[5] if self.arn.count(":") >= 5 else ""


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """What an organisation decided that plans need.

    Attributes:
        parameters: Parameter values: an action's own defaults, then the
            policy's, then ``parameters`` in govern.yaml.
        owners: Who owns what, from ``--owner-map``.
    """

    parameters: Mapping[str, Any] = field(default_factory=dict)
    owners: OwnerMap | None = None


class ManualFix(Exception):
    """Raised by ``plan`` when the fix needs a person; the message says why."""


class Gone(Exception):
    """Raised by ``read`` when the resource no longer exists."""


class Action(ABC):
    """Fixes what some policies find on some resource types, one resource at a time.

    Subclasses declare the policies and types they fix and every operation
    they call; ``permissions`` is derived from those.
    """

    name: ClassVar[str]
    """A short stable name, kept in the audit log and the history."""
    policies: ClassVar[tuple[str, ...]]
    """Ids of the policies whose failing findings this action fixes."""
    types: ClassVar[tuple[str, ...]]
    """Terraform types of the findings it fixes."""
    reads: ClassVar[tuple[Operation, ...]]
    """Operations ``read`` calls."""
    writes: ClassVar[tuple[Operation, ...]]
    """Operations ``plan`` may put in a plan."""
    parameters: ClassVar[Mapping[str, Any]] = {}
    """Parameters the action reads, with their defaults."""
    permissions: ClassVar[tuple[str, ...]]
    """Every IAM action the action needs, sorted; derived from the operations."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        operations = (*getattr(cls, "reads", ()), *getattr(cls, "writes", ()))
        cls.permissions = tuple(sorted({op.permission for op in operations}))

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring: what the action does."""
        return (cls.__doc__ or cls.name).strip().splitlines()[0]

    @classmethod
    def operations(cls) -> frozenset[Operation]:
        """Every operation the action may call."""
        return frozenset((*cls.reads, *cls.writes))

    @abstractmethod
    def read(self, target: Target, aws: Access) -> State:
        """The live values the policy checks; raises ``Gone`` or AWS errors."""

    @abstractmethod
    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        """The calls that make ``state`` compliant; none when it already is.

        Pure: decided from ``state`` and ``settings`` alone. Raises
        ``ManualFix`` when a safe automatic fix does not exist.
        """

    def apply(self, calls: Sequence[Call], aws: Access) -> None:
        """Make the planned calls, in order; the first failure raises."""
        for call in calls:
            aws.make(call)
