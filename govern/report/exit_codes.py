"""The exit codes of every govern command, decided in this one place.

| code | meaning |
|------|---------|
| 0 | no failing finding at or above the threshold |
| 1 | failing findings at or above the threshold |
| 2 | usage or input error: nothing was evaluated, no report was written |
| 3 | unexpected internal error |
| 4 | a scan finished, but some accounts, regions or services could not be read |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from govern.severity import SEVERITY_RANK

if TYPE_CHECKING:
    from govern.findings.finding import Finding
    from govern.policy.models import Pillar

OK = 0
FINDINGS = 1
INPUT_ERROR = 2
INTERNAL_ERROR = 3
COVERAGE_GAP = 4


def threshold_for(pillar: Pillar | None, fail_on: str | None) -> str:
    """The lowest failing severity: ``--fail-on`` if given, else the pillar's."""
    if fail_on is not None:
        return fail_on
    return pillar.fail_on if pillar is not None else "high"


def gating(
    findings: Iterable[Finding],
    pillars: Mapping[str, Pillar],
    fail_on: str | None = None,
) -> list[Finding]:
    """The failing findings that fail the pipeline."""
    return [
        finding
        for finding in findings
        if finding.status == "fail"
        and SEVERITY_RANK[finding.severity]
        >= SEVERITY_RANK[threshold_for(pillars.get(finding.pillar), fail_on)]
    ]


def exit_code(gate_failures: int, coverage_gaps: int = 0) -> int:
    if gate_failures:
        return FINDINGS
    if coverage_gaps:
        return COVERAGE_GAP
    return OK
