"""The remediator's bookkeeping, with an in-memory service instead of AWS.

The live tests cover real actions on the moto server; these cover what the
server cannot be made to do on demand, such as a write that fails after the
read succeeded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Operation,
    State,
    Target,
)
from govern.remediate.aws.audit import AuditLog
from govern.remediate.aws.remediator import Outcome, Remediator, exit_code
from govern.remediate.aws.work import WorkItem

GET = Operation("thing", "GetSwitch", "thing:GetSwitch")
PUT = Operation("thing", "PutSwitch", "thing:PutSwitch")


class Things:
    """A service of named switches; writing ``broken`` fails."""

    def __init__(self, **switches: bool) -> None:
        self.switches = switches
        self.writes: list[str] = []

    def get_switch(self, Name: str) -> dict[str, Any]:
        return {"On": self.switches[Name]}

    def put_switch(self, Name: str, On: bool) -> dict[str, Any]:
        if Name == "broken":
            response: Any = {"Error": {"Code": "InternalError", "Message": "boom"}}
            raise ClientError(response, "PutSwitch")
        self.writes.append(Name)
        self.switches[Name] = On
        return {}


class TurnOn(Action):
    """Turn the switch on."""

    name = "thing-on"
    policies = ("T-001",)
    types = ("thing_switch",)
    reads = (GET,)
    writes = (PUT,)

    def read(self, target: Target, aws: Access) -> State:
        return {"On": aws.call(GET, Name=target.resource)["On"]}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        return [] if state["On"] else [PUT.call(Name=target.resource, On=True)]


class Accounts:
    def __init__(self, things: Things) -> None:
        self.things = things

    def access(self, target: Target, action: Action) -> Access:
        return Access(lambda service: self.things, action.operations())


def item(name: str, policy: str = "T-001") -> WorkItem:
    address = f"arn:aws:thing:eu-west-1:111111111111:{name}"
    target = Target(policy, address, "thing_switch", "111111111111", "eu-west-1", name)
    return WorkItem(target, TurnOn(), ActionSettings())


def results(outcomes: list[Outcome]) -> list[tuple[str, str]]:
    return [(o.item.target.resource, o.result) for o in outcomes]


def test_a_failed_write_is_logged_and_the_next_resource_still_changes(
    tmp_path: Path,
) -> None:
    things = Things(broken=False, fine=False, done=True)
    with AuditLog(tmp_path / "audit.jsonl", "run-1") as audit:
        outcomes = Remediator(
            Accounts(things), apply=True, max_changes=10, audit=audit
        ).run([item("broken"), item("fine"), item("done")])

    assert results(outcomes) == [
        ("broken", "failed"),
        ("fine", "applied"),
        ("done", "skipped"),
    ]
    assert outcomes[0].reason == "InternalError: boom"
    assert exit_code(outcomes, applied=True) == 1
    records = [
        json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()
    ]
    assert [(r["resource"].rsplit(":", 1)[1], r["event"]) for r in records] == [
        ("broken", "intent"),
        ("broken", "result"),
        ("fine", "intent"),
        ("fine", "result"),
        ("done", "result"),
    ]
    failed = records[1]
    assert (failed["result"], failed["reason"], failed["after"]) == (
        "failed",
        "InternalError: boom",
        {"On": False},
    )
    assert records[3]["verified"] is True
    assert records[4]["before"] == {"On": True}


def test_a_dry_run_writes_nothing_and_says_what_it_would_hold_back() -> None:
    things = Things(a=False, b=False, c=False)
    outcomes = Remediator(Accounts(things), apply=False, max_changes=2).run(
        [item("a"), item("a", "T-002"), item("b"), item("c")]
    )

    assert results(outcomes) == [
        ("a", "pending"),
        ("a", "skipped"),
        ("b", "pending"),
        ("c", "held"),
    ]
    assert outcomes[1].reason == "the change for T-001 above fixes it too"
    assert things.writes == []
    assert exit_code(outcomes, applied=False) == 0


def test_changes_past_the_limit_are_held_and_fail_the_run() -> None:
    things = Things(a=False, b=False)
    outcomes = Remediator(Accounts(things), apply=True, max_changes=1).run(
        [item("a"), item("b")]
    )

    assert results(outcomes) == [("a", "applied"), ("b", "held")]
    assert things.writes == ["a"]
    assert exit_code(outcomes, applied=True) == 1
