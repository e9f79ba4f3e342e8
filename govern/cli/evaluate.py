"""``govern eval``: evaluate a saved inventory offline with today's policies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.options import (
    ConfigOption,
    FailOnOption,
    NoBuiltinOption,
    OutputOption,
    PillarOption,
    PoliciesOption,
    TextOrJson,
    split_values,
)


def evaluate(
    snapshot: Annotated[
        Path,
        typer.Argument(
            help="Inventory saved by 'govern scan --snapshot'.", show_default=False
        ),
    ],
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    pillar: PillarOption = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="Report format.")
    ] = TextOrJson.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    config: ConfigOption = None,
) -> int:
    """Evaluate a saved scan; exits like 'govern scan' would have."""
    from govern.config import load_settings
    from govern.live import run_snapshot
    from govern.pipeline import RunOptions
    from govern.policy.library import load_policy_set
    from govern.report.render import render_report

    settings = load_settings(config)
    policy_set = load_policy_set(
        policies or [],
        builtin=not no_builtin,
        pillar_ids=split_values(pillar),
        settings=settings,
    )
    run = run_snapshot(
        snapshot,
        policy_set,
        settings,
        RunOptions(fail_on=fail_on.value if fail_on else None),
    )
    render_report(run, output_format.value, output)
    return run.exit_code
