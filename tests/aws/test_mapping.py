"""Every collected type maps onto Terraform's shape: the same policies hold.

One estate is seeded and scanned once for the module: for each type a "good"
resource that passes every test policy on its type and a "bad" one that fails
them. Each policy must see at least one of each, and judge each as named.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from govern.config import Settings
from govern.inputs.aws.collectors import COLLECTORS
from govern.inputs.aws.scanner import ScanOptions
from govern.live import run_scan
from govern.pipeline import RunOptions
from govern.policy.library import load_policy_set
from govern.report.json_report import finding_to_dict
from govern.report.run import Run
from tests.aws import estate
from tests.aws.conftest import (
    LIVE_POLICIES,
    Aws,
    post,
    use_dummy_credentials,
    with_managed_policies,
)

# Policies whose verdicts need more than one estate: tested on their own.
ELSEWHERE = {"TEST-505": "access key age needs a clock", "TEST-506": "one per account"}


@dataclass
class Scanned:
    run: Run
    resources: list[dict[str, Any]]
    verdicts: dict[str, str]


@pytest.fixture(scope="module")
def scanned(
    moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scanned]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_dummy_credentials(monkeypatch)
        with_managed_policies(monkeypatch)
        post(f"{moto_endpoint}/moto-api/reset")
        verdicts = estate.seed(Aws(moto_endpoint))
        snapshot = tmp_path_factory.mktemp("estate") / "estate.jsonl.gz"
        run = run_scan(
            load_policy_set([LIVE_POLICIES]),
            Settings(),
            RunOptions(),
            ScanOptions(regions=(estate.EAST, estate.WEST), endpoint_url=moto_endpoint),
            snapshot,
        )
        yield Scanned(run, _resources(snapshot), verdicts)


def _resources(snapshot: Path) -> list[dict[str, Any]]:
    with gzip.open(snapshot, "rt") as stream:
        records = [json.loads(line) for line in stream]
    return [r for r in records if r["kind"] == "resource"]


def _verdict(address: str, name: str, verdicts: dict[str, str]) -> str | None:
    if address in verdicts:
        return verdicts[address]
    for text in (name, address):
        found = re.search(r"(?:^|[/:#])(good|bad)-", text)
        if found:
            return found.group(1)
    return None


def test_the_scan_is_complete(scanned: Scanned) -> None:
    assert scanned.run.coverage_gaps == []
    assert scanned.run.exit_code == 1


def test_every_collected_type_is_produced(scanned: Scanned) -> None:
    produced = {r["type"] for r in scanned.resources}
    declared = {kind for c in COLLECTORS for kind in c.types}
    assert declared - produced == set()


def test_resources_are_live_and_addressed_by_arn(scanned: Scanned) -> None:
    for resource in scanned.resources:
        assert resource["address"].startswith("arn:aws:"), resource["address"]
        assert resource["account"] == estate.ACCOUNT
        assert resource["origin"] == estate.ACCOUNT
    addresses = [r["address"] for r in scanned.resources]
    assert len(addresses) == len(set(addresses))


POLICY_IDS = sorted(
    p.stem.upper()
    for p in LIVE_POLICIES.glob("*.yaml")
    if p.stem.upper() not in ELSEWHERE
)


@pytest.mark.parametrize("policy_id", [*POLICY_IDS, "GOV-0001"])
def test_policy_judges_good_and_bad_resources_as_named(
    scanned: Scanned, policy_id: str
) -> None:
    names = {r["address"]: r["name"] for r in scanned.resources}
    judged: dict[str, list[str]] = {"good": [], "bad": []}
    wrong = []
    for finding in scanned.run.findings:
        if finding.policy_id != policy_id:
            continue
        verdict = _verdict(finding.address, names[finding.address], scanned.verdicts)
        if verdict is None:
            continue
        judged[verdict].append(finding.address)
        expected = "pass" if verdict == "good" else "fail"
        if finding.status != expected:
            wrong.append(f"{finding.address}: {finding.status}: {finding.message}")
    assert not wrong, f"{policy_id}: " + "; ".join(wrong)
    assert judged["good"] and judged["bad"], f"{policy_id} saw {judged}"


def test_secrets_in_lambda_environments_never_reach_reports(scanned: Scanned) -> None:
    text = json.dumps([finding_to_dict(f) for f in scanned.run.findings])
    assert "not-a-real-secret" not in text
