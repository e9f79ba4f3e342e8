"""Load pillar and policy files, with errors that point at file, id, field and line.

Validation runs in two passes. The fast pass parses YAML with libyaml and checks
it with pydantic. Only when something is wrong is the file parsed again keeping
line marks, to say where each error is.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from govern.errors import PolicyError
from govern.policy.conditions import OPERATORS
from govern.policy.models import Examples, Pillar, Policy


def _loader() -> type[Any]:
    """libyaml's fast loader where PyYAML was built with it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


EXAMPLES_SUFFIX = ".examples.yaml"

_M = TypeVar("_M", bound=BaseModel)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; raise ``PolicyError`` naming file and line."""
    return parse_yaml(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PolicyError(f"{path}: cannot read ({error.strerror})") from None


def parse_yaml(content: bytes, path: Path) -> Any:
    """Parse YAML read from ``path``; errors name the file and the line."""
    import yaml

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise PolicyError(f"{where}: invalid YAML: {problem}") from None


def load_pillars(directory: Path) -> dict[str, Pillar]:
    """Load every ``<id>.yaml`` in ``directory``."""
    pillars: dict[str, Pillar] = {}
    problems: list[str] = []
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise PolicyError(f"{directory}: no pillar definitions found")
    for path in files:
        try:
            pillar = _validated(Pillar, path, read_yaml(path), None)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        if pillar.id != path.stem:
            problems.append(
                f"{path}:1: id: pillar id {pillar.id!r} differs from file name"
            )
        pillars[pillar.id] = pillar
    _raise_if(problems)
    return dict(sorted(pillars.items(), key=lambda item: (item[1].order, item[0])))


def policy_files(paths: Iterable[Path]) -> list[Path]:
    """Every policy file under ``paths`` (files or directories), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*.y*ml"))
                if p.suffix in (".yaml", ".yml")
                and not p.name.endswith(EXAMPLES_SUFFIX)
            )
        else:
            raise PolicyError(f"{path}: no such policy file or directory")
    return found


def load_policies(paths: Sequence[Path], pillars: dict[str, Pillar]) -> list[Policy]:
    """Load and check every policy under ``paths``; report all problems at once."""
    return [policy for _, policy in load_policies_with_paths(paths, pillars)]


def load_policies_with_paths(
    paths: Sequence[Path], pillars: dict[str, Pillar]
) -> list[tuple[Path, Policy]]:
    """Like ``load_policies``, keeping the file each policy came from."""
    policies: list[tuple[Path, Policy]] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path, parsed in _with_bundled_data(paths):
        try:
            policy = load_policy_file(path, pillars, parsed)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        if policy.id in seen:
            problems.append(
                f"{path}:1: {policy.id}: id: duplicate policy id, "
                f"also defined in {seen[policy.id]}"
            )
            continue
        seen[policy.id] = path
        policies.append((path, policy))
    _raise_if(problems)
    return policies


def _with_bundled_data(paths: Sequence[Path]) -> list[tuple[Path, Any | None]]:
    """Policy files under ``paths``, each with its pre-parsed content if any."""
    from govern.policy.bundle import Bundle

    found: list[tuple[Path, Any | None]] = []
    for root in paths:
        bundle = Bundle.beside(root) if root.is_dir() else None
        for path in policy_files([root]):
            parsed = None
            if bundle is not None:
                key = path.relative_to(root).as_posix()
                parsed = bundle.data_for(key, _read_bytes(path))
            found.append((path, parsed))
    return found


def load_policy_file(
    path: Path, pillars: dict[str, Pillar], parsed: Any | None = None
) -> Policy:
    """Load one policy; ``parsed`` is its content when already known."""
    data = parsed if parsed is not None else read_yaml(path)
    policy = _validated(Policy, path, data, _policy_id(data))
    problems = []
    if policy.pillar not in pillars:
        known = ", ".join(sorted(pillars))
        line = _line_of(path, ["pillar"])
        problems.append(
            f"{path}:{line}: {policy.id}: pillar: unknown pillar "
            f"{policy.pillar!r} (known: {known})"
        )
    elif path.parent.name in pillars and path.parent.name != policy.pillar:
        line = _line_of(path, ["pillar"])
        problems.append(
            f"{path}:{line}: {policy.id}: pillar: file is in "
            f"{path.parent.name}/ but names pillar {policy.pillar!r}"
        )
    _raise_if(problems)
    return policy


def load_extra_examples(policy_path: Path) -> Examples | None:
    """The examples file beside a policy (``name.examples.yaml``), if any."""
    extra = policy_path.with_name(policy_path.stem + EXAMPLES_SUFFIX)
    if not extra.is_file():
        return None
    data = read_yaml(extra)
    if not isinstance(data, dict):
        raise PolicyError(f"{extra}:1: expected pass/fail/unknown lists of examples")
    try:
        return Examples.model_validate(data)
    except ValidationError as error:
        problems = [_format_error(extra, data, None, e) for e in error.errors()]
        raise PolicyError(problems[0], problems) from None


def validate_document(model: type[_M], path: Path) -> _M:
    """Validate any settings-like YAML file; errors name file, field and line.

    A field inside a list of items that carry an ``id`` (waivers, accounts)
    is scoped by that id, as policy errors are by the policy id.
    """
    data = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"{path}:1: expected a mapping, not {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            _format_error(path, data, _item_id(data, e["loc"]), e)
            for e in error.errors()
        ]
        raise PolicyError(problems[0], problems) from None


def _item_id(data: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = data.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items):
            item = items[loc[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
                return str(item["id"])
    return None


def _policy_id(data: Any) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"])
    return "(no id)"


def _validated(model: type[_M], path: Path, data: Any, policy_id: str | None) -> _M:
    if not isinstance(data, dict):
        raise PolicyError(
            f"{path}:1: expected a mapping of fields, not {type(data).__name__}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [_format_error(path, data, policy_id, e) for e in error.errors()]
        raise PolicyError(problems[0], problems) from None


def _format_error(path: Path, data: Any, policy_id: str | None, error: Any) -> str:
    keys = _data_path(data, tuple(error["loc"]))
    field = _render(keys) or "(top level)"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "unknown_operator" and isinstance(error["input"], dict):
        stray = [k for k in error["input"] if k not in ("path", "match", "satisfies")]
        message = _operator_hint(stray)
        keys = [*keys, stray[0]] if stray else keys
    line = _line_of(path, keys)
    scope = f" {policy_id}:" if policy_id else ""
    return f"{path}:{line}:{scope} {field}: {message}"


def _operator_hint(stray: list[str]) -> str:
    known = ", ".join(OPERATORS)
    if not stray:
        return f"the condition has no operator (one of: {known})"
    guesses = difflib.get_close_matches(str(stray[0]), list(OPERATORS), n=1)
    hint = f"; did you mean '{guesses[0]}'?" if guesses else f" (operators: {known})"
    return f"unknown operator '{stray[0]}'{hint}"


def _data_path(data: Any, loc: tuple[Any, ...]) -> list[str | int]:
    """Map a pydantic error location onto keys of the YAML data.

    Discriminated unions add the operator's tag to the location (``all`` in
    ``condition.all.all.0``); tags that are not followed into the data are
    skipped, so the rendered path is the one the author wrote.
    """
    keys: list[str | int] = []
    node = data
    position = 0
    while position < len(loc):
        part = loc[position]
        following = loc[position + 1] if position + 1 < len(loc) else None
        if (
            isinstance(node, dict)
            and part in OPERATORS
            and following is not None
            and following in node
        ):
            position += 1
            continue
        if _can_descend(node, part):
            node = node[part]
            keys.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in OPERATORS:
            keys.append(part)
            break
        position += 1
    return keys


def _can_descend(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


def _render(keys: list[str | int]) -> str:
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def _line_of(path: Path, keys: list[str | int]) -> int:
    """1-based line of the deepest node along ``keys`` that exists in the file."""
    import yaml

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, yaml.YAMLError):
        return 1
    line = node.start_mark.line + 1 if node is not None else 1
    for key in keys:
        child = _child_node(node, key)
        if child is None:
            break
        node, line = child
    return line


def _child_node(node: Any, key: str | int) -> tuple[Any, int] | None:
    import yaml

    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node, key_node.start_mark.line + 1
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(key, int)
        and key < len(node.value)
    ):
        item = node.value[key]
        return item, item.start_mark.line + 1
    return None


def _raise_if(problems: list[str]) -> None:
    if problems:
        suffix = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PolicyError(problems[0] + suffix, problems)
