"""SARIF ``fixes`` for the bundled fix example, valid against SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govern.config import Settings
from govern.pipeline import PolicySource, RunOptions, run_plans
from govern.report import sarif
from govern.report.run import Run
from tests.conftest import EXAMPLES, REPO, TESTS

SCHEMA = json.loads((TESTS / "fixtures" / "sarif-schema-2.1.0.json").read_text())
EXAMPLE = EXAMPLES / "fix"


@pytest.fixture(scope="module")
def example_run() -> Run:
    return run_plans([EXAMPLE / "plan.json"], PolicySource(), Settings(), RunOptions())


def results(run: Run, **options: Any) -> dict[tuple[str, str], dict[str, Any]]:
    document = json.loads(sarif.render(run, **options))
    errors = [
        e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(document)
    ]
    assert errors == []
    return {
        (r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): r
        for r in document["runs"][0]["results"]
    }


def test_fixes_need_the_source_directory(example_run: Run) -> None:
    assert not any("fixes" in r for r in results(example_run, root=REPO).values())


def test_an_attribute_fix_inserts_before_the_closing_brace(example_run: Run) -> None:
    found = results(example_run, source_dir=EXAMPLE, root=REPO)
    (fix,) = found[("GOV-0020", "aws_ebs_volume.data")]["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {
        "uri": "examples/fix/main.tf",
        "uriBaseId": "%SRCROOT%",
    }
    closing = _line_of(EXAMPLE / "main.tf", 'resource "aws_ebs_volume" "data"', "}")
    assert change["replacements"] == [
        {
            "deletedRegion": _region(closing, closing),
            "insertedContent": {"text": "  encrypted         = true\n"},
        }
    ]
    assert fix["description"]["text"] == "Set encrypted = true on aws_ebs_volume.data."


def test_a_constant_is_replaced_line_for_line(example_run: Run) -> None:
    found = results(example_run, source_dir=EXAMPLE, root=REPO)
    (fix,) = found[("GOV-0026", "aws_db_instance.orders")]["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    line = _line_of(EXAMPLE / "main.tf", "", "  storage_encrypted")
    assert replacement["deletedRegion"] == _region(line, line + 1)
    assert replacement["insertedContent"]["text"].split("=")[1] == " true\n"


def test_a_companion_goes_after_the_resource_block(example_run: Run) -> None:
    found = results(example_run, source_dir=EXAMPLE, root=REPO)
    (fix,) = found[("GOV-0001", "aws_s3_bucket.logs")]["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    closing = _line_of(EXAMPLE / "main.tf", 'resource "aws_s3_bucket" "logs"', "}")
    assert replacement["deletedRegion"] == _region(closing + 1, closing + 1)
    assert replacement["insertedContent"]["text"].startswith(
        '\nresource "aws_s3_bucket_public_access_block" "logs" {\n'
        "  bucket                  = aws_s3_bucket.logs.id\n"
    )


def test_unreadable_sources_leave_results_without_fixes(
    example_run: Run, tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_ebs_volume" "data" {\n')
    found = results(example_run, source_dir=tmp_path, root=tmp_path)
    assert found and not any("fixes" in r for r in found.values())


def _line_of(path: Path, after: str, prefix: str) -> int:
    lines = path.read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(after))
    return next(n for n in range(start, len(lines)) if lines[n].startswith(prefix)) + 1


def _region(start: int, end: int) -> dict[str, int]:
    return {"startLine": start, "startColumn": 1, "endLine": end, "endColumn": 1}
