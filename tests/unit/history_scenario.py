"""Five runs in which findings appear, get fixed, are waived and reopen.

The expected numbers in the tests were worked out by hand from this story
(days after 2026-01-01, all plan runs of one origin):

    run  day  what happens
    1    0    a, b, d fail; c waived by W1 (expires day 20)
    2    2    b missing: fixed after 2 days; e fails (new)
    3    5    a missing: fixed after 5 days (a remediation succeeded on day 4);
              d passes: fixed after 5 days
    4    9    --changed-only: e missing but not fixed; a fails again (reopened)
    5    21   W1 has expired: c fails; a missing: fixed after 12 days;
              e passes: fixed after 19 days (its remediation on day 10 failed)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from govern.history.records import (
    FindingRecord,
    PillarInfo,
    RemediationEvent,
    RunRecord,
    ScopeEntry,
    WaiverRecord,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
AS_OF = START + timedelta(days=22)
ORIGIN = "plans/app.json"
POLICIES = {"SEC-1": "security", "SEC-2": "security", "COST-1": "cost"}
PILLARS = {
    "security": PillarInfo("security", "Security", "Security Engineering", 2),
    "cost": PillarInfo("cost", "Cost", "FinOps", 3),
}
SEVERITY = {"SEC-1": "high", "SEC-2": "medium", "COST-1": "low"}
TEAM = {"security": "Security Engineering", "cost": "FinOps"}

# fingerprint: (policy, address, owner tag)
RESOURCES = {
    "a": ("SEC-1", "aws_s3_bucket.web", "team-web"),
    "b": ("SEC-2", "aws_security_group.b", None),
    "c": ("SEC-1", "aws_s3_bucket.legacy", None),
    "d": ("COST-1", "aws_instance.d", None),
    "e": ("SEC-2", "aws_security_group.e", None),
}

W1 = WaiverRecord(
    "W1", "legacy@example.com", ("SEC-1",), date(2026, 1, 21), date(2025, 12, 22)
)
W3 = WaiverRecord(
    "W3", "net@example.com", ("SEC-2",), date(2026, 1, 30), date(2026, 1, 16)
)
W4 = WaiverRecord("W4", "finops@example.com", ("COST-1",), date(2026, 3, 1))


def finding(key: str, status: str, waiver: str | None = None) -> FindingRecord:
    policy, address, owner = RESOURCES[key]
    pillar = POLICIES[policy]
    return FindingRecord(
        fingerprint=key,
        policy_id=policy,
        pillar=pillar,
        team=TEAM[pillar],
        severity=SEVERITY[policy],
        status=status,
        address=address,
        type=address.split(".")[0],
        origin=ORIGIN,
        message=f"{policy} on {address} is {status}",
        owner=owner,
        waiver_id=waiver,
    )


def run(
    day: int,
    findings: list[FindingRecord],
    waivers: list[WaiverRecord],
    partial: bool = False,
) -> RunRecord:
    started = START + timedelta(days=day)
    return RunRecord(
        kind="plan",
        started=started,
        finished=started + timedelta(seconds=3),
        command=f"govern plan {ORIGIN}",
        exit_code=1,
        inputs=[{"kind": "plan", "origin": ORIGIN, "resources": 5}],
        scope=[ScopeEntry(origin=ORIGIN)],
        policies=dict(POLICIES),
        findings=findings,
        waivers=waivers,
        pillars=dict(PILLARS),
        partial=partial,
    )


def runs() -> list[RunRecord]:
    """The five runs, newly built (stores set their ids)."""
    return [
        run(
            0,
            [
                finding("a", "fail"),
                finding("b", "fail"),
                finding("c", "waived", "W1"),
                finding("d", "fail"),
            ],
            [W1, W4],
        ),
        run(
            2,
            [
                finding("a", "fail"),
                finding("c", "waived", "W1"),
                finding("d", "fail"),
                finding("e", "fail"),
            ],
            [W1, W4],
        ),
        run(
            5,
            [finding("c", "waived", "W1"), finding("d", "pass"), finding("e", "fail")],
            [W1, W4],
        ),
        run(9, [finding("a", "fail"), finding("c", "waived", "W1")], [W1, W4], True),
        run(21, [finding("c", "fail"), finding("e", "pass")], [W3, W4]),
    ]


def remediations() -> list[RemediationEvent]:
    def event(key: str, day: int, result: str) -> RemediationEvent:
        policy, address, _ = RESOURCES[key]
        return RemediationEvent(
            at=START + timedelta(days=day),
            fingerprint=key,
            policy_id=policy,
            address=address,
            action="terraform-apply",
            result=result,  # type: ignore[arg-type]
        )

    return [
        event("b", 1, "skipped"),
        event("a", 4, "succeeded"),
        event("e", 10, "failed"),
    ]
