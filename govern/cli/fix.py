"""``govern fix``: write the Terraform changes that failing findings ask for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.options import ConfigOption, PoliciesOption, policy_source


def fix(
    plan: Annotated[
        Path,
        typer.Argument(
            help="Plan JSON from 'terraform show -json plan.out', or - for "
            "standard input.",
            show_default=False,
        ),
    ],
    source_dir: Annotated[
        Path,
        typer.Option(
            "--source-dir",
            help="Terraform root module directory holding the .tf files to fix.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Apply the changes to the .tf files instead of a diff."
        ),
    ] = False,
    policies: PoliciesOption = None,
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Only this policy; repeatable."),
    ] = None,
    config: ConfigOption = None,
) -> int:
    """Print a diff of the attribute fixes for failing findings, or --write it.

    Fixes that cannot be placed safely, and companion resources to add by
    hand, are listed on stderr with the reason.
    """
    from govern.config import load_settings
    from govern.errors import UsageError
    from govern.inputs.terraform.plan import read_plan
    from govern.pipeline import RunOptions, run_plans
    from govern.remediate.terraform import output
    from govern.remediate.terraform.declarations import SourceTree
    from govern.remediate.terraform.planner import plan_fixes

    if plan.is_dir():
        raise UsageError(f"{plan}: give one plan file, not a directory")
    if not any(source_dir.glob("*.tf")):
        raise UsageError(
            f"{source_dir}: no .tf files; --source-dir is the root module "
            "the plan was made from"
        )
    settings = load_settings(config)
    source = policy_source(policies, policy=policy)
    run = run_plans([plan], source, settings, RunOptions())
    # The run keeps findings, not resources; every instance of a block is
    # needed to tell whether one change fits them all.
    resources = read_plan(plan).resources
    fixes = plan_fixes(run.findings, resources, SourceTree(source_dir))
    if write:
        for line in output.write(fixes):
            typer.echo(line)
    else:
        typer.echo(output.diff(fixes), nl=False)
    for line in output.notes(fixes):
        typer.echo(line, err=True)
    return 0
