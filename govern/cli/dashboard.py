"""``govern dashboard``: the history as a static site anyone can open."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from govern.cli.history import StoreOption
from govern.cli.options import ConfigOption


def dashboard(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write the pages into (created if missing).",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    runs: Annotated[
        int, typer.Option("--runs", min=1, help="Runs shown in each chart.")
    ] = 30,
    config: ConfigOption = None,
) -> int:
    """Write an offline HTML dashboard: every pillar's posture and trends."""
    from govern.config import load_settings
    from govern.dashboard.site import build_site
    from govern.history.reading import read_history
    from govern.history.recording import resolve_store_url

    settings = load_settings(config)
    recorded = read_history(resolve_store_url(store, settings))
    pages = build_site(recorded, output, datetime.now(UTC), runs)
    index = (output / "index.html").resolve()
    typer.echo(f"dashboard: {len(pages)} pages; open {index.as_uri()}")
    return 0
