"""``govern scan``: check live AWS accounts with the same policies as plans."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.aws_options import (
    AccountsOption,
    AllRegionsOption,
    EndpointOption,
    ProfileOption,
    RegionsOption,
    RoleArnOption,
    ServicesOption,
    WorkersOption,
    scan_options,
)
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


def scan(
    profile: ProfileOption = None,
    role_arn: RoleArnOption = None,
    accounts: AccountsOption = None,
    regions: RegionsOption = None,
    all_regions: AllRegionsOption = False,
    services: ServicesOption = None,
    endpoint_url: EndpointOption = None,
    snapshot: Annotated[
        Path | None,
        typer.Option(
            "--snapshot",
            help="Save the inventory as JSON Lines (.gz to compress) for "
            "'govern eval'.",
        ),
    ] = None,
    output_format: FormatsOption = None,
    output: OutputOption = None,
    output_dir: OutputDirOption = None,
    fail_on: FailOnOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    pillar: PillarOption = None,
    workers: WorkersOption = 8,
    config: ConfigOption = None,
    record: RecordOption = None,
) -> int:
    """Scan AWS accounts; exit 1 on failing findings, 4 when coverage is missing."""
    from govern.cli import logs
    from govern.cli.history import prepare_record, record_scan
    from govern.config import load_settings
    from govern.inputs.aws.progress import for_terminal
    from govern.live import run_scan
    from govern.pipeline import RunOptions
    from govern.report.render import check_destinations, render_reports

    formats = formats_of(output_format)
    check_destinations(formats, output, output_dir)

    logs.configure()
    options = scan_options(
        profile=profile,
        role_arn=role_arn,
        accounts=accounts,
        regions=regions,
        all_regions=all_regions,
        services=services,
        endpoint_url=endpoint_url,
        workers=workers,
    )
    settings = load_settings(config)
    store = prepare_record(record, settings)
    policy_set = policy_source(policies, no_builtin, pillar).load(settings)
    run_options = RunOptions(
        fail_on=fail_on.value if fail_on else None, waivers=waivers, baseline=baseline
    )
    run = run_scan(
        policy_set,
        settings,
        run_options,
        options,
        snapshot,
        for_terminal(),
    )
    render_reports(run, formats, output, output_dir)
    if store is not None:
        record_scan(run, store, settings, waivers)
    return run.exit_code
