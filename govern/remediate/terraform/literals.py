"""Python values written as HCL literals."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def hcl_literal(value: Any) -> str:
    """``value`` as HCL: ``true``, ``7``, ``"text"``, ``["a", 1]``, ``{ k = 1 }``.

    Raises:
        ValueError: for values HCL cannot write, such as infinity or NaN.
        TypeError: for anything that is not JSON-like data.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no HCL literal")
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(k)} = {hcl_literal(v)}" for k, v in value.items())
        return f"{{ {items} }}" if items else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(hcl_literal(item) for item in value) + "]"
    raise TypeError(f"{type(value).__name__} has no HCL literal")


def quote(text: str) -> str:
    """``text`` as a quoted HCL string that reads back as exactly ``text``."""
    escaped = "".join(_ESCAPES.get(char, char) for char in text)
    # "${" and "%{" open templates inside quoted strings; doubling escapes them.
    escaped = escaped.replace("${", "$${").replace("%{", "%%{")
    return f'"{escaped}"'


def _key(key: Any) -> str:
    text = str(key)
    return text if _IDENTIFIER.match(text) else quote(text)
