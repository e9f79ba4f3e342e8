"""``govern scan``: check live AWS accounts with the same policies as plans."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    split_values,
)
from govern.errors import UsageError

if TYPE_CHECKING:
    from govern.inputs.aws.scanner import Target

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")


def scan(
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="AWS profile for the caller's credentials."),
    ] = None,
    role_arn: Annotated[
        str | None,
        typer.Option(
            "--role-arn",
            help="Role to assume first; with --accounts, the accounts' roles are "
            "assumed from it.",
        ),
    ] = None,
    accounts: Annotated[
        Path | None,
        typer.Option("--accounts", help="YAML file listing accounts and roles."),
    ] = None,
    regions: Annotated[
        list[str] | None,
        typer.Option("--regions", help="Regions to scan; repeat or comma-separate."),
    ] = None,
    all_regions: Annotated[
        bool,
        typer.Option("--all-regions", help="Every region enabled in each account."),
    ] = False,
    services: Annotated[
        list[str] | None,
        typer.Option("--services", help="Only these services (s3, ec2, iam...)."),
    ] = None,
    endpoint_url: Annotated[
        str | None,
        typer.Option("--endpoint-url", help="Send every AWS call to this URL."),
    ] = None,
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
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Threads making AWS calls."),
    ] = 8,
    config: ConfigOption = None,
    record: RecordOption = None,
) -> int:
    """Scan AWS accounts; exit 1 on failing findings, 4 when coverage is missing."""
    from govern.cli import logs
    from govern.cli.history import prepare_record, record_scan
    from govern.config import load_settings
    from govern.inputs.aws.collectors import SERVICES
    from govern.inputs.aws.progress import for_terminal
    from govern.inputs.aws.scanner import ScanOptions
    from govern.live import run_scan
    from govern.pipeline import RunOptions
    from govern.report.render import check_destinations, render_reports

    formats = formats_of(output_format)
    check_destinations(formats, output, output_dir)

    logs.configure()
    region_list = _regions(regions, all_regions)
    service_list = split_values(services)
    unknown = sorted(set(service_list) - set(SERVICES))
    if unknown:
        raise UsageError(
            f"unknown service {', '.join(unknown)} (known: {', '.join(SERVICES)})"
        )
    if role_arn is not None and not _ROLE_ARN.match(role_arn):
        raise UsageError(f"--role-arn {role_arn!r} is not an IAM role ARN")
    settings = load_settings(config)
    store = prepare_record(record, settings)
    policy_set = policy_source(policies, no_builtin, pillar).load(settings)
    run_options = RunOptions(
        fail_on=fail_on.value if fail_on else None, waivers=waivers, baseline=baseline
    )
    options = ScanOptions(
        targets=_targets(accounts, role_arn),
        regions=region_list,
        all_regions=all_regions,
        services=tuple(service_list),
        profile=profile,
        role_arn=role_arn,
        endpoint_url=endpoint_url,
        workers=workers,
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


def _regions(values: list[str] | None, all_regions: bool) -> tuple[str, ...]:
    from govern.inputs.aws.accounts import check_region

    regions = split_values(values)
    if regions and all_regions:
        raise UsageError("--regions and --all-regions exclude each other")
    try:
        return tuple(check_region(region) for region in regions)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _targets(path: Path | None, role_arn: str | None) -> tuple[Target, ...]:
    from govern.inputs.aws.accounts import load_accounts
    from govern.inputs.aws.scanner import Target

    if path is None:
        return ()
    listed = load_accounts(path)
    partition = role_arn.split(":")[1] if role_arn else "aws"
    return tuple(
        Target(
            account=entry.id,
            role_arn=f"arn:{partition}:iam::{entry.id}:role/{listed.role_of(entry)}",
            regions=tuple(entry.regions or ()),
        )
        for entry in listed.accounts
    )
