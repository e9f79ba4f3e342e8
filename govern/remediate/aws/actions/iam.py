"""IAM roles: an owner tag, from the organisation's owner map."""

from __future__ import annotations

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    ManualFix,
    Operation,
    State,
    Target,
)

LIST_TAGS = Operation("iam", "ListRoleTags", "iam:ListRoleTags")
TAG_ROLE = Operation("iam", "TagRole", "iam:TagRole")
OWNER_KEY = "owner"
"""The tag key the ownership policies require, exactly."""


def role_of(target: Target) -> str:
    """The role name: the last part of ``role/<path>/<name>``."""
    return target.resource.rsplit("/", 1)[-1]


class RoleOwnerTag(Action):
    """Tag the role with its owner, as --owner-map names it."""

    name = "iam-role-owner-tag"
    policies = ("GOV-0112",)
    types = ("aws_iam_role",)
    reads = (LIST_TAGS,)
    writes = (TAG_ROLE,)

    def read(self, target: Target, aws: Access) -> State:
        # A role has at most 50 tags: one page holds them all.
        answer = aws.call(LIST_TAGS, RoleName=role_of(target), MaxItems=100)
        tags = {tag["Key"]: tag["Value"] for tag in answer.get("Tags", [])}
        return {"Tags": tags}

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        if state["Tags"].get(OWNER_KEY) not in (None, ""):
            return []
        if settings.owners is None:
            raise ManualFix("no owner known: pass --owner-map")
        owner = settings.owners.owner_of(target.arn, target.account)
        if owner is None:
            raise ManualFix(f"--owner-map names no owner for {target.arn}")
        return [
            TAG_ROLE.call(
                RoleName=role_of(target), Tags=[{"Key": OWNER_KEY, "Value": owner}]
            )
        ]
