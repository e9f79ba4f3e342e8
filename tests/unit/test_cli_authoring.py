"""The policy author's commands: list, show, validate, test, explain."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govern.cli.app import main
from tests.conftest import REPO, TESTS, forgetting_plan, plan_path

POLICIES = TESTS / "fixtures" / "policies"
S3_PLAN = str(plan_path("checkov__s3_nested_child_modules_count_tf1_2"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_filters_by_pillar_and_speaks_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "policies", "list", "--pillar", "cost", "-f", "json")
    listed = json.loads(out)
    assert code == 0 and listed and {p["pillar"] for p in listed} == {"cost"}
    assert all(p["remediation"]["hint"] for p in listed)


def test_show_tells_everything_about_a_policy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "policies", "show", "GOV-0001")
    assert code == 0
    for part in ("compliant when:", "fix:", "terraform:", "frameworks:", "examples:"):
        assert part in out, part
    assert run(capsys, "policies", "show", "GOV-9999")[0] == 2


def test_validate_reports_every_error_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "two-errors.yaml"
    broken.write_text(
        (POLICIES / "invalid" / "broken.yaml").read_text().replace("high", "urgent")
    )
    code, _, err = run(capsys, "policies", "validate", str(broken))
    assert code == 2
    assert re.search(r"two-errors.yaml:4: TEST-003: severity: ", err)
    assert re.search(r"two-errors.yaml:12: TEST-003: condition.all\[1\]: ", err)
    assert err.splitlines()[-1] == "2 errors in 1 policy file"


def test_validate_accepts_the_built_in_library(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "policies", "validate")
    assert code == 0 and "policy files are valid" in out


def test_test_runs_examples_and_extra_example_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "ssh.yaml"
    policy.write_text((POLICIES / "basic" / "ingress-ssh.yaml").read_text())
    (tmp_path / "ssh.examples.yaml").write_text(
        "fail:\n"
        "  - name: wrongly expected to fail\n"
        "    values: {ingress: [{cidr_blocks: ['10.0.0.0/8'],"
        " from_port: 22, to_port: 22}]}\n"
    )
    code, out, _ = run(capsys, "test", str(tmp_path))
    assert code == 1
    assert "[wrongly expected to fail] expected fail, got pass" in out


def test_test_requires_a_passing_and_a_failing_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (POLICIES / "basic" / "ingress-ssh.yaml").read_text()
    (tmp_path / "ssh.yaml").write_text(text.split("examples:")[0] + "examples: {}\n")
    code, out, _ = run(capsys, "test", str(tmp_path))
    assert code == 1 and "needs a passing example" in out


def test_explain_shows_values_and_steps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "explain",
        S3_PLAN,
        "--address",
        "module.s3_bucket.aws_s3_bucket.this[0]",
        "--policy",
        "GOV-0001",
    )
    assert code == 0
    assert 'bucket = "my-s3-bucket"' in out
    assert "GOV-0001 S3 bucket blocks all public access: FAIL" in out
    assert "[NO ] block_public_acls equals true" in out


def test_explain_marks_unknown_and_sensitive_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    drift = str(plan_path("tfcompliance__lambda_events_delete_update_drift_tf1_0"))
    _, out, _ = run(
        capsys, "explain", drift, "--address", "aws_ssm_parameter.lambda_sg_id"
    )
    assert "value = (unknown until apply)" in out
    nested = str(plan_path("tfcompliance__apigw_acm_waf_nested_modules_tf0_15"))
    address = "module.apigw_test_1.aws_api_gateway_stage.main"
    _, out, _ = run(capsys, "explain", nested, "--address", address)
    masked = "access_log_settings[0].destination_arn = (sensitive value) [sensitive]"
    assert masked in out and "deliverystream/amazon-apigateway-logs" not in out


def test_explain_says_why_removed_resources_are_not_judged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lifecycle = str(plan_path("snyk__s3_create_update_delete_noop_tf1_2"))
    _, out, _ = run(
        capsys, "explain", lifecycle, "--address", "aws_s3_bucket.delete_bucket"
    )
    assert "the plan deletes this resource: policies do not evaluate it" in out
    forgotten = tmp_path / "forget.json"
    forgotten.write_text(json.dumps(forgetting_plan(["forget"])))
    _, out, _ = run(
        capsys, "explain", str(forgotten), "--address", "aws_s3_bucket.noop_bucket"
    )
    assert (
        "the plan forgets this resource (drops it from state; it keeps running)" in out
    )
    assert 'bucket = "noop20220817102021848200000001"' in out


def test_explain_suggests_close_addresses(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "explain", S3_PLAN, "--address", "aws_s3_bucket.root")
    assert code == 2 and "did you mean aws_s3_bucket.root_bucket" in err


def test_the_worked_example_in_the_policy_guide_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    guide = (REPO / "policies" / "README.md").read_text()
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "operations"
    folder.mkdir()
    (folder / "dynamodb-deletion-protection.yaml").write_text(example)
    assert run(capsys, "policies", "validate", str(folder))[0] == 0
    code, out, _ = run(capsys, "test", str(folder))
    assert code == 0 and "ACME-0001" in out and "3 examples" in out
