"""Fixes for a whole plan: the edits per file, the resources to add, the rest.

A block declares every instance of a resource, across ``count``,
``for_each`` and module instances. An attribute fix changes the block, so it
is placed only when every instance of the block fails the same policy;
otherwise the instances would need different values and the fix is listed.
Companion resources are never placed: whether one should exist, and for
which instances, is a decision for the person adding it, so they are
returned as blocks to add next to the resource.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govern.findings.finding import Finding
from govern.inputs.terraform.addresses import strip_instance_keys
from govern.model.resource import Resource
from govern.remediate.terraform.declarations import (
    Declaration,
    NotDeclared,
    SourceTree,
)
from govern.remediate.terraform.edits import Edit, apply_edits
from govern.remediate.terraform.fixes import NewResource, Setting
from govern.remediate.terraform.hcl import SourceFile
from govern.remediate.terraform.placement import place_settings

_BlockKey = tuple[Path, int]


@dataclass(frozen=True, slots=True)
class Listed:
    """A fix that is not placed: for which resource and policy, what, and why."""

    address: str
    policy_id: str
    what: str
    reason: str


@dataclass(frozen=True, slots=True)
class ToAdd:
    """A companion resource to add next to the block that ``next_to`` names."""

    address: str
    policy_id: str
    next_to: Declaration
    block: NewResource


@dataclass(slots=True)
class FileChange:
    """The edits to one source file and how many settings they place."""

    source: SourceFile
    edits: list[Edit] = field(default_factory=list)
    settings: int = 0

    def after(self) -> list[str]:
        """The file's lines once the edits are applied."""
        return apply_edits(self.source.lines, self.edits, self.source.newline)


@dataclass(slots=True)
class FixPlan:
    """Everything ``govern fix`` does or reports for one plan.

    Attributes:
        changes: Edits by file, for the settings that can be placed.
        to_add: Companion resources, to be added by hand.
        listed: Fixes that are not placed, each with its reason.
        present: Settings the source already has (the plan predates them).
        without_fix: Failing findings whose policy states no fix.
    """

    changes: dict[Path, FileChange] = field(default_factory=dict)
    to_add: list[ToAdd] = field(default_factory=list)
    listed: list[Listed] = field(default_factory=list)
    present: int = 0
    without_fix: int = 0

    @property
    def placed(self) -> int:
        """How many settings the changes place, over all files."""
        return sum(change.settings for change in self.changes.values())


def plan_fixes(
    findings: Sequence[Finding], resources: Sequence[Resource], tree: SourceTree
) -> FixPlan:
    """Place the fixes of every failing finding in the sources under ``tree``.

    Raises:
        InputError: when a ``.tf`` file that has to be read is not valid HCL2.
    """
    return _Planner(resources, tree).run(findings)


@dataclass(slots=True)
class _Group:
    """The failing findings whose resource one block declares."""

    declaration: Declaration
    findings: list[Finding] = field(default_factory=list)


class _Planner:
    def __init__(self, resources: Sequence[Resource], tree: SourceTree) -> None:
        self.tree = tree
        self.plan = FixPlan()
        self.by_type: dict[str, list[str]] = {}
        for resource in resources:
            if resource.mode == "managed" and not resource.is_removed:
                self.by_type.setdefault(resource.type, []).append(resource.address)
        self._declarations: dict[str, Declaration | NotDeclared] = {}

    def run(self, findings: Sequence[Finding]) -> FixPlan:
        failing = [f for f in findings if f.status == "fail"]
        groups: dict[_BlockKey, _Group] = {}
        for finding in failing:
            if finding.fix is None:
                self.plan.without_fix += 1
                continue
            found = self.declaration(finding.address)
            if isinstance(found, NotDeclared):
                # The reason holds for every instance of the block: one line.
                self.unplaced_finding(finding, found.reason, block_wide=True)
                continue
            key = (found.source.path, found.block.start)
            groups.setdefault(key, _Group(found)).findings.append(finding)
        for group in groups.values():
            self.settings(group)
            self.companions(group)
        return self.plan

    def declaration(self, address: str) -> Declaration | NotDeclared:
        block_address = strip_instance_keys(address)
        found = self._declarations.get(block_address)
        if found is None:
            found = self._declarations[block_address] = self.tree.declaration(address)
        return found

    def instances(self, group: _Group) -> set[str]:
        """Every resource in the plan that the group's block declares."""
        block = group.declaration.block
        key = (group.declaration.source.path, block.start)
        return {
            address
            for address in self.by_type.get(block.labels[0], [])
            if _key(self.declaration(address)) == key
        }

    def settings(self, group: _Group) -> None:
        chosen: dict[tuple[str, ...], Setting] = {}
        owners: dict[tuple[str, ...], list[Finding]] = {}
        conflicts: set[tuple[str, ...]] = set()
        instances = self.instances(group)
        block_wide = len(instances) > 1
        for policy_findings in _by_policy(group.findings).values():
            first = policy_findings[0]
            if first.fix is None or not first.fix.settings:
                continue
            failing = {f.address for f in policy_findings}
            if failing != instances:
                self.unplaced_finding(first, _partial(failing, instances), True)
                continue
            for setting in first.fix.settings:
                owners.setdefault(setting.path, []).append(first)
                if chosen.setdefault(setting.path, setting).literal != setting.literal:
                    conflicts.add(setting.path)
        for path in conflicts:
            del chosen[path]
            policies = ", ".join(f.policy_id for f in owners[path])
            for finding in owners[path]:
                reason = f"policies {policies} want different values"
                self.unplaced(finding, ".".join(path), reason, block_wide)
        if chosen:
            self.place(group, chosen, owners, block_wide)

    def place(
        self,
        group: _Group,
        chosen: dict[tuple[str, ...], Setting],
        owners: dict[tuple[str, ...], list[Finding]],
        block_wide: bool,
    ) -> None:
        source, block = group.declaration.source, group.declaration.block
        placement = place_settings(source, block, list(chosen.values()))
        for refusal in placement.refused:
            for finding in owners[refusal.setting.path]:
                reason = refusal.reason
                self.unplaced(finding, refusal.setting.dotted, reason, block_wide)
        self.plan.present += len(placement.present)
        if placement.edits:
            change = self.plan.changes.setdefault(source.path, FileChange(source))
            change.edits.extend(placement.edits)
            change.settings += (
                len(chosen) - len(placement.refused) - len(placement.present)
            )

    def companions(self, group: _Group) -> None:
        added: set[str] = set()
        for finding in group.findings:
            companion = finding.fix.companion if finding.fix else None
            if companion is None or companion.type in added:
                continue
            added.add(companion.type)
            if strip_instance_keys(finding.address) != finding.address:
                reason = (
                    "one instance of several (count, for_each or module "
                    "instances); the new resource needs the same repetition"
                )
                self.unplaced(finding, companion.type, reason)
                continue
            self.plan.to_add.append(
                ToAdd(finding.address, finding.policy_id, group.declaration, companion)
            )

    def unplaced_finding(
        self, finding: Finding, reason: str, block_wide: bool = False
    ) -> None:
        fix = finding.fix
        if fix is None:
            return
        if fix.companion is not None:
            self.unplaced(finding, fix.companion.type, reason, block_wide)
        for setting in fix.settings:
            self.unplaced(finding, setting.dotted, reason, block_wide)

    def unplaced(
        self, finding: Finding, what: str, reason: str, block_wide: bool = False
    ) -> None:
        address = finding.address
        if block_wide:
            address = strip_instance_keys(address)
        entry = Listed(address, finding.policy_id, what, reason)
        if entry not in self.plan.listed:
            self.plan.listed.append(entry)


def _key(found: Declaration | NotDeclared) -> _BlockKey | None:
    if isinstance(found, NotDeclared):
        return None
    return found.source.path, found.block.start


def _by_policy(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.policy_id, []).append(finding)
    return grouped


def _partial(failing: set[str], instances: set[str]) -> str:
    return (
        f"only {len(failing)} of {len(instances)} instances fail; one value in "
        "the shared block would change them all (count/for_each or module "
        "instances need different values)"
    )
