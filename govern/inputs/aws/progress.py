"""Scan progress on a terminal: one line, redrawn in place, on stderr only.

Nothing is drawn when stderr is not a terminal, so CI logs stay clean.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Mapping
from typing import Protocol, TextIO


class Progress(Protocol):
    """Receives scan events, always from the scanning thread."""

    def start(self, batches_per_account: Mapping[str, int], units: int) -> None:
        """The scan begins: batches per account, list tasks in all."""

    def service_done(self) -> None:
        """A collector finished listing one account and region."""

    def resources(self, count: int) -> None:
        """``count`` more resources were built."""

    def batch_done(self, account: str) -> None:
        """One account and region (or its global services) is complete."""

    def finish(self) -> None:
        """The scan ended, however it ended."""


class NoProgress:
    """Shows nothing."""

    def start(self, batches_per_account: Mapping[str, int], units: int) -> None:
        pass

    def service_done(self) -> None:
        pass

    def resources(self, count: int) -> None:
        pass

    def batch_done(self, account: str) -> None:
        pass

    def finish(self) -> None:
        pass


class TerminalProgress:
    """Accounts, regions and services done, and resources found so far."""

    _INTERVAL = 0.1

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._remaining: Counter[str] = Counter()
        self._accounts = self._batches = self._units = 0
        self._accounts_done = self._batches_done = self._units_done = 0
        self._found = 0
        self._drawn = 0.0

    def start(self, batches_per_account: Mapping[str, int], units: int) -> None:
        self._remaining.update(batches_per_account)
        self._accounts = len(batches_per_account)
        self._batches = sum(batches_per_account.values())
        self._units = units
        self._draw(force=True)

    def service_done(self) -> None:
        self._units_done += 1
        self._draw()

    def resources(self, count: int) -> None:
        self._found += count
        self._draw()

    def batch_done(self, account: str) -> None:
        self._batches_done += 1
        self._remaining[account] -= 1
        if self._remaining[account] == 0:
            self._accounts_done += 1
        self._draw(force=True)

    def finish(self) -> None:
        self._stream.write("\r\x1b[2K")
        self._stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < self._INTERVAL:
            return
        self._drawn = now
        self._stream.write(
            f"\r\x1b[2Kscanning: accounts {self._accounts_done}/{self._accounts}"
            f"  regions {self._batches_done}/{self._batches}"
            f"  services {self._units_done}/{self._units}"
            f"  resources {self._found}"
        )
        self._stream.flush()


def for_terminal(stream: TextIO | None = None) -> Progress:
    """A progress display if ``stream`` (default stderr) is a terminal."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return TerminalProgress(stream) if isatty and isatty() else NoProgress()
