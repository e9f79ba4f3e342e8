"""The history store, the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from govern.errors import HistoryError, UsageError
from govern.history import open_store, record_remediation
from govern.history.lifecycle import derive
from govern.history.metrics import compute
from govern.history.migrations import (
    LATEST,
    MIGRATIONS,
    Migration,
    applied_versions,
    migrate,
)
from govern.history.records import CoverageGap, ScopeEntry
from govern.history.store import HistoryStore
from tests.unit import history_scenario as story
from tests.unit.history_scenario import AS_OF, START


def test_a_new_store_gets_every_migration_once(store_url: str) -> None:
    with open_store(store_url) as store:
        backend = store._backend
        assert applied_versions(backend) == {m.version for m in MIGRATIONS}
        assert migrate(backend) == 0
    with open_store(store_url) as store:
        rows = store._backend.query("SELECT version, name FROM schema_migrations")
        assert sorted(v for v, _ in rows) == list(range(1, LATEST + 1))


def test_a_later_migration_is_applied_on_connect(store_url: str) -> None:
    open_store(store_url).close()
    step = Migration(LATEST + 1, "a test column", ("ALTER TABLE runs ADD note TEXT",))
    with open_store(store_url) as store:
        assert migrate(store._backend, (*MIGRATIONS, step)) == 1
        assert migrate(store._backend, (*MIGRATIONS, step)) == 0
        store._backend.execute("UPDATE runs SET note = 'x'")


def test_a_store_from_a_newer_govern_is_refused(store_url: str) -> None:
    step = Migration(LATEST + 1, "from the future", ("CREATE TABLE later (x INTEGER)",))
    with open_store(store_url) as store:
        migrate(store._backend, (*MIGRATIONS, step))
    with pytest.raises(HistoryError, match="newer than this govern knows"):
        open_store(store_url)


def test_a_failing_migration_leaves_the_schema_as_it_was(store_url: str) -> None:
    broken = Migration(LATEST + 1, "broken", ("CREATE TABLE t (x INTEGER)", "NONSENSE"))
    with open_store(store_url) as store:
        backend = store._backend
        with pytest.raises(backend.errors):
            migrate(backend, (*MIGRATIONS, broken))
        assert LATEST + 1 not in applied_versions(backend)
        assert not backend.has_table("t")


def test_a_run_reads_back_as_it_was_written(store_url: str) -> None:
    run = story.runs()[0]
    run.scope.append(
        ScopeEntry(account="111111111111", region="eu-west-1", service="*")
    )
    run.coverage_gaps.append(
        CoverageGap("111111111111", "eu-west-1", "s3", "AccessDenied", "no access")
    )
    with open_store(store_url) as store:
        run_id = store.record(run)
        (back,) = store.runs()
    assert back.id == run_id == run.id
    assert (back.kind, back.command, back.exit_code, back.partial) == (
        "plan",
        run.command,
        1,
        False,
    )
    assert (back.started, back.finished) == (run.started, run.finished)
    assert back.started.utcoffset() == timedelta(0)
    assert back.scope == run.scope
    assert back.coverage_gaps == run.coverage_gaps
    assert sorted(back.findings, key=lambda f: f.fingerprint) == run.findings
    assert sorted(back.waivers, key=lambda w: w.id) == run.waivers
    assert back.pillars == run.pillars
    assert back.policies == run.policies
    assert back.inputs == run.inputs


def test_runs_since_a_time_and_the_last_few(store_url: str) -> None:
    with open_store(store_url) as store:
        for run in reversed(story.runs()):  # written out of order on purpose
            store.record(run)
        days = [(r.started - START).days for r in store.runs()]
        since = [
            (r.started - START).days
            for r in store.runs(since=START + timedelta(days=5))
        ]
        last = [(r.started - START).days for r in store.runs(last=2)]
    assert days == [0, 2, 5, 9, 21]
    assert since == [5, 9, 21]
    assert last == [9, 21]


def test_streamed_runs_are_the_runs_in_time_order(store_url: str) -> None:
    with open_store(store_url) as store:
        for run in reversed(story.runs()):
            store.record(run)
        expected = store.runs(since=START + timedelta(days=2))
        streamed = list(store.stream_runs(since=START + timedelta(days=2)))
    assert [r.id for r in streamed] == [r.id for r in expected]
    assert streamed == expected


def test_a_streamed_history_is_the_history_of_the_same_runs(store_url: str) -> None:
    with open_store(store_url) as store:
        for run in story.runs():
            store.record(run)
        listed = derive(store.runs())
        streamed = derive(store.stream_runs())
    assert streamed == listed
    # Kept runs drop their findings: the lifecycles hold what is needed.
    assert all(not run.findings for run in streamed.runs)


def test_a_write_that_fails_halfway_leaves_no_run(store_url: str) -> None:
    good, _ = story.runs()[:2]
    broken = story.runs()[1]
    # The run row and its scope go in first; this finding then breaks a check
    # constraint, so the whole transaction must roll back.
    broken.findings[-1] = replace(broken.findings[-1], status="exploded")
    with open_store(store_url) as store:
        store.record(good)
        with pytest.raises(HistoryError, match="history store"):
            store.record(broken)
        assert [r.id for r in store.runs()] == [good.id]
        findings = store._backend.query("SELECT COUNT(*) FROM findings")
        scope = store._backend.query("SELECT COUNT(*) FROM run_scope")
    assert findings[0][0] == len(good.findings) and scope[0][0] == 1


def test_an_interrupted_write_leaves_no_run(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store_url) as store:
        backend = store._backend
        real = backend.executemany
        calls: list[str] = []

        def crash_on_findings(sql: str, rows: object) -> None:
            calls.append(sql)
            if "INSERT INTO findings" in sql:
                raise KeyboardInterrupt
            real(sql, rows)  # type: ignore[arg-type]

        monkeypatch.setattr(backend, "executemany", crash_on_findings)
        with pytest.raises(KeyboardInterrupt):
            store.record(story.runs()[0])
        monkeypatch.undo()
        assert any("run_scope" in sql for sql in calls)
        assert store.runs() == []


def test_remediation_events(store_url: str) -> None:
    with open_store(store_url) as store:
        for event in story.remediations():
            store.record_remediation(event)
    record_remediation(
        store_url,
        fingerprint="z",
        policy_id="SEC-1",
        address="aws_s3_bucket.z",
        action="s3:PutPublicAccessBlock",
        result="succeeded",
        account="111111111111",
        region="eu-west-1",
        at=START + timedelta(days=30),
    )
    with open_store(store_url) as store:
        events = store.remediations()
        later = store.remediations(since=START + timedelta(days=5))
    assert [(e.fingerprint, e.result) for e in events] == [
        ("b", "skipped"),
        ("a", "succeeded"),
        ("e", "failed"),
        ("z", "succeeded"),
    ]
    assert events[1].at == START + timedelta(days=4)
    assert (events[3].account, events[3].region) == ("111111111111", "eu-west-1")
    assert [e.fingerprint for e in later] == ["e", "z"]


def test_an_unknown_remediation_result_is_refused(store_url: str) -> None:
    with pytest.raises(UsageError, match="succeeded, failed, skipped"):
        record_remediation(
            store_url,
            fingerprint="z",
            policy_id="P",
            address="x",
            action="a",
            result="maybe",  # type: ignore[arg-type]
        )


def test_metrics_from_the_store_match_the_hand_computed_story(store_url: str) -> None:
    with open_store(store_url) as store:
        for run in story.runs():
            store.record(run)
        for event in story.remediations():
            store.record_remediation(event)
        metrics = compute(derive(store.runs()), store.remediations(), AS_OF)
    overall = metrics.overall
    assert (overall.open_total, overall.fixed, overall.auto_remediated) == (1, 5, 1)
    assert (overall.time_to_fix.median_days, overall.time_to_fix.p90_days) == (
        5.0,
        19.0,
    )
    assert [p.open for p in metrics.trend] == [3, 3, 1, 2, 1]
    assert [(w.id, w.age_days, w.expiring_soon) for w in metrics.waivers] == [
        ("W4", 22, False),
        ("W3", 7, True),
    ]


def test_two_connections_to_a_new_store_both_succeed(store_url: str) -> None:
    first = open_store(store_url)
    second = open_store(store_url)
    try:
        first.record(story.runs()[0])
        assert len(second.runs()) == 1
    finally:
        first.close()
        second.close()


def test_store_is_a_history_store(store_url: str) -> None:
    with open_store(store_url) as store:
        assert isinstance(store, HistoryStore)
        assert store.backend == store_url.split(":", 1)[0]
