"""``govern eval``: evaluate a saved inventory offline with today's policies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.history import RecordOption
from govern.cli.options import (
    BaselineOption,
    ConfigOption,
    FailOnOption,
    FormatsOption,
    NoBuiltinOption,
    OutputDirOption,
    OutputOption,
    PillarOption,
    PoliciesOption,
    WaiversOption,
    formats_of,
    policy_source,
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
    output_format: FormatsOption = None,
    output: OutputOption = None,
    output_dir: OutputDirOption = None,
    fail_on: FailOnOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
    config: ConfigOption = None,
    record: RecordOption = None,
) -> int:
    """Evaluate a saved scan; exits like 'govern scan' would have."""
    from govern.cli.history import prepare_record, record_scan
    from govern.config import load_settings
    from govern.live import run_snapshot
    from govern.pipeline import RunOptions
    from govern.report.render import check_destinations, render_reports

    formats = formats_of(output_format)
    check_destinations(formats, output, output_dir)

    settings = load_settings(config)
    store = prepare_record(record, settings)
    policy_set = policy_source(policies, no_builtin, pillar).load(settings)
    run_options = RunOptions(
        fail_on=fail_on.value if fail_on else None, waivers=waivers, baseline=baseline
    )
    run = run_snapshot(
        snapshot,
        policy_set,
        settings,
        run_options,
    )
    render_reports(run, formats, output, output_dir)
    if store is not None:
        record_scan(run, store, settings, waivers)
    return run.exit_code
