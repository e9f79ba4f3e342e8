"""Waivers: exceptions as governed records, with an owner, an approver and an expiry.

A waiver suppresses the failing findings of named policies within a scope. An
expired waiver stops suppressing and the report says so; a waiver that matched
nothing is reported as unused; a policy or pillar marked ``waivable: false``
cannot be waived at all.

```yaml
waivers:
  - id: WVR-001
    policies: [GOV-0001]
    scope: {address: "module.legacy.*"}      # plans: address glob
    reason: Legacy bucket, replaced in Q1.
    owner: data-platform@example.com
    approved_by: security-lead@example.com
    created: 2026-10-01
    expires: 2027-03-31
```

Live resources are scoped by ``arn`` (a glob), ``account`` and ``region``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govern.findings.finding import Finding
from govern.policy.models import Pillar, Policy

WAIVERS_NAME = "govern.waivers.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, defer_build=True
    )


class Scope(_Strict):
    """Where a waiver applies; every field given must match."""

    address: str | None = Field(
        default=None, description="Glob over plan resource addresses."
    )
    arn: str | None = Field(default=None, description="Glob over live resource ARNs.")
    account: str | None = Field(default=None, pattern=r"^\d{12}$")
    region: str | None = None
    origin: str | None = Field(
        default=None,
        description="Glob over the plan file or account a finding is from.",
    )

    @model_validator(mode="after")
    def _names_resources(self) -> Scope:
        if self.address is None and self.arn is None:
            raise ValueError("scope needs an address glob or an arn glob")
        return self

    def covers(self, finding: Finding) -> bool:
        live = finding.address.startswith("arn:")
        pattern = self.arn if live else self.address
        if pattern is None or not fnmatch.fnmatchcase(finding.address, pattern):
            return False
        if self.account is not None and finding.account != self.account:
            return False
        if self.region is not None and finding.region != self.region:
            return False
        return self.origin is None or fnmatch.fnmatchcase(finding.origin, self.origin)


class Waiver(_Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{1,63}$")
    policies: list[str] = Field(min_length=1)
    scope: Scope
    reason: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    created: date | None = None
    expires: date

    def expired(self, today: date) -> bool:
        return self.expires < today


class WaiverFile(_Strict):
    waivers: list[Waiver] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> WaiverFile:
        seen: set[str] = set()
        for waiver in self.waivers:
            if waiver.id in seen:
                raise ValueError(f"duplicate waiver id {waiver.id!r}")
            seen.add(waiver.id)
        return self


@dataclass(slots=True)
class WaiverOutcome:
    """Findings after waivers, and what the report must say about the waivers."""

    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    expired: set[str] = field(default_factory=set)


def apply_waivers(
    findings: Sequence[Finding],
    waivers: Sequence[Waiver],
    policies: Mapping[str, Policy],
    pillars: Mapping[str, Pillar],
    today: date,
) -> WaiverOutcome:
    """Mark failing findings covered by a valid waiver as ``waived``."""
    outcome = WaiverOutcome([])
    refused: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.status != "fail":
            outcome.findings.append(finding)
            continue
        waived = _waive(finding, waivers, policies, pillars, today, outcome, refused)
        outcome.findings.append(waived)
    for waiver in waivers:
        unknown = [p for p in waiver.policies if p not in policies]
        if unknown:
            outcome.notes.append(
                f"waiver {waiver.id} names policies not loaded in this run: "
                f"{', '.join(unknown)}"
            )
        if waiver.id not in outcome.used and waiver.id not in outcome.expired:
            outcome.notes.append(
                f"waiver {waiver.id} is unused: it matched no failing finding "
                f"(owner {waiver.owner}); remove it if the issue is fixed"
            )
    return outcome


def _waive(
    finding: Finding,
    waivers: Sequence[Waiver],
    policies: Mapping[str, Policy],
    pillars: Mapping[str, Pillar],
    today: date,
    outcome: WaiverOutcome,
    refused: set[tuple[str, str]],
) -> Finding:
    for waiver in waivers:
        if finding.policy_id not in waiver.policies or not waiver.scope.covers(finding):
            continue
        if not _waivable(finding, policies, pillars):
            if (waiver.id, finding.policy_id) not in refused:
                refused.add((waiver.id, finding.policy_id))
                outcome.notes.append(
                    f"waiver {waiver.id} cannot waive {finding.policy_id}: "
                    "waivers are forbidden for this policy or its pillar"
                )
            continue
        if waiver.expired(today):
            outcome.expired.add(waiver.id)
            outcome.notes.append(
                f"waiver {waiver.id} expired on {waiver.expires}: {finding.policy_id} "
                f"on {finding.address} fails again (owner {waiver.owner})"
            )
            continue
        outcome.used.add(waiver.id)
        return finding.with_status("waived", waiver=waiver.id, note=waiver.reason)
    return finding


def _waivable(
    finding: Finding, policies: Mapping[str, Policy], pillars: Mapping[str, Pillar]
) -> bool:
    policy = policies.get(finding.policy_id)
    pillar = pillars.get(finding.pillar)
    return (policy is None or policy.waivable) and (pillar is None or pillar.waivable)


def find_waivers_file(start: Path | None = None) -> Path | None:
    """The nearest ``govern.waivers.yaml`` in ``start`` or its parents."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / WAIVERS_NAME
        if candidate.is_file():
            return candidate
    return None


def load_waivers(path: Path) -> list[Waiver]:
    """Read and validate a waivers file; errors name file, waiver and line."""
    from govern.policy.loader import validate_document

    return validate_document(WaiverFile, path).waivers
