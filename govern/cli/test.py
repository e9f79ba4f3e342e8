"""``govern test``: run policies against their examples, like a unit test runner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def test(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Policy files or folders (default: the built-in library).",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every example.")
    ] = False,
) -> int:
    """Check every policy against its passing, failing and unknown examples.

    Examples come from the policy file and from a NAME.examples.yaml file beside
    it. A policy without a passing and a failing example is an error. Exits 1
    when an example does not give its expected status, 2 on invalid files.
    """
    from govern import library
    from govern.authoring.testing import run_policy_files

    targets = paths or [library.builtin_policies()]
    report = run_policy_files(targets)
    for line in report.lines(verbose):
        typer.echo(line)
    return report.exit_code
