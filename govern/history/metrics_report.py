"""``govern metrics`` output: the same data as text for people or as JSON."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from govern.history.metrics import Metrics, PillarMetrics, Posture, RunPoint, WaiverAge

SCHEMA_VERSION = 1


def to_json(metrics: Metrics) -> dict[str, Any]:
    """``metrics`` as plain JSON data; dates and times in ISO 8601."""
    document: dict[str, Any] = _plain(
        {
            "schema_version": SCHEMA_VERSION,
            "as_of": metrics.as_of,
            "runs": {
                "count": metrics.runs,
                "first": metrics.first_run,
                "last": metrics.last_run,
            },
            "overall": _posture(metrics.overall),
            "teams": {t: _posture(p) for t, p in metrics.teams.items()},
            "trend": [asdict(point) for point in metrics.trend],
            "pillars": [_pillar(p) for p in metrics.pillars],
            "waivers": [_waiver(w) for w in metrics.waivers],
            "last_scan": None
            if metrics.last_scan is None
            else {
                "run_id": metrics.last_scan.run_id,
                "started": metrics.last_scan.started,
                "coverage_gaps": [asdict(g) for g in metrics.last_scan.gaps],
            },
        }
    )
    return document


def _pillar(pillar: PillarMetrics) -> dict[str, Any]:
    return {
        "id": pillar.id,
        "name": pillar.name,
        "team": pillar.team,
        **_posture(pillar.posture),
        "teams": {t: _posture(p) for t, p in pillar.teams.items()},
        "trend": [asdict(point) for point in pillar.trend],
        "waivers": [w.id for w in pillar.waivers],
    }


def _posture(posture: Posture) -> dict[str, Any]:
    return {
        "open": posture.open,
        "open_total": posture.open_total,
        "waived": posture.waived,
        "baselined": posture.baselined,
        "unknown": posture.unknown,
        "fixed": posture.fixed,
        "auto_remediated": posture.auto_remediated,
        "auto_remediated_share": posture.auto_remediated_share,
        "time_to_fix_days": asdict(posture.time_to_fix),
    }


def _waiver(waiver: WaiverAge) -> dict[str, Any]:
    return {**asdict(waiver), "expiring_soon": waiver.expiring_soon}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def render_text(metrics: Metrics) -> str:
    """A few screens of plain text: pillars, teams, trend, waivers, gaps."""
    if metrics.runs == 0:
        return (
            "No runs recorded yet: record one with 'govern plan PLAN --record URL'.\n"
        )
    lines = [
        f"govern metrics: {metrics.runs} runs, "
        f"{_day(metrics.first_run)} to {_day(metrics.last_run)}",
        "",
    ]
    for pillar in metrics.pillars:
        lines += _pillar_lines(pillar)
    lines += _waiver_lines(metrics.waivers)
    lines += _gap_lines(metrics)
    return "\n".join(lines).rstrip() + "\n"


def _pillar_lines(pillar: PillarMetrics) -> list[str]:
    lines = [
        f"{pillar.name} ({pillar.id}), {pillar.team}",
        *_posture_lines(pillar.posture, "  "),
    ]
    teams = pillar.teams
    if list(teams) == [pillar.team]:
        teams = {}  # the pillar's own team alone would repeat the lines above
    for team, posture in teams.items():
        if posture.open_total or posture.fixed or posture.waived:
            lines.append(f"  team {team}:")
            lines += _posture_lines(posture, "    ")
    lines += _trend_lines(pillar.trend)
    return [*lines, ""]


def _posture_lines(posture: Posture, indent: str) -> list[str]:
    severities = ", ".join(f"{s} {n}" for s, n in posture.open.items() if n)
    opened = f"open {posture.open_total}" + (f" ({severities})" if severities else "")
    times = posture.time_to_fix
    share = posture.auto_remediated_share
    auto = "n/a" if share is None else f"{share:.0%}"
    return [
        f"{indent}{opened}; waived {posture.waived}; "
        f"baselined {posture.baselined}; unknown {posture.unknown}",
        f"{indent}fixed {posture.fixed}; time to fix median "
        f"{_days(times.median_days)}, p90 {_days(times.p90_days)}; "
        f"auto-remediated {auto}",
    ]


def _trend_lines(points: list[RunPoint]) -> list[str]:
    if not points:
        return []
    lines = ["  run  started           kind  new  reopened  fixed  open"]
    for p in points:
        lines.append(
            f"  {p.run_id or '-':>3}  {p.started:%Y-%m-%d %H:%M}  {p.kind:<4}  "
            f"{p.new:>3}  {p.reopened:>8}  {p.fixed:>5}  {p.open:>4}"
        )
    return lines


def _waiver_lines(waivers: list[WaiverAge]) -> list[str]:
    if not waivers:
        return ["Waivers in force: none", ""]
    lines = [f"Waivers in force: {len(waivers)}"]
    for w in waivers:
        soon = "  EXPIRES SOON" if w.expiring_soon else ""
        lines.append(
            f"  {w.id}: {w.age_days} days old, expires {w.expires} "
            f"(in {w.days_left} days), owner {w.owner}{soon}"
        )
    return [*lines, ""]


def _gap_lines(metrics: Metrics) -> list[str]:
    scan = metrics.last_scan
    if scan is None:
        return ["Coverage gaps: no scan recorded"]
    if not scan.gaps:
        return [f"Coverage gaps in the last scan ({_day(scan.started)}): none"]
    lines = [f"Coverage gaps in the last scan ({_day(scan.started)}): {len(scan.gaps)}"]
    for gap in scan.gaps:
        where = "/".join(part or "*" for part in (gap.account, gap.region, gap.service))
        lines.append(f"  {where}: {gap.error}: {gap.message}")
    return lines


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} days"


def _day(value: datetime | None) -> str:
    return "-" if value is None else f"{value:%Y-%m-%d}"
