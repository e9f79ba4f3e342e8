"""``govern plan`` end to end: reports, thresholds and every exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govern.cli.app import main
from tests.conftest import TESTS, forgetting_plan, plan_path

POLICIES = TESTS / "fixtures" / "policies"
BASIC = ["--no-builtin", "--policies", str(POLICIES / "basic")]
SG_PLAN = str(plan_path("regula__sg_ingress_anywhere_tf0_13"))
S3_PLAN = str(plan_path("checkov__s3_nested_child_modules_count_tf1_2"))
IAM_PLAN = str(plan_path("regula__iam_users_groups_policies_tf0_13"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_exit_0_when_nothing_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", IAM_PLAN, *BASIC)
    assert code == 0 and "PASSED" in out


def test_exit_1_when_findings_reach_the_pillar_threshold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "plan", S3_PLAN, *BASIC)
    assert code == 1
    assert "module.s3_bucket.aws_s3_bucket.this[0]" in out
    assert "block_public_acls is false" in out


def test_findings_below_the_threshold_do_not_fail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # TEST-002 is medium; the security pillar fails from high upwards.
    code, out, _ = run(capsys, "plan", SG_PLAN, *BASIC)
    assert code == 0 and "warn" in out


def test_fail_on_overrides_the_pillar_threshold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, _ = run(capsys, "plan", SG_PLAN, *BASIC, "--fail-on", "medium")
    assert code == 1
    code, _, _ = run(capsys, "plan", S3_PLAN, *BASIC, "--fail-on", "critical")
    assert code == 0


def test_json_report_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    code, out, _ = run(capsys, "plan", S3_PLAN, *BASIC, "-f", "json", "-o", str(output))
    report = json.loads(output.read_text())
    assert code == 1 and out == ""
    assert report["exit_code"] == 1
    finding = report["findings"][0]
    for key in (
        "policy_id",
        "pillar",
        "severity",
        "status",
        "address",
        "type",
        "message",
        "remediation",
    ):
        assert key in finding, key
    assert report["summary"]["by_pillar"]["security"]["fail"] == 1
    assert report["summary"]["by_severity"]["high"]["pass"] == 3
    assert report["summary"]["by_status"]["fail"] == 1


def test_pillar_filter_keeps_only_that_pillars_policies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "plan", S3_PLAN, *BASIC, "--pillar", "cost")
    assert code == 0 and "0 policies" in out


def test_a_policy_for_live_scans_only_does_not_judge_plans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = POLICIES / "basic" / "s3-public-access-block.yaml"
    (tmp_path / "live-only.yaml").write_text(source.read_text() + "sources: [aws]\n")
    json_report = ["-f", "json"]
    code, out, _ = run(capsys, "plan", S3_PLAN, *BASIC, *json_report)
    judged = {f["policy_id"] for f in json.loads(out)["findings"]}
    code, out, _ = run(
        capsys,
        "plan",
        S3_PLAN,
        "--no-builtin",
        "--policies",
        str(tmp_path),
        *json_report,
    )
    assert judged and code == 0
    assert json.loads(out)["findings"] == []

    (tmp_path / "live-only.yaml").write_text(
        source.read_text() + "sources: [terraform]\n"
    )
    code, _, err = run(
        capsys, "plan", S3_PLAN, "--no-builtin", "--policies", str(tmp_path)
    )
    assert code == 2 and "TEST-001: sources[0]: Input should be 'plan' or 'aws'" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing file", None, "no such file"),
        ("not JSON", "terraform plan output, not json", "not JSON"),
        ("JSON that is not a plan", '{"hello": "world"}', "not a Terraform plan"),
    ],
)
def test_bad_plans_exit_2_with_one_line_and_no_report(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    content: str | None,
    message: str,
) -> None:
    plan = tmp_path / "plan.json"
    if content is not None:
        plan.write_text(content)
    output = tmp_path / "report.json"
    code, out, err = run(capsys, "plan", str(plan), *BASIC, "-o", str(output))
    assert code == 2, name
    assert message in err and err.count("\n") == 1, name
    assert not output.exists() and out == "", name


def test_invalid_policy_file_exits_2_naming_file_id_field_and_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "plan", S3_PLAN, "--no-builtin", "--policies", str(POLICIES / "invalid")
    )
    assert code == 2
    where = "broken.yaml:12: TEST-003: condition.all[1]: "
    assert where + "unknown operator 'equalz'; did you mean 'equals'?" in err
    assert err.count("\n") == 1


def test_unknown_option_and_pillar_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "plan", S3_PLAN, "--bogus")[0] == 2
    code, _, err = run(capsys, "plan", S3_PLAN, *BASIC, "--pillar", "nope")
    assert code == 2 and "unknown pillar nope" in err
    code, _, err = run(capsys, "plan", S3_PLAN, "--format", "nope")
    assert code == 2 and err == (
        "govern: error: Invalid value for '--format' / '-f': 'nope' is not one "
        "of 'text', 'json', 'sarif', 'junit', 'markdown', 'ocsf'. "
        "(see 'govern plan --help')\n"
    )


def test_unexpected_errors_exit_3_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("govern.pipeline.read_plan", explode)
    code, _, err = run(capsys, "plan", S3_PLAN, *BASIC)
    assert code == 3
    assert err == "govern: error: internal error: RuntimeError: boom\n"


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xff\xfe garbage")
    result = subprocess.run(
        [sys.executable, "-m", "govern", "plan", str(garbage)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_several_plans_give_one_report_naming_each_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "report.json"
    code, _, _ = run(
        capsys, "plan", S3_PLAN, SG_PLAN, *BASIC, "-f", "json", "-o", str(output)
    )
    report = json.loads(output.read_text())
    origins = {f["origin"] for f in report["findings"]}
    assert code == 1 and len(report["inputs"]) == 2
    assert origins == {i["origin"] for i in report["inputs"]}


def test_a_folder_of_plans_is_read_in_worker_processes(tmp_path: Path) -> None:
    from govern.config import Settings
    from govern.pipeline import PolicySource, RunOptions, run_plans

    source = PolicySource(extra=(POLICIES / "basic",), builtin=False)
    sequential = run_plans(
        [plan_path("regula__sg_ingress_anywhere_tf0_13").parent],
        source,
        Settings(),
        RunOptions(),
    )
    parallel = run_plans(
        [plan_path("regula__sg_ingress_anywhere_tf0_13").parent],
        source,
        Settings(),
        RunOptions(parallel_threshold=0),
    )
    assert len(parallel.inputs) == 20
    assert [(f.origin, f.address, f.status) for f in parallel.findings] == [
        (f.origin, f.address, f.status) for f in sequential.findings
    ]


def test_an_output_that_cannot_be_written_is_refused_before_evaluating(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "plan", S3_PLAN, *BASIC, "-o", str(tmp_path))
    assert code == 2 and out == ""
    assert err == (
        f"govern: error: {tmp_path}: is a directory; --output takes a file "
        "(--output-dir takes a directory)\n"
    )
    missing = tmp_path / "nowhere" / "report.txt"
    code, _, err = run(capsys, "plan", S3_PLAN, *BASIC, "-o", str(missing))
    assert code == 2 and err == (
        f"govern: error: {missing}: directory {missing.parent} does not exist\n"
    )


def test_several_formats_need_an_output_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "plan", S3_PLAN, *BASIC, "-f", "json", "-f", "text")
    assert code == 2 and "--output-dir" in err
    code, _, _ = run(
        capsys,
        "plan",
        S3_PLAN,
        *BASIC,
        "-f",
        "json",
        "-f",
        "text",
        "--output-dir",
        str(tmp_path),
    )
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["govern.json", "govern.txt"]


def test_a_forgotten_resource_gets_no_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Its planned values are all null: judging them would fail every policy.
    def findings_for_bucket(document: dict[str, object]) -> list[str]:
        plan, report = tmp_path / "plan.json", tmp_path / "report.json"
        plan.write_text(json.dumps(document))
        run(capsys, "plan", str(plan), "-f", "json", "-o", str(report))
        found = json.loads(report.read_text())["findings"]
        return [f["policy_id"] for f in found if f["address"].endswith("noop_bucket")]

    assert findings_for_bucket(forgetting_plan(["create", "forget"]))
    assert findings_for_bucket(forgetting_plan(["forget"])) == []


def govern_with_stdin(stdin: bytes, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govern", *argv],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_plan_can_come_on_standard_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    piped, saved = tmp_path / "piped.json", tmp_path / "saved.json"
    plan = Path(S3_PLAN).read_bytes()
    result = govern_with_stdin(plan, "plan", "-", "-f", "json", "-o", str(piped))
    code, _, _ = run(capsys, "plan", S3_PLAN, "-f", "json", "-o", str(saved))
    assert result.returncode == code == 1
    from_stdin = json.loads(piped.read_text())["findings"]
    from_file = json.loads(saved.read_text())["findings"]
    assert {f["origin"] for f in from_stdin} == {"stdin"}

    def verdicts(found: list[dict[str, str]]) -> set[tuple[str, str, str]]:
        return {(f["policy_id"], f["address"], f["status"]) for f in found}

    assert verdicts(from_stdin) == verdicts(from_file)


def test_a_baseline_made_from_standard_input_matches_the_next_piped_plan(
    tmp_path: Path,
) -> None:
    plan, baseline = Path(S3_PLAN).read_bytes(), tmp_path / "baseline.json"
    made = govern_with_stdin(plan, "baseline", "create", "-", "-o", str(baseline))
    assert made.returncode == 0
    gated = govern_with_stdin(plan, "plan", "-", "--baseline", str(baseline))
    assert gated.returncode == 0 and "baselined" in gated.stdout


@pytest.mark.parametrize(
    ("stdin", "argv", "message"),
    [
        (b"", ["plan", "-"], "govern: error: stdin: empty;"),
        (b"{not json", ["plan", "-"], "govern: error: stdin: not JSON"),
        (b"{}", ["plan", "-", "-"], "'-' (standard input) can be given once"),
    ],
)
def test_bad_standard_input_is_one_line(
    stdin: bytes, argv: list[str], message: str
) -> None:
    result = govern_with_stdin(stdin, *argv)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
