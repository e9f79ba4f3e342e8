"""DynamoDB tables: point-in-time recovery."""

from __future__ import annotations

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Operation,
    State,
    Target,
)

DESCRIBE_BACKUPS = Operation(
    "dynamodb", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups"
)
UPDATE_BACKUPS = Operation(
    "dynamodb", "UpdateContinuousBackups", "dynamodb:UpdateContinuousBackups"
)


def table_of(target: Target) -> str:
    """The table name of a ``...:table/<name>`` ARN."""
    return target.resource.removeprefix("table/")


class PointInTimeRecovery(Action):
    """Turn on point-in-time recovery for the table."""

    name = "dynamodb-point-in-time-recovery"
    policies = ("GOV-0251",)
    types = ("aws_dynamodb_table",)
    reads = (DESCRIBE_BACKUPS,)
    writes = (UPDATE_BACKUPS,)

    def read(self, target: Target, aws: Access) -> State:
        answer = aws.call(DESCRIBE_BACKUPS, TableName=table_of(target))
        description = answer.get("ContinuousBackupsDescription", {})
        recovery = description.get("PointInTimeRecoveryDescription", {})
        return {"PointInTimeRecoveryStatus": recovery.get("PointInTimeRecoveryStatus")}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        # ENABLING is a change already under way: asking again changes nothing.
        if state["PointInTimeRecoveryStatus"] in ("ENABLED", "ENABLING"):
            return []
        return [
            UPDATE_BACKUPS.call(
                TableName=table_of(target),
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )
        ]
