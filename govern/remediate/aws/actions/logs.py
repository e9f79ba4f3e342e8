"""CloudWatch log groups: a retention period.

Setting a retention on a group that kept events forever deletes the events
older than the period. That is what the cost policy asks for; the period is
``log_retention_min_days``, the compliance policy's minimum, so fixing one
policy never makes the other fail.
"""

from __future__ import annotations

import bisect
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Gone,
    ManualFix,
    Operation,
    State,
    Target,
)

DESCRIBE_GROUPS = Operation("logs", "DescribeLogGroups", "logs:DescribeLogGroups")
PUT_RETENTION = Operation("logs", "PutRetentionPolicy", "logs:PutRetentionPolicy")
PARAMETER = "log_retention_min_days"
RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
"""The only retention periods CloudWatch Logs accepts."""


def group_of(target: Target) -> str:
    """The group name of a ``...:log-group:<name>`` ARN."""
    return target.resource.removeprefix("log-group:")


def retention_for(settings: ActionSettings) -> int:
    """The shortest period CloudWatch accepts that keeps the required days."""
    days = settings.parameters.get(PARAMETER)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ManualFix(f"parameter {PARAMETER} must be a whole number of days")
    index = bisect.bisect_left(RETENTION_DAYS, days)
    if index == len(RETENTION_DAYS):
        raise ManualFix(f"{PARAMETER} is {days}; CloudWatch keeps at most 3653 days")
    return RETENTION_DAYS[index]


class _Retention(Action):
    """Shared reading and call; subclasses say which retention passes."""

    types = ("aws_cloudwatch_log_group",)
    reads = (DESCRIBE_GROUPS,)
    writes = (PUT_RETENTION,)
    parameters: ClassVar[Mapping[str, Any]] = {PARAMETER: 365}

    def read(self, target: Target, aws: Access) -> State:
        name = group_of(target)
        token: str | None = None
        while True:
            page: dict[str, Any] = {"nextToken": token} if token else {}
            answer = aws.call(DESCRIBE_GROUPS, logGroupNamePrefix=name, **page)
            for group in answer.get("logGroups", []):
                if group.get("logGroupName") == name:
                    return {"retentionInDays": group.get("retentionInDays")}
            token = answer.get("nextToken")
            if not token:
                raise Gone(f"log group {name} no longer exists")

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if self.compliant(state["retentionInDays"], settings):
            return []
        return [
            PUT_RETENTION.call(
                logGroupName=group_of(target),
                retentionInDays=retention_for(settings),
            )
        ]

    @abstractmethod
    def compliant(self, days: int | None, settings: ActionSettings) -> bool:
        """True when a retention of ``days`` (``None``: forever) passes."""


class ExpireLogs(_Retention):
    """Give a log group that keeps events forever a log_retention_min_days period."""

    name = "logs-set-retention"
    policies = ("GOV-0130",)

    def compliant(self, days: int | None, settings: ActionSettings) -> bool:
        return days is not None and days > 0


class KeepLogsLongEnough(_Retention):
    """Raise a log group's retention to at least log_retention_min_days."""

    name = "logs-minimum-retention"
    policies = ("GOV-0213",)

    def compliant(self, days: int | None, settings: ActionSettings) -> bool:
        return days is None or days == 0 or days >= retention_for(settings)
