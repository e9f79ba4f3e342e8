"""GitHub Actions workflow commands: findings as annotations on the change.

Inside GitHub Actions, a line such as ``::error file=main.tf,line=3::text`` on
standard output becomes an annotation on that file and line in the pull
request. Findings that fail the gate are errors, other failing findings
warnings, and unknown findings notices. Annotations point at the ``.tf``
line declaring the resource when a source directory is given and the block
is found there, else at the plan file.

GitHub shows only the first few annotations of each kind per step, so they
come most important first: errors, then warnings, each by severity.
"""

# No ``from __future__ import annotations`` here: it would bind the name of
# this module's main function. Every annotation below is valid at run time.

import os
from collections.abc import Mapping
from pathlib import Path

from govern.findings.finding import Finding
from govern.report.locations import Locator
from govern.report.run import Run
from govern.severity import SEVERITY_RANK

_ORDER = {"error": 0, "warning": 1, "notice": 2}


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    """True when running as a GitHub Actions step (``GITHUB_ACTIONS=true``)."""
    variables = os.environ if environ is None else environ
    return variables.get("GITHUB_ACTIONS") == "true"


def render(run: Run, source_dir: Path | None = None, root: Path | None = None) -> str:
    """The annotations of ``run``, one workflow command per line."""
    return "".join(f"{line}\n" for line in annotations(run, source_dir, root))


def annotations(
    run: Run, source_dir: Path | None = None, root: Path | None = None
) -> list[str]:
    """One workflow command for each failing or unknown finding, errors first.

    ``source_dir`` is the Terraform root module to find resource blocks in;
    ``root`` is what file paths are made relative to (default: current
    directory), which on GitHub should be the checkout.
    """
    gate = {id(f) for f in run.gate}
    commands = [
        (command, finding)
        for finding in run.findings
        if (command := _command(finding, id(finding) in gate)) is not None
    ]
    commands.sort(
        key=lambda item: (
            _ORDER[item[0]],
            -SEVERITY_RANK[item[1].severity],
            item[1].origin,
            item[1].address,
            item[1].policy_id,
        )
    )
    locator = Locator(source_dir, root)
    return [_line(command, finding, locator) for command, finding in commands]


def _command(finding: Finding, gating: bool) -> str | None:
    if finding.status == "fail":
        return "error" if gating else "warning"
    return "notice" if finding.status == "unknown" else None


def _line(command: str, finding: Finding, locator: Locator) -> str:
    where = locator.locate(finding)
    properties = {"file": where.path}
    if where.line is not None:
        properties["line"] = str(where.line)
    properties["title"] = f"{finding.policy_id} {finding.title} ({finding.severity})"
    rendered = ",".join(
        f"{name}={escape_property(value)}" for name, value in properties.items()
    )
    return f"::{command} {rendered}::{escape_data(_message(finding))}"


def _message(finding: Finding) -> str:
    lines = [f"{finding.address}: {finding.message}"]
    if finding.status == "fail":
        lines.append(f"Fix: {finding.remediation.hint}")
    lines.append(f"Team: {finding.team} ({finding.team_contact})")
    return "\n".join(lines)


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage returns and newlines."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
