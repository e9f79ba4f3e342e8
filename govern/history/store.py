"""The history store: runs, their findings and remediation events, in SQL.

One class for both databases: the SQL is shared and the differences live in
the ``Backend``. Every write is one transaction, so a run is stored whole or
not at all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import astuple
from datetime import datetime
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

from govern import __version__
from govern.errors import HistoryError
from govern.history.backend import Backend, Row
from govern.history.migrations import migrate
from govern.history.records import (
    CoverageGap,
    FindingRecord,
    PillarInfo,
    RemediationEvent,
    RunRecord,
    ScopeEntry,
    WaiverRecord,
)
from govern.history.urls import parse_store_url

T = TypeVar("T")

_FINDING_COLUMNS = (
    "fingerprint, policy_id, pillar, team, severity, status, address, type, "
    "origin, message, account, region, service, owner, waiver_id"
)
_REMEDIATION_COLUMNS = (
    "at, fingerprint, policy_id, address, action, result, account, region"
)


class HistoryStore:
    """Records runs and remediation events; reads them back in time order."""

    def __init__(self, backend: Backend, where: str) -> None:
        self._backend = backend
        self._where = where
        self._guard(lambda: migrate(backend))

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._backend.name

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._backend.close()

    def record(self, run: RunRecord) -> int:
        """Store ``run`` with everything it saw, atomically; return its id."""
        return self._guard(lambda: self._record(run))

    def record_remediation(self, event: RemediationEvent) -> int:
        """Store one remediation event; return its id."""
        b = self._backend
        values = (
            b.encode_time(event.at),
            event.fingerprint,
            event.policy_id,
            event.address,
            event.action,
            event.result,
            event.account,
            event.region,
        )
        sql = (
            f"INSERT INTO remediations ({_REMEDIATION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
        )

        def write() -> int:
            with b.transaction():
                return b.insert(sql, values)

        return self._guard(write)

    def runs(
        self, since: datetime | None = None, last: int | None = None
    ) -> list[RunRecord]:
        """Runs started at or after ``since``, the ``last`` N of them, oldest first."""
        return self._guard(lambda: self._runs(since, last))

    def stream_runs(self, since: datetime | None = None) -> Iterator[RunRecord]:
        """Runs started at or after ``since``, oldest first, read one at a time.

        Each run comes with its findings, read when the run is reached, so a
        reader that keeps only what it needs holds one run's findings at most.
        """
        waiting = deque(self._guard(lambda: self._runs(since, None, findings=False)))
        while waiting:
            # Popped, so that this generator holds no run the reader let go.
            run = waiting.popleft()
            run.findings = self._guard(partial(self._findings_of, run))
            yield run

    def remediations(self, since: datetime | None = None) -> list[RemediationEvent]:
        """Remediation events at or after ``since``, oldest first."""
        b = self._backend
        where, params = ("WHERE at >= ?", [b.encode_time(since)]) if since else ("", [])
        sql = (
            f"SELECT id, {_REMEDIATION_COLUMNS} FROM remediations {where} "
            "ORDER BY at, id"
        )
        rows = self._guard(lambda: b.query(sql, params))
        return [
            RemediationEvent(
                id=int(row[0]),
                at=b.decode_time(row[1]),
                fingerprint=row[2],
                policy_id=row[3],
                address=row[4],
                action=row[5],
                result=row[6],
                account=row[7],
                region=row[8],
            )
            for row in rows
        ]

    def _guard(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except self._backend.errors as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise HistoryError(
                f"history store {self._where}: {type(error).__name__}: {reason}"
            ) from None

    def _record(self, run: RunRecord) -> int:
        b = self._backend
        with b.transaction():
            run_id = b.insert(
                "INSERT INTO runs (kind, command, started_at, finished_at, "
                "exit_code, partial, inputs, policies, pillars, govern_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    run.kind,
                    run.command,
                    b.encode_time(run.started),
                    b.encode_time(run.finished),
                    run.exit_code,
                    int(run.partial),
                    b.encode_json(run.inputs),
                    b.encode_json(dict(sorted(run.policies.items()))),
                    b.encode_json(_pillars_json(run.pillars)),
                    __version__,
                ),
            )
            self._insert_children(run_id, run)
        run.id = run_id
        return run_id

    def _insert_children(self, run_id: int, run: RunRecord) -> None:
        b = self._backend
        b.executemany(
            "INSERT INTO run_scope (run_id, origin, account, region, service) "
            "VALUES (?, ?, ?, ?, ?)",
            [(run_id, *astuple(entry)) for entry in run.scope],
        )
        b.executemany(
            "INSERT INTO coverage_gaps (run_id, account, region, service, error, "
            "message) VALUES (?, ?, ?, ?, ?, ?)",
            [(run_id, *astuple(gap)) for gap in run.coverage_gaps],
        )
        b.executemany(
            f"INSERT INTO findings (run_id, {_FINDING_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, *astuple(finding)) for finding in run.findings],
        )
        b.executemany(
            "INSERT INTO run_waivers (run_id, waiver_id, owner, approved_by, "
            "reason, created, expires, policies) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    w.id,
                    w.owner,
                    w.approved_by,
                    w.reason,
                    b.encode_date(w.created),
                    b.encode_date(w.expires),
                    b.encode_json(list(w.policies)),
                )
                for w in run.waivers
            ],
        )

    def _runs(
        self, since: datetime | None, last: int | None, findings: bool = True
    ) -> list[RunRecord]:
        b = self._backend
        conditions: list[str] = []
        params: list[Any] = []
        if since is not None:
            conditions.append("started_at >= ?")
            params.append(b.encode_time(since))
        if last is not None:
            conditions.append(
                "id IN (SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT ?)"
            )
            params.append(last)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        selected = f"SELECT id FROM runs {where}"
        runs = {
            int(row[0]): _run_from_row(b, row)
            for row in b.query(
                "SELECT id, kind, command, started_at, finished_at, exit_code, "
                "partial, inputs, policies, pillars FROM runs "
                f"{where} ORDER BY started_at, id",
                params,
            )
        }
        for row in self._children(
            "run_scope", "origin, account, region, service", selected, params
        ):
            runs[int(row[0])].scope.append(ScopeEntry(*row[1:]))
        for row in self._children(
            "coverage_gaps",
            "account, region, service, error, message",
            selected,
            params,
        ):
            runs[int(row[0])].coverage_gaps.append(CoverageGap(*row[1:]))
        if findings:
            for row in self._children("findings", _FINDING_COLUMNS, selected, params):
                runs[int(row[0])].findings.append(FindingRecord(*row[1:]))
        waiver_columns = (
            "waiver_id, owner, policies, expires, created, approved_by, reason"
        )
        for row in self._children("run_waivers", waiver_columns, selected, params):
            runs[int(row[0])].waivers.append(_waiver_from_row(b, row[1:]))
        return list(runs.values())

    def _findings_of(self, run: RunRecord) -> list[FindingRecord]:
        rows = self._backend.query(
            f"SELECT {_FINDING_COLUMNS} FROM findings WHERE run_id = ? "
            "ORDER BY fingerprint",
            [run.id],
        )
        return [FindingRecord(*row) for row in rows]

    def _children(
        self, table: str, columns: str, selected: str, params: list[Any]
    ) -> list[Row]:
        order = ", fingerprint" if table == "findings" else ""
        return self._backend.query(
            f"SELECT run_id, {columns} FROM {table} "
            f"WHERE run_id IN ({selected}) ORDER BY run_id{order}",
            params,
        )


def _pillars_json(pillars: dict[str, PillarInfo]) -> dict[str, dict[str, Any]]:
    return {
        p.id: {"name": p.name, "team": p.team, "order": p.order}
        for p in pillars.values()
    }


def _run_from_row(b: Backend, row: Row) -> RunRecord:
    pillars = {
        key: PillarInfo(key, value["name"], value["team"], value.get("order", 100))
        for key, value in b.decode_json(row[9]).items()
    }
    return RunRecord(
        id=int(row[0]),
        kind=row[1],
        command=row[2],
        started=b.decode_time(row[3]),
        finished=b.decode_time(row[4]),
        exit_code=int(row[5]),
        partial=bool(row[6]),
        inputs=list(b.decode_json(row[7])),
        policies=dict(b.decode_json(row[8])),
        pillars=pillars,
    )


def _waiver_from_row(b: Backend, row: Row) -> WaiverRecord:
    expires = b.decode_date(row[3])
    assert expires is not None  # the column is NOT NULL
    return WaiverRecord(
        id=row[0],
        owner=row[1],
        policies=tuple(b.decode_json(row[2])),
        expires=expires,
        created=b.decode_date(row[4]),
        approved_by=row[5],
        reason=row[6],
    )


def open_store(url: str) -> HistoryStore:
    """Connect to the store at ``url``, creating and migrating it as needed.

    Raises ``UsageError`` for a malformed URL and ``HistoryError`` when the
    store cannot be reached or migrated.
    """
    parsed = parse_store_url(url)
    backend: Backend
    if parsed.path is not None:
        from govern.history.sqlite import SQLiteBackend

        backend = SQLiteBackend(parsed.path)
    else:
        from govern.history.postgres import PostgresBackend

        backend = PostgresBackend(parsed.dsn or "")
    try:
        return HistoryStore(backend, str(parsed))
    except BaseException:
        backend.close()
        raise
