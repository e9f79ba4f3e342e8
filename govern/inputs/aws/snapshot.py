"""Saved inventories: a scan's resources as JSON Lines, for ``govern eval``.

One JSON object per line, gzip-compressed when the file name ends in ``.gz``:

1. a header: ``{"kind": "govern-snapshot", "format": 1, "collected": ...}``,
   where ``collected`` names the detail calls the scan made, so a later
   evaluation knows which attributes were never read;
2. per account and region, a ``batch`` line followed by its ``resource`` lines;
3. a trailer: ``{"kind": "end", "coverage_gaps": [...], ...}``.

The file is written to a temporary name beside the target and renamed when
complete, so a crashed scan never leaves a half snapshot behind. Reading is
streamed batch by batch, like the scan that wrote it.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from govern.errors import InputError, SnapshotError
from govern.model.resource import Resource

FORMAT = 1
_KIND = "govern-snapshot"
_FIELDS = (
    "address",
    "type",
    "name",
    "values",
    "region",
    "account",
    "unknown",
    "sensitive",
    "tags",
    "origin",
)


@dataclass(slots=True)
class Header:
    """What a snapshot says about the scan that made it."""

    created: str
    collected: dict[str, list[str]]
    govern: str = ""


@dataclass(slots=True)
class Trailer:
    """What a snapshot records after its last resource."""

    coverage_gaps: list[dict[str, Any]] = field(default_factory=list)
    api_calls: dict[str, int] = field(default_factory=dict)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    resources: int = 0


class SnapshotWriter:
    """Writes a snapshot atomically; use as a context manager."""

    def __init__(self, path: Path, header: Header) -> None:
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise InputError(f"{path}: directory {directory} does not exist")
        self.path = path
        # Devices and pipes are written in place; a rename would replace them.
        self._in_place = path.exists() and not path.is_file()
        if self._in_place:
            self._temporary = path
            self._raw = path.open("wb")
        else:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
            self._temporary = Path(name)
            self._raw = os.fdopen(handle, "wb")
        self._gzip = (
            gzip.GzipFile(fileobj=self._raw, mode="wb")
            if path.name.endswith(".gz")
            else None
        )
        self._stream = io.TextIOWrapper(self._gzip or self._raw, encoding="utf-8")
        self._closed = False
        self.resources = 0
        self._line(
            {
                "kind": _KIND,
                "format": FORMAT,
                "created": header.created,
                "govern": header.govern,
                "collected": header.collected,
            }
        )

    def batch(self, account: str, region: str, resources: list[Resource]) -> None:
        """Append one account and region's resources."""
        self._line(
            {
                "kind": "batch",
                "account": account,
                "region": region,
                "resources": len(resources),
            }
        )
        for resource in resources:
            record = {name: getattr(resource, name) for name in _FIELDS}
            self._line({"kind": "resource", **record})
        self.resources += len(resources)

    def finish(self, trailer: Trailer) -> None:
        """Write the trailer and move the file into place."""
        self._line(
            {
                "kind": "end",
                "resources": self.resources,
                "coverage_gaps": trailer.coverage_gaps,
                "api_calls": trailer.api_calls,
                "accounts": trailer.accounts,
            }
        )
        self._close()
        if not self._in_place:
            os.replace(self._temporary, self.path)

    def abandon(self) -> None:
        """Remove the temporary file after a failure."""
        with contextlib.suppress(OSError, ValueError):
            self._close()
        if not self._in_place:
            self._temporary.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._stream.flush()
        # Detached, the text layer cannot close the file a second time later.
        self._stream.detach()
        if self._gzip is not None:
            self._gzip.close()  # writes the gzip trailer; leaves the file open
        self._raw.flush()
        if not self._in_place:
            os.fsync(self._raw.fileno())
        self._raw.close()

    def __enter__(self) -> SnapshotWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None or not self._closed:
            self.abandon()

    def _line(self, record: dict[str, Any]) -> None:
        self._stream.write(json.dumps(record, separators=(",", ":"), default=str))
        self._stream.write("\n")


@dataclass(slots=True)
class SnapshotBatch:
    """One account and region read back from a snapshot."""

    account: str
    region: str
    resources: list[Resource]


class SnapshotReader:
    """Reads a snapshot batch by batch; the trailer is known once done.

    Use it as a context manager, so the file is closed even when reading stops
    half-way.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines = _lines(path)
        try:
            self.header = self._header()
        except BaseException:
            self.close()
            raise
        self.trailer: Trailer | None = None

    def __enter__(self) -> SnapshotReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._lines.close()

    def _header(self) -> Header:
        first = self._next()
        if first is None or first.get("kind") != _KIND:
            raise SnapshotError(f"{self.path}: not a govern snapshot")
        if first.get("format") != FORMAT:
            raise SnapshotError(
                f"{self.path}: snapshot format {first.get('format')} is not supported "
                f"(this govern reads format {FORMAT})"
            )
        return Header(
            created=str(first.get("created", "")),
            collected={k: list(v) for k, v in first.get("collected", {}).items()},
            govern=str(first.get("govern", "")),
        )

    def batches(self) -> Iterator[SnapshotBatch]:
        """Every batch in order; raises ``SnapshotError`` if the file is cut."""
        record = self._next()
        while record is not None:
            kind = record.get("kind")
            if kind == "end":
                self.trailer = _trailer(record)
                return
            if kind != "batch":
                raise SnapshotError(f"{self.path}: unexpected {kind!r} record")
            resources = [self._resource() for _ in range(int(record["resources"]))]
            yield SnapshotBatch(
                str(record["account"]), str(record["region"]), resources
            )
            record = self._next()
        raise SnapshotError(f"{self.path}: snapshot is truncated (no end record)")

    def _resource(self) -> Resource:
        record = self._next()
        if record is None or record.get("kind") != "resource":
            raise SnapshotError(f"{self.path}: snapshot is truncated inside a batch")
        return Resource(
            address=str(record["address"]),
            type=str(record["type"]),
            name=str(record["name"]),
            values=dict(record.get("values") or {}),
            region=record.get("region"),
            account=record.get("account"),
            unknown=record.get("unknown"),
            sensitive=record.get("sensitive"),
            tags=dict(record.get("tags") or {}),
            source="aws",
            origin=str(record.get("origin", "")),
        )

    def _next(self) -> dict[str, Any] | None:
        try:
            line = next(self._lines)
        except StopIteration:
            return None
        try:
            record = json.loads(line)
        except ValueError:
            raise SnapshotError(f"{self.path}: a line is not JSON") from None
        if not isinstance(record, dict):
            raise SnapshotError(f"{self.path}: a line is not a JSON object")
        return record


def _lines(path: Path) -> Generator[str, None, None]:
    try:
        stream = _open_text(path)
    except OSError as error:
        raise SnapshotError(f"{path}: cannot read ({error.strerror})") from None
    with stream:
        try:
            for line in stream:
                if line.strip():
                    yield line
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise SnapshotError(f"{path}: cannot read ({error})") from None


def _open_text(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _trailer(record: dict[str, Any]) -> Trailer:
    return Trailer(
        coverage_gaps=list(record.get("coverage_gaps", [])),
        api_calls=dict(record.get("api_calls", {})),
        accounts=list(record.get("accounts", [])),
        resources=int(record.get("resources", 0)),
    )
