"""Run compiled policies over an inventory and produce findings. No I/O here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from govern.engine.checks import Scope, Step
from govern.engine.compiler import CompiledPolicy
from govern.engine.facts import tags_marker
from govern.engine.inventory import Inventory
from govern.engine.messages import explain
from govern.engine.truth import FALSE, TRUE, Truth
from govern.findings.finding import Finding, Status, fingerprint
from govern.model.resource import Resource
from govern.remediate.terraform.fixes import TerraformFix, render_fix

DEFAULT_OWNER_TAGS = ("owner", "Owner", "OWNER", "team", "Team")

_STATUS_OF_UNKNOWN: dict[str, Status] = {
    "unknown": "unknown",
    "fail": "fail",
    "pass": "pass",
}


@dataclass(frozen=True, slots=True)
class Options:
    """Knobs of one evaluation.

    Attributes:
        changed_only: Evaluate only resources a plan creates, updates or replaces.
        owner_tags: Tag keys that name a resource's owner, first match wins.
    """

    changed_only: bool = False
    owner_tags: tuple[str, ...] = DEFAULT_OWNER_TAGS


def evaluate(
    policies: Sequence[CompiledPolicy],
    inventory: Inventory,
    options: Options | None = None,
) -> list[Finding]:
    """Evaluate every policy on every resource of its types."""
    return list(iter_findings(policies, inventory, options or Options()))


def iter_findings(
    policies: Sequence[CompiledPolicy], inventory: Inventory, options: Options
) -> Iterator[Finding]:
    for compiled in policies:
        for resource_type in compiled.policy.resource_types:
            for resource in inventory.of_type(resource_type):
                if _in_scope(resource, options):
                    yield evaluate_one(compiled, resource, inventory, options)


def _in_scope(resource: Resource, options: Options) -> bool:
    # Data sources are read, not governed; what a plan deletes no longer matters.
    if resource.mode != "managed" or resource.is_removed:
        return False
    return not options.changed_only or resource.source != "plan" or resource.is_changed


def evaluate_one(
    compiled: CompiledPolicy,
    resource: Resource,
    inventory: Inventory,
    options: Options | None = None,
) -> Finding:
    """Evaluate one policy on one resource."""
    status, message = judge(compiled, resource, inventory)
    return finding_for(compiled, resource, inventory, status, message, options)


def judge(
    compiled: CompiledPolicy, resource: Resource, inventory: Inventory
) -> tuple[Status, str]:
    """The status of one policy on one resource, and the message saying why."""
    scope = Scope.root(resource, inventory)
    truth = compiled.check.evaluate(scope)
    status = _status(truth, compiled)
    if truth is TRUE:
        return status, "compliant"
    trace: list[Step] = []
    compiled.check.evaluate(scope, trace)
    return status, explain(trace, truth, compiled.policy.redact)


def verdicts(
    policies: Sequence[CompiledPolicy], inventory: Inventory, options: Options
) -> Iterator[tuple[int, str, Status, str]]:
    """``(policy index, address, status, message)`` for every evaluation.

    The plain-data form of ``iter_findings``: cheap to send between processes.
    """
    for number, compiled in enumerate(policies):
        for resource_type in compiled.policy.resource_types:
            for resource in inventory.of_type(resource_type):
                if _in_scope(resource, options):
                    status, message = judge(compiled, resource, inventory)
                    yield number, resource.address, status, message


def finding_for(
    compiled: CompiledPolicy,
    resource: Resource,
    inventory: Inventory,
    status: Status,
    message: str,
    options: Options | None = None,
) -> Finding:
    """The finding of a judged evaluation, with its fix when it fails."""
    fix = _fix(compiled, resource, status, inventory)
    return _finding(compiled, resource, status, message, options or Options(), fix)


def _status(truth: Truth, compiled: CompiledPolicy) -> Status:
    if truth is TRUE:
        return "pass"
    if truth is FALSE:
        return "fail"
    return _STATUS_OF_UNKNOWN[compiled.policy.on_unknown]


def _finding(
    compiled: CompiledPolicy,
    resource: Resource,
    status: Status,
    message: str,
    options: Options,
    fix: TerraformFix | None,
) -> Finding:
    policy = compiled.policy
    return Finding(
        policy_id=policy.id,
        title=policy.title,
        pillar=policy.pillar,
        severity=policy.severity,
        status=status,
        address=resource.address,
        type=resource.type,
        message=message,
        origin=resource.origin,
        team=compiled.pillar.team.name,
        team_contact=compiled.pillar.team.contact,
        remediation=policy.remediation,
        frameworks=policy.frameworks,
        fingerprint=fingerprint(policy.id, resource.address, resource.origin),
        region=resource.region,
        account=resource.account,
        owner=_owner(resource, options.owner_tags),
        fix=fix,
    )


def _fix(
    compiled: CompiledPolicy, resource: Resource, status: Status, inventory: Inventory
) -> TerraformFix | None:
    # Only a plan resource has a Terraform block to correct; a live one is
    # named by its ARN.
    fix = compiled.policy.remediation.fix
    if fix is None or status != "fail" or resource.source != "plan":
        return None
    # A companion that already exists fails on its own settings: adding a
    # second one would fight the first, so only the hint applies.
    if fix.add is not None and inventory.related(
        resource, fix.add.type, fix.add.via, "inbound"
    ):
        return None
    return render_fix(fix, resource, compiled.parameters)


def _owner(resource: Resource, keys: tuple[str, ...]) -> str | None:
    # Every report shows the owner, so a tag Terraform marks sensitive is
    # never taken as one.
    sensitive = tags_marker(resource, resource.sensitive)
    if sensitive is True:
        return None
    for key in keys:
        owner = resource.tags.get(key)
        if owner and not (isinstance(sensitive, dict) and sensitive.get(key)):
            return owner
    return None
