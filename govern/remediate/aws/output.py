"""What ``govern remediate`` prints: every resource, its calls, a summary.

The text shows each call with its exact parameters as JSON, so a dry run
reads as the list of requests ``--apply`` would send.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from govern.remediate.aws.action import Call
from govern.remediate.aws.remediator import RESULTS, Outcome

_MADE = ("applied", "failed")


def summary(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """Outcomes per result, every result named."""
    counts = Counter(o.result for o in outcomes)
    return {result: counts.get(result, 0) for result in RESULTS}


def render_text(
    outcomes: Sequence[Outcome], applied: bool, audit_log: str | None
) -> str:
    """One block per resource, then one summary line."""
    lines: list[str] = []
    for outcome in outcomes:
        lines += _block(outcome)
    lines.append(_summary_line(outcomes, applied, audit_log))
    return "\n".join(lines) + "\n"


def _block(outcome: Outcome) -> list[str]:
    target = outcome.item.target
    where = f"account {target.account}, {target.region or 'global'}"
    lines = [f"{target.policy_id}  {target.address}  ({where})"]
    verb = "called" if outcome.result in _MADE else "would call"
    lines += [f"  {verb} {call_text(call)}" for call in outcome.calls]
    reason = f": {outcome.reason}" if outcome.reason else ""
    lines.append(f"  {outcome.result}{reason}")
    return lines


def call_text(call: Call) -> str:
    """``service Operation {parameters as JSON}``."""
    parameters = json.dumps(dict(call.parameters), sort_keys=True, default=str)
    return f"{call.operation.service} {call.operation.name} {parameters}"


def _summary_line(
    outcomes: Sequence[Outcome], applied: bool, audit_log: str | None
) -> str:
    counts = summary(outcomes)
    shown = ", ".join(f"{n} {result}" for result, n in counts.items() if n)
    if not applied:
        return (
            f"dry run: {shown or 'nothing to do'}; nothing was changed "
            "(--apply makes the pending changes)"
        )
    log = f"; audit log {audit_log}" if audit_log else ""
    return f"remediation: {shown or 'nothing to do'}{log}"


def render_json(
    outcomes: Sequence[Outcome],
    *,
    applied: bool,
    exit_code: int,
    max_changes: int,
    audit_log: str | None,
    notes: Sequence[str],
    api_calls: Mapping[str, int],
) -> dict[str, Any]:
    """The whole run as JSON data."""
    return {
        "command": "remediate",
        "apply": applied,
        "exit_code": exit_code,
        "max_changes": max_changes,
        "audit_log": audit_log,
        "summary": summary(outcomes),
        "notes": list(notes),
        "api_calls": dict(api_calls),
        "actions": [_outcome_json(o) for o in outcomes],
    }


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    target = outcome.item.target
    return {
        "policy_id": target.policy_id,
        "address": target.address,
        "type": target.type,
        "account": target.account,
        "region": target.region,
        "fingerprint": target.fingerprint,
        "action": outcome.item.action.name,
        "result": outcome.result,
        "reason": outcome.reason,
        "calls": [call.to_json() for call in outcome.calls],
        "before": outcome.before,
        "after": outcome.after,
        "verified": outcome.verified,
    }
