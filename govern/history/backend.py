"""What the store needs from a database, and nothing more.

Both backends run the same SQL, written with ``?`` placeholders and with
``{id}``, ``{ref}``, ``{timestamp}``, ``{date}`` and ``{json}`` standing for the
column types that differ between them in the schema. Values whose Python type
the drivers treat differently (times, dates, JSON) go through ``encode_*`` and
``decode_*`` so the store itself never asks which database it talks to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

Row = tuple[Any, ...]


class Backend(ABC):
    """One open connection to a history database."""

    name: str
    types: Mapping[str, str]
    """Column types to substitute into the schema's DDL."""
    errors: tuple[type[Exception], ...]
    """The driver's exceptions; the store turns them into ``HistoryError``."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for every row."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return all its rows."""

    @abstractmethod
    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """Run an ``INSERT ... RETURNING id`` and return the new id."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside commits together or not at all."""

    @abstractmethod
    def lock_schema(self) -> None:
        """Inside a transaction: keep other connections from migrating at once."""

    @abstractmethod
    def has_table(self, name: str) -> bool:
        """Whether the table exists."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def encode_time(self, value: datetime) -> Any:
        """An aware datetime as this database stores it (always in UTC)."""

    @abstractmethod
    def decode_time(self, value: Any) -> datetime:
        """A stored time back as an aware datetime in UTC."""

    @abstractmethod
    def encode_date(self, value: date | None) -> Any:
        """A date as this database stores it."""

    @abstractmethod
    def decode_date(self, value: Any) -> date | None:
        """A stored date back as a date."""

    @abstractmethod
    def encode_json(self, value: Any) -> Any:
        """Plain data for a JSON column."""

    @abstractmethod
    def decode_json(self, value: Any) -> Any:
        """A JSON column's value back as plain data."""
