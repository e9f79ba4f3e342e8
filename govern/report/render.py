"""Pick a reporter by format name and send its output where it belongs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from govern.errors import UsageError
from govern.report import annotations as workflow
from govern.report import json_report, junit, markdown, ocsf, sarif, text
from govern.report.output import emit
from govern.report.run import Run

# name -> renderer(run, colour, source_dir)
_RENDERERS: dict[str, Callable[[Run, bool, Path | None], str]] = {
    "text": lambda run, colour, _: text.render(run, colour=colour),
    "json": lambda run, _, __: json_report.render(run),
    "sarif": lambda run, _, source_dir: sarif.render(run, source_dir),
    "junit": lambda run, _, __: junit.render(run),
    "markdown": lambda run, _, __: markdown.render(run),
    "ocsf": lambda run, _, __: ocsf.render(run),
    "annotations": lambda run, _, source_dir: workflow.render(run, source_dir),
}
FORMATS = tuple(_RENDERERS)


def render(
    run: Run,
    output_format: str,
    colour: bool = False,
    source_dir: Path | None = None,
) -> str:
    """The report of ``run`` in ``output_format``; ``UsageError`` if unknown."""
    renderer = _RENDERERS.get(output_format)
    if renderer is None:
        raise UsageError(f"unknown report format {output_format!r}")
    return renderer(run, colour, source_dir)


def render_report(
    run: Run, output_format: str, output: Path | None, source_dir: Path | None = None
) -> None:
    """Write the report, and GitHub annotations when running in GitHub Actions."""
    colour = output is None and output_format == "text" and text.use_colour(sys.stdout)
    # The runner reads workflow commands from stdout, where they must not end
    # up inside a machine-readable report.
    if workflow.in_github_actions() and (output is not None or output_format == "text"):
        emit(workflow.render(run, source_dir), None)
    emit(render(run, output_format, colour, source_dir), output)
