"""Where a resource block is declared in the Terraform source files.

A plan names resources by address but says nothing of files and lines, so
reports that point at code (SARIF, GitHub annotations) scan the source
directory instead: the top-level ``resource``, ``data`` and ``module`` blocks
of its ``*.tf`` files. Resources inside modules are found by following each
``module`` call whose ``source`` is a local path (``./`` or ``../``); registry
and git modules are not on disk, so their resources stay unlocated.

This is a scanner, not an HCL parser. It tracks strings, comments, heredocs
and brace depth just well enough to find block headers at the top level and
a module block's ``source`` argument.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from govern.inputs.terraform.addresses import strip_instance_keys

_HEADER = re.compile(r'^\s*(resource|data|module)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{')
_SOURCE = re.compile(r'^source\s*=\s*"([^"]+)"')
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_LOCAL_PREFIXES = ("./", "../", ".\\", "..\\")

BlockKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A ``.tf`` file and the 1-based line of a block header in it."""

    path: Path
    line: int


@dataclass(slots=True)
class _Module:
    """What one directory of ``.tf`` files declares."""

    blocks: dict[BlockKey, SourceLocation] = field(default_factory=dict)
    calls: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _ScanState:
    depth: int = 0
    in_comment: bool = False
    heredoc: str | None = None
    module: str | None = None


class SourceIndex:
    """Finds resource blocks under one root module directory.

    Each directory is read at most once, the first time an address needs it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._modules: dict[Path, _Module] = {}

    def locate(self, address: str) -> SourceLocation | None:
        """The declaration of the resource at ``address``, or ``None``.

        ``address`` is a full plan address, instance keys included, such as
        ``module.a["k"].module.b.aws_s3_bucket.logs[0]``.
        """
        parsed = parse_address(address)
        if parsed is None:
            return None
        modules, key = parsed
        directory: Path | None = self.root
        for name in modules:
            directory = self._child(directory, name) if directory else None
        if directory is None:
            return None
        return self._module(directory).blocks.get(key)

    def _child(self, directory: Path, name: str) -> Path | None:
        source = self._module(directory).calls.get(name)
        if source is None or not source.startswith(_LOCAL_PREFIXES):
            return None
        child = Path(os.path.normpath(directory / source))
        return child if child.is_dir() else None

    def _module(self, directory: Path) -> _Module:
        module = self._modules.get(directory)
        if module is None:
            module = self._modules[directory] = scan_directory(directory)
        return module


def parse_address(address: str) -> tuple[list[str], BlockKey] | None:
    """Split a plan address into module call names and its block key.

    ``module.a["k"].aws_s3_bucket.b[0]`` gives ``(["a"], ("resource",
    "aws_s3_bucket", "b"))``. Anything that is not a resource or data address
    (an ARN, say) gives ``None``.
    """
    parts = strip_instance_keys(address).split(".")
    modules: list[str] = []
    while len(parts) > 2 and parts[0] == "module":
        modules.append(parts[1])
        parts = parts[2:]
    kind = "resource"
    if len(parts) == 3 and parts[0] == "data":
        kind = "data"
        parts = parts[1:]
    if len(parts) != 2 or not all(_NAME.match(part) for part in parts):
        return None
    return modules, (kind, parts[0], parts[1])


def scan_directory(directory: Path) -> _Module:
    """Block headers and module sources of every ``*.tf`` file in ``directory``."""
    module = _Module()
    for path in sorted(directory.glob("*.tf")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        _scan_file(path, text, module)
    return module


def _scan_file(path: Path, text: str, module: _Module) -> None:
    state = _ScanState()
    for number, line in enumerate(text.splitlines(), start=1):
        if state.heredoc is not None:
            if line.strip() == state.heredoc:
                state.heredoc = None
            continue
        if not state.in_comment:
            _read_declarations(path, number, line, state, module)
        _track_depth(line, state)


def _read_declarations(
    path: Path, number: int, line: str, state: _ScanState, module: _Module
) -> None:
    if state.depth == 0:
        header = _HEADER.match(line)
        if header is None:
            return
        kind, first, second = header.groups()
        if kind == "module":
            state.module = first
            # A one-line call: module "a" { source = "./a" }
            _read_source(line[header.end() :], state, module)
        elif second is not None:
            module.blocks.setdefault(
                (kind, first, second), SourceLocation(path, number)
            )
        return
    if state.depth == 1:
        _read_source(line, state, module)


def _read_source(text: str, state: _ScanState, module: _Module) -> None:
    source = _SOURCE.match(text.lstrip())
    if state.module is not None and source is not None:
        module.calls.setdefault(state.module, source.group(1))


def _track_depth(line: str, state: _ScanState) -> None:
    """Update brace depth, comment and heredoc state past ``line``."""
    position, in_string = 0, False
    while position < len(line):
        char, pair = line[position], line[position : position + 2]
        if state.in_comment:
            if pair == "*/":
                state.in_comment = False
                position += 1
        elif in_string:
            if char == "\\":
                position += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#" or pair == "//":
            break
        elif pair == "/*":
            state.in_comment = True
            position += 1
        elif pair == "<<":
            heredoc = _HEREDOC.match(line[position:])
            if heredoc is not None:
                state.heredoc = heredoc.group(1)
                break
        elif char in "{}":
            _brace(char, state)
        position += 1


def _brace(char: str, state: _ScanState) -> None:
    state.depth += 1 if char == "{" else -1
    if state.depth <= 0:
        state.depth = 0
        state.module = None
