"""Leading indicators of governance, per pillar and per owning team.

Computed from a ``History`` (see ``lifecycle``) and remediation events, with
no database in sight. Definitions:

- **open**: findings whose latest status is ``fail``, by severity;
- **new / reopened / fixed per run**: episodes that started, started again
  after a fix, or ended in that run;
- **time to fix**: days from the run that first saw an episode failing to the
  run that saw it fixed; median and 90th percentile (nearest rank);
- **waivers in force**: waivers recorded with the latest run and not expired,
  their age (days since ``created``, else since first recorded) and those
  expiring within ``EXPIRY_WINDOW_DAYS``;
- **auto-remediated share**: fixed episodes with a succeeded remediation of
  the same fingerprint between opening and fix, over all fixed episodes;
- **coverage gaps**: those of the latest scan.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from govern.history.lifecycle import (
    Episode,
    History,
    Lifecycle,
    Step,
    closed_episodes,
    owning_team,
)
from govern.history.records import CoverageGap, PillarInfo, RemediationEvent, RunRecord
from govern.severity import SEVERITIES

EXPIRY_WINDOW_DAYS = 14
DEFAULT_TREND_RUNS = 10


@dataclass(frozen=True, slots=True)
class FixTimes:
    """How long fixes took, in days."""

    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True, slots=True)
class Posture:
    """Where one group of findings stands (a pillar, a team or everything)."""

    open: dict[str, int]
    waived: int
    baselined: int
    unknown: int
    fixed: int
    auto_remediated: int
    auto_remediated_share: float | None
    time_to_fix: FixTimes

    @property
    def open_total(self) -> int:
        """Open failing findings of every severity."""
        return sum(self.open.values())


@dataclass(frozen=True, slots=True)
class RunPoint:
    """One run in a trend: what changed and how many were open after it."""

    run_id: int | None
    started: datetime
    kind: str
    new: int
    reopened: int
    fixed: int
    open: int
    waived: int = 0


@dataclass(frozen=True, slots=True)
class WaiverAge:
    """A waiver in force, how old it is and how soon it expires."""

    id: str
    owner: str
    policies: tuple[str, ...]
    pillars: tuple[str, ...]
    created: date | None
    age_days: int
    expires: date
    days_left: int

    @property
    def expiring_soon(self) -> bool:
        """Whether it expires within ``EXPIRY_WINDOW_DAYS``."""
        return self.days_left <= EXPIRY_WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class PillarMetrics:
    """One pillar: its posture, its teams' postures, its trend and waivers."""

    id: str
    name: str
    team: str
    posture: Posture
    teams: dict[str, Posture]
    trend: list[RunPoint]
    waivers: list[WaiverAge]


@dataclass(frozen=True, slots=True)
class LastScan:
    """The latest scan and the coverage gaps it reported."""

    run_id: int | None
    started: datetime
    gaps: list[CoverageGap]


@dataclass(frozen=True, slots=True)
class Metrics:
    """Everything ``govern metrics`` reports."""

    as_of: datetime
    runs: int
    first_run: datetime | None
    last_run: datetime | None
    overall: Posture
    trend: list[RunPoint]
    pillars: list[PillarMetrics]
    waivers: list[WaiverAge]
    last_scan: LastScan | None
    teams: dict[str, Posture] = field(default_factory=dict)


def compute(
    history: History,
    remediations: Sequence[RemediationEvent],
    as_of: datetime,
    pillar: str | None = None,
    trend_runs: int = DEFAULT_TREND_RUNS,
) -> Metrics:
    """The metrics of ``history`` as of ``as_of``, for one pillar or all."""
    succeeded = _succeeded_by_fingerprint(remediations)
    lifecycles = list(history.lifecycles.values())
    pillars = _pillars(history)
    if pillar is not None:
        pillars = {pillar: pillars.get(pillar, PillarInfo(pillar, pillar, ""))}
        lifecycles = [lc for lc in lifecycles if lc.latest.pillar == pillar]
    waivers = waivers_in_force(history, as_of.date())
    steps = history.steps[-trend_runs:] if trend_runs > 0 else []
    per_pillar = [
        PillarMetrics(
            id=info.id,
            name=info.name,
            team=info.team,
            posture=posture(
                [lc for lc in lifecycles if lc.latest.pillar == info.id], succeeded
            ),
            teams=_by_team(
                [lc for lc in lifecycles if lc.latest.pillar == info.id], succeeded
            ),
            trend=trend(history, steps, pillar=info.id),
            waivers=[w for w in waivers if info.id in w.pillars],
        )
        for info in sorted(pillars.values(), key=lambda p: (p.order, p.id))
    ]
    if pillar is not None:
        waivers = [w for w in waivers if pillar in w.pillars]
    runs = history.runs
    return Metrics(
        as_of=as_of,
        runs=len(runs),
        first_run=runs[0].started if runs else None,
        last_run=runs[-1].started if runs else None,
        overall=posture(lifecycles, succeeded),
        trend=trend(history, steps, pillar=pillar),
        pillars=per_pillar,
        waivers=waivers,
        last_scan=_last_scan(runs),
        teams=_by_team(lifecycles, succeeded),
    )


def posture(
    lifecycles: Iterable[Lifecycle], succeeded: dict[str, list[datetime]]
) -> Posture:
    """Open findings by severity, other states, and how fixes went."""
    items = list(lifecycles)
    statuses = Counter(lc.status for lc in items)
    open_by_severity = Counter(
        lc.latest.severity for lc in items if lc.status == "fail"
    )
    fixes = closed_episodes(items)
    auto = sum(
        1
        for lc, episode in fixes
        if _auto_remediated(episode, succeeded.get(lc.fingerprint, []))
    )
    days = [episode.days_to_fix or 0.0 for _, episode in fixes]
    return Posture(
        open={s: open_by_severity.get(s, 0) for s in reversed(SEVERITIES)},
        waived=statuses.get("waived", 0),
        baselined=statuses.get("baselined", 0),
        unknown=statuses.get("unknown", 0),
        fixed=len(fixes),
        auto_remediated=auto,
        auto_remediated_share=auto / len(fixes) if fixes else None,
        time_to_fix=fix_times(days),
    )


def fix_times(days: Sequence[float]) -> FixTimes:
    """Median and nearest-rank 90th percentile of ``days``."""
    if not days:
        return FixTimes(0, None, None)
    ordered = sorted(days)
    rank = math.ceil(0.9 * len(ordered))
    return FixTimes(len(ordered), statistics.median(ordered), ordered[rank - 1])


def trend(
    history: History,
    steps: Sequence[Step],
    pillar: str | None = None,
    team: str | None = None,
) -> list[RunPoint]:
    """New, reopened and fixed findings per run; open and waived after it."""

    def belongs(fingerprint: str) -> bool:
        latest = history.lifecycles[fingerprint].latest
        return pillar in (None, latest.pillar) and team in (None, owning_team(latest))

    return [
        RunPoint(
            run_id=step.run_id,
            started=step.started,
            kind=step.kind,
            new=_count(step.new, belongs),
            reopened=_count(step.reopened, belongs),
            fixed=_count(step.fixed, belongs),
            open=step.count("fail", pillar, team),
            waived=step.count("waived", pillar, team),
        )
        for step in steps
    ]


def waivers_in_force(history: History, today: date) -> list[WaiverAge]:
    """Waivers recorded with the latest run that have not expired, oldest first."""
    if not history.runs:
        return []
    first_recorded: dict[str, date] = {}
    policy_pillars: dict[str, str] = {}
    for run in history.runs:
        policy_pillars.update(run.policies)
        for waiver in run.waivers:
            first_recorded.setdefault(waiver.id, run.started.date())
    ages: list[WaiverAge] = []
    for waiver in history.runs[-1].waivers:
        if waiver.expires < today:
            continue
        since = waiver.created or first_recorded.get(waiver.id, today)
        pillars = sorted(
            {policy_pillars[p] for p in waiver.policies if p in policy_pillars}
        )
        ages.append(
            WaiverAge(
                id=waiver.id,
                owner=waiver.owner,
                policies=waiver.policies,
                pillars=tuple(pillars),
                created=waiver.created,
                age_days=(today - since).days,
                expires=waiver.expires,
                days_left=(waiver.expires - today).days,
            )
        )
    return sorted(ages, key=lambda w: (-w.age_days, w.id))


def slowest_fixes(
    lifecycles: Iterable[Lifecycle], limit: int = 10
) -> list[tuple[Lifecycle, Episode]]:
    """The fixed episodes that took longest."""
    fixes = closed_episodes(list(lifecycles))
    fixes.sort(key=lambda pair: -(pair[1].days_to_fix or 0.0))
    return fixes[:limit]


def _by_team(
    lifecycles: Iterable[Lifecycle], succeeded: dict[str, list[datetime]]
) -> dict[str, Posture]:
    groups: dict[str, list[Lifecycle]] = defaultdict(list)
    for lc in lifecycles:
        groups[lc.team].append(lc)
    return {team: posture(items, succeeded) for team, items in sorted(groups.items())}


def _pillars(history: History) -> dict[str, PillarInfo]:
    pillars: dict[str, PillarInfo] = {}
    for run in history.runs:
        pillars.update(run.pillars)
    for lc in history.lifecycles.values():
        pillar = lc.latest.pillar
        if pillar not in pillars:
            pillars[pillar] = PillarInfo(pillar, pillar, lc.latest.team)
    return pillars


def _succeeded_by_fingerprint(
    events: Iterable[RemediationEvent],
) -> dict[str, list[datetime]]:
    found: dict[str, list[datetime]] = defaultdict(list)
    for event in events:
        if event.result == "succeeded":
            found[event.fingerprint].append(event.at)
    return found


def _auto_remediated(episode: Episode, times: Sequence[datetime]) -> bool:
    fixed = episode.fixed
    return fixed is not None and any(episode.opened <= t <= fixed for t in times)


def _count(fingerprints: Iterable[str], belongs: Callable[[str], bool]) -> int:
    return sum(1 for fingerprint in fingerprints if belongs(fingerprint))


def _last_scan(runs: Sequence[RunRecord]) -> LastScan | None:
    scans = [run for run in runs if run.kind == "scan"]
    if not scans:
        return None
    last = scans[-1]
    return LastScan(last.id, last.started, list(last.coverage_gaps))
