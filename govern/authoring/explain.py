"""``govern explain``: what govern sees of one resource, and why each policy decided.

For a policy author whose result surprised them: the normalised attributes (with
unknown and sensitive paths marked), the resource's links, and every applicable
condition evaluated step by step.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from govern.engine.checks import Scope, Step
from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.engine.messages import MASK, show_value
from govern.engine.truth import Truth
from govern.errors import UsageError
from govern.model.paths import Path, format_path, marked_paths
from govern.model.resource import FORGET, Resource

_MARK = {Truth.TRUE: "yes", Truth.FALSE: "NO ", Truth.UNKNOWN: " ? "}


def find_resource(inventory: Inventory, address: str) -> Resource:
    found = inventory.by_address.get(address)
    if found is not None:
        return found
    close = difflib.get_close_matches(address, list(inventory.by_address), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no resource {address!r} in the plan{hint}")


def explain_resource(
    resource: Resource, inventory: Inventory, policies: list[CompiledPolicy]
) -> str:
    lines = [
        f"{resource.address}",
        f"  type {resource.type}, actions {'/'.join(resource.actions) or 'none'}, "
        f"region {resource.region or 'unknown'}",
        "",
        "attributes (as policies see them):",
        *("  " + line for line in attribute_lines(resource)),
        "",
        f"effective tags (@tags): {show_value(resource.tags)}",
    ]
    if resource.references:
        lines += ["", "references in the configuration:"]
        for attribute, targets in sorted(resource.references.items()):
            lines.append(f"  {attribute} -> {', '.join(targets)}")
    applicable = [p for p in policies if resource.type in p.policy.resource_types]
    lines += ["", _evaluation_header(resource, applicable)]
    for compiled in applicable:
        lines += ["", *policy_lines(compiled, resource, inventory)]
    return "\n".join(lines) + "\n"


def _evaluation_header(resource: Resource, applicable: list[CompiledPolicy]) -> str:
    if resource.mode != "managed":
        return "data sources are not evaluated by policies"
    if resource.is_removed:
        what = (
            "forgets this resource (drops it from state; it keeps running)"
            if FORGET in resource.actions
            else "deletes this resource"
        )
        return f"the plan {what}: policies do not evaluate it"
    if not applicable:
        return "no loaded policy applies to this resource type"
    return f"{len(applicable)} applicable policies:"


def policy_lines(
    compiled: CompiledPolicy, resource: Resource, inventory: Inventory
) -> list[str]:
    finding = evaluate_one(compiled, resource, inventory)
    trace: list[Step] = []
    compiled.check.evaluate(Scope.root(resource, inventory), trace)
    lines = [f"{compiled.id} {compiled.policy.title}: {finding.status.upper()}"]
    if finding.status != "pass":
        lines.append(f"  {finding.message}")
    for step in trace:
        lines.extend(_step_lines(step, 1))
    return lines


def _step_lines(step: Step, depth: int) -> Iterator[str]:
    indent = "  " * depth
    yield f"{indent}[{_MARK[step.truth]}] {step.text.splitlines()[0]}"
    for hit in step.hits:
        if hit.unknown:
            shown = "(unknown until apply)"
        elif hit.value is None:
            shown = "(not set)"
        else:
            shown = MASK if hit.sensitive else show_value(hit.value)
        yield f"{indent}      {format_path(hit.path)} = {shown}"
    for child in step.children:
        yield from _step_lines(child, depth + 1)


def attribute_lines(resource: Resource) -> list[str]:
    """``path = value`` for every leaf, unknown and sensitive paths marked."""
    lines = [
        f"{format_path(path)} = {_shown(value, path, resource)}"
        for path, value in _leaves(resource.values, ())
    ]
    known = {format_path(path) for path, _ in _leaves(resource.values, ())}
    for path in marked_paths(resource.unknown):
        if format_path(path) not in known:
            lines.append(f"{format_path(path)} = (unknown until apply)")
    return sorted(lines)


def _shown(value: Any, path: Path, resource: Resource) -> str:
    from govern.model.paths import is_marked

    if resource.sensitive is not None and is_marked(resource.sensitive, path):
        return f"{MASK} [sensitive]"
    return show_value(value)


def _leaves(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif (
        isinstance(value, list)
        and value
        and any(isinstance(item, (dict, list)) for item in value)
    ):
        for position, child in enumerate(value):
            yield from _leaves(child, (*path, position))
    elif value is not None and path:
        yield path, value
