"""CloudTrail trails: log file validation."""

from __future__ import annotations

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Gone,
    Operation,
    State,
    Target,
)

DESCRIBE_TRAILS = Operation("cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails")
UPDATE_TRAIL = Operation("cloudtrail", "UpdateTrail", "cloudtrail:UpdateTrail")


class LogFileValidation(Action):
    """Turn on log file validation, so the trail writes signed digest files."""

    name = "cloudtrail-log-file-validation"
    policies = ("GOV-0204",)
    types = ("aws_cloudtrail",)
    reads = (DESCRIBE_TRAILS,)
    writes = (UPDATE_TRAIL,)

    def read(self, target: Target, aws: Access) -> State:
        # A scan finds each trail in its home region, where it must be updated.
        answer = aws.call(
            DESCRIBE_TRAILS, trailNameList=[target.arn], includeShadowTrails=False
        )
        # The answer is filtered again: a list naming one trail is a filter
        # that not every implementation of the API applies.
        trails = [
            trail
            for trail in answer.get("trailList", [])
            if trail.get("TrailARN") == target.arn
        ]
        if not trails:
            raise Gone(f"trail {target.arn} no longer exists")
        enabled = bool(trails[0].get("LogFileValidationEnabled"))
        return {"LogFileValidationEnabled": enabled}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["LogFileValidationEnabled"]:
            return []
        return [UPDATE_TRAIL.call(Name=target.arn, EnableLogFileValidation=True)]
