"""Each finding's life across runs, derived from run records alone (no SQL).

A finding is identified by its fingerprint. Reading runs oldest first:

- it is **first seen** in the first run that reports it failing, waived,
  baselined or unknown, and **last seen** in the latest such run;
- it is **open** from a run that reports it failing (or waived or baselined,
  which accept a failure without removing it) until it is **fixed**: reported
  passing, or missing from a later run that covered it (same plan origin, or
  same account, region and service without a coverage gap there, evaluating
  its policy, over all resources);
- failing again after a fix **reopens** it: a new episode starts;
- the runs in which it is waived form **waived periods**, one per waiver.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from govern.history.records import ANY, CoverageGap, FindingRecord, RunRecord

VIOLATING = frozenset({"fail", "waived", "baselined"})
FIXED = "fixed"
SECONDS_PER_DAY = 86_400

StateKey = tuple[str, str, str, str]
"""Pillar, owning team, severity and status of a finding that is not fixed."""


@dataclass(slots=True)
class Episode:
    """One stretch from failing to fixed; ``fixed`` is None while still open."""

    opened: datetime
    opened_run: int | None
    fixed: datetime | None = None
    fixed_run: int | None = None

    @property
    def days_to_fix(self) -> float | None:
        """Days from opened to fixed; None while the episode is open."""
        if self.fixed is None:
            return None
        return (self.fixed - self.opened).total_seconds() / SECONDS_PER_DAY


@dataclass(slots=True)
class WaivedPeriod:
    """Runs in which a waiver covered the finding; ``end`` is None while it does."""

    waiver_id: str
    start: datetime
    end: datetime | None = None


@dataclass(slots=True)
class Lifecycle:
    """Everything known about one fingerprint across the runs."""

    latest: FindingRecord
    first_seen: datetime
    last_seen: datetime
    status: str
    episodes: list[Episode] = field(default_factory=list)
    waived_periods: list[WaivedPeriod] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """The finding's identity across runs."""
        return self.latest.fingerprint

    @property
    def reopened(self) -> int:
        """How many times it failed again after a fix."""
        return max(0, len(self.episodes) - 1)

    @property
    def team(self) -> str:
        """The owning team, from the latest record."""
        return owning_team(self.latest)

    def state(self) -> StateKey | None:
        """What the finding counts as now; None once fixed."""
        if self.status == FIXED:
            return None
        f = self.latest
        return (f.pillar, owning_team(f), f.severity, self.status)


@dataclass(frozen=True, slots=True)
class Step:
    """What one run changed, and how things stood right after it."""

    run_id: int | None
    started: datetime
    kind: str
    new: tuple[str, ...]
    reopened: tuple[str, ...]
    fixed: tuple[str, ...]
    states: Mapping[StateKey, int]

    def count(
        self, status: str, pillar: str | None = None, team: str | None = None
    ) -> int:
        """Findings in ``status`` after this run, optionally of one pillar or team."""
        return sum(
            n
            for (p, t, _, s), n in self.states.items()
            if s == status and pillar in (None, p) and team in (None, t)
        )


@dataclass(slots=True)
class History:
    """Every fingerprint's lifecycle and every run's step, oldest run first.

    ``runs`` are kept without their findings: what metrics need of those is in
    the lifecycles and steps, and a history of many large scans would not fit
    in memory otherwise.
    """

    runs: list[RunRecord]
    lifecycles: dict[str, Lifecycle]
    steps: list[Step]


def owning_team(finding: FindingRecord) -> str:
    """The resource's owner tag when it has one, else the pillar's team."""
    return finding.owner or finding.team


def covers(run: RunRecord, finding: FindingRecord) -> bool:
    """Whether ``run`` looked at the resource and policy behind ``finding``."""
    if run.policies and finding.policy_id not in run.policies:
        return False
    if finding.account is None:
        return any(entry.origin == finding.origin for entry in run.scope)
    in_scope = any(
        entry.account == finding.account
        and (finding.region is None or entry.region in (ANY, finding.region))
        and (entry.service == ANY or entry.service == finding.service)
        for entry in run.scope
    )
    return in_scope and not any(_hides(gap, finding) for gap in run.coverage_gaps)


def _hides(gap: CoverageGap, finding: FindingRecord) -> bool:
    # A gap hides a finding unless they differ in something both of them name:
    # when in doubt, a missing finding is not taken for a fixed one.
    pairs = (
        (gap.account, finding.account),
        (gap.region, finding.region),
        (gap.service, finding.service),
    )
    return all(a is None or b is None or a == b for a, b in pairs)


def derive(runs: Iterable[RunRecord]) -> History:
    """Replay ``runs`` in time order and return every finding's lifecycle.

    A list is put in time order first. Any other iterable, such as
    ``HistoryStore.stream_runs``, must already be in it; each of its runs'
    findings is let go once replayed.
    """
    replay = _Replay()
    kept: list[RunRecord] = []
    for run in _in_time_order(runs):
        replay.apply(run)
        kept.append(replace(run, findings=[]))
    return History(kept, replay.lifecycles, replay.steps)


def _in_time_order(runs: Iterable[RunRecord]) -> Iterator[RunRecord]:
    if isinstance(runs, list):
        yield from sorted(runs, key=_when)
        return
    previous: RunRecord | None = None
    for run in runs:
        if previous is not None and _when(run) < _when(previous):
            raise ValueError("runs to replay must come oldest first")
        previous = run
        yield run


def _when(run: RunRecord) -> tuple[datetime, int]:
    return run.started, run.id or 0


class _Replay:
    def __init__(self) -> None:
        self.lifecycles: dict[str, Lifecycle] = {}
        self.steps: list[Step] = []
        self._counts: Counter[StateKey] = Counter()
        # Fingerprints not fixed, in the order they became so: only these can
        # be fixed by going missing, and most of a long history is fixed.
        self._unfixed: dict[str, None] = {}

    def apply(self, run: RunRecord) -> None:
        observed: dict[str, FindingRecord] = {}
        for finding in run.findings:
            observed.setdefault(finding.fingerprint, finding)
        new: list[str] = []
        reopened: list[str] = []
        fixed: list[str] = []
        for fingerprint, finding in observed.items():
            if finding.status == "pass":
                if self._fix(fingerprint, run):
                    fixed.append(fingerprint)
                continue
            change = self._observe(finding, run)
            if change == "new":
                new.append(fingerprint)
            elif change == "reopened":
                reopened.append(fingerprint)
        missing = [] if run.partial else [f for f in self._unfixed if f not in observed]
        for fingerprint in missing:
            lifecycle = self.lifecycles[fingerprint]
            if covers(run, lifecycle.latest) and self._fix(fingerprint, run):
                fixed.append(fingerprint)
        self.steps.append(
            Step(
                run_id=run.id,
                started=run.started,
                kind=run.kind,
                new=tuple(new),
                reopened=tuple(reopened),
                fixed=tuple(fixed),
                states=dict(+self._counts),
            )
        )

    def _observe(self, finding: FindingRecord, run: RunRecord) -> str | None:
        lifecycle = self.lifecycles.get(finding.fingerprint)
        if lifecycle is None:
            # Born without a state, so the move below counts it once.
            lifecycle = Lifecycle(finding, run.started, run.started, FIXED)
            self.lifecycles[finding.fingerprint] = lifecycle
        before = lifecycle.state()
        lifecycle.latest = finding
        lifecycle.last_seen = run.started
        lifecycle.status = finding.status
        self._unfixed.setdefault(finding.fingerprint)
        self._move(before, lifecycle.state())
        _track_waiver(lifecycle, finding, run.started)
        if finding.status not in VIOLATING:
            return None
        episodes = lifecycle.episodes
        if episodes and episodes[-1].fixed is None:
            return None
        episodes.append(Episode(run.started, run.id))
        return "reopened" if len(episodes) > 1 else "new"

    def _fix(self, fingerprint: str, run: RunRecord) -> bool:
        """Mark fixed; True when this closed an open episode."""
        lifecycle = self.lifecycles.get(fingerprint)
        if lifecycle is None or lifecycle.status == FIXED:
            return False
        self._move(lifecycle.state(), None)
        lifecycle.status = FIXED
        del self._unfixed[fingerprint]
        _end_waived_period(lifecycle, run.started)
        episodes = lifecycle.episodes
        if not episodes or episodes[-1].fixed is not None:
            return False
        episodes[-1].fixed = run.started
        episodes[-1].fixed_run = run.id
        return True

    def _move(self, before: StateKey | None, after: StateKey | None) -> None:
        if before is not None:
            self._counts[before] -= 1
        if after is not None:
            self._counts[after] += 1


def _track_waiver(lifecycle: Lifecycle, finding: FindingRecord, when: datetime) -> None:
    periods = lifecycle.waived_periods
    current = periods[-1] if periods and periods[-1].end is None else None
    waiver = finding.waiver_id if finding.status == "waived" else None
    if current is not None and current.waiver_id == waiver:
        return
    _end_waived_period(lifecycle, when)
    if waiver is not None:
        periods.append(WaivedPeriod(waiver, when))


def _end_waived_period(lifecycle: Lifecycle, when: datetime) -> None:
    periods = lifecycle.waived_periods
    if periods and periods[-1].end is None:
        periods[-1].end = when


def open_lifecycles(history: History) -> list[Lifecycle]:
    """Lifecycles that are not fixed, oldest first seen first."""
    return sorted(
        (lc for lc in history.lifecycles.values() if lc.status != FIXED),
        key=lambda lc: lc.first_seen,
    )


def closed_episodes(
    lifecycles: Sequence[Lifecycle],
) -> list[tuple[Lifecycle, Episode]]:
    """Every fixed episode, with the lifecycle it belongs to."""
    return [
        (lc, episode)
        for lc in lifecycles
        for episode in lc.episodes
        if episode.fixed is not None
    ]
