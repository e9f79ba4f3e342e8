"""Three-valued logic: a condition holds, does not hold, or cannot be known yet.

``UNKNOWN`` appears when a condition needs a value Terraform will only learn at
apply time, or one an AWS API refused to show. The connectives follow Kleene's
logic, so an unknown value decides a result only when it could change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Truth(Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __invert__(self) -> Truth:
        if self is Truth.TRUE:
            return Truth.FALSE
        if self is Truth.FALSE:
            return Truth.TRUE
        return self


TRUE = Truth.TRUE
FALSE = Truth.FALSE
UNKNOWN = Truth.UNKNOWN


def of(flag: bool) -> Truth:
    return TRUE if flag else FALSE


def all_of(results: Iterable[Truth]) -> Truth:
    """Kleene AND: false beats unknown, unknown beats true."""
    seen_unknown = False
    for result in results:
        if result is FALSE:
            return FALSE
        if result is UNKNOWN:
            seen_unknown = True
    return UNKNOWN if seen_unknown else TRUE


def any_of(results: Iterable[Truth]) -> Truth:
    """Kleene OR: true beats unknown, unknown beats false."""
    seen_unknown = False
    for result in results:
        if result is TRUE:
            return TRUE
        if result is UNKNOWN:
            seen_unknown = True
    return UNKNOWN if seen_unknown else FALSE
