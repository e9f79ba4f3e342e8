"""``govern policies list|show|validate``: browse and check the policy library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from govern.cli.options import (
    ConfigOption,
    NoBuiltinOption,
    PillarOption,
    PoliciesOption,
    TextOrJson,
    policy_source,
)

app = typer.Typer(
    name="policies",
    help="List, show and validate policies.",
    no_args_is_help=True,
)


@app.command("list")
def list_policies(
    pillar: PillarOption = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TextOrJson.text,
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
) -> int:
    """List policies: id, pillar, severity, resource types and title."""
    from govern.authoring.describe import as_json
    from govern.config import load_settings
    from govern.pipeline import compile_set

    settings = load_settings(config)
    policy_set = policy_source(policies, no_builtin, pillar).load(
        settings, with_examples=True
    )
    compiled = compile_set(policy_set, settings)
    if output_format is TextOrJson.json:
        typer.echo(json.dumps([as_json(c) for c in compiled], indent=2))
        return 0
    for item in compiled:
        policy = item.policy
        types = ", ".join(policy.resource_types[:2])
        if len(policy.resource_types) > 2:
            types += f" +{len(policy.resource_types) - 2}"
        typer.echo(
            f"{policy.id:<10} {policy.pillar:<11} {policy.severity:<9} "
            f"{policy.title}  [{types}]"
        )
    typer.echo(f"\n{len(compiled)} policies")
    return 0


@app.command("show")
def show(
    policy_id: Annotated[str, typer.Argument(help="Policy id, such as GOV-0001.")],
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
) -> int:
    """Show everything about one policy: condition, fix, mappings, examples."""
    from govern.authoring.describe import describe
    from govern.config import load_settings
    from govern.engine.compiler import compile_policy

    settings = load_settings(config)
    policy_set = policy_source(policies, no_builtin).load(settings, with_examples=True)
    policy = policy_set.by_id(policy_id)
    if policy is None:
        from govern.errors import UsageError

        raise UsageError(f"no policy {policy_id!r} (see 'govern policies list')")
    compiled = compile_policy(
        policy, policy_set.pillars[policy.pillar], settings.parameters
    )
    typer.echo(describe(compiled), nl=False)
    return 0


@app.command("validate")
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Policy files or folders (default: the built-in library).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Validate policy files; print every error with file, id, field and line."""
    from govern import library
    from govern.authoring.validation import validate_paths

    targets = paths or [library.builtin_policies()]
    checked, problems = validate_paths(targets)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        errors = "1 error" if len(problems) == 1 else f"{len(problems)} errors"
        files = "1 policy file" if checked == 1 else f"{checked} policy files"
        typer.echo(f"{errors} in {files}", err=True)
        return 2
    typer.echo(f"{checked} policy files are valid")
    return 0
