"""One module per AWS service; ``ACTIONS`` lists every remediation action.

Adding an action means writing it in its service's module, adding it to the
tuple and setting ``auto_remediate: true`` on the policies it fixes.
"""

from __future__ import annotations

from govern.remediate.aws.action import Action
from govern.remediate.aws.actions.cloudtrail import LogFileValidation
from govern.remediate.aws.actions.dynamodb import PointInTimeRecovery
from govern.remediate.aws.actions.ec2 import EbsEncryptionByDefault, RequireImdsV2
from govern.remediate.aws.actions.iam import RoleOwnerTag
from govern.remediate.aws.actions.kms import KeyRotation
from govern.remediate.aws.actions.logs import ExpireLogs, KeepLogsLongEnough
from govern.remediate.aws.actions.rds import ClusterBackups, InstanceBackups
from govern.remediate.aws.actions.s3 import (
    BlockPublicAccess,
    DefaultEncryption,
    Versioning,
)
from govern.remediate.aws.actions.security_groups import RevokeWorldRdp, RevokeWorldSsh

ACTIONS: tuple[Action, ...] = (
    BlockPublicAccess(),
    DefaultEncryption(),
    Versioning(),
    RequireImdsV2(),
    EbsEncryptionByDefault(),
    RevokeWorldSsh(),
    RevokeWorldRdp(),
    KeyRotation(),
    InstanceBackups(),
    ClusterBackups(),
    PointInTimeRecovery(),
    LogFileValidation(),
    ExpireLogs(),
    KeepLogsLongEnough(),
    RoleOwnerTag(),
)

_BY_POLICY_AND_TYPE: dict[tuple[str, str], Action] = {
    (policy, kind): action
    for action in ACTIONS
    for policy in action.policies
    for kind in action.types
}

REMEDIABLE: frozenset[str] = frozenset(p for a in ACTIONS for p in a.policies)
"""Ids of the policies some action fixes."""


def action_for(policy_id: str, resource_type: str) -> Action | None:
    """The action fixing ``policy_id``'s findings on ``resource_type``, if any."""
    return _BY_POLICY_AND_TYPE.get((policy_id, resource_type))
