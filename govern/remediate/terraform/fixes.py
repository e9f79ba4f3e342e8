"""A policy's fix made concrete for one resource, and the HCL that shows it.

The engine calls ``render_fix`` for every failing plan finding whose policy
has a fix, so it stays cheap: values become literals and placeholders are
filled in, and the text is only built when a reporter asks for it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from govern.model.resource import Resource
from govern.policy.conditions import ParamRef
from govern.policy.models import Companion, Fix, FixValue
from govern.remediate.terraform.literals import hcl_literal

INDENT = "  "

# Attribute name to its HCL literal, or to the tree of a nested block.
SettingTree = dict[str, Union[str, "SettingTree"]]


@dataclass(frozen=True, slots=True)
class Setting:
    """One attribute to set: its path through nested blocks and its HCL literal."""

    path: tuple[str, ...]
    literal: str

    @property
    def dotted(self) -> str:
        """The path as written in a policy: ``metadata_options.http_tokens``."""
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class NewResource:
    """A companion resource block to add next to the failing resource."""

    type: str
    name: str
    body: tuple[str, ...]
    note: str | None = None

    def lines(self) -> list[str]:
        """The block, preceded by its note as comment lines."""
        notes = textwrap.wrap(self.note, 76) if self.note else []
        body = [INDENT + line if line else "" for line in self.body]
        header = f'resource "{self.type}" "{self.name}" {{'
        return [*(f"# {line}" for line in notes), header, *body, "}"]


@dataclass(frozen=True, slots=True)
class TerraformFix:
    """The change that makes one resource compliant, ready to show or to place.

    ``settings`` are attributes of the resource's own block (a ``set`` fix);
    ``companion`` is a resource to add next to it (an ``add`` fix).
    """

    resource_type: str
    resource_name: str
    settings: tuple[Setting, ...] = ()
    companion: NewResource | None = None

    @property
    def text(self) -> str:
        """HCL for reports: the resource block holding only the corrected
        attributes, or the whole companion block."""
        if self.companion is not None:
            return "\n".join(self.companion.lines()) + "\n"
        header = f'resource "{self.resource_type}" "{self.resource_name}" {{'
        body = body_lines(setting_tree(self.settings), INDENT)
        return "\n".join([header, *body, "}"]) + "\n"


def render_fix(
    fix: Fix, resource: Resource, parameters: Mapping[str, Any]
) -> TerraformFix:
    """``fix`` for ``resource``, with parameters resolved."""
    if fix.add is not None:
        companion = _companion(fix.add, resource)
        return TerraformFix(resource.type, resource.name, companion=companion)
    settings = tuple(
        Setting(tuple(path.split(".")), hcl_literal(_resolve(value, parameters)))
        for path, value in (fix.set_ or {}).items()
    )
    return TerraformFix(resource.type, resource.name, settings)


def _resolve(value: FixValue, parameters: Mapping[str, Any]) -> Any:
    return parameters[value.param] if isinstance(value, ParamRef) else value


def _companion(template: Companion, resource: Resource) -> NewResource:
    reference = relative_address(resource)

    def fill(text: str) -> str:
        return text.replace("{ref}", reference).replace("{name}", resource.name)

    body = textwrap.dedent(template.body).strip("\n").splitlines()
    filled = tuple(fill(line.rstrip()) for line in body)
    note = fill(template.note) if template.note else None
    return NewResource(template.type, companion_name(resource), filled, note)


def relative_address(resource: Resource) -> str:
    """The resource's address inside its module: ``aws_s3_bucket.logs[0]``."""
    if resource.module and resource.address.startswith(resource.module + "."):
        return resource.address[len(resource.module) + 1 :]
    return resource.address


def companion_name(resource: Resource) -> str:
    """The name of a companion block: the resource's, plus its instance key."""
    if resource.index is None:
        return resource.name
    key = re.sub(r"[^A-Za-z0-9_]+", "_", str(resource.index)).strip("_")
    return f"{resource.name}_{key}" if key else resource.name


def setting_tree(settings: Iterable[Setting]) -> SettingTree:
    """Settings as nested blocks; the last of two settings of one path wins."""
    tree: SettingTree = {}
    for setting in settings:
        node = tree
        for name in setting.path[:-1]:
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        node[setting.path[-1]] = setting.literal
    return tree


def body_lines(tree: SettingTree, indent: str, width: int = 0) -> list[str]:
    """Lines of a block body: attributes aligned as ``terraform fmt`` does
    (names padded to at least ``width``), then nested blocks, each after a
    blank line."""
    attributes = [
        (name, value) for name, value in tree.items() if isinstance(value, str)
    ]
    width = max([width, *(len(name) for name, _ in attributes)])
    lines = [f"{indent}{name.ljust(width)} = {value}" for name, value in attributes]
    for name, subtree in tree.items():
        if isinstance(subtree, dict):
            if lines:
                lines.append("")
            lines.append(f"{indent}{name} {{")
            lines.extend(body_lines(subtree, indent + INDENT))
            lines.append(f"{indent}}}")
    return lines
