"""``govern fix`` on the bundled example: the diff, --write, what is listed.

The proof that a fix works: the diff applies with ``patch``, the fixed
``main.tf`` parses as HCL2 and is ``examples/fixed/main.tf``, and that
configuration's plan (``examples/fixed/plan.json``, written by hand) no longer
fails any policy whose fix was placed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2
import pytest
from hcl2 import SerializationOptions

from govern.cli.app import main
from govern.config import Settings
from govern.pipeline import PolicySource, RunOptions, run_plans
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "fix"
FIXED = EXAMPLES / "fixed"
ATTRIBUTE_FIXES = {
    "aws_instance.web": {"GOV-0017", "GOV-0264"},
    "aws_ebs_volume.data": {"GOV-0020"},
    "aws_kms_key.app": {"GOV-0039"},
    "aws_db_instance.orders": {"GOV-0026", "GOV-0256", "GOV-0254", "GOV-0028"},
    "aws_dynamodb_table.sessions": {"GOV-0251", "GOV-0257"},
}
COMPANIONS = {"GOV-0001", "GOV-0004", "GOV-0253"}
_VALUES = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True
)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, with the current directory one level above it."""
    shutil.copytree(EXAMPLE, tmp_path / "ex")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVERN_NO_CACHE", "1")
    return tmp_path / "ex"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def failing(plan: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    run_ = run_plans([plan], PolicySource(), Settings(), RunOptions())
    for finding in run_.findings:
        if finding.status == "fail":
            found.setdefault(finding.address, set()).add(finding.policy_id)
    return found


def test_the_example_fails_the_policies_its_fixes_address() -> None:
    before = failing(EXAMPLE / "plan.json")
    for address, policies in ATTRIBUTE_FIXES.items():
        assert policies <= before[address], address
    assert before["aws_s3_bucket.logs"] >= COMPANIONS


def apply_unified(diff: str, before: list[str]) -> list[str]:
    """Apply a one-file unified diff, checking every hunk's line counts."""
    lines = diff.splitlines(keepends=True)
    assert lines[0].startswith("--- a/") and lines[1].startswith("+++ b/")
    after: list[str] = []
    position, index = 0, 2
    while index < len(lines):
        header = re.match(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@\n$", lines[index])
        assert header, lines[index]
        old_start, old_count, _, new_count = map(int, header.groups())
        after.extend(before[position : old_start - 1])
        position, index = old_start - 1, index + 1
        seen_old = seen_new = 0
        while seen_old < old_count or seen_new < new_count:
            kind, text = lines[index][0], lines[index][1:]
            if kind in " -":
                assert before[position] == text
                position, seen_old = position + 1, seen_old + 1
            if kind in " +":
                after.append(text)
                seen_new += 1
            index += 1
    return after + before[position:]


def test_the_diff_is_a_valid_unified_diff(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    before = (work / "main.tf").read_text().splitlines(keepends=True)
    code, out, err = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex")
    assert code == 0 and out.startswith("--- a/ex/main.tf\n+++ b/ex/main.tf\n")
    assert "govern fix: 10 settings placed in 1 file" in err
    run(capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--write")
    assert "".join(apply_unified(out, before)) == (work / "main.tf").read_text()


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
def test_the_diff_applies_with_patch(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    _, out, _ = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex")
    patch = ["patch", "-p1", "--quiet"]
    subprocess.run([*patch, "--dry-run"], input=out, text=True, check=True)
    subprocess.run(patch, input=out, text=True, check=True)
    assert "storage_encrypted           = true" in (work / "main.tf").read_text()


def _without_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def test_fix_writes_the_fixed_example_whose_plan_passes_the_fixed_policies(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    code, out, err = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--write")
    assert code == 0 and out == "fixed ex/main.tf: 10 settings\n"
    written = (work / "main.tf").read_text()
    # Valid HCL2, read by the parser Terraform's syntax is modelled on.
    hcl2.loads(written, serialization_options=_VALUES)
    # examples/fixed holds this configuration and Terraform's plan for it,
    # written by hand; test_fix_example.py holds the two to each other.
    assert _without_header(written) == _without_header((FIXED / "main.tf").read_text())

    after = failing(FIXED / "plan.json")
    for address, policies in ATTRIBUTE_FIXES.items():
        assert not policies & after.get(address, set()), address
    # Companion resources are listed to add by hand, so theirs remain.
    assert after["aws_s3_bucket.logs"] >= COMPANIONS
    for policy_id in COMPANIONS:
        assert f"to add: aws_s3_bucket.logs {policy_id} needs a new" in err


def test_write_is_idempotent(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    mode = 0o640
    (work / "main.tf").chmod(mode)
    run(capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--write")
    written = (work / "main.tf").read_text()
    code, out, err = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--write")
    assert code == 0 and out == ""
    assert err.startswith("govern fix: no changes to write; 3 resources to add")
    assert "10 settings already in the source" in err
    assert (work / "main.tf").read_text() == written
    assert (work / "main.tf").stat().st_mode & 0o777 == mode
    assert sorted(p.name for p in work.iterdir()) == ["main.tf", "plan.json"]


def test_write_is_atomic(
    capsys: pytest.CaptureFixture[str], work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (work / "main.tf").read_text()

    def refuse(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--write")
    assert code == 3 and err == "govern: error: ex/main.tf: not written (disk full)\n"
    assert (work / "main.tf").read_text() == original
    assert sorted(p.name for p in work.iterdir()) == ["main.tf", "plan.json"]


def test_policy_option_limits_the_fixes(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    code, out, err = run(
        capsys, "fix", "ex/plan.json", "--source-dir", "ex", "--policy", "GOV-0039"
    )
    changed = [line for line in out.splitlines() if line.startswith("+ ")]
    assert code == 0 and changed == ["+  enable_key_rotation     = true"]
    assert "1 setting placed in 1 file" in err


def unsafe_sources(work: Path) -> None:
    """Variants of the example that cannot be fixed without guessing."""
    text = (work / "main.tf").read_text()
    text = text.replace(
        '  size              = 20\n  type              = "gp3"\n',
        '  size              = 20\n  type              = "gp3"\n'
        "  encrypted         = var.encrypted\n",
    )
    text = text.replace(
        '  instance_type = "t3.micro"\n',
        '  instance_type = "t3.micro"\n\n  dynamic "metadata_options" {\n'
        "    for_each = var.metadata\n    content {\n"
        "      http_tokens = metadata_options.value\n    }\n  }\n",
    )
    text = text.replace(
        'resource "aws_kms_key" "app" {',
        'module "keys" {\n  source  = "terraform-aws-modules/kms/aws"\n'
        '  version = "3.1.0"\n}\n\nresource "aws_kms_key" "unused" {',
    )
    text += (
        '\nresource "aws_ebs_volume" "disk" {\n  count = 2\n\n'
        '  availability_zone = "eu-west-1a"\n  size              = 20\n}\n'
    )
    (work / "main.tf").write_text(text)


def unsafe_plan(work: Path) -> None:
    """The plan of those variants: a registry module key, two disks."""
    plan = json.loads((work / "plan.json").read_text())
    changes = plan["resource_changes"]
    key = next(c for c in changes if c["address"] == "aws_kms_key.app")
    key.update(address="module.keys.aws_kms_key.app", module_address="module.keys")
    volume = next(c for c in changes if c["address"] == "aws_ebs_volume.data")
    for index, encrypted in ((0, True), (1, False)):
        disk = copy.deepcopy(volume)
        disk.update(address=f"aws_ebs_volume.disk[{index}]", name="disk", index=index)
        disk["change"]["after"]["encrypted"] = encrypted
        disk["change"]["after_unknown"].pop("encrypted")
        changes.append(disk)
    (work / "plan.json").write_text(json.dumps(plan))


def test_unsafe_placements_are_listed_not_guessed(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    unsafe_sources(work)
    unsafe_plan(work)
    code, out, err = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex")
    listed = [line for line in err.splitlines() if line.startswith("not placed:")]
    assert code == 0 and len(listed) == 4, err
    expected = [
        "not placed: aws_ebs_volume.data GOV-0020 encrypted: set from an "
        "expression (var.encrypted) at ex/main.tf:44",
        "not placed: aws_instance.web GOV-0017 metadata_options.http_tokens: "
        "metadata_options is a dynamic block",
        "not placed: module.keys.aws_kms_key.app GOV-0039 enable_key_rotation: "
        "declared inside module keys from 'terraform-aws-modules/kms/aws', a "
        "registry or remote module",
        "not placed: aws_ebs_volume.disk GOV-0020 encrypted: only 1 of 2 "
        "instances fail",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in listed), start
    changed = [
        line[0] + line[1:].strip()
        for line in out.splitlines()[2:]
        if line[:1] in "+-" and line[1:].strip() not in ("", "}")
    ]
    assert changed == [
        "+monitoring = true",
        "-storage_encrypted           = false",
        "+storage_encrypted           = true",
        "+deletion_protection                 = true",
        "+multi_az                            = true",
        "+iam_database_authentication_enabled = true",
        "+deletion_protection_enabled = true",
        "+point_in_time_recovery {",
        "+enabled = true",
    ]


@pytest.mark.parametrize(
    ("case", "argv", "message"),
    [
        ("missing plan", ["nope.json", "--source-dir", "ex"], "no such file"),
        ("no source dir", ["ex/plan.json"], "Missing option '--source-dir'"),
        ("missing source dir", ["ex/plan.json", "--source-dir", "gone"], "gone"),
        ("plan folder", ["ex", "--source-dir", "ex"], "give one plan file"),
        (
            "unknown policy",
            ["ex/plan.json", "--source-dir", "ex", "--policy", "GOV-9999"],
            "no such policy: GOV-9999",
        ),
        ("invalid HCL", ["ex/plan.json", "--source-dir", "ex"], "not valid HCL2"),
        (
            "no configuration",
            ["ex/plan.json", "--source-dir", "empty"],
            "empty: no .tf files",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    work: Path,
    case: str,
    argv: list[str],
    message: str,
) -> None:
    if case == "invalid HCL":
        (work / "broken.tf").write_text('resource "a" "b" {\n')
    (work.parent / "empty").mkdir(exist_ok=True)
    code, out, err = run(capsys, "fix", *argv)
    assert code == 2 and out == "", case
    assert err.startswith("govern: error: ") and message in err, case
    assert len(err.strip().splitlines()) == 1, case


def test_a_piped_plan_gives_the_same_diff(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    # fix reads its plan twice (findings, then every instance): standard
    # input must give the same plan both times.
    _, from_file, _ = run(capsys, "fix", "ex/plan.json", "--source-dir", "ex")
    piped = subprocess.run(
        [sys.executable, "-m", "govern", "fix", "-", "--source-dir", "ex"],
        input=(work / "plan.json").read_text(),
        capture_output=True,
        text=True,
        check=False,
        cwd=work.parent,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == from_file
