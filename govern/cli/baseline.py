"""``govern baseline create``: accept today's findings, gate only on new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govern.cli.options import (
    ConfigOption,
    NoBuiltinOption,
    PillarOption,
    PoliciesOption,
    policy_source,
)

app = typer.Typer(
    name="baseline", help="Record accepted findings.", no_args_is_help=True
)


@app.command("create")
def create(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Plan JSON files or folders (- for standard input), or a scan "
            "snapshot (.jsonl[.gz]).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Baseline file to write.")
    ],
    policies: PoliciesOption = None,
    no_builtin: NoBuiltinOption = False,
    pillar: PillarOption = None,
    config: ConfigOption = None,
) -> int:
    """Record the fingerprints of the current failing findings in a baseline file.

    Later runs given --baseline FILE report those findings as 'baselined' and
    fail only on findings that are not in it.
    """
    from govern.config import load_settings
    from govern.findings.baseline import render_baseline
    from govern.pipeline import RunOptions, run_inputs
    from govern.report.output import write_atomic

    settings = load_settings(config)
    source = policy_source(policies, no_builtin, pillar)
    # Waivers are ignored here: a waived finding belongs in the waivers file.
    run = run_inputs(inputs, source, settings, RunOptions(use_waivers=False))
    write_atomic(output, render_baseline(run.findings))
    failing = sum(1 for f in run.findings if f.status == "fail")
    typer.echo(f"{output}: baseline of {failing} failing findings")
    return 0
