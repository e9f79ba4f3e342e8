"""Where the built-in policy library and pillar definitions live.

In a source checkout they are the repository's ``policies/`` and ``pillars/``;
an installed wheel carries them under ``<prefix>/share/govern/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(sys.prefix) / "share" / "govern"


def _first_existing(name: str) -> Path:
    for root in (_CHECKOUT, _INSTALLED):
        candidate = root / name
        if candidate.is_dir():
            return candidate
    return _CHECKOUT / name


def builtin_policies() -> Path:
    return _first_existing("policies")


def builtin_pillars() -> Path:
    return _first_existing("pillars")
