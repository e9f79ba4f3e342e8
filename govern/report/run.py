"""Everything a reporter needs to know about one run of govern."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from govern.findings.finding import STATUSES, Finding
from govern.policy.models import Pillar, Policy
from govern.severity import SEVERITIES


@dataclass(slots=True)
class InputSummary:
    """One input of the run: a plan file, a snapshot or a scanned account."""

    kind: str
    origin: str
    resources: int
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Run:
    """The outcome of a run, ready for any reporter."""

    command: str
    findings: list[Finding]
    pillars: dict[str, Pillar]
    policies: list[Policy]
    inputs: list[InputSummary]
    gate: list[Finding]
    exit_code: int
    fail_on: str | None = None
    notes: list[str] = field(default_factory=list)
    coverage_gaps: list[dict[str, Any]] = field(default_factory=list)
    api_calls: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        triples = Counter((f.pillar, f.severity, f.status) for f in self.findings)
        by_status: Counter[str] = Counter()
        by_pillar: dict[str, Counter[str]] = {p: Counter() for p in self.pillars}
        by_severity: dict[str, Counter[str]] = {s: Counter() for s in SEVERITIES}
        for (pillar, severity, status), count in triples.items():
            by_status[status] += count
            by_pillar.setdefault(pillar, Counter())[status] += count
            by_severity[severity][status] += count
        return {
            "by_status": {s: by_status.get(s, 0) for s in STATUSES},
            "by_pillar": {p: _ordered(c) for p, c in by_pillar.items()},
            "by_severity": {s: _ordered(c) for s, c in by_severity.items()},
            "gate_failures": len(self.gate),
            "fail_on": self.fail_on or "per pillar",
            "resources": sum(i.resources for i in self.inputs),
            "policies": len(self.policies),
        }


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return {status: counter.get(status, 0) for status in STATUSES}
