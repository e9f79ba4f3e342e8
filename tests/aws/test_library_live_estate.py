"""Built-in policies the first estate cannot judge, judged on a second one.

The estate of tests/aws/library_estate.py is scanned once with the built-in
library, in two accounts and two regions. Each policy below must pass every
"good" live resource it judges and fail every "bad" one. Which collected-type
policies are verified live, and why the rest are not, is in docs/scanning.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from govern.config import Settings
from govern.findings.finding import Finding
from govern.inputs.aws.scanner import ScanOptions, Target
from govern.live import run_scan
from govern.pipeline import RunOptions
from govern.policy.library import load_policy_set
from tests.aws import library_estate as estate
from tests.aws.conftest import Aws, post, use_dummy_credentials, with_managed_policies

LIVE_ESTATE = [
    "GOV-0006",
    "GOV-0010",
    "GOV-0012",
    "GOV-0014",
    "GOV-0041",
    "GOV-0045",
    "GOV-0055",
    "GOV-0056",
    "GOV-0057",
    "GOV-0059",
    "GOV-0063",
    "GOV-0064",
    "GOV-0100",
    "GOV-0101",
    "GOV-0102",
    "GOV-0103",
    "GOV-0104",
    "GOV-0105",
    "GOV-0106",
    "GOV-0109",
    "GOV-0111",
    "GOV-0113",
    "GOV-0115",
    "GOV-0116",
    "GOV-0117",
    "GOV-0118",
    "GOV-0120",
    "GOV-0121",
    "GOV-0123",
    "GOV-0125",
    "GOV-0126",
    "GOV-0127",
    "GOV-0132",
    "GOV-0133",
    "GOV-0134",
    "GOV-0135",
    "GOV-0200",
    "GOV-0206",
    "GOV-0207",
    "GOV-0213",
    "GOV-0254",
    "GOV-0260",
    "GOV-0263",
    "GOV-0271",
]

_NAMED = re.compile(r"(?:^|[/:#])(?:([a-z]+)_)?(good|bad)-")


@pytest.fixture(scope="module")
def live(moto_endpoint: str) -> Iterator[tuple[list[Finding], dict[str, str]]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_dummy_credentials(monkeypatch)
        with_managed_policies(monkeypatch)
        post(f"{moto_endpoint}/moto-api/reset")
        verdicts = estate.seed(Aws(moto_endpoint))
        other = estate.OTHER_ACCOUNT
        targets = (
            Target(estate.ACCOUNT),
            Target(other, f"arn:aws:iam::{other}:role/audit", (estate.EAST,)),
        )
        run = run_scan(
            load_policy_set(),
            Settings(),
            RunOptions(use_waivers=False),
            ScanOptions(
                targets=targets,
                regions=(estate.EAST, estate.OUTSIDE),
                endpoint_url=moto_endpoint,
            ),
        )
        yield run.findings, verdicts


def verdict_of(policy_id: str, address: str, verdicts: dict[str, str]) -> str | None:
    """ "good", "bad", or None when the policy is not to judge this resource."""
    scope = estate.SCOPES.get(policy_id)
    seeded = verdicts.get(address, "")
    candidates = [tuple(seeded.split(":")) if ":" in seeded else (None, seeded)]
    candidates.extend(_NAMED.findall(address))
    for found_scope, verdict in candidates:
        if verdict and (found_scope or None) == scope:
            return verdict
    return None


@pytest.mark.parametrize("policy_id", LIVE_ESTATE)
def test_library_policy_judges_the_second_estate_as_named(
    live: tuple[list[Finding], dict[str, str]], policy_id: str
) -> None:
    findings, verdicts = live
    seen: dict[str, list[str]] = {"good": [], "bad": []}
    wrong = []
    for finding in findings:
        if finding.policy_id != policy_id:
            continue
        verdict = verdict_of(policy_id, finding.address, verdicts)
        if verdict is None:
            continue
        seen[verdict].append(finding.status)
        if finding.status != ("pass" if verdict == "good" else "fail"):
            wrong.append(f"{finding.address}: {finding.status}: {finding.message}")
    assert not wrong, f"{policy_id}: {wrong}"
    assert seen["good"] and seen["bad"], f"{policy_id} saw {seen}"


def test_plan_only_policies_judge_no_live_resource(
    live: tuple[list[Finding], dict[str, str]],
) -> None:
    findings, _ = live
    plan_only = {p.id for p in load_policy_set().policies if p.sources == ["plan"]}
    # Their arguments (pgp_key, skip_final_snapshot...) have no AWS value: live,
    # every access key and every database would fail, or every key pass.
    assert {"GOV-0107", "GOV-0218", "GOV-0273"} <= plan_only
    judged = {f.policy_id for f in findings}
    assert not judged & plan_only
    assert {"GOV-0100", "GOV-0111"} <= judged  # the estate has their types
