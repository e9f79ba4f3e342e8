"""``govern remediate``: fix failing live findings, dry run unless ``--apply``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from govern.cli.options import (
    ConfigOption,
    TextOrJson,
    WaiversOption,
    split_values,
)
from govern.errors import UsageError
from govern.remediate.aws.audit import DEFAULT_AUDIT_LOG

if TYPE_CHECKING:
    from govern.remediate.aws.run import Remediation, Request


def remediate(
    report: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Act on this 'govern scan --format json' report instead of scanning.",
            show_default=False,
        ),
    ] = None,
    profile: ProfileOption = None,
    role_arn: RoleArnOption = None,
    accounts: AccountsOption = None,
    regions: RegionsOption = None,
    all_regions: AllRegionsOption = False,
    services: ServicesOption = None,
    endpoint_url: EndpointOption = None,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy", "-p", help="Only this auto-remediable policy; repeatable."
        ),
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Make the changes (default: dry run).")
    ] = False,
    max_changes: Annotated[
        int,
        typer.Option(
            "--max-changes",
            min=0,
            help="Make at most this many changes, then stop and exit 1.",
        ),
    ] = 25,
    audit_log: Annotated[
        Path,
        typer.Option("--audit-log", help="JSON Lines audit log --apply appends to."),
    ] = DEFAULT_AUDIT_LOG,
    owner_map: Annotated[
        Path | None,
        typer.Option(
            "--owner-map", help="YAML file of ARN globs or accounts to owners."
        ),
    ] = None,
    waivers: WaiversOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Baseline file: findings recorded there are left alone."
        ),
    ] = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TextOrJson.text,
    workers: WorkersOption = 8,
    config: ConfigOption = None,
    record: Annotated[
        str | None,
        typer.Option(
            "--record",
            metavar="URL|default",
            help="Store each change made as a remediation event in this history: "
            "sqlite:///PATH, postgresql://... or 'default' (govern.yaml's 'record:').",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Fix what auto-remediable policies find in AWS; a dry run unless --apply.

    Exit 0 when a dry run, or every change needed was made; 1 when a change
    failed, needs a person or was held back by --max-changes; 2 for bad input.
    """
    from govern.cli import logs
    from govern.cli.history import prepare_record
    from govern.config import load_settings
    from govern.inputs.aws.progress import for_terminal
    from govern.pipeline import RunOptions
    from govern.remediate.aws.run import Request
    from govern.remediate.aws.run import remediate as run_remediation

    logs.configure()
    if report is not None and (regions or all_regions or services):
        raise UsageError(
            "--from acts on the report's findings; --regions, --all-regions "
            "and --services only apply to a scan"
        )
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
    request = Request(
        scan=options,
        report=report,
        policy_ids=tuple(split_values(policy)),
        apply=apply,
        max_changes=max_changes,
        audit_log=audit_log,
        owner_map=owner_map,
        record=prepare_record(record, settings),
        run_options=RunOptions(waivers=waivers, baseline=baseline),
    )
    result = run_remediation(request, settings, for_terminal())
    _show(result, request, output_format)
    return result.exit_code


def _show(result: Remediation, request: Request, output_format: TextOrJson) -> None:
    from govern.remediate.aws import output
    from govern.report.json_report import dumps

    audit = str(request.audit_log) if request.apply else None
    for note in result.notes:
        typer.echo(f"govern remediate: {note}", err=True)
    if output_format is TextOrJson.json:
        document = output.render_json(
            result.outcomes,
            applied=request.apply,
            exit_code=result.exit_code,
            max_changes=request.max_changes,
            audit_log=audit,
            notes=result.notes,
            api_calls=result.api_calls,
        )
        typer.echo(dumps(document), nl=False)
    else:
        typer.echo(output.render_text(result.outcomes, request.apply, audit), nl=False)
    held = sum(1 for o in result.outcomes if o.result == "held")
    if held:
        made = "made" if request.apply else "would make"
        typer.echo(
            f"govern remediate: {held} more change(s) pending past --max-changes "
            f"{request.max_changes}: {made} only the first {request.max_changes}"
            + ("; run again to continue" if request.apply else ""),
            err=True,
        )
