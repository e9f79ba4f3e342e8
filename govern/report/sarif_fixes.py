"""SARIF ``fixes``: the concrete Terraform fix as edits to the declaring file.

Only with a source directory, and only for fixes placed without guessing:
attribute settings go inside the resource's block (replacing a constant or
before the closing brace), a companion resource right after the block.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from govern.errors import InputError
from govern.findings.finding import Finding
from govern.report.locations import Location, Locator

if TYPE_CHECKING:
    from govern.remediate.terraform.declarations import Declaration, SourceTree
    from govern.remediate.terraform.edits import Edit
    from govern.remediate.terraform.hcl import SourceFile

SOURCE_ROOT = "%SRCROOT%"


class SarifFixes:
    """Builds ``fixes`` entries, reading each source directory at most once."""

    def __init__(self, source_dir: Path | None, locator: Locator) -> None:
        self._locator = locator
        self._tree: SourceTree | None = None
        if source_dir is not None:
            # Imported here: python-hcl2 is only needed when sources are read.
            from govern.remediate.terraform.declarations import SourceTree

            self._tree = SourceTree(source_dir)

    def fixes(self, finding: Finding) -> list[dict[str, Any]]:
        """The finding's fix as SARIF, or nothing when it cannot be placed."""
        from govern.remediate.terraform.declarations import Declaration

        if self._tree is None or finding.fix is None:
            return []
        try:
            found = self._tree.declaration(finding.address)
        except InputError:
            # A file python-hcl2 cannot read: results keep their locations,
            # and no fix is offered for anything in these sources.
            self._tree = None
            return []
        if not isinstance(found, Declaration):
            return []
        edits = _edits(finding, found)
        if not edits:
            return []
        changes = {
            "artifactLocation": artifact(self._locator.file(found.source.path)),
            "replacements": [_replacement(edit, found.source) for edit in edits],
        }
        return [
            {
                "description": {"text": _description(finding)},
                "artifactChanges": [changes],
            }
        ]


def artifact(where: Location) -> dict[str, str]:
    """A SARIF artifactLocation for ``where``."""
    if not where.in_root:
        return {"uri": Path(where.path).as_uri()}
    return {"uri": quote(where.path), "uriBaseId": SOURCE_ROOT}


def _edits(finding: Finding, found: Declaration) -> list[Edit]:
    from govern.remediate.terraform.placement import place_companion, place_settings

    fix = finding.fix
    if fix is None:
        return []
    if fix.companion is not None:
        return [place_companion(found.block, fix.companion)]
    placement = place_settings(found.source, found.block, fix.settings)
    return [] if placement.refused else placement.edits


def _replacement(edit: Edit, source: SourceFile) -> dict[str, Any]:
    text = "".join(line + source.newline for line in edit.lines)
    count = len(source.lines)
    if edit.start <= count or not source.lines:
        region = _span(edit.start, edit.end)
    elif source.lines[-1].endswith("\n"):
        region = _span(count + 1, count + 1)
    else:
        # After a last line without a line ending: insert at its end, and
        # start the insertion with the ending it lacks.
        column = len(source.lines[-1]) + 1
        region = {
            "startLine": count,
            "startColumn": column,
            "endLine": count,
            "endColumn": column,
        }
        text = source.newline + text
    return {"deletedRegion": region, "insertedContent": {"text": text}}


def _span(start: int, end: int) -> dict[str, int]:
    # Whole lines: from the start of ``start`` to the start of ``end``.
    return {"startLine": start, "startColumn": 1, "endLine": end, "endColumn": 1}


def _description(finding: Finding) -> str:
    fix = finding.fix
    if fix is not None and fix.companion is not None:
        new = fix.companion
        return f'Add resource "{new.type}" "{new.name}" for {finding.address}.'
    settings = ", ".join(
        f"{s.dotted} = {s.literal}" for s in (fix.settings if fix else ())
    )
    return f"Set {settings} on {finding.address}."
