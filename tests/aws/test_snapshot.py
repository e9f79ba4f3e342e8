"""Snapshots: atomic, optionally gzip, streamed back batch by batch."""

from __future__ import annotations

import gzip
import io
import os
import stat
import threading
from pathlib import Path

import pytest

from govern.errors import SnapshotError
from govern.inputs.aws.progress import NoProgress, TerminalProgress, for_terminal
from govern.inputs.aws.snapshot import Header, SnapshotReader, SnapshotWriter, Trailer
from govern.model.resource import Resource
from govern.report.output import write_atomic


def resource(name: str) -> Resource:
    return Resource(
        address=f"arn:aws:s3:::{name}",
        type="aws_s3_bucket",
        name=name,
        values={"bucket": name, "versioning": [{"enabled": True}]},
        region="us-east-1",
        account="123456789012",
        unknown={"policy": True},
        sensitive=None,
        tags={"owner": "x"},
        source="aws",
        origin="123456789012",
    )


HEADER = Header(created="2026-01-01T00:00:00+00:00", collected={"s3.Buckets": ["acl"]})


@pytest.mark.parametrize("name", ["inventory.jsonl", "inventory.jsonl.gz"])
def test_a_snapshot_reads_back_what_was_written(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with SnapshotWriter(path, HEADER) as writer:
        writer.batch("123456789012", "us-east-1", [resource("a"), resource("b")])
        writer.batch("123456789012", "global", [])
        writer.finish(Trailer([{"service": "s3"}], {"s3": 3}))
    if name.endswith(".gz"):
        with gzip.open(path) as stream:
            assert stream.read(1) == b"{"
    with SnapshotReader(path) as reader:
        batches = list(reader.batches())
    assert reader.header.collected == {"s3.Buckets": ["acl"]}
    assert [(b.region, len(b.resources)) for b in batches] == [
        ("us-east-1", 2),
        ("global", 0),
    ]
    read = batches[0].resources[0]
    original = resource("a")
    for field in ("address", "type", "values", "unknown", "tags", "account"):
        assert getattr(read, field) == getattr(original, field), field
    assert reader.trailer == Trailer([{"service": "s3"}], {"s3": 3}, [], 2)
    assert list(tmp_path.iterdir()) == [path]


def test_a_failed_scan_leaves_no_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "inventory.jsonl"
    with pytest.raises(RuntimeError), SnapshotWriter(path, HEADER) as writer:
        writer.batch("1", "r", [resource("a")])
        raise RuntimeError("scan broke")
    assert list(tmp_path.iterdir()) == []


def test_an_unfinished_snapshot_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "inventory.jsonl"
    with SnapshotWriter(path, HEADER) as writer:
        writer.batch("1", "r", [resource("a")])
    assert list(tmp_path.iterdir()) == []


def test_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist"):
        SnapshotWriter(tmp_path / "no" / "x.jsonl", HEADER)


def test_reading_a_snapshot_cut_mid_batch_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "inventory.jsonl"
    with SnapshotWriter(path, HEADER) as writer:
        writer.batch("1", "r", [resource("a"), resource("b")])
        writer.finish(Trailer())
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:3]) + "\n")
    with (
        pytest.raises(SnapshotError, match="truncated inside a batch"),
        SnapshotReader(path) as reader,
    ):
        list(reader.batches())


def _drain(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with fifo.open("rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=read)
    thread.start()
    return thread


def test_pipes_are_written_in_place_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _drain(fifo, received)
    write_atomic(fifo, "report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    reader = _drain(fifo, received)
    with SnapshotWriter(fifo, HEADER) as writer:
        writer.finish(Trailer())
    reader.join(timeout=10)
    assert received[1].startswith(b'{"kind":"govern-snapshot"')
    assert stat.S_ISFIFO(fifo.stat().st_mode)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal() -> None:
    assert isinstance(for_terminal(io.StringIO()), NoProgress)
    screen = _Terminal()
    progress = for_terminal(screen)
    assert isinstance(progress, TerminalProgress)
    progress.start({"111111111111": 2}, 4)
    progress.service_done()
    progress.resources(7)
    progress.batch_done("111111111111")
    progress.batch_done("111111111111")
    progress.finish()
    drawn = screen.getvalue()
    assert "accounts 1/1  regions 2/2" in drawn
    assert "resources 7" in drawn
    assert drawn.endswith("\r\x1b[2K")
