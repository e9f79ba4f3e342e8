"""A whole remediation: findings in, outcomes out.

1. Load the policies to act on: ``auto_remediate: true`` and fixed by an
   action, or the ``--policy`` ones, which must be both.
2. Get their findings: scan (only those policies' needs), or read a saved
   report; either way triaged with the waivers and baseline.
3. Turn the failing findings into work items and run them, dry or applied,
   with an audit log and, on request, remediation events in the history.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govern.config import Settings
from govern.errors import HistoryError
from govern.findings.finding import Finding
from govern.pipeline import RunOptions, triage
from govern.policy.library import PolicySet, load_policy_set
from govern.remediate.aws.audit import DEFAULT_AUDIT_LOG, AuditLog
from govern.remediate.aws.owners import load_owner_map
from govern.remediate.aws.remediator import Outcome, Recorder, Remediator, exit_code
from govern.remediate.aws.reports import read_report
from govern.remediate.aws.work import acting_policies, work_items

if TYPE_CHECKING:
    from govern.inputs.aws.progress import Progress
    from govern.inputs.aws.scanner import ScanOptions


@dataclass(frozen=True, slots=True)
class Request:
    """What to remediate and how.

    Attributes:
        scan: Credentials, accounts and endpoint; also what to scan when
            there is no ``report``.
        report: A saved JSON report of ``govern scan`` to act on instead.
        policy_ids: Only these policies (each must be auto-remediable).
        apply: Make the changes; otherwise a dry run.
        max_changes: Most changes one run makes.
        audit_log: The JSON Lines file ``apply`` appends to.
        owner_map: Owners for the actions that tag them.
        record: History store URL for remediation events.
        run_options: Waivers and baseline.
    """

    scan: ScanOptions
    report: Path | None = None
    policy_ids: tuple[str, ...] = ()
    apply: bool = False
    max_changes: int = 25
    audit_log: Path = DEFAULT_AUDIT_LOG
    owner_map: Path | None = None
    record: str | None = None
    run_options: RunOptions = field(default_factory=RunOptions)


@dataclass(slots=True)
class Remediation:
    """The outcome of ``remediate``."""

    outcomes: list[Outcome]
    notes: list[str]
    api_calls: dict[str, int]
    exit_code: int


def remediate(
    request: Request, settings: Settings, progress: Progress | None = None
) -> Remediation:
    """Find what to fix and fix it (or plan it); see the module docstring."""
    policy_set = load_policy_set(settings=settings)
    policies = acting_policies(policy_set, request.policy_ids)
    owners = load_owner_map(request.owner_map) if request.owner_map else None
    with ExitStack() as stack:
        audit = None
        if request.apply:
            # Opened first: a log that cannot be written stops the run
            # before anything is read or changed.
            audit = stack.enter_context(AuditLog(request.audit_log, _run_id()))
        # Every auto-remediable policy is evaluated, not just the chosen
        # ones: a waiver under any of them protects the setting it covers.
        evaluated = PolicySet(policy_set.pillars, acting_policies(policy_set, ()))
        findings, notes = _findings(request, evaluated, settings, progress)
        items, more = work_items(findings, policies, settings.parameters, owners)
        notes += more
        if not policies:
            notes.append("no loaded policy is auto-remediable: nothing to do")
        if not items:
            return Remediation([], notes, {}, 0)
        from govern.remediate.aws.connection import Connection

        connection = Connection(request.scan)
        remediator = Remediator(
            connection,
            apply=request.apply,
            max_changes=request.max_changes,
            audit=audit,
            recorder=_recorder(request.record, notes) if request.record else None,
        )
        outcomes = remediator.run(items)
    return Remediation(
        outcomes,
        notes,
        connection.api_calls(),
        exit_code(outcomes, request.apply),
    )


def _findings(
    request: Request,
    policy_set: PolicySet,
    settings: Settings,
    progress: Progress | None,
) -> tuple[list[Finding], list[str]]:
    if not policy_set.policies:
        return [], []
    if request.report is not None:
        found = read_report(request.report)
        findings, notes = triage(found, policy_set, request.run_options, settings)
        return findings, _relevant(notes)
    from govern.live import run_scan

    run = run_scan(
        policy_set, settings, request.run_options, request.scan, None, progress
    )
    notes = _relevant(run.notes)
    notes += [
        f"coverage gap: account={g['account']} region={g['region']} "
        f"service={g['service']}: {g['message']}"
        for g in run.coverage_gaps
    ]
    return run.findings, notes


# Only the auto-remediable policies are evaluated, so every waiver for another
# policy would be reported as unused or as naming policies not loaded.
_OUT_OF_SCOPE = re.compile(r"^waiver \S+ (is unused|names policies not loaded)")


def _relevant(notes: list[str]) -> list[str]:
    """The notes of the triage that matter to a remediation."""
    return [note for note in notes if not _OUT_OF_SCOPE.match(note)]


def _recorder(url: str, notes: list[str]) -> Recorder:
    from govern.history.remediation import record_remediation

    def record(outcome: Outcome) -> None:
        target = outcome.item.target
        permissions = sorted({call.operation.permission for call in outcome.calls})
        try:
            record_remediation(
                url,
                fingerprint=target.fingerprint,
                policy_id=target.policy_id,
                address=target.address,
                action=",".join(permissions) or outcome.item.action.name,
                result="succeeded" if outcome.result == "applied" else "failed",
                account=target.account,
                region=target.region,
            )
        except HistoryError as error:
            notes.append(f"history: not recorded for {target.address}: {error}")

    return record


def _run_id() -> str:
    import uuid

    return uuid.uuid4().hex
