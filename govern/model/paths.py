"""Attribute paths: parsing ``ingress[*].cidr_blocks[0]`` and finding its values.

A path walks three trees at once: the values, the tree marking unknown values and
the tree marking sensitive ones (see ``Resource``). Each value reached is a
``Hit`` that knows its concrete path and whether it is unknown or sensitive.

Syntax: dotted attribute names; ``[N]`` for a list element; ``[*]`` for every
element; ``["key"]`` for a map key that is not a plain name (tag keys with dots
or slashes). ``[*]`` applied to something that is not a list treats it as a
one-element list, which is how IAM documents write ``"Action": "s3:*"`` and
``"Action": ["s3:*"]`` interchangeably.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple


class _Wildcard:
    __slots__ = ()

    def __repr__(self) -> str:
        return "[*]"


WILDCARD = _Wildcard()


class ParamKey(NamedTuple):
    """A ``${name}`` segment, replaced by a policy parameter when compiled."""

    name: str


Segment = str | int | _Wildcard | ParamKey
Path = tuple[Segment, ...]

_TOKEN = re.compile(
    r"""
    \$\{(?P<param>[A-Za-z_]\w*)\}       # map key taken from a parameter
    | (?P<name>[A-Za-z_$@][\w$@:\-]*)    # attribute or map key
    | \[(?P<index>-?\d+)\]              # list element
    | \[(?P<star>\*)\]                  # every element
    | \["(?P<quoted>(?:[^"\\]|\\.)*)"\] # quoted map key
    | (?P<dot>\.)
    """,
    re.VERBOSE,
)


class PathSyntaxError(ValueError):
    """Raised when a path string does not follow the path syntax."""


class Hit(NamedTuple):
    """One value a path reached."""

    path: Path
    value: Any
    unknown: bool
    sensitive: bool


def parse_path(text: str) -> Path:
    """Parse a path string into segments, or raise ``PathSyntaxError``."""
    segments: list[Segment] = []
    position = 0
    expect_name = True
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise PathSyntaxError(f"unexpected {text[position:]!r} in path {text!r}")
        kind = match.lastgroup
        if kind == "dot":
            if expect_name:
                raise PathSyntaxError(f"empty attribute name in path {text!r}")
            expect_name = True
        elif kind in ("name", "param"):
            if not expect_name:
                raise PathSyntaxError(f"missing '.' before {match[0]!r} in {text!r}")
            segments.append(match[0] if kind == "name" else ParamKey(match["param"]))
            expect_name = False
        else:
            segments.append(_bracket_segment(match))
            expect_name = False
        position = match.end()
    if not segments or expect_name:
        raise PathSyntaxError(f"path {text!r} is empty or ends with '.'")
    return tuple(segments)


def _bracket_segment(match: re.Match[str]) -> Segment:
    if match["index"] is not None:
        return int(match["index"])
    if match["star"] is not None:
        return WILDCARD
    return re.sub(r"\\(.)", r"\1", match["quoted"])


_PLAIN_NAME = re.compile(r"[A-Za-z_$@][\w$@:\-]*")


@functools.lru_cache(maxsize=16384)
def format_path(path: Path) -> str:
    """Render segments back into the path syntax.

    Cached: finding messages render the same few paths thousands of times.
    """
    parts: list[str] = []
    for segment in path:
        if isinstance(segment, ParamKey):
            parts.append(f"{'.' if parts else ''}${{{segment.name}}}")
        elif isinstance(segment, _Wildcard):
            parts.append("[*]")
        elif isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif _PLAIN_NAME.fullmatch(segment):
            parts.append(f".{segment}" if parts else segment)
        else:
            escaped = segment.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'["{escaped}"]')
    return "".join(parts)


def substitute(path: Path, parameters: dict[str, object]) -> Path:
    """Replace ``${name}`` segments by the parameters' string values."""
    resolved: list[Segment] = []
    for segment in path:
        if isinstance(segment, ParamKey):
            value = parameters.get(segment.name)
            if not isinstance(value, str):
                raise ValueError(
                    f"path parameter {segment.name!r} must be a string, got {value!r}"
                )
            resolved.append(value)
        else:
            resolved.append(segment)
    return tuple(resolved)


def param_keys(text: str) -> set[str]:
    """Names of the ``${name}`` segments in a path string."""
    return {s.name for s in parse_path(text) if isinstance(s, ParamKey)}


def resolve(
    path: Path,
    value: Any,
    unknown: Any = None,
    sensitive: Any = None,
    prefix: Path = (),
    plain: bool | None = None,
) -> list[Hit]:
    """Return every value ``path`` reaches; an empty list means it is absent.

    ``plain`` tells that the path has no wildcard, when the caller knows.
    """
    if plain if plain is not None else _is_plain(path):
        if unknown is None and sensitive is None:
            return _resolve_plain(path, value, prefix)
        return _resolve_marked(path, value, unknown, sensitive, prefix)
    return list(_walk(path, 0, value, unknown, sensitive, prefix))


def _is_plain(path: Path) -> bool:
    return all(type(segment) is str or type(segment) is int for segment in path)


def _resolve_plain(path: Path, value: Any, prefix: Path) -> list[Hit]:
    """The common case, walked without generators: no wildcard, no markers."""
    for segment in path:
        if type(segment) is str:
            value = value.get(segment) if isinstance(value, dict) else None
        elif isinstance(value, list) and -len(value) <= segment < len(value):  # type: ignore[operator]
            value = value[segment]  # type: ignore[index]
        else:
            return []
        if value is None:
            return []
    return [Hit(prefix + path, value, False, False)]


def _resolve_marked(
    path: Path, value: Any, unknown: Any, sensitive: Any, prefix: Path
) -> list[Hit]:
    """A path without wildcards, walked in step with the marker trees."""
    for depth, segment in enumerate(path):
        if unknown is True:
            return [Hit(prefix + path, None, True, _marked(sensitive))]
        value, unknown, sensitive = _step(segment, value, unknown, sensitive)  # type: ignore[arg-type]
        if value is None and unknown is not True:
            return []
        if depth == len(path) - 1 and unknown is True:
            return [Hit(prefix + path, None, True, _marked(sensitive))]
    return [Hit(prefix + path, value, False, _marked(sensitive))]


def _walk(
    path: Path,
    depth: int,
    value: Any,
    unknown: Any,
    sensitive: Any,
    here: Path,
) -> Iterator[Hit]:
    if unknown is True:
        yield Hit(here + path[depth:], None, True, _marked(sensitive))
        return
    if depth == len(path):
        if value is not None:
            yield Hit(here, value, False, _marked(sensitive))
        return
    segment = path[depth]
    if isinstance(segment, _Wildcard):
        yield from _walk_all(path, depth, value, unknown, sensitive, here)
        return
    if isinstance(segment, ParamKey):
        return  # a parameter the compiler did not substitute reaches nothing
    child, child_unknown, child_sensitive = _step(segment, value, unknown, sensitive)
    if child is None and child_unknown is not True:
        return
    yield from _walk(
        path, depth + 1, child, child_unknown, child_sensitive, (*here, segment)
    )


def _walk_all(
    path: Path,
    depth: int,
    value: Any,
    unknown: Any,
    sensitive: Any,
    here: Path,
) -> Iterator[Hit]:
    if value is None:
        return
    if not isinstance(value, list):
        # A lone value behaves as a one-element list (see the module docstring).
        yield from _walk(path, depth + 1, value, unknown, sensitive, here)
        return
    for position, element in enumerate(value):
        yield from _walk(
            path,
            depth + 1,
            element,
            _child(unknown, position),
            True if sensitive is True else _child(sensitive, position),
            (*here, position),
        )


def _step(
    segment: str | int, value: Any, unknown: Any, sensitive: Any
) -> tuple[Any, Any, Any]:
    child: Any = None
    if isinstance(segment, int):
        if isinstance(value, list) and -len(value) <= segment < len(value):
            child = value[segment]
    elif isinstance(value, dict):
        child = value.get(segment)
    child_sensitive = True if sensitive is True else _child(sensitive, segment)
    return child, _child(unknown, segment), child_sensitive


def _child(marker: Any, key: str | int) -> Any:
    if isinstance(marker, dict) and isinstance(key, str):
        return marker.get(key)
    if (
        isinstance(marker, list)
        and isinstance(key, int)
        and -len(marker) <= key < len(marker)
    ):
        return marker[key]
    return None


def _marked(marker: Any) -> bool:
    """True when a sensitivity marker covers the value, or anything inside it."""
    if marker is True:
        return True
    if isinstance(marker, dict):
        return any(_marked(child) for child in marker.values())
    if isinstance(marker, list):
        return any(_marked(child) for child in marker)
    return False


def is_marked(marker_tree: Any, path: Path) -> bool:
    """True when ``path`` is covered by, or contains, a ``True`` marker."""
    node = marker_tree
    for segment in path:
        if node is True:
            return True
        if isinstance(segment, (_Wildcard, ParamKey)):
            return _marked(node)
        node = _child(node, segment)
    return _marked(node)


def marked_paths(marker_tree: Any, prefix: Path = ()) -> list[Path]:
    """List the concrete paths a marker tree marks ``True``, for display."""
    if marker_tree is True:
        return [prefix] if prefix else []
    found: list[Path] = []
    if isinstance(marker_tree, dict):
        for key, child in marker_tree.items():
            found.extend(marked_paths(child, (*prefix, key)))
    elif isinstance(marker_tree, list):
        for position, child in enumerate(marker_tree):
            found.extend(marked_paths(child, (*prefix, position)))
    return found
