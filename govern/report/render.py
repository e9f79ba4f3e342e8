"""Pick reporters by format name and send their output where it belongs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from govern.errors import UsageError
from govern.report import json_report, text
from govern.report.output import emit, write_atomic
from govern.report.run import Run

Renderer = Callable[[Run, "RenderContext"], str]


class RenderContext:
    """What some reporters need beyond the run (source locations, colour)."""

    def __init__(self, source_dir: Path | None = None, colour: bool = False) -> None:
        self.source_dir = source_dir
        self.colour = colour


RENDERERS: dict[str, Renderer] = {
    "text": lambda run, context: text.render(run, colour=context.colour),
    "json": lambda run, context: json_report.render(run),
}

FILE_NAMES: dict[str, str] = {
    "text": "govern.txt",
    "json": "govern.json",
}


def render(run: Run, output_format: str, context: RenderContext | None = None) -> str:
    renderer = RENDERERS.get(output_format)
    if renderer is None:
        raise UsageError(f"unknown report format {output_format!r}")
    return renderer(run, context or RenderContext())


def check_destinations(
    formats: Sequence[str], output: Path | None, output_dir: Path | None
) -> None:
    """Refuse impossible combinations before any work is done."""
    if len(formats) > 1 and output_dir is None:
        raise UsageError("several --format values need --output-dir DIR")
    if output is not None and output_dir is not None:
        raise UsageError("give --output or --output-dir, not both")
    if output_dir is not None and not output_dir.is_dir():
        raise UsageError(f"{output_dir}: output directory does not exist")


def render_reports(
    run: Run,
    formats: Sequence[str],
    output: Path | None = None,
    output_dir: Path | None = None,
    source_dir: Path | None = None,
) -> None:
    """Render every requested format, then write them all.

    Everything is rendered before anything is written, so a failing reporter
    leaves no partial set of files behind.
    """
    check_destinations(formats, output, output_dir)
    to_terminal = output is None and output_dir is None
    colour = to_terminal and formats == ["text"] and text.use_colour(sys.stdout)
    context = RenderContext(source_dir, colour)
    rendered = [(f, render(run, f, context)) for f in dict.fromkeys(formats)]
    if output_dir is not None:
        for output_format, content in rendered:
            write_atomic(output_dir / FILE_NAMES[output_format], content)
        return
    emit(rendered[0][1], output)
