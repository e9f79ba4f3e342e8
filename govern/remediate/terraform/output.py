"""What ``govern fix`` prints and writes: diffs, notes, and the files themselves."""

from __future__ import annotations

from govern.errors import EnvironmentFault
from govern.remediate.terraform.declarations import shown
from govern.remediate.terraform.edits import unified_diff
from govern.remediate.terraform.planner import FixPlan
from govern.report.output import write_atomic


def diff(plan: FixPlan) -> str:
    """One unified diff covering every file the plan changes."""
    return "".join(
        unified_diff(shown(path), change.source.lines, change.after())
        for path, change in sorted(plan.changes.items())
    )


def write(plan: FixPlan) -> list[str]:
    """Apply the changes, one atomic replacement per file; a line for each file.

    Every file's new text is computed before the first one is written, and
    each file is replaced whole or not at all.

    Raises:
        EnvironmentFault: when a file cannot be written.
    """
    texts = {
        path: "".join(change.after()) for path, change in sorted(plan.changes.items())
    }
    for path, text in texts.items():
        try:
            write_atomic(path, text, mode=path.stat().st_mode & 0o7777)
        except OSError as error:
            reason = error.strerror or str(error)
            raise EnvironmentFault(f"{shown(path)}: not written ({reason})") from None
    return [
        f"fixed {shown(path)}: {_count(change.settings, 'setting')}"
        for path, change in sorted(plan.changes.items())
    ]


def notes(plan: FixPlan) -> list[str]:
    """The summary, every fix not placed with its reason, the blocks to add."""
    lines = [_summary(plan)]
    for item in sorted(plan.listed, key=lambda item: (item.address, item.policy_id)):
        lines.append(
            f"not placed: {item.address} {item.policy_id} {item.what}: {item.reason}"
        )
    for new in sorted(plan.to_add, key=lambda item: (item.address, item.policy_id)):
        labels = " ".join(f'"{label}"' for label in new.next_to.block.labels)
        lines.append(
            f"to add: {new.address} {new.policy_id} needs a new {new.block.type}; "
            f"add it after resource {labels} ({new.next_to.where}):"
        )
        lines.extend("    " + line if line else "" for line in new.block.lines())
    return lines


def _summary(plan: FixPlan) -> str:
    parts = []
    if plan.placed:
        files = _count(len(plan.changes), "file")
        parts.append(f"{_count(plan.placed, 'setting')} placed in {files}")
    if plan.to_add:
        parts.append(f"{_count(len(plan.to_add), 'resource')} to add by hand")
    if plan.listed:
        parts.append(f"{len(plan.listed)} not placed")
    if plan.present:
        parts.append(
            f"{_count(plan.present, 'setting')} already in the source "
            "(the plan is older)"
        )
    if plan.without_fix:
        findings = _count(plan.without_fix, "failing finding")
        parts.append(f"{findings} without a machine-readable fix")
    if not plan.placed:
        nothing = not plan.to_add and not plan.listed
        parts.insert(0, "nothing to fix" if nothing else "no changes to write")
    return "govern fix: " + "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
