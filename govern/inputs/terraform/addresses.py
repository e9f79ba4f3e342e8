"""Terraform address helpers: instance keys, config addresses, provider names."""

from __future__ import annotations

import re

_RESERVED_ROOTS = frozenset(
    {"var", "local", "module", "data", "each", "count", "path", "self", "terraform"}
)


_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]')


def strip_instance_keys(address: str) -> str:
    """Drop every ``[0]`` or ``["key"]`` from an address.

    ``module.a["x.y"].module.b[0].aws_s3_bucket.c[1]`` becomes
    ``module.a.module.b.aws_s3_bucket.c``: the address of the block in the
    configuration, which knows nothing of instances. Quoted keys may contain
    brackets, dots and escaped quotes.
    """
    if "[" not in address:
        return address
    return _INSTANCE_KEY.sub("", address)


def short_provider(provider_name: str) -> str:
    """``registry.terraform.io/hashicorp/aws`` and ``aws`` both become ``aws``."""
    return provider_name.rsplit("/", 1)[-1]


def split_reference(reference: str) -> tuple[str, str | None] | None:
    """Split a configuration reference into a resource block and an instance key.

    Returns ``("aws_s3_bucket.b", "[0]")`` for ``aws_s3_bucket.b[0].id``,
    ``("aws_s3_bucket.b", None)`` for ``aws_s3_bucket.b`` and ``None`` for
    anything that is not a managed resource (variables, locals, module outputs,
    data sources, ``each``/``count``).
    """
    head, _, rest = reference.partition(".")
    if head in _RESERVED_ROOTS or "_" not in head or not rest:
        return None
    name_end = len(rest)
    for position, char in enumerate(rest):
        if char in ".[":
            name_end = position
            break
    name = rest[:name_end]
    if not name:
        return None
    key = _leading_key(rest[name_end:])
    return f"{head}.{name}", key


def _leading_key(rest: str) -> str | None:
    if not rest.startswith("["):
        return None
    in_quotes = False
    escaped = False
    for position, char in enumerate(rest):
        if in_quotes:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_quotes = False
        elif char == '"':
            in_quotes = True
        elif char == "]":
            key = rest[: position + 1]
            # count.index or each.key are not literal keys: any instance matches.
            literal = key[1:-1].isdigit() or key.startswith('["')
            return key if literal else None
    return None


def instance_key(index: int | str | None) -> str | None:
    """Render a resource_changes ``index`` the way it appears in an address."""
    if index is None:
        return None
    if isinstance(index, int):
        return f"[{index}]"
    escaped = index.replace("\\", "\\\\").replace('"', '\\"')
    return f'["{escaped}"]'
