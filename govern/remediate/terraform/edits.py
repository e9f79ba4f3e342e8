"""Line edits to a source file, applied in one pass, and shown as unified diffs."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace lines ``start`` to ``end - 1`` (1-based) with ``lines``.

    ``start == end`` inserts before line ``start``; ``lines`` carry no line
    endings, the file's own are added when the edit is applied.
    """

    start: int
    end: int
    lines: tuple[str, ...]


def apply_edits(lines: Sequence[str], edits: Sequence[Edit], newline: str) -> list[str]:
    """``lines`` (with their endings) after ``edits``; insertions at one line
    keep their order.

    Raises:
        ValueError: when two edits replace overlapping lines.
    """
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for first, second in itertools.pairwise(ordered):
        if second.start < first.end:
            raise ValueError(f"edits at lines {first.start} and {second.start} overlap")
    result: list[str] = []
    position = 1
    for edit in ordered:
        result.extend(lines[position - 1 : edit.start - 1])
        if result and not result[-1].endswith(("\n", "\r")):
            # Text appended after a last line that had no line ending.
            result[-1] += newline
        result.extend(line + newline for line in edit.lines)
        position = max(position, edit.end)
    result.extend(lines[position - 1 :])
    return result


def unified_diff(label: str, before: Sequence[str], after: Sequence[str]) -> str:
    """A unified diff of one file, for ``patch -p1`` or ``git apply``."""
    lines: list[str] = []
    diff = difflib.unified_diff(before, after, f"a/{label}", f"b/{label}")
    for line in diff:
        if line.endswith("\n"):
            lines.append(line)
        else:
            # difflib leaves a last line without its ending as it is; patch
            # expects the marker line that diff writes for it.
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)
