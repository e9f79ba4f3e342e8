"""``govern metrics``: leading indicators from the recorded history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from govern.cli.history import StoreOption
from govern.cli.options import ConfigOption, OutputOption, TextOrJson

SinceOption = Annotated[
    datetime | None,
    typer.Option(
        "--since",
        formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Only runs started on or after this date or time (UTC).",
        show_default=False,
    ),
]


def metrics(
    store: StoreOption = None,
    pillar: Annotated[
        str | None,
        typer.Option("--pillar", help="Only this pillar.", show_default=False),
    ] = None,
    since: SinceOption = None,
    runs: Annotated[
        int, typer.Option("--runs", min=1, help="Runs shown in each trend.")
    ] = 10,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TextOrJson.text,
    output: OutputOption = None,
    config: ConfigOption = None,
) -> int:
    """Open findings, fixes, time to fix, waivers and gaps, per pillar and team."""
    from govern.config import load_settings
    from govern.history.metrics import compute
    from govern.history.metrics_report import render_text, to_json
    from govern.history.reading import read_history
    from govern.history.recording import resolve_store_url
    from govern.report.json_report import dumps
    from govern.report.output import emit

    settings = load_settings(config)
    recorded = read_history(resolve_store_url(store, settings), since)
    recorded.check_pillar(pillar)
    result = compute(
        recorded.history,
        recorded.remediations,
        as_of=datetime.now(UTC),
        pillar=pillar,
        trend_runs=runs,
    )
    if output_format is TextOrJson.json:
        emit(dumps(to_json(result)), output)
    else:
        emit(render_text(result), output)
    return 0
