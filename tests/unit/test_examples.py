"""The bundled examples that ``make demo`` shows: two plans of one service.

``examples/plans/noncompliant.json`` must fail the gate with findings in every
pillar; ``compliant.json`` must pass with nothing failing, and anything unknown
only because Terraform decides it at apply time. Each plan
must match its Terraform configuration, and the database password it carries
must never reach a report.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govern.cli.app import main
from govern.inputs.terraform.plan import read_plan
from tests.conftest import EXAMPLES

PLANS = EXAMPLES / "plans"
CONFIGURATIONS = EXAMPLES / "terraform"
NAMES = ("compliant", "noncompliant")
PILLARS = ("ownership", "security", "cost", "compliance", "operations")
RESOURCE_HEADER = re.compile(r'^resource\s+"([\w-]+)"\s+"([\w-]+)"', re.MULTILINE)


def plan_file(name: str) -> Path:
    return PLANS / f"{name}.json"


def report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> tuple[int, dict[str, Any]]:
    output = tmp_path / f"{name}.json"
    code = main(["plan", str(plan_file(name)), "-f", "json", "-o", str(output)])
    capsys.readouterr()
    return code, json.loads(output.read_text())


@pytest.mark.parametrize("name", NAMES)
def test_plan_loads_as_a_terraform_1_9_plan(name: str) -> None:
    plan = read_plan(plan_file(name))
    assert plan.format_version == "1.2", name
    assert plan.terraform_version == "1.9.5", name
    assert plan.resources, name
    assert all(r.actions == ("create",) for r in plan.resources), name


def test_noncompliant_plan_fails_the_gate_in_every_pillar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, result = report(capsys, tmp_path, "noncompliant")
    assert code == 1
    by_pillar = result["summary"]["by_pillar"]
    for pillar in PILLARS:
        assert by_pillar[pillar]["fail"] > 0, f"no failing finding in {pillar}"


def test_compliant_plan_passes_with_nothing_failing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, result = report(capsys, tmp_path, "compliant")
    assert code == 0
    doubtful = [
        f"{f['status']} {f['policy_id']} {f['address']}: {f['message']}"
        for f in result["findings"]
        if f["status"] == "fail"
        or (f["status"] == "unknown" and "unknown until apply" not in f["message"])
    ]
    assert doubtful == []
    # The trail role's policy document embeds ARNs of resources created in the
    # same plan, so only its three document policies cannot be decided yet.
    unknown = {f["policy_id"] for f in result["findings"] if f["status"] == "unknown"}
    assert unknown == {"GOV-0055", "GOV-0056", "GOV-0057"}
    assert result["summary"]["by_status"]["pass"] > 0


def declared_resources(name: str) -> set[str]:
    """``TYPE.NAME`` of every resource block in the configuration's .tf files."""
    found: set[str] = set()
    for path in sorted((CONFIGURATIONS / name).glob("*.tf")):
        found.update(f"{t}.{n}" for t, n in RESOURCE_HEADER.findall(path.read_text()))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_plan_has_exactly_the_configurations_resources(name: str) -> None:
    document = json.loads(plan_file(name).read_text())
    planned = {change["address"] for change in document["resource_changes"]}
    configured = {
        block["address"]
        for block in document["configuration"]["root_module"]["resources"]
    }
    declared = declared_resources(name)
    assert planned == declared, (
        f"{name}: only in plan {sorted(planned - declared)}, "
        f"only in main.tf {sorted(declared - planned)}"
    )
    assert configured == declared, name


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("report_format", ["text", "json"])
def test_database_password_never_reaches_a_report(
    capsys: pytest.CaptureFixture[str], name: str, report_format: str
) -> None:
    document = json.loads(plan_file(name).read_text())
    password = document["variables"]["db_password"]["value"]
    # The plan carries it in clear, as Terraform writes it: the test means something.
    assert password and password in plan_file(name).read_text()

    main(["plan", str(plan_file(name)), "-f", report_format])
    captured = capsys.readouterr()
    assert captured.out, f"{name} {report_format}: empty report"
    assert password not in captured.out + captured.err


def test_plans_match_what_the_assembler_writes() -> None:
    assembler = PLANS / "assemble.py"
    done = subprocess.run(
        [sys.executable, str(assembler), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_shows_what_govern_prints_for_the_noncompliant_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (EXAMPLES.parent / "README.md").read_text()
    command = "$ govern plan examples/plans/noncompliant.json\n"
    shown = readme.split(command, 1)[1].split("$ echo $?", 1)[0]
    code = main(["plan", str(plan_file("noncompliant"))])
    printed = capsys.readouterr().out.splitlines()
    assert code == 1
    for line in shown.splitlines():
        if line.strip() in ("", "...") or line.startswith("govern plan: "):
            continue  # elisions, and the header whose timing varies
        assert line in printed, line
