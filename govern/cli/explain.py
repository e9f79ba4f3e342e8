"""``govern explain``: why a policy decided what it did about one resource."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.options import ConfigOption, NoBuiltinOption, PoliciesOption


def explain(
    plan: Annotated[
        Path,
        typer.Argument(help="Plan JSON, or - for standard input.", show_default=False),
    ],
    address: Annotated[
        str, typer.Option("--address", "-a", help="Full resource address.")
    ],
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Only this policy; repeatable."),
    ] = None,
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
) -> int:
    """Show what govern sees of one resource and how each condition evaluated."""
    from govern.authoring.explain import explain_resource, find_resource
    from govern.cli.options import policy_source
    from govern.config import load_settings
    from govern.engine.inventory import Inventory
    from govern.inputs.terraform.plan import read_plan
    from govern.pipeline import compile_set

    settings = load_settings(config)
    policy_set = policy_source(policies, no_builtin, policy=policy).load(settings)
    inventory = Inventory(read_plan(plan).resources)
    resource = find_resource(inventory, address)
    compiled = compile_set(policy_set, settings)
    typer.echo(explain_resource(resource, inventory, compiled), nl=False)
    return 0
