"""Which ``.tf`` file and block declare a resource, read with the HCL parser.

A plan names a resource by address; its block lives in the root module
directory or in a local module that the root calls, perhaps through several
levels. Registry and git modules are not on disk, so resources inside them
have no block govern may edit, and the reason says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from govern.inputs.terraform.sources import parse_address
from govern.remediate.terraform.hcl import Block, SourceFile, read_source

_LOCAL_PREFIXES = ("./", "../")


@dataclass(frozen=True, slots=True)
class Declaration:
    """The block declaring a resource, and the file it is in."""

    source: SourceFile
    block: Block

    @property
    def where(self) -> str:
        """``file:line`` of the block's first line, for messages."""
        return f"{shown(self.source.path)}:{self.block.start}"


@dataclass(frozen=True, slots=True)
class NotDeclared:
    """Why no block can be edited for a resource."""

    reason: str


@dataclass(slots=True)
class _Module:
    resources: dict[tuple[str, str], Declaration] = field(default_factory=dict)
    calls: dict[str, str | None] = field(default_factory=dict)


class SourceTree:
    """A root module directory; each directory and file is parsed at most once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._modules: dict[Path, _Module] = {}

    def declaration(self, address: str) -> Declaration | NotDeclared:
        """Where the resource at ``address`` (instance keys allowed) is declared.

        Raises:
            InputError: when a ``.tf`` file on the way is not valid HCL2.
        """
        parsed = parse_address(address)
        if parsed is None or parsed[1][0] != "resource":
            return NotDeclared(f"{address} is not a managed resource address")
        module_names, (_, resource_type, name) = parsed
        directory = self.root
        for module_name in module_names:
            child = self._child(directory, module_name)
            if isinstance(child, NotDeclared):
                return child
            directory = child
        found = self._module(directory).resources.get((resource_type, name))
        if found is None:
            return NotDeclared(
                f'no resource "{resource_type}" "{name}" block in '
                f"{shown(directory)}/*.tf"
            )
        return found

    def _child(self, directory: Path, name: str) -> Path | NotDeclared:
        calls = self._module(directory).calls
        if name not in calls:
            return NotDeclared(f'no module "{name}" block in {shown(directory)}/*.tf')
        source = calls[name]
        if source is None:
            return NotDeclared(f"module {name}'s source is not a constant string")
        if not source.startswith(_LOCAL_PREFIXES):
            return NotDeclared(
                f"declared inside module {name} from {source!r}, a registry or "
                "remote module that is not part of the source directory"
            )
        child = Path(os.path.normpath(directory / source))
        if not child.is_dir():
            return NotDeclared(f"module {name}'s source {shown(child)} is missing")
        return child

    def _module(self, directory: Path) -> _Module:
        module = self._modules.get(directory)
        if module is None:
            module = self._modules[directory] = _read_module(directory)
        return module


def _read_module(directory: Path) -> _Module:
    module = _Module()
    for path in sorted(directory.glob("*.tf")):
        source = read_source(path)
        for block in source.blocks:
            if block.type == "resource" and len(block.labels) == 2:
                key = (block.labels[0], block.labels[1])
                module.resources.setdefault(key, Declaration(source, block))
            elif block.type == "module" and len(block.labels) == 1:
                module.calls[block.labels[0]] = _module_source(block)
    return module


def _module_source(call: Block) -> str | None:
    attribute = call.attributes.get("source")
    literal = attribute.literal if attribute else None
    if literal is None or not literal.startswith('"'):
        return None
    return literal[1:-1]


def shown(path: Path) -> str:
    """``path`` for messages: relative to the current directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return absolute.as_posix()
