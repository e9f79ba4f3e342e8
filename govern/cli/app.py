"""The ``govern`` command: its sub-commands and the one place errors end up.

Every command returns an exit code (see ``govern.report.exit_codes``). Errors
govern expects become one line on stderr; anything else is an internal error,
reported in one line too, with the traceback only under ``GOVERN_DEBUG=1``.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Annotated

import typer

from govern.errors import GovernError
from govern.report import exit_codes

# Command name -> (module, attribute, kind). Only the module of the command
# being run is imported: start-up time is part of every CI gate's budget.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "plan": ("govern.cli.plan", "plan", "command"),
    "scan": ("govern.cli.scan", "scan", "command"),
    "eval": ("govern.cli.evaluate", "evaluate", "command"),
    "policies": ("govern.cli.policies", "app", "group"),
    "test": ("govern.cli.test", "test", "command"),
    "explain": ("govern.cli.explain", "explain", "command"),
    "fix": ("govern.cli.fix", "fix", "command"),
    "remediate": ("govern.cli.remediate", "remediate", "command"),
    "baseline": ("govern.cli.baseline", "app", "group"),
    "metrics": ("govern.cli.metrics", "metrics", "command"),
    "dashboard": ("govern.cli.dashboard", "dashboard", "command"),
}


def build_app(only: str | None = None) -> typer.Typer:
    """The CLI with every command, or with just ``only`` when it is one."""
    app = typer.Typer(
        name="govern",
        help="Cloud governance as code: gate Terraform plans and scan AWS "
        "accounts with the same pillar-owned policies.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    names = [only] if only in COMMANDS else list(COMMANDS)
    for name in names:
        module_name, attribute, kind = COMMANDS[name]
        target = getattr(importlib.import_module(module_name), attribute)
        if kind == "group":
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    return app


def _show_version(value: bool) -> None:
    if value:
        from govern import __version__

        typer.echo(f"govern {__version__}")
        raise typer.Exit(0)


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
    args = _bare_record(list(argv) if argv is not None else sys.argv[1:])
    first = next((a for a in args if not a.startswith("-")), None)
    command = typer.main.get_command(build_app(first))
    try:
        result = command.main(
            args=args,
            prog_name="govern",
            standalone_mode=False,
            obj={"argv": args},
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


def _bare_record(args: list[str]) -> list[str]:
    """Let ``--record`` stand alone for the store configured in govern.yaml.

    Click options cannot take an optional value, so a ``--record`` that is
    not followed by a URL (``scheme://...``) or ``default`` is given
    ``default`` here: ``govern plan --record plan.json`` keeps its plan.
    """
    fixed: list[str] = []
    for position, arg in enumerate(args):
        fixed.append(arg)
        if arg != "--record":
            continue
        following = args[position + 1] if position + 1 < len(args) else ""
        if following != "default" and "://" not in following:
            fixed.append("default")
    return fixed


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
    # Typer validates values through pydantic, which prefixes our reasons.
    message = message.replace("Value error, ", "")
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


# The cyclic collector's default (every 700 net allocations) walks the ever
# larger heap of a plan being read and evaluated, though nearly nothing govern
# makes is cyclic: a 20,000-resource plan ran 22% faster, at the same peak
# memory, when it ran less often. It still runs, for the few cycles there are.
GC_THRESHOLDS = (100_000, 50, 100)


def run() -> None:
    """Console-script entry point."""
    gc.set_threshold(*GC_THRESHOLDS)
    sys.exit(main())


def _error(message: str) -> None:
    first_line = message.strip().splitlines()[0] if message.strip() else "error"
    sys.stderr.write(f"govern: error: {first_line}\n")
