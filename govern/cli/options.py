"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from govern.pipeline import PolicySource


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    """Formats of a run's report (``govern.report.render`` names them)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"
    ocsf = "ocsf"


PoliciesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--policies",
        help="Extra policy folder or file; repeat for several.",
        show_default=False,
    ),
]
NoBuiltinOption = Annotated[
    bool,
    typer.Option("--no-builtin", help="Leave the built-in policy library out."),
]
PillarOption = Annotated[
    list[str] | None,
    typer.Option("--pillar", help="Only this pillar's policies; repeatable."),
]
FailOnOption = Annotated[
    Severity | None,
    typer.Option(
        "--fail-on",
        help="Fail on findings of this severity or higher, in every pillar "
        "(default: each pillar's own threshold).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report here instead of stdout."),
]
WaiversOption = Annotated[
    Path | None,
    typer.Option(
        "--waivers",
        help="Waivers file (default: govern.waivers.yaml, searched upwards).",
    ),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Baseline file: findings recorded there are reported, not failed.",
    ),
]
OutputDirOption = Annotated[
    Path | None,
    typer.Option("--output-dir", help="Write one file per --format into DIR."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Settings file (default: nearest govern.yaml upwards)."
    ),
]


FormatsOption = Annotated[
    list[ReportFormat] | None,
    typer.Option(
        "--format", "-f", help="Report format; repeat with --output-dir for several."
    ),
]


def formats_of(values: list[ReportFormat] | None) -> list[str]:
    return [value.value for value in values or [ReportFormat.text]]


def policy_source(
    policies: list[Path] | None,
    no_builtin: bool = False,
    pillar: list[str] | None = None,
    policy: list[str] | None = None,
) -> PolicySource:
    """Where a command's policies come from, from its common options."""
    from govern.pipeline import PolicySource

    return PolicySource(
        extra=tuple(policies or ()),
        builtin=not no_builtin,
        pillar_ids=tuple(split_values(pillar)),
        policy_ids=tuple(split_values(policy)),
    )


def split_values(values: list[str] | None) -> list[str]:
    """Accept both repeated options and comma-separated lists."""
    return [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]
