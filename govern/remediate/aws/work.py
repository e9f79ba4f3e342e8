"""Which findings a remediation acts on, and with which action.

Only failing findings of policies marked ``auto_remediate: true`` are acted
on; waived and baselined findings have another status by the time they get
here, so they are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govern.errors import UsageError
from govern.findings.finding import Finding
from govern.policy.library import PolicySet
from govern.policy.models import Policy
from govern.remediate.aws.action import Action, ActionSettings, Target
from govern.remediate.aws.actions import REMEDIABLE, action_for
from govern.remediate.aws.owners import OwnerMap


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One failing finding and the action that fixes it."""

    target: Target
    action: Action
    settings: ActionSettings


def acting_policies(policy_set: PolicySet, requested: Sequence[str]) -> list[Policy]:
    """The policies to act on: ``requested``, or every auto-remediable one.

    Raises ``UsageError`` when a requested policy does not exist, is not
    marked ``auto_remediate: true`` or has no action.
    """
    if not requested:
        return [
            p for p in policy_set.policies if p.auto_remediate and p.id in REMEDIABLE
        ]
    chosen = []
    for policy_id in dict.fromkeys(requested):
        policy = policy_set.by_id(policy_id)
        if policy is None:
            raise UsageError(f"--policy {policy_id}: no such policy")
        if not policy.auto_remediate:
            raise UsageError(
                f"--policy {policy_id}: not auto-remediable "
                "(the policy does not set auto_remediate: true)"
            )
        if policy_id not in REMEDIABLE:
            raise UsageError(f"--policy {policy_id}: govern has no action for it")
        chosen.append(policy)
    return chosen


def work_items(
    findings: Sequence[Finding],
    policies: Sequence[Policy],
    parameters: Mapping[str, Any],
    owners: OwnerMap | None,
) -> tuple[list[WorkItem], list[str]]:
    """Items for the failing live findings of ``policies``, and notes on the rest.

    ``parameters`` are govern.yaml's; they override the action's and the
    policy's defaults of the same name. A resource is left alone when the
    change would also fix a finding that is waived or baselined there: two
    policies can check one setting, and an exception granted under one of
    them holds for the setting.
    """
    by_id = {policy.id: policy for policy in policies}
    protected = _protected(findings)
    items: list[WorkItem] = []
    notes: list[str] = []
    for finding in findings:
        policy = by_id.get(finding.policy_id)
        if policy is None or finding.status != "fail":
            continue
        action = action_for(finding.policy_id, finding.type)
        if action is None:
            notes.append(
                f"{finding.policy_id} on {finding.address}: no action for "
                f"{finding.type}; fix it by hand"
            )
            continue
        if not finding.account:
            notes.append(f"{finding.address} is not a live resource; skipped")
            continue
        target = Target.of(finding)
        excepted = protected.get((action.name, target.account, target.arn))
        if excepted is not None:
            notes.append(
                f"{finding.policy_id} on {finding.address}: left alone, the same "
                f"change would override the {excepted.status} {excepted.policy_id}"
            )
            continue
        settings = ActionSettings(_parameters(action, policy, parameters), owners)
        items.append(WorkItem(target, action, settings))
    items.sort(key=_order)
    return items, notes


def _protected(findings: Iterable[Finding]) -> dict[tuple[str, str, str], Finding]:
    """Waived and baselined findings, by the action and resource that fix them."""
    protected: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        if finding.status not in ("waived", "baselined") or not finding.account:
            continue
        action = action_for(finding.policy_id, finding.type)
        if action is not None:
            arn = Target.of(finding).arn
            protected.setdefault((action.name, finding.account, arn), finding)
    return protected


def _parameters(
    action: Action, policy: Policy, given: Mapping[str, Any]
) -> dict[str, Any]:
    values = dict(action.parameters)
    values.update({name: p.default for name, p in policy.parameters.items()})
    values.update({name: given[name] for name in values if name in given})
    return values


def _order(item: WorkItem) -> tuple[str, str, str, str]:
    target = item.target
    return (target.account, target.region or "", target.address, target.policy_id)
