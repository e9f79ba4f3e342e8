"""``govern plan``: gate Terraform plans in CI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.history import RecordOption, command_line, prepare_record
from govern.cli.options import (
    BaselineOption,
    ConfigOption,
    FailOnOption,
    NoBuiltinOption,
    OutputDirOption,
    OutputOption,
    PillarOption,
    PoliciesOption,
    ReportFormat,
    WaiversOption,
    policy_source,
)

PlansArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Plan JSON from 'terraform show -json plan.out', folders of them, "
        "or - for standard input.",
        show_default=False,
    ),
]
ChangedOnlyOption = Annotated[
    bool,
    typer.Option(
        "--changed-only",
        help="Evaluate only resources the plan creates, updates or replaces.",
    ),
]


def plan(
    context: typer.Context,
    plans: PlansArgument,
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    pillar: PillarOption = None,
    output_format: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format; repeat with --output-dir for several.",
        ),
    ] = None,
    output: OutputOption = None,
    output_dir: OutputDirOption = None,
    fail_on: FailOnOption = None,
    changed_only: ChangedOnlyOption = False,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
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
    record: RecordOption = None,
) -> int:
    """Evaluate Terraform plans and exit 1 when findings fail the gate."""
    from govern.config import load_settings
    from govern.pipeline import RunOptions, run_plans
    from govern.report.render import check_destinations, render_reports

    formats = [f.value for f in output_format or [ReportFormat.text]]
    check_destinations(formats, output, output_dir)
    settings = load_settings(config)
    store = prepare_record(record, settings)
    source = policy_source(policies, no_builtin, pillar)
    options = RunOptions(
        fail_on=fail_on.value if fail_on else None,
        changed_only=changed_only,
        waivers=waivers,
        baseline=baseline,
    )
    run = run_plans(plans, source, settings, options)
    render_reports(run, formats, output, output_dir, source_dir)
    if store is not None:
        from govern.history.recording import Capture, record_run

        capture = Capture(
            command=command_line(context),
            waivers_path=waivers,
            partial=changed_only,
        )
        record_run(run, store, settings, capture)
    return run.exit_code
