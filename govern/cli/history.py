"""Options and steps shared by the commands that write or read the history."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from govern.config import Settings
    from govern.report.run import Run

RecordOption = Annotated[
    str | None,
    typer.Option(
        "--record",
        metavar="[URL]",
        help="Store this run in the history: sqlite:///PATH or postgresql://...; "
        "alone, the store named by 'record:' in govern.yaml.",
        show_default=False,
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="URL",
        help="History store: sqlite:///PATH or postgresql://... "
        "(default: 'record:' in govern.yaml).",
        show_default=False,
    ),
]


def prepare_record(record: str | None, settings: Settings) -> str | None:
    """The store to record into, checked before any work is done.

    Opening it here turns a bad URL (exit 2) or an unreachable store (exit 3)
    into an error before a single plan is read.
    """
    if record is None:
        return None
    from govern.history.recording import resolve_store_url
    from govern.history.store import open_store

    url = resolve_store_url(record, settings)
    open_store(url).close()
    return url


def command_line(context: typer.Context) -> str | None:
    """The command as typed, with any store password removed, for the record.

    ``govern.cli.app.main`` hands the arguments down as the context's ``obj``.
    """
    state = context.find_root().obj
    argv: Sequence[str] | None = state.get("argv") if isinstance(state, dict) else None
    if argv is None:
        return None
    from govern.history.urls import redact

    return shlex.join(["govern", *(redact(arg) for arg in argv)])


def record_scan(run: Run, store: str, settings: Settings, waivers: Path | None) -> None:
    """Record a live run, telling the store which service each finding is from.

    The service decides which coverage gaps could hide a finding, so a gap in
    one service never blocks a fix seen in another.
    """
    from govern.history.recording import Capture, record_run
    from govern.inputs.aws.collectors import service_for_type

    capture = Capture(
        waivers_path=waivers, service_of=lambda finding: service_for_type(finding.type)
    )
    record_run(run, store, settings, capture)
