"""The embedded backend: one SQLite file, created on first use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from govern.errors import HistoryError, UsageError
from govern.history.backend import Backend, Row

# Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT = 30.0


class SQLiteBackend(Backend):
    """A SQLite database file; times are stored as ISO-8601 text in UTC."""

    name = "sqlite"
    types = MappingProxyType(
        {
            "id": "INTEGER PRIMARY KEY AUTOINCREMENT",
            "ref": "INTEGER",
            "timestamp": "TEXT",
            "date": "TEXT",
            "json": "TEXT",
        }
    )
    errors = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise UsageError(f"history store {path}: directory {directory} is missing")
        try:
            # isolation_level=None: transactions are begun and ended explicitly
            # below, never implicitly by the driver.
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as error:
            raise HistoryError(f"history store {path}: {error}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._db.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._db.execute(sql, params).fetchall())

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        row = self._db.execute(sql, params).fetchone()
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two writers queue instead
        # of failing halfway through with "database is locked".
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def lock_schema(self) -> None:
        """``BEGIN IMMEDIATE`` already holds the only write lock there is."""

    def has_table(self, name: str) -> bool:
        rows = self.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
        return bool(rows)

    def close(self) -> None:
        self._db.close()

    def encode_time(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def decode_time(self, value: Any) -> datetime:
        return datetime.fromisoformat(str(value))

    def encode_date(self, value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    def decode_date(self, value: Any) -> date | None:
        return None if value is None else date.fromisoformat(str(value))

    def encode_json(self, value: Any) -> str:
        return orjson.dumps(value).decode()

    def decode_json(self, value: Any) -> Any:
        return orjson.loads(value)
