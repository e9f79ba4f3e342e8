"""Turn a finished ``Run`` into a ``RunRecord`` and store it.

``govern plan --record`` calls ``record_run``, and so can any other command
that produces a ``Run`` (a live scan passes its scanned account, region and
service triples through the run's inputs, or explicitly as ``scope``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from govern.config import Settings
from govern.errors import UsageError
from govern.findings.finding import Finding
from govern.findings.waivers import Waiver, find_waivers_file, load_waivers
from govern.history.records import (
    ANY,
    CoverageGap,
    FindingRecord,
    PillarInfo,
    RunRecord,
    ScopeEntry,
    WaiverRecord,
)
from govern.history.store import open_store
from govern.report.run import InputSummary, Run

DEFAULT = "default"
"""``--record default``: record into the store named by ``record:`` in govern.yaml."""

ServiceOf = Callable[[Finding], str | None]


@dataclass(frozen=True, slots=True)
class Capture:
    """What a ``Run`` does not say by itself, supplied by the command.

    Attributes:
        command: The command line to store (passwords already removed).
        waivers: Waivers the run applied; ``None`` loads them like the run did.
        waivers_path: The waivers file the run was given, if any.
        scope: What the run covered; ``None`` derives it from the run's inputs.
        partial: The run evaluated only some resources (``--changed-only``).
        service_of: The AWS service of a live finding, to match coverage gaps.
        finished: When the run ended (default: now).
    """

    command: str | None = None
    waivers: Sequence[Waiver] | None = None
    waivers_path: Path | None = None
    scope: Sequence[ScopeEntry] | None = None
    partial: bool = False
    service_of: ServiceOf | None = None
    finished: datetime | None = None


def resolve_store_url(value: str | None, settings: Settings) -> str:
    """The store URL for ``--record``/``--store`` VALUE, falling back to settings."""
    if value is not None and value != DEFAULT:
        return value
    if settings.record is None:
        raise UsageError(
            "no history store: give a URL (sqlite:///PATH or postgresql://...) "
            "or set 'record:' in govern.yaml"
        )
    return settings.record


def record_run(
    run: Run, url: str | None, settings: Settings, capture: Capture | None = None
) -> int:
    """Store ``run`` in the history at ``url`` (or ``record:``); return its id.

    Raises ``UsageError`` for a missing or malformed URL and ``HistoryError``
    when the store cannot be reached or written; nothing is stored then.
    """
    record = capture_run(run, settings, capture or Capture())
    with open_store(resolve_store_url(url, settings)) as store:
        return store.record(record)


def capture_run(run: Run, settings: Settings, capture: Capture) -> RunRecord:
    """The record of ``run``: its findings, scope, gaps and waivers in force."""
    finished = capture.finished or datetime.now(UTC)
    started = finished - timedelta(seconds=max(run.seconds, 0.0))
    waivers = capture.waivers
    if waivers is None:
        waivers = _waivers_of(capture.waivers_path, settings)
    service_of = capture.service_of or (lambda _: None)
    scope = capture.scope
    return RunRecord(
        kind="plan" if run.command == "plan" else "scan",
        started=started,
        finished=finished,
        command=capture.command or run.command,
        exit_code=run.exit_code,
        inputs=[_input_json(i) for i in run.inputs],
        scope=list(scope) if scope is not None else scope_of(run.inputs),
        policies={p.id: p.pillar for p in run.policies},
        coverage_gaps=[_gap(g) for g in run.coverage_gaps],
        findings=_unique(_finding(f, service_of) for f in run.findings),
        waivers=[_waiver(w) for w in waivers if not w.expired(finished.date())],
        pillars={
            p.id: PillarInfo(p.id, p.name, p.team.name, p.order)
            for p in run.pillars.values()
        },
        partial=capture.partial,
    )


def scope_of(inputs: Iterable[InputSummary]) -> list[ScopeEntry]:
    """What a run covered, from its inputs.

    A plan covers its origin. A live account covers its regions (``detail``
    key ``regions``) and services (``services``), each all of them when absent.
    A scan snapshot lists its accounts under ``accounts``.
    """
    scope: list[ScopeEntry] = []
    for summary in inputs:
        if summary.kind == "aws":
            accounts = [{"account": summary.origin, **summary.detail}]
        elif summary.kind == "snapshot":
            accounts = list(summary.detail.get("accounts") or [])
        else:
            scope.append(ScopeEntry(origin=summary.origin))
            continue
        for account in accounts:
            scope.extend(_account_scope(account))
    return scope


def _account_scope(account: dict[str, Any]) -> list[ScopeEntry]:
    regions = list(account.get("regions") or [ANY])
    services = list(account.get("services") or [ANY])
    return [
        ScopeEntry(account=str(account.get("account")), region=r, service=s)
        for r in regions
        for s in services
    ]


def _waivers_of(path: Path | None, settings: Settings) -> list[Waiver]:
    found = path or settings.waivers or find_waivers_file()
    return load_waivers(found) if found is not None else []


def _input_json(summary: InputSummary) -> dict[str, Any]:
    return {
        "kind": summary.kind,
        "origin": summary.origin,
        "resources": summary.resources,
        **summary.detail,
    }


def _gap(gap: dict[str, Any]) -> CoverageGap:
    def text(key: str) -> str | None:
        value = gap.get(key)
        return None if value is None else str(value)

    return CoverageGap(
        account=text("account"),
        region=text("region"),
        service=text("service"),
        error=text("error") or "unknown",
        message=text("message") or "",
    )


def _finding(finding: Finding, service_of: ServiceOf) -> FindingRecord:
    return FindingRecord(
        fingerprint=finding.fingerprint,
        policy_id=finding.policy_id,
        pillar=finding.pillar,
        team=finding.team,
        severity=finding.severity,
        status=finding.status,
        address=finding.address,
        type=finding.type,
        origin=finding.origin,
        message=finding.message,
        account=finding.account,
        region=finding.region,
        service=service_of(finding) if finding.account else None,
        owner=finding.owner,
        waiver_id=finding.waiver,
    )


def _unique(findings: Iterable[FindingRecord]) -> list[FindingRecord]:
    # The same plan given twice yields the same fingerprints twice; one is enough.
    seen: dict[str, FindingRecord] = {}
    for finding in findings:
        seen.setdefault(finding.fingerprint, finding)
    return list(seen.values())


def _waiver(waiver: Waiver) -> WaiverRecord:
    return WaiverRecord(
        id=waiver.id,
        owner=waiver.owner,
        policies=tuple(waiver.policies),
        expires=waiver.expires,
        created=waiver.created,
        approved_by=waiver.approved_by,
        reason=waiver.reason,
    )
