"""The server backend: PostgreSQL through psycopg 3, imported only when used."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from govern.errors import HistoryError
from govern.history.backend import Backend, Row
from govern.history.urls import redact

if TYPE_CHECKING:
    import psycopg

# Any constant will do: it only has to be the same for every govern process.
MIGRATION_LOCK = 0x676F7665726E

CONNECT_TIMEOUT_SECONDS = 10


class PostgresBackend(Backend):
    """A PostgreSQL database; times are ``timestamptz``, JSON is ``jsonb``."""

    name = "postgresql"
    types = MappingProxyType(
        {
            "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "ref": "BIGINT",
            "timestamp": "TIMESTAMPTZ",
            "date": "DATE",
            "json": "JSONB",
        }
    )

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise HistoryError(
                "a postgresql:// history store needs psycopg: "
                "pip install 'govern[history]'"
            ) from None
        self._psycopg = psycopg
        self.errors = (psycopg.Error,)
        try:
            self._db: psycopg.Connection[Any] = psycopg.connect(
                dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
        except psycopg.Error as error:
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            reason = lines[0] if lines else "connection failed"
            raise HistoryError(
                f"cannot connect to history store {redact(dsn)}: {reason}"
            ) from None

    @staticmethod
    def _sql(sql: str) -> str:
        # The shared SQL uses qmark placeholders and never a literal '?'.
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._db.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._db.execute(self._sql(sql), params)
        return [tuple(row) for row in cursor.fetchall()]

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        cursor = self._db.execute(self._sql(sql), params)
        row = cursor.fetchone()
        assert row is not None  # INSERT ... RETURNING always returns the row
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._db.transaction():
            yield

    def lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def has_table(self, name: str) -> bool:
        rows = self.query("SELECT to_regclass(?) IS NOT NULL", (name,))
        return bool(rows and rows[0][0])

    def close(self) -> None:
        self._db.close()

    def encode_time(self, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def decode_time(self, value: Any) -> datetime:
        assert isinstance(value, datetime)
        return value.astimezone(UTC)

    def encode_date(self, value: date | None) -> date | None:
        return value

    def decode_date(self, value: Any) -> date | None:
        return value if value is None or isinstance(value, date) else None

    def encode_json(self, value: Any) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(value)

    def decode_json(self, value: Any) -> Any:
        return value
