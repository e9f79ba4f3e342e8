"""Logging for commands that log: stderr, WARNING unless GOVERN_LOG_LEVEL says.

Set ``GOVERN_LOG_LEVEL=INFO`` to see one line per scanned account and region.
botocore and urllib3 stay at WARNING whatever the level: their INFO and DEBUG
lines are per request and would drown everything else.
"""

from __future__ import annotations

import logging
import os
import sys

from govern.errors import UsageError

_QUIET = ("botocore", "boto3", "urllib3", "s3transfer")


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    def emit(self, record: logging.LogRecord) -> None:
        # Bound once, a handler would outlive a replaced stderr (a test's
        # capture, an embedding tool) and write into a closed stream.
        self.stream = sys.stderr
        super().emit(record)


def configure() -> None:
    """Send govern's log records to stderr at the chosen level (once)."""
    name = os.environ.get("GOVERN_LOG_LEVEL", "WARNING").upper()
    level = logging.getLevelName(name)
    if not isinstance(level, int):
        raise UsageError(f"GOVERN_LOG_LEVEL={name} is not a logging level")
    logger = logging.getLogger("govern")
    logger.setLevel(level)
    if not any(getattr(h, "_govern", False) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("govern: %(levelname)s: %(message)s"))
        handler._govern = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    for noisy in _QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
