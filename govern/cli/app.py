"""The ``govern`` command: its sub-commands and the one place errors end up.

Every command returns an exit code (see ``govern.report.exit_codes``). Errors
govern expects become one line on stderr; anything else is an internal error,
reported in one line too, with the traceback only under ``GOVERN_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import Annotated

import typer

from govern.cli import evaluate as eval_command
from govern.cli import plan as plan_command
from govern.cli import scan as scan_command
from govern.errors import GovernError
from govern.report import exit_codes

app = typer.Typer(
    name="govern",
    help="Cloud governance as code: gate Terraform plans and scan AWS accounts "
    "with the same pillar-owned policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("plan")(plan_command.plan)
app.command("scan")(scan_command.scan)
app.command("eval")(eval_command.evaluate)


def _show_version(value: bool) -> None:
    if value:
        from govern import __version__

        typer.echo(f"govern {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Cloud governance as code: the same policies gate plans and scan accounts."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    command = typer.main.get_command(app)
    try:
        result = command.main(
            args=list(argv) if argv is not None else None,
            prog_name="govern",
            standalone_mode=False,
        )
    except GovernError as error:
        _error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as error:  # the boundary for every bug in govern
        return _click_exit(error) if _is_click_signal(error) else _internal(error)
    return result if isinstance(result, int) else exit_codes.OK


def _is_click_signal(error: Exception) -> bool:
    # Typer ships its own copy of Click, so its exception classes are recognised
    # by shape rather than imported from a private module.
    return type(error).__name__ in ("Exit", "Abort") or (
        hasattr(error, "format_message") and hasattr(error, "exit_code")
    )


def _click_exit(error: Exception) -> int:
    name = type(error).__name__
    if name == "Exit":
        return int(getattr(error, "exit_code", 0))
    if name == "Abort":
        _error("aborted")
        return exit_codes.INPUT_ERROR
    message = str(error.format_message()).replace("\n", " ")  # type: ignore[attr-defined]
    context = getattr(error, "ctx", None)
    if context is not None:
        message += f" (see '{context.command_path} --help')"
    _error(message)
    return exit_codes.INPUT_ERROR


def _internal(error: Exception) -> int:
    if os.environ.get("GOVERN_DEBUG"):
        traceback.print_exc()
    _error(f"internal error: {type(error).__name__}: {error}")
    return exit_codes.INTERNAL_ERROR


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


def _error(message: str) -> None:
    first_line = message.strip().splitlines()[0] if message.strip() else "error"
    sys.stderr.write(f"govern: error: {first_line}\n")
