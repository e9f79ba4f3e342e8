"""The terminal report: failing and unknown findings grouped by pillar.

Passing findings are only counted; a terminal is for what needs doing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from govern.findings.finding import Finding
from govern.report.run import Run
from govern.severity import SEVERITY_RANK

_SHOWN = ("fail", "unknown", "waived", "baselined")
_LABELS = {
    "gate": "FAIL",
    "fail": "warn",
    "unknown": "unknown",
    "waived": "waived",
    "baselined": "baselined",
}
_COLOURS = {"FAIL": "31", "warn": "33", "unknown": "36", "waived": "35"}


def use_colour(stream: object = sys.stdout) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def render(run: Run, colour: bool = False) -> str:
    gate = {id(f) for f in run.gate}
    lines = [_headline(run), ""]
    for pillar_id, pillar in run.pillars.items():
        shown = [
            f for f in run.findings if f.pillar == pillar_id and f.status in _SHOWN
        ]
        if not shown:
            continue
        threshold = run.fail_on or pillar.fail_on
        lines.append(
            _paint(colour, "1", f"{pillar.name.upper()}")
            + f"  {pillar.team.name} ({pillar.team.contact}), fails at {threshold}+"
        )
        for finding in _ordered(shown):
            label = _LABELS["gate" if id(finding) in gate else finding.status]
            lines.extend(_finding_lines(finding, label, colour, len(run.inputs) > 1))
        lines.append("")
    lines.extend(_notes(run))
    lines.extend(_summary_table(run))
    lines.append(_verdict(run, colour))
    return "\n".join(lines) + "\n"


def _headline(run: Run) -> str:
    resources = sum(i.resources for i in run.inputs)
    inputs = ", ".join(i.origin for i in run.inputs[:3])
    if len(run.inputs) > 3:
        inputs += f" and {len(run.inputs) - 3} more"
    return (
        f"govern {run.command}: {inputs} - {resources} resources, "
        f"{len(run.policies)} policies, {run.seconds:.2f}s"
    )


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            _SHOWN.index(f.status),
            -SEVERITY_RANK[f.severity],
            f.origin,
            f.address,
            f.policy_id,
        ),
    )


def _finding_lines(finding: Finding, label: str, colour: bool, many: bool) -> list[str]:
    """Full detail for what fails the gate; one or two lines for the rest."""
    where = f"{finding.origin}: {finding.address}" if many else finding.address
    owner = f"  owner: {finding.owner}" if finding.owner else ""
    head = (
        f"  {_paint(colour, _COLOURS.get(label, '0'), f'{label:<9}')} "
        f"{finding.severity:<8} {finding.policy_id:<9} {where}{owner}"
    )
    indent = " " * 13
    if finding.status in ("waived", "baselined"):
        reason = f"waiver {finding.waiver}" if finding.waiver else finding.note
        return [f"{head}  ({reason})"]
    if label != "FAIL":
        return [head, f"{indent}{finding.title}: {finding.message}"]
    lines = [
        head,
        f"{indent}{finding.title}",
        f"{indent}{finding.message}",
        f"{indent}fix: {finding.remediation.hint}",
    ]
    if finding.fix is not None:
        lines.extend(
            f"{indent}  {line}" if line else ""
            for line in finding.fix.text.splitlines()
        )
    return lines


def _notes(run: Run) -> list[str]:
    lines = [f"note: {note}" for note in run.notes]
    for gap in run.coverage_gaps:
        lines.append(
            "coverage gap: "
            + " ".join(f"{k}={v}" for k, v in gap.items() if v is not None)
        )
    return [*lines, ""] if lines else []


def _summary_table(run: Run) -> list[str]:
    summary = run.summary()
    columns = ("fail", "unknown", "waived", "baselined", "pass")
    used = [c for c in columns if summary["by_status"][c] or c in ("fail", "pass")]
    width = max([len(p) for p in summary["by_pillar"]] + [7])
    lines = ["pillar".ljust(width) + "".join(f"{c:>11}" for c in used)]
    for pillar, counts in summary["by_pillar"].items():
        lines.append(pillar.ljust(width) + "".join(f"{counts[c]:>11}" for c in used))
    lines.append(
        "total".ljust(width) + "".join(f"{summary['by_status'][c]:>11}" for c in used)
    )
    if run.api_calls:
        calls = ", ".join(f"{k}={v}" for k, v in sorted(run.api_calls.items()))
        lines.append(f"API calls: {calls}")
    return [*lines, ""]


def _verdict(run: Run, colour: bool) -> str:
    if run.gate:
        count = len(run.gate)
        text = f"FAILED: {count} failing finding{'s' * (count != 1)} at or above "
        text += f"the threshold (exit {run.exit_code})"
        return _paint(colour, "31;1", text)
    if run.coverage_gaps:
        return (
            f"INCOMPLETE: {len(run.coverage_gaps)} coverage gaps (exit {run.exit_code})"
        )
    return _paint(colour, "32;1", f"PASSED (exit {run.exit_code})")


def _paint(colour: bool, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text
