"""``govern plan --format``, ``--source-dir`` and annotations inside GitHub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from govern.cli.options import ReportFormat
from govern.errors import UsageError
from govern.report import render
from tests.conftest import plan_path
from tests.unit.reporting import S3_FAILING, S3_PLAN, sample_run, write_sources
from tests.unit.test_cli_plan import BASIC, run

PLAN = str(plan_path(S3_PLAN))


@pytest.mark.parametrize("output_format", ["sarif", "junit", "markdown", "ocsf"])
def test_each_format_is_written(
    output_format: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "report"
    code, out, err = run(
        capsys, "plan", PLAN, *BASIC, "-f", output_format, "-o", str(report)
    )
    assert (code, out, err) == (1, "", "")
    written = report.read_text()
    if output_format == "sarif":
        assert json.loads(written)["version"] == "2.1.0"
    elif output_format == "junit":
        assert ET.fromstring(written).get("failures") == "1"
    elif output_format == "markdown":
        assert written.startswith("## ") and S3_FAILING in written
    else:
        assert {event["class_uid"] for event in json.loads(written)} == {2004}


def test_every_cli_format_has_a_renderer() -> None:
    assert {f.value for f in ReportFormat} <= set(render.FORMATS)
    with pytest.raises(UsageError):
        render.render(sample_run(), "yaml")


def test_source_dir_points_sarif_at_the_tf_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_sources(tmp_path / "infra")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(
        capsys, "plan", PLAN, *BASIC, "-f", "sarif", "--source-dir", "infra"
    )
    (result,) = json.loads(out)["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert code == 1
    assert physical["artifactLocation"]["uri"] == "infra/modules/s3/main.tf"
    assert physical["region"] == {"startLine": 3}


def test_missing_source_dir_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nowhere")
    code, out, err = run(capsys, "plan", PLAN, *BASIC, "--source-dir", missing)
    assert code == 2 and out == ""
    assert err.startswith("govern: error:") and err.count("\n") == 1


def test_in_github_actions_text_comes_with_annotations(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, "plan", PLAN, *BASIC)
    assert code == 1
    assert out.startswith("::error file=")
    assert "FAILED" in out


def test_in_github_actions_machine_formats_on_stdout_stay_clean(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "plan", PLAN, *BASIC, "-f", "json")
    assert "::error" not in out and json.loads(out)["exit_code"] == 1
    report = tmp_path / "report.json"
    _, out, _ = run(capsys, "plan", PLAN, *BASIC, "-f", "json", "-o", str(report))
    assert out.startswith("::error file=")
    assert json.loads(report.read_text())["exit_code"] == 1
