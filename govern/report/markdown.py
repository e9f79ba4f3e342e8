"""Markdown for a pull-request comment or a GitHub job summary.

The report opens with the verdict and a table of counts by pillar, then lists
the failing findings grouped by pillar and owning team, each with its fix and
the Terraform to copy. GitHub rejects comments longer than 65,536 characters,
so findings stop before ``limit`` and a closing line says how many were left
out; the JSON and SARIF reports always hold everything.

Text from plans and policies is escaped, so a message holding ``|``, ``<`` or
``*`` cannot break the table or the layout around it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from govern.findings.finding import Finding
from govern.report.run import Run
from govern.severity import SEVERITIES, SEVERITY_RANK

GITHUB_COMMENT_LIMIT = 65_536
DEFAULT_LIMIT = 65_000

_SEVERITY_COLUMNS = tuple(reversed(SEVERITIES))
_STATUS_COLUMNS = ("unknown", "waived", "baselined", "pass")
_ESCAPED = re.compile(r"([\\`*_\[\]<>|~&])")
_VERDICTS = {"FAILED": "❌", "INCOMPLETE": "⚠️", "PASSED": "✅"}
# Room kept for the closing "and N more" line when findings are cut.
_RESERVE = 200


def render(run: Run, limit: int = DEFAULT_LIMIT) -> str:
    """The report as Markdown, shorter than ``limit`` characters.

    Findings that do not fit are counted in a closing line instead. The
    headline, the table, notes and coverage gaps always come first in the
    budget; notes and gaps are themselves cut to a quarter of it.
    """
    head = "\n\n".join([_headline(run), _summary_table(run)])
    tail = _tail(run, limit // 4)
    budget = limit - len(head) - len(tail) - _RESERVE
    shown, omitted = _findings_section(run, budget)
    parts = [head, *shown]
    if omitted:
        parts.append(
            f"> … and {omitted} more failing finding{'s' * (omitted != 1)} not "
            "shown (full report: the JSON or SARIF artifact)"
        )
    if tail:
        parts.append(tail)
    return "\n\n".join(parts) + "\n"


def _headline(run: Run) -> str:
    verdict = _verdict(run)
    title = f"## {_VERDICTS[verdict]} govern {run.command}: {verdict} "
    title += f"(exit {run.exit_code})"
    resources = sum(i.resources for i in run.inputs)
    inputs = len(run.inputs)
    facts = [
        f"{resources} resources in {inputs} input{'s' * (inputs != 1)}",
        f"{len(run.policies)} policies",
        f"threshold: {run.fail_on or 'per pillar'}",
    ]
    if run.gate:
        count = len(run.gate)
        facts.insert(
            0,
            f"**{count} failing finding{'s' * (count != 1)} at or above "
            "the threshold**",
        )
    return title + "\n\n" + " · ".join(facts)


def _verdict(run: Run) -> str:
    if run.gate:
        return "FAILED"
    return "INCOMPLETE" if run.coverage_gaps else "PASSED"


def _summary_table(run: Run) -> str:
    columns = [*_SEVERITY_COLUMNS, *_STATUS_COLUMNS]
    rows = ["| pillar | " + " | ".join(columns) + " |"]
    rows.append("|:--" + "|--:" * len(columns) + "|")
    totals: Counter[str] = Counter()
    for pillar_id, name in _pillar_names(run).items():
        counts = _counts(f for f in run.findings if f.pillar == pillar_id)
        totals.update(counts)
        cells = [str(counts[column]) for column in columns]
        rows.append(f"| {escape(name)} | " + " | ".join(cells) + " |")
    cells = [f"**{totals[column]}**" for column in columns]
    rows.append("| **total** | " + " | ".join(cells) + " |")
    caption = "Failing findings by severity, other outcomes by status:"
    return caption + "\n\n" + "\n".join(rows)


def _pillar_names(run: Run) -> dict[str, str]:
    names = {pillar_id: pillar.name for pillar_id, pillar in run.pillars.items()}
    for finding in run.findings:
        names.setdefault(finding.pillar, finding.pillar)
    return names


def _counts(findings: Iterable[Finding]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for finding in findings:
        counts[finding.severity if finding.status == "fail" else finding.status] += 1
    return counts


def _findings_section(run: Run, budget: int) -> tuple[list[str], int]:
    """Blocks of failing findings that fit in ``budget``, and how many did not."""
    failing = [f for f in run.findings if f.status == "fail"]
    if not failing:
        return [], 0
    gate = {id(f) for f in run.gate}
    many = len(run.inputs) > 1
    blocks = ["### Failing findings"]
    used = len(blocks[0])
    shown = 0
    for heading, findings in _groups(run, failing, gate):
        blocks.append(heading)
        used += len(heading) + 2
        for finding in findings:
            block = _finding_block(finding, id(finding) in gate, many)
            if used + len(block) + 2 > budget:
                if blocks[-1] == heading:
                    blocks.pop()
                return blocks, len(failing) - shown
            blocks.append(block)
            used += len(block) + 2
            shown += 1
    return blocks, 0


def _groups(
    run: Run, failing: list[Finding], gate: set[int]
) -> list[tuple[str, list[Finding]]]:
    """Failing findings by pillar (in pillar order) and owning team."""
    order = {pillar_id: rank for rank, pillar_id in enumerate(run.pillars)}
    names = _pillar_names(run)
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in failing:
        key = (finding.pillar, finding.team, finding.team_contact)
        grouped.setdefault(key, []).append(finding)
    groups = []
    for key in sorted(grouped, key=lambda k: (order.get(k[0], len(order)), k)):
        pillar, team, contact = key
        heading = f"#### {escape(names[pillar])} · {escape(team)} ({escape(contact)})"
        findings = sorted(
            grouped[key],
            key=lambda f: (
                id(f) not in gate,
                -SEVERITY_RANK[f.severity],
                f.origin,
                f.address,
                f.policy_id,
            ),
        )
        groups.append((heading, findings))
    return groups


def _finding_block(finding: Finding, gating: bool, many_inputs: bool) -> str:
    label = "**FAIL**" if gating else "warn"
    where = code(finding.address)
    if many_inputs:
        where += f" in {code(finding.origin)}"
    lines = [
        f"- {label} · **{finding.severity}** · {code(finding.policy_id)} "
        f"{escape(finding.title)}",
        f"  - resource: {where}",
    ]
    if finding.owner:
        lines.append(f"  - owner: {escape(finding.owner)}")
    lines.append(f"  - why: {escape(finding.message)}")
    lines.append(f"  - fix: {escape(finding.remediation.hint)}")
    # The fix for this very resource beats the policy's generic snippet.
    terraform = finding.fix.text if finding.fix else finding.remediation.terraform
    if terraform:
        lines.append("")
        lines.append("  <details><summary>Terraform fix</summary>")
        lines.append("")
        lines.extend(f"  {line}" if line else "" for line in _hcl_lines(terraform))
        lines.append("")
        lines.append("  </details>")
    return "\n".join(lines)


def _hcl_lines(terraform: str) -> list[str]:
    return code_block(terraform, "hcl").split("\n")


def _tail(run: Run, budget: int) -> str:
    """Notes and coverage gaps, cut to ``budget`` characters."""
    sections = []
    if run.notes:
        sections.append(_bullets("### Notes", run.notes, "notes", budget // 2))
    if run.coverage_gaps:
        gaps = [
            ", ".join(f"{k}={v}" for k, v in gap.items() if v is not None)
            for gap in run.coverage_gaps
        ]
        sections.append(_bullets("### Coverage gaps", gaps, "gaps", budget // 2))
    return "\n\n".join(sections)


def _bullets(heading: str, items: list[str], noun: str, budget: int) -> str:
    lines = [heading, ""]
    used = len(heading) + 1
    for number, item in enumerate(items):
        line = f"- {escape(item)}"
        if used + len(line) + 1 > budget - 60:
            lines.append(f"- … and {len(items) - number} more {noun}")
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line: markup characters escaped."""
    return _ESCAPED.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = " ".join(text.split())
    ticks = "`" * (_longest_backtick_run(text) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{padding}{text}{padding}{ticks}"


def code_block(code_text: str, language: str = "") -> str:
    """A fenced code block whose fence no line of ``code_text`` can close."""
    fence = "`" * max(3, _longest_backtick_run(code_text) + 1)
    return f"{fence}{language}\n{code_text.rstrip()}\n{fence}"


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)
