"""Pick a reporter by format name and send its output where it belongs."""

from __future__ import annotations

import sys
from pathlib import Path

from govern.errors import UsageError
from govern.report import json_report, text
from govern.report.output import emit
from govern.report.run import Run


def render(run: Run, output_format: str, colour: bool = False) -> str:
    if output_format == "json":
        return json_report.render(run)
    if output_format == "text":
        return text.render(run, colour=colour)
    raise UsageError(f"unknown report format {output_format!r}")


def render_report(run: Run, output_format: str, output: Path | None) -> None:
    colour = output is None and output_format == "text" and text.use_colour(sys.stdout)
    emit(render(run, output_format, colour), output)
