"""Pick reporters by format name and send their output where it belongs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from govern.errors import UsageError
from govern.report import annotations as workflow
from govern.report import text
from govern.report.output import emit, write_atomic
from govern.report.run import Run


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What some reporters need beyond the run."""

    source_dir: Path | None = None
    colour: bool = False


Renderer = Callable[[Run, RenderContext], str]


# Reporters are imported when used: a CI run that writes JSON should not pay
# for loading the SARIF, JUnit, Markdown and OCSF modules.
def _json(run: Run, context: RenderContext) -> str:
    from govern.report import json_report

    return json_report.render(run)


def _sarif(run: Run, context: RenderContext) -> str:
    from govern.report import sarif

    return sarif.render(run, context.source_dir)


def _junit(run: Run, context: RenderContext) -> str:
    from govern.report import junit

    return junit.render(run)


def _markdown(run: Run, context: RenderContext) -> str:
    from govern.report import markdown

    return markdown.render(run)


def _ocsf(run: Run, context: RenderContext) -> str:
    from govern.report import ocsf

    return ocsf.render(run)


_RENDERERS: dict[str, Renderer] = {
    "text": lambda run, context: text.render(run, colour=context.colour),
    "json": _json,
    "sarif": _sarif,
    "junit": _junit,
    "markdown": _markdown,
    "ocsf": _ocsf,
    "annotations": lambda run, context: workflow.render(run, context.source_dir),
}
FORMATS = tuple(_RENDERERS)

FILE_NAMES: dict[str, str] = {
    "text": "govern.txt",
    "json": "govern.json",
    "sarif": "govern.sarif",
    "junit": "govern.junit.xml",
    "markdown": "govern.md",
    "ocsf": "govern.ocsf.json",
    "annotations": "govern.annotations.txt",
}


def render(run: Run, output_format: str, context: RenderContext | None = None) -> str:
    """The report of ``run`` in ``output_format``; ``UsageError`` if unknown."""
    renderer = _RENDERERS.get(output_format)
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
    if output is not None and output.is_dir():
        raise UsageError(
            f"{output}: is a directory; --output takes a file "
            "(--output-dir takes a directory)"
        )
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"{output}: directory {output.parent} does not exist")


def render_reports(
    run: Run,
    formats: Sequence[str],
    output: Path | None = None,
    output_dir: Path | None = None,
    source_dir: Path | None = None,
) -> None:
    """Render every requested format, then write them all.

    Everything is rendered before anything is written, so a failing reporter
    leaves no partial set of files behind. Inside GitHub Actions, workflow
    annotations go to stdout too, unless stdout carries a machine-readable
    report they would corrupt.
    """
    check_destinations(formats, output, output_dir)
    to_stdout = output is None and output_dir is None
    colour = to_stdout and list(formats) == ["text"] and text.use_colour(sys.stdout)
    context = RenderContext(source_dir, colour)
    rendered = [(f, render(run, f, context)) for f in dict.fromkeys(formats)]
    if workflow.in_github_actions() and (not to_stdout or list(formats) == ["text"]):
        emit(workflow.render(run, source_dir), None)
    if output_dir is not None:
        for output_format, content in rendered:
            write_atomic(output_dir / FILE_NAMES[output_format], content)
        return
    emit(rendered[0][1], output)
