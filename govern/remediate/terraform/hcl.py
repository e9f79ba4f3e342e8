"""Terraform source files read with python-hcl2: blocks, attributes, lines.

This is the one module that talks to python-hcl2. It turns the parse tree
into small frozen records with 1-based line spans, so placement works on
what the parser saw and never guesses block extents from braces.

python-hcl2 8.x accepts a ``with_meta`` serialisation option but emits no
line keys with it; the positions live on each parse-tree rule as lark's
``_meta`` instead, and ``_position`` is the only reader of that attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
from hcl2.rules.base import AttributeRule, BlockRule
from lark.exceptions import LarkError, UnexpectedInput

from govern.errors import InputError
from govern.remediate.terraform.literals import hcl_literal


@dataclass(frozen=True, slots=True)
class Attribute:
    """``name = expression`` in a body.

    Attributes:
        start: Line of the name.
        end: Line where the expression ends.
        end_column: 1-based column just after the expression on ``end``.
        literal: The value written as an HCL literal when the expression is a
            constant (``true``, ``30``, ``"required"``, lists of those), else
            ``None``: the value comes from a variable, reference or function.
        text: The expression, shortened, for messages.
    """

    name: str
    start: int
    end: int
    end_column: int
    literal: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    """``type "label" ... { ... }`` with its body, spanning ``start``..``end``."""

    type: str
    labels: tuple[str, ...]
    start: int
    end: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    def nested(self, block_type: str) -> list[Block]:
        """The nested blocks of type ``block_type`` written in this body."""
        return [block for block in self.blocks if block.type == block_type]

    def dynamic(self, block_type: str) -> list[Block]:
        """``dynamic "block_type"`` blocks that generate ``block_type`` blocks."""
        return [
            block
            for block in self.blocks
            if block.type == "dynamic" and block.labels == (block_type,)
        ]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A parsed ``.tf`` file: its lines (with line endings) and top-level blocks."""

    path: Path
    lines: tuple[str, ...]
    blocks: tuple[Block, ...]

    @property
    def newline(self) -> str:
        """The file's line ending, for lines added to it."""
        return "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"


def read_source(path: Path) -> SourceFile:
    """Parse ``path``.

    Raises:
        InputError: when the file cannot be read or is not valid HCL2.
    """
    try:
        # Bytes, not read_text: universal newlines would turn CRLF files into
        # LF ones when they are written back.
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    return SourceFile(path, tuple(text.splitlines(keepends=True)), parse(text, path))


def parse(text: str, origin: Path | str = "<text>") -> tuple[Block, ...]:
    """The top-level blocks of HCL ``text``; ``InputError`` when it is not HCL2."""
    try:
        tree = hcl2.parses(text)
    except UnexpectedInput as error:
        raise InputError(
            f"{origin}:{error.line}:{error.column}: not valid HCL2"
        ) from None
    except (LarkError, RuntimeError, ValueError) as error:
        # python-hcl2 reports some problems (a name used as both attribute and
        # block) as bare RuntimeErrors while building its tree.
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise InputError(f"{origin}: not valid HCL2 ({first})") from None
    return tuple(_blocks(tree.body))


def _blocks(body: Any) -> list[Block]:
    return [_block(child) for child in body.children if isinstance(child, BlockRule)]


def _block(rule: Any) -> Block:
    start, _, end, _ = _position(rule)
    labels = [_label(label) for label in rule.labels]
    attributes = {}
    for child in rule.body.children:
        if isinstance(child, AttributeRule):
            attribute = _attribute(child)
            attributes[attribute.name] = attribute
    return Block(
        type=labels[0],
        labels=tuple(labels[1:]),
        start=start,
        end=end,
        attributes=attributes,
        blocks=tuple(_blocks(rule.body)),
    )


def _attribute(rule: Any) -> Attribute:
    start, _, end, end_column = _position(rule)
    value = rule.expression.serialize()
    return Attribute(
        name=str(rule.identifier.serialize()),
        start=start,
        end=end,
        end_column=end_column,
        literal=_literal(value),
        text=_shortened(value),
    )


def _position(rule: Any) -> tuple[int, int, int, int]:
    meta = getattr(rule, "_meta", None)
    found = [getattr(meta, name, None) for name in _META_FIELDS]
    numbers = [number for number in found if isinstance(number, int)]
    if len(numbers) != len(_META_FIELDS):
        raise InputError("python-hcl2 gave no line numbers; govern needs 8.x")
    return numbers[0], numbers[1], numbers[2], numbers[3]


_META_FIELDS = ("line", "column", "end_line", "end_column")


def _label(label: Any) -> str:
    text = str(label.serialize())
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _literal(value: Any) -> str | None:
    """The serialised expression as an HCL literal, or ``None`` if not constant.

    python-hcl2 serialises a quoted string with its quotes (``'"on"'``) and
    anything computed as ``'${...}'``; a template or heredoc counts as computed.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return hcl_literal(value)
    if isinstance(value, str):
        constant = value.startswith('"') and value.endswith('"') and len(value) > 1
        computed = "${" in value or "%{" in value or value.startswith('"<<')
        return value if constant and not computed else None
    if isinstance(value, list):
        items = [_literal(item) for item in value]
        return None if None in items else "[" + ", ".join(map(str, items)) + "]"
    return None


def _shortened(value: Any) -> str:
    text = str(value)
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    return text if len(text) <= 60 else text[:57] + "..."
