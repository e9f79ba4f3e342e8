"""``govern plan``: gate Terraform plans in CI."""

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
    ReportFormat,
    split_values,
)


def plan(
    plans: Annotated[
        list[Path],
        typer.Argument(
            help="Plan JSON from 'terraform show -json plan.out', or a folder of them.",
            show_default=False,
        ),
    ],
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    pillar: PillarOption = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    changed_only: Annotated[
        bool,
        typer.Option(
            "--changed-only",
            help="Evaluate only resources the plan creates, updates or replaces.",
        ),
    ] = False,
    config: ConfigOption = None,
    source_dir: Annotated[
        Path | None,
        typer.Option(
            "--source-dir",
            help="Terraform root module directory: SARIF results and GitHub "
            "annotations point at the .tf line declaring each resource.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ] = None,
) -> int:
    """Evaluate Terraform plans and exit 1 when findings fail the gate."""
    from govern.config import load_settings
    from govern.pipeline import RunOptions, run_plans
    from govern.policy.library import load_policy_set
    from govern.report.render import render_report

    settings = load_settings(config)
    policy_set = load_policy_set(
        policies or [],
        builtin=not no_builtin,
        pillar_ids=split_values(pillar),
        settings=settings,
    )
    run = run_plans(
        plans,
        policy_set,
        settings,
        RunOptions(
            fail_on=fail_on.value if fail_on else None, changed_only=changed_only
        ),
    )
    render_report(run, output_format.value, output, source_dir)
    return run.exit_code
