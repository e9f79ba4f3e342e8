"""What the history store keeps: plain records, free of any database concern.

A ``RunRecord`` is one run of govern (a plan check or a live scan) as written
to and read back from a store. Lifecycle and metrics are computed from these
records alone, so they can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

RunKind = Literal["plan", "scan"]
RemediationResult = Literal["succeeded", "failed", "skipped"]
REMEDIATION_RESULTS: tuple[RemediationResult, ...] = ("succeeded", "failed", "skipped")
ANY = "*"
"""In a scope entry: every region or every service of the account."""


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    """One part of what a run looked at.

    A plan run covers plan origins (``origin``); a scan covers account, region
    and service triples, where ``ANY`` stands for all regions or services.
    """

    origin: str | None = None
    account: str | None = None
    region: str | None = None
    service: str | None = None


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """Something a scan meant to read and could not; ``None`` means any."""

    account: str | None
    region: str | None
    service: str | None
    error: str
    message: str


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """One finding of one run, as stored."""

    fingerprint: str
    policy_id: str
    pillar: str
    team: str
    severity: str
    status: str
    address: str
    type: str
    origin: str
    message: str = ""
    account: str | None = None
    region: str | None = None
    service: str | None = None
    owner: str | None = None
    waiver_id: str | None = None


@dataclass(frozen=True, slots=True)
class WaiverRecord:
    """A waiver in force when a run was recorded."""

    id: str
    owner: str
    policies: tuple[str, ...]
    expires: date
    created: date | None = None
    approved_by: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PillarInfo:
    """A pillar's name and owning team as they were at the run."""

    id: str
    name: str
    team: str
    order: int = 100


@dataclass(slots=True)
class RunRecord:
    """One recorded run and everything it saw.

    ``partial`` marks a run that evaluated only some resources of its scope
    (``--changed-only``): a finding missing from it is not evidence of a fix.
    ``policies`` maps the id of every policy the run evaluated to its pillar; a
    finding of any other policy was not looked at.
    """

    kind: RunKind
    started: datetime
    finished: datetime
    command: str
    exit_code: int
    inputs: list[dict[str, Any]] = field(default_factory=list)
    scope: list[ScopeEntry] = field(default_factory=list)
    policies: dict[str, str] = field(default_factory=dict)
    coverage_gaps: list[CoverageGap] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    waivers: list[WaiverRecord] = field(default_factory=list)
    pillars: dict[str, PillarInfo] = field(default_factory=dict)
    partial: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class RemediationEvent:
    """One remediation action taken on a finding's resource.

    ``result`` is ``succeeded``, ``failed`` or ``skipped``; only a succeeded
    action followed by a fix counts the fix as auto-remediated.
    """

    at: datetime
    fingerprint: str
    policy_id: str
    address: str
    action: str
    result: RemediationResult
    account: str | None = None
    region: str | None = None
    id: int | None = None
