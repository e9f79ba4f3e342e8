"""What ``govern remediate`` accepts: policies, reports and owner maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govern.errors import InputError, UsageError
from govern.policy.library import PolicySet
from govern.remediate.aws.owners import load_owner_map
from govern.remediate.aws.reports import read_report
from govern.remediate.aws.work import acting_policies


def test_acting_policies_default_to_every_auto_remediable_one(
    policy_set: PolicySet,
) -> None:
    chosen = acting_policies(policy_set, [])
    assert chosen and all(policy.auto_remediate for policy in chosen)
    assert [p.id for p in acting_policies(policy_set, ["GOV-0008", "GOV-0008"])] == [
        "GOV-0008"
    ]


@pytest.mark.parametrize(
    ("case", "requested", "message"),
    [
        ("unknown", "GOV-9999", "--policy GOV-9999: no such policy"),
        ("not auto-remediable", "GOV-0100", "--policy GOV-0100: not auto-remediable"),
    ],
)
def test_a_requested_policy_must_be_auto_remediable(
    case: str, requested: str, message: str, policy_set: PolicySet
) -> None:
    with pytest.raises(UsageError, match=message):
        acting_policies(policy_set, [requested])


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("not JSON", "{", "not JSON"),
        ("not a report", "[]", "not a govern JSON report"),
        (
            "another schema",
            json.dumps({"schema_version": 9, "findings": []}),
            "report schema 9",
        ),
        (
            "a broken finding",
            json.dumps({"schema_version": 1, "command": "scan", "findings": [{}]}),
            "finding 0 is not a govern finding",
        ),
    ],
)
def test_a_report_that_cannot_be_used_is_refused(
    case: str, content: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    path.write_text(content)
    with pytest.raises(UsageError, match=message):
        read_report(path)


def test_an_owner_map_entry_names_one_selector(tmp_path: Path) -> None:
    path = tmp_path / "owners.yaml"
    path.write_text('owners:\n  - {account: "111111111111", arn: "*", owner: x}\n')
    with pytest.raises(InputError, match="exactly one of 'arn' and 'account'"):
        load_owner_map(path)
