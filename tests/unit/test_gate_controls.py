"""Waivers, baselines and changed-only gating, on real plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from govern.cli.app import main
from govern.config import Settings
from govern.errors import PolicyError
from govern.findings.waivers import load_waivers
from govern.pipeline import PolicySource, RunOptions, run_plans
from govern.report.run import Run
from tests.conftest import TESTS, plan_path

BASIC = PolicySource(extra=(TESTS / "fixtures" / "policies" / "basic",), builtin=False)
S3_PLAN = plan_path("checkov__s3_nested_child_modules_count_tf1_2")
KITCHEN = plan_path("checkov__kitchen_sink_55_resources_tf0_12")
LIFECYCLE = plan_path("snyk__s3_create_update_delete_noop_tf1_2")
TODAY = date(2026, 12, 3)


def waivers_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "govern.waivers.yaml"
    path.write_text(body)
    return path


def run(plan: Path, source: PolicySource = BASIC, **options: object) -> Run:
    return run_plans([plan], source, Settings(), RunOptions(today=TODAY, **options))  # type: ignore[arg-type]


def statuses(result: Run, policy_id: str = "TEST-001") -> dict[str, str]:
    return {f.address: f.status for f in result.findings if f.policy_id == policy_id}


WAIVER = """
waivers:
  - id: WVR-{id}
    policies: [TEST-001]
    scope: {{address: "{address}"}}
    reason: Public website bucket, reviewed.
    owner: web-team@example.com
    approved_by: security-lead@example.com
    created: 2026-11-01
    expires: {expires}
"""


def test_a_valid_waiver_waives_and_stops_the_gate(tmp_path: Path) -> None:
    path = waivers_file(
        tmp_path,
        WAIVER.format(id=1, address="module.s3_bucket.*", expires="2027-01-31"),
    )
    result = run(S3_PLAN, waivers=path)
    waived = [f for f in result.findings if f.status == "waived"]
    assert [f.address for f in waived] == ["module.s3_bucket.aws_s3_bucket.this[0]"]
    assert waived[0].waiver == "WVR-1" and waived[0].note
    assert result.exit_code == 0 and not result.notes


def test_an_expired_waiver_fails_again_and_warns(tmp_path: Path) -> None:
    path = waivers_file(
        tmp_path,
        WAIVER.format(id=2, address="module.s3_bucket.*", expires="2026-12-02"),
    )
    result = run(S3_PLAN, waivers=path)
    assert statuses(result)["module.s3_bucket.aws_s3_bucket.this[0]"] == "fail"
    assert result.exit_code == 1
    assert any("WVR-2 expired on 2026-12-02" in note for note in result.notes)


def test_an_unused_waiver_is_reported(tmp_path: Path) -> None:
    path = waivers_file(
        tmp_path,
        WAIVER.format(id=3, address="aws_s3_bucket.nowhere", expires="2027-01-31"),
    )
    result = run(S3_PLAN, waivers=path)
    assert any("WVR-3 is unused" in note for note in result.notes)
    assert result.exit_code == 1


def test_a_policy_that_forbids_waivers_cannot_be_waived(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    original = TESTS / "fixtures" / "policies" / "basic" / "s3-public-access-block.yaml"
    (policies / "strict.yaml").write_text(original.read_text() + "waivable: false\n")
    path = waivers_file(
        tmp_path, WAIVER.format(id=4, address="*", expires="2027-01-31")
    )
    result = run(S3_PLAN, PolicySource(extra=(policies,), builtin=False), waivers=path)
    assert "waived" not in statuses(result).values()
    assert any("WVR-4 cannot waive TEST-001" in note for note in result.notes)
    assert result.exit_code == 1


@pytest.mark.parametrize("missing", ["owner", "reason", "expires"])
def test_waivers_without_owner_reason_or_expiry_are_errors(
    tmp_path: Path, missing: str
) -> None:
    body = WAIVER.format(id=5, address="*", expires="2027-01-31")
    body = "\n".join(line for line in body.splitlines() if f"{missing}:" not in line)
    with pytest.raises(
        PolicyError, match=f"WVR-5: waivers\\[0\\].{missing}: Field required"
    ):
        load_waivers(waivers_file(tmp_path, body))


def test_a_bad_waivers_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = waivers_file(tmp_path, "waivers:\n  - id: X1\n    policies: []\n")
    code = main(["plan", str(S3_PLAN), "--waivers", str(path)])
    assert code == 2 and "X1: waivers[0].policies" in capsys.readouterr().err


def test_baseline_turns_known_findings_into_baselined(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    argv = [
        "--no-builtin",
        "--policies",
        str(TESTS / "fixtures" / "policies" / "basic"),
    ]
    assert main(["baseline", "create", str(S3_PLAN), "-o", str(baseline), *argv]) == 0
    recorded = json.loads(baseline.read_text())["findings"]
    assert [e["address"] for e in recorded] == [
        "module.s3_bucket.aws_s3_bucket.this[0]"
    ]

    result = run(S3_PLAN, baseline=baseline)
    assert statuses(result)["module.s3_bucket.aws_s3_bucket.this[0]"] == "baselined"
    assert result.exit_code == 0


def test_baseline_does_not_hide_new_findings(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    argv = [
        "--no-builtin",
        "--policies",
        str(TESTS / "fixtures" / "policies" / "basic"),
    ]
    main(["baseline", "create", str(S3_PLAN), "-o", str(baseline), *argv])
    # The kitchen-sink plan's failing buckets are different resources.
    result = run(KITCHEN, baseline=baseline)
    assert "baselined" not in statuses(result).values()
    assert result.exit_code == 1


def test_fingerprints_are_stable_across_runs_and_orderings() -> None:
    first = {f.fingerprint for f in run(KITCHEN, PolicySource()).findings}
    second = {f.fingerprint for f in run(KITCHEN, PolicySource()).findings}
    assert first == second
    assert len(first) == len(run(KITCHEN, PolicySource()).findings)


def test_changed_only_skips_unchanged_resources() -> None:
    everything = run(LIFECYCLE, PolicySource(), changed_only=False)
    changed = run(LIFECYCLE, PolicySource(), changed_only=True)
    assert "aws_s3_bucket.noop_bucket" in {f.address for f in everything.findings}
    addresses = {f.address for f in changed.findings}
    assert addresses == {"aws_s3_bucket.create_bucket", "aws_s3_bucket.update_bucket"}
