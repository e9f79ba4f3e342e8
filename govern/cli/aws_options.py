"""Options of the commands that reach live AWS (scan, remediate), declared once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govern.cli.options import split_values
from govern.errors import UsageError

if TYPE_CHECKING:
    from govern.inputs.aws.scanner import ScanOptions, Target

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")

ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", help="AWS profile for the caller's credentials."),
]
RoleArnOption = Annotated[
    str | None,
    typer.Option(
        "--role-arn",
        help="Role to assume first; with --accounts, the accounts' roles are "
        "assumed from it.",
    ),
]
AccountsOption = Annotated[
    Path | None,
    typer.Option("--accounts", help="YAML file listing accounts and roles."),
]
RegionsOption = Annotated[
    list[str] | None,
    typer.Option("--regions", help="Regions to scan; repeat or comma-separate."),
]
AllRegionsOption = Annotated[
    bool,
    typer.Option("--all-regions", help="Every region enabled in each account."),
]
ServicesOption = Annotated[
    list[str] | None,
    typer.Option("--services", help="Only these services (s3, ec2, iam...)."),
]
EndpointOption = Annotated[
    str | None,
    typer.Option("--endpoint-url", help="Send every AWS call to this URL."),
]
WorkersOption = Annotated[
    int,
    typer.Option("--workers", min=1, max=64, help="Threads making AWS calls."),
]


def scan_options(
    *,
    profile: str | None,
    role_arn: str | None,
    accounts: Path | None,
    regions: list[str] | None,
    all_regions: bool,
    services: list[str] | None,
    endpoint_url: str | None,
    workers: int,
) -> ScanOptions:
    """Checked scan options; ``UsageError`` for values that cannot work."""
    from govern.inputs.aws.collectors import SERVICES
    from govern.inputs.aws.scanner import ScanOptions

    region_list = _regions(regions, all_regions)
    service_list = split_values(services)
    unknown = sorted(set(service_list) - set(SERVICES))
    if unknown:
        raise UsageError(
            f"unknown service {', '.join(unknown)} (known: {', '.join(SERVICES)})"
        )
    if role_arn is not None and not _ROLE_ARN.match(role_arn):
        raise UsageError(f"--role-arn {role_arn!r} is not an IAM role ARN")
    if endpoint_url is not None and not endpoint_url.startswith(
        ("http://", "https://")
    ):
        raise UsageError(
            f"--endpoint-url {endpoint_url!r} is not an http:// or https:// URL"
        )
    return ScanOptions(
        targets=_targets(accounts, role_arn),
        regions=region_list,
        all_regions=all_regions,
        services=tuple(service_list),
        profile=profile,
        role_arn=role_arn,
        endpoint_url=endpoint_url,
        workers=workers,
    )


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
