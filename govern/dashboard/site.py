"""Write the dashboard: a folder of static pages that open without a server."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from govern.dashboard.pages import index_page, pillar_file, pillar_page
from govern.errors import InputError
from govern.history.metrics import compute
from govern.history.reading import Recorded
from govern.report.output import write_atomic

DEFAULT_RUNS = 30
PAGE_MODE = 0o644


def build_site(
    recorded: Recorded, directory: Path, as_of: datetime, runs: int = DEFAULT_RUNS
) -> list[Path]:
    """Write ``index.html`` and a page per pillar into ``directory``."""
    metrics = compute(recorded.history, recorded.remediations, as_of, trend_runs=runs)
    pages = {Path("index.html"): index_page(metrics)}
    for pillar in metrics.pillars:
        pages[Path(pillar_file(pillar.id))] = pillar_page(
            pillar, metrics, recorded.history
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"{directory}: cannot create directory: {error.strerror}"
        ) from None
    written = []
    for name, content in pages.items():
        path = directory / name
        write_atomic(path, content)
        # The temporary file behind the atomic write is private; these pages
        # are meant to be served to everyone.
        path.chmod(PAGE_MODE)
        written.append(path)
    return written
