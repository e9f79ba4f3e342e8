"""The finding: one policy's verdict on one resource."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Literal

from govern.policy.models import Frameworks, Remediation
from govern.remediate.terraform.fixes import TerraformFix

Status = Literal["fail", "pass", "unknown", "waived", "baselined"]
STATUSES: tuple[Status, ...] = ("fail", "unknown", "waived", "baselined", "pass")


# Not frozen: a frozen dataclass sets each of its twenty fields through
# object.__setattr__, which made creating a finding four times slower, and a
# 20,000-resource plan creates over 100,000 of them. Treat findings as
# immutable all the same: change one with ``with_status``.
@dataclass(slots=True)
class Finding:
    """What a policy concluded about a resource, and whom it concerns.

    ``fingerprint`` is stable across runs and orderings: it depends only on the
    policy id, the resource's full address (or ARN) and its origin (plan file or
    account), so one finding can never stand in for another.
    """

    policy_id: str
    title: str
    pillar: str
    severity: str
    status: Status
    address: str
    type: str
    message: str
    origin: str
    team: str
    team_contact: str
    remediation: Remediation
    frameworks: Frameworks
    fingerprint: str
    region: str | None = None
    account: str | None = None
    owner: str | None = None
    waiver: str | None = None
    note: str | None = None
    fix: TerraformFix | None = None

    @property
    def failing(self) -> bool:
        return self.status == "fail"

    def with_status(self, status: Status, **changes: str | None) -> Finding:
        return replace(self, status=status, **changes)  # type: ignore[arg-type]


def fingerprint(policy_id: str, address: str, origin: str) -> str:
    """A short, stable hash identifying a policy's verdict on one resource."""
    digest = hashlib.sha256(f"{policy_id}\x1f{origin}\x1f{address}".encode())
    return digest.hexdigest()[:20]
