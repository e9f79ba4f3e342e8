"""Lifecycles and metrics over a known story, against hand-computed values."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from govern.history.lifecycle import History, covers, derive
from govern.history.metrics import compute, fix_times
from govern.history.records import (
    ANY,
    CoverageGap,
    FindingRecord,
    RunRecord,
    ScopeEntry,
)
from tests.unit import history_scenario as story
from tests.unit.history_scenario import AS_OF, START


def day(n: int) -> object:
    return START + timedelta(days=n)


@pytest.fixture
def history() -> History:
    return derive(story.runs())


def test_lifecycle_of_each_finding(history: History) -> None:
    a, b, c, d, e = (history.lifecycles[k] for k in "abcde")
    assert [(x.opened, x.fixed) for x in a.episodes] == [
        (day(0), day(5)),
        (day(9), day(21)),
    ]
    assert (a.status, a.reopened, a.first_seen, a.last_seen) == (
        "fixed",
        1,
        day(0),
        day(9),
    )
    assert [(x.opened, x.fixed) for x in b.episodes] == [(day(0), day(2))]
    assert (c.status, c.first_seen, c.last_seen) == ("fail", day(0), day(21))
    assert [(x.opened, x.fixed) for x in c.episodes] == [(day(0), None)]
    assert [(p.waiver_id, p.start, p.end) for p in c.waived_periods] == [
        ("W1", day(0), day(21))
    ]
    assert [(x.opened, x.fixed) for x in d.episodes] == [(day(0), day(5))]
    assert [(x.opened, x.fixed) for x in e.episodes] == [(day(2), day(21))]


def test_a_changed_only_run_does_not_fix_what_it_did_not_evaluate(
    history: History,
) -> None:
    # e is missing from run 4, which evaluated changed resources only.
    assert history.steps[3].fixed == ()
    assert history.lifecycles["e"].episodes[0].fixed == day(21)


def test_new_reopened_and_fixed_per_run(history: History) -> None:
    changes = [(s.new, s.reopened, s.fixed) for s in history.steps]
    assert changes == [
        (("a", "b", "c", "d"), (), ()),
        (("e",), (), ("b",)),
        ((), (), ("d", "a")),
        ((), ("a",), ()),
        ((), (), ("e", "a")),
    ]
    assert [s.count("fail") for s in history.steps] == [3, 3, 1, 2, 1]


def test_overall_metrics(history: History) -> None:
    metrics = compute(history, story.remediations(), AS_OF)
    overall = metrics.overall
    assert overall.open == {"critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert (overall.waived, overall.fixed, overall.auto_remediated) == (0, 5, 1)
    assert overall.auto_remediated_share == pytest.approx(0.2)
    # Fixes took 2, 5, 5, 12 and 19 days.
    assert overall.time_to_fix.median_days == pytest.approx(5.0)
    assert overall.time_to_fix.p90_days == pytest.approx(19.0)
    assert [(p.new, p.reopened, p.fixed, p.open) for p in metrics.trend] == [
        (4, 0, 0, 3),
        (1, 0, 1, 3),
        (0, 0, 2, 1),
        (0, 1, 0, 2),
        (0, 0, 2, 1),
    ]
    assert metrics.runs == 5 and metrics.last_scan is None


def test_metrics_per_pillar_and_team(history: History) -> None:
    metrics = compute(history, story.remediations(), AS_OF)
    security, cost = metrics.pillars
    assert (security.id, cost.id) == ("security", "cost")
    # Security fixes took 2, 5, 12 and 19 days; one of four was remediated.
    assert security.posture.time_to_fix.median_days == pytest.approx(8.5)
    assert security.posture.time_to_fix.p90_days == pytest.approx(19.0)
    assert security.posture.auto_remediated_share == pytest.approx(0.25)
    assert security.posture.open_total == 1
    assert [p.waived for p in security.trend] == [1, 1, 1, 1, 0]
    assert [(p.new, p.reopened, p.fixed, p.open) for p in security.trend] == [
        (3, 0, 0, 2),
        (1, 0, 1, 2),
        (0, 0, 1, 1),
        (0, 1, 0, 2),
        (0, 0, 2, 1),
    ]
    web = security.teams["team-web"]
    assert (web.fixed, web.open_total, web.time_to_fix.median_days) == (2, 0, 8.5)
    engineering = security.teams["Security Engineering"]
    assert engineering.open == {
        "critical": 0,
        "high": 1,
        "medium": 0,
        "low": 0,
        "info": 0,
    }
    assert engineering.time_to_fix.median_days == pytest.approx(10.5)
    assert (cost.posture.fixed, cost.posture.time_to_fix.p90_days) == (1, 5.0)
    assert cost.posture.auto_remediated_share == 0.0


def test_waivers_in_force_their_age_and_expiry(history: History) -> None:
    metrics = compute(history, story.remediations(), AS_OF)
    ages = [(w.id, w.age_days, w.days_left, w.expiring_soon) for w in metrics.waivers]
    # W4 has no created date: its age counts from the first run that had it.
    assert ages == [("W4", 22, 37, False), ("W3", 7, 7, True)]
    assert [w.id for w in metrics.pillars[0].waivers] == ["W3"]
    assert [w.pillars for w in metrics.waivers] == [("cost",), ("security",)]


def test_one_pillar_and_a_short_trend(history: History) -> None:
    metrics = compute(history, story.remediations(), AS_OF, pillar="cost", trend_runs=2)
    assert [p.id for p in metrics.pillars] == ["cost"]
    assert [(p.fixed, p.open) for p in metrics.trend] == [(0, 0), (0, 0)]
    assert [w.id for w in metrics.waivers] == ["W4"]
    assert metrics.overall.fixed == 1


@pytest.mark.parametrize(
    ("case", "days", "median", "p90"),
    [
        ("no fixes", [], None, None),
        ("one fix", [3.0], 3.0, 3.0),
        ("even count takes the mean of the middle two", [1.0, 2.0, 4.0, 8.0], 3.0, 8.0),
        ("nearest rank at ten values", [float(n) for n in range(1, 11)], 5.5, 9.0),
    ],
)
def test_fix_times(
    case: str, days: list[float], median: float | None, p90: float | None
) -> None:
    times = fix_times(days)
    assert (times.median_days, times.p90_days) == (median, p90), case


def live(
    service: str | None = "s3", region: str | None = "eu-west-1", policy: str = "P"
) -> FindingRecord:
    return FindingRecord(
        fingerprint="f",
        policy_id=policy,
        pillar="security",
        team="t",
        severity="high",
        status="fail",
        address="arn:aws:s3:::b",
        type="aws_s3_bucket",
        origin="111111111111",
        account="111111111111",
        region=region,
        service=service,
    )


def scan(scope: list[ScopeEntry], gaps: list[CoverageGap] | None = None) -> RunRecord:
    return RunRecord(
        kind="scan",
        started=START,
        finished=START,
        command="govern scan",
        exit_code=0,
        scope=scope,
        policies={"P": "security"},
        coverage_gaps=gaps or [],
    )


ACCOUNT = "111111111111"
ALL = ScopeEntry(account=ACCOUNT, region=ANY, service=ANY)
S3_GAP = CoverageGap(ACCOUNT, "eu-west-1", "s3", "AccessDenied", "denied")
EC2_GAP = CoverageGap(ACCOUNT, "eu-west-1", "ec2", "AccessDenied", "denied")
NOT_COLLECTED = CoverageGap(None, None, "s3", "not-collected", "skipped")


@pytest.mark.parametrize(
    ("case", "run", "found", "expected"),
    [
        ("every region and service", scan([ALL]), live(), True),
        (
            "another account",
            scan([ScopeEntry("x", "222222222222", ANY, ANY)]),
            live(),
            False,
        ),
        (
            "another region",
            scan([ScopeEntry(account=ACCOUNT, region="us-east-1", service=ANY)]),
            live(),
            False,
        ),
        (
            "the same service",
            scan([ScopeEntry(account=ACCOUNT, region="eu-west-1", service="s3")]),
            live(),
            True,
        ),
        (
            "a service named, the finding's unknown",
            scan([ScopeEntry(account=ACCOUNT, region="eu-west-1", service="s3")]),
            live(service=None),
            False,
        ),
        (
            "a global resource in a scanned account",
            scan([ALL]),
            live(region=None),
            True,
        ),
        ("a gap in its service", scan([ALL], [S3_GAP]), live(), False),
        ("a gap in another service", scan([ALL], [EC2_GAP]), live(), True),
        (
            "a gap, the finding's service unknown",
            scan([ALL], [EC2_GAP]),
            live(None),
            False,
        ),
        ("a collector the scan never ran", scan([ALL], [NOT_COLLECTED]), live(), False),
        ("a policy the scan did not evaluate", scan([ALL]), live(policy="Q"), False),
    ],
)
def test_what_a_scan_covers(
    case: str, run: RunRecord, found: FindingRecord, expected: bool
) -> None:
    assert covers(run, found) is expected, case


def test_a_plan_covers_only_its_own_origin() -> None:
    run = story.run(0, [], [])
    here = story.finding("a", "fail")
    elsewhere = replace(here, origin="plans/other.json")
    assert covers(run, here) and not covers(run, elsewhere)


def test_a_list_of_runs_is_put_in_time_order_first(history: History) -> None:
    assert derive(list(reversed(story.runs()))) == history


def test_a_stream_of_runs_out_of_time_order_is_refused() -> None:
    with pytest.raises(ValueError, match="oldest first"):
        derive(iter(reversed(story.runs())))
