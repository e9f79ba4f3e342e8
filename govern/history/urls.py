"""Store URLs: ``sqlite:///PATH`` for a local file, ``postgresql://...`` for a server.

``sqlite:///history.db`` is relative to the current directory and
``sqlite:////var/lib/govern/history.db`` is absolute (three slashes, then the
path). PostgreSQL URLs are libpq connection URIs, passed to the driver as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from govern.errors import UsageError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StoreURL:
    """A parsed store URL; ``path`` is set for SQLite, ``dsn`` for PostgreSQL."""

    backend: Literal["sqlite", "postgresql"]
    path: Path | None = None
    dsn: str | None = None

    def __str__(self) -> str:
        if self.path is not None:
            return f"{SQLITE_PREFIX}{self.path.as_posix()}"
        return redact(self.dsn or "")


def parse_store_url(url: str) -> StoreURL:
    """Parse ``url``; ``UsageError`` (exit 2) when it is not a store URL."""
    text = url.strip()
    if text.startswith(SQLITE_PREFIX):
        path = text[len(SQLITE_PREFIX) :]
        if not path or path.endswith("/"):
            raise UsageError(f"history store {text!r}: the URL names no file")
        return StoreURL("sqlite", path=Path(path))
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in POSTGRES_SCHEMES and text[len(scheme) :].startswith("://"):
        return StoreURL("postgresql", dsn=text)
    raise UsageError(
        f"history store {redact(text)!r} is not a store URL: "
        "use sqlite:///PATH or postgresql://HOST/DATABASE"
    )


def redact(url: str) -> str:
    """``url`` with any password replaced, for messages and stored commands."""
    url = _QUERY_PASSWORD.sub(r"\1***", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    netloc = f"{user}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
