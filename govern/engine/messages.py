"""Finding messages: which attribute made a condition fail, and what it held.

A trace is walked from the top, following the children that decided the result.
Negations flip what is being looked for: under ``not``, the culprit is a test
that held when it should not have.
"""

from __future__ import annotations

import json
from typing import Any

from govern.engine.checks import Step
from govern.engine.truth import FALSE, TRUE, UNKNOWN, Truth
from govern.model.paths import format_path

MASK = "(sensitive value)"
_MAX_REASONS = 3
_MAX_VALUE_CHARS = 80


REDACTED = "(value redacted)"


def explain(trace: list[Step], outcome: Truth, redact: bool = False) -> str:
    """One line saying why the trace's top step came out as ``outcome``.

    With ``redact``, no attribute value is shown at all, only paths.
    """
    reasons: list[str] = []
    for step in trace:
        _collect(step, outcome, reasons, redact)
    unique = list(dict.fromkeys(reasons))
    if not unique:
        return "condition does not hold" if outcome is FALSE else "value unknown"
    more = len(unique) - _MAX_REASONS
    text = "; ".join(unique[:_MAX_REASONS])
    return f"{text}; and {more} more" if more > 0 else text


def _collect(step: Step, wanted: Truth, into: list[str], redact: bool) -> None:
    looking_for = ~wanted if step.negates else wanted
    deciding = [
        child
        for child in step.children
        if child.truth is looking_for and child.explains
    ]
    if deciding:
        for child in deciding:
            _collect(child, looking_for, into, redact)
        return
    if not step.hits:
        plain = step.test is None and not step.children
        into.append(step.text if plain else _describe_outcome(step.text, wanted))
        return
    into.extend(_leaf_reason(step, wanted, redact))


def _leaf_reason(step: Step, wanted: Truth, redact: bool) -> list[str]:
    reasons = []
    for hit in step.hits:
        where = format_path(hit.path)
        if hit.unknown:
            reasons.append(f"{where} is unknown until apply ({_need(step.text)})")
        elif hit.value is None:
            reasons.append(f"{where} is not set ({_need_or_not(step, wanted)})")
        else:
            shown = MASK if hit.sensitive else show_value(hit.value)
            shown = REDACTED if redact and not hit.sensitive else shown
            reasons.append(f"{where} is {shown} ({_need_or_not(step, wanted)})")
    return reasons


def _need_or_not(step: Step, wanted: Truth) -> str:
    test = step.test or step.text
    return f"expected: {test}" if wanted is not TRUE else f"must not: {test}"


def _need(text: str) -> str:
    return f"needed for: {text}"


def _describe_outcome(text: str, wanted: Truth) -> str:
    if wanted is UNKNOWN:
        return f"cannot tell until apply: {text}"
    if wanted is TRUE:
        return f"unexpectedly true: {text}"
    return f"not satisfied: {text}"


def show_value(value: Any) -> str:
    """Render a value for a message, shortened so one line stays one line."""
    text = json.dumps(value, sort_keys=True, default=str)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text
