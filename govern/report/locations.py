"""Where in the repository a finding points: a ``.tf`` line, else its plan file.

Code-scanning tools resolve paths against the repository root, so locations
are POSIX paths relative to a root directory (the current directory unless
told otherwise). A path outside the root is made absolute, and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from govern.findings.finding import Finding
from govern.inputs.terraform.sources import SourceIndex


@dataclass(frozen=True, slots=True)
class Location:
    """A file and, if known, a 1-based line.

    ``path`` uses forward slashes and is relative to the root when
    ``in_root`` is true, else absolute.
    """

    path: str
    line: int | None = None
    in_root: bool = True


class Locator:
    """Turns findings into locations, reading each source directory once."""

    def __init__(self, source_dir: Path | None = None, root: Path | None = None):
        self.root = Path(os.path.abspath(root if root is not None else Path.cwd()))
        self._index = SourceIndex(source_dir) if source_dir is not None else None

    def locate(self, finding: Finding) -> Location:
        """The resource's declaration when found in the sources, else the plan."""
        if self._index is not None:
            found = self._index.locate(finding.address)
            if found is not None:
                return self._location(found.path, found.line)
        return self._location(Path(finding.origin), None)

    def file(self, path: Path) -> Location:
        """Where ``path`` is, relative to the root when inside it."""
        return self._location(path, None)

    def _location(self, path: Path, line: int | None) -> Location:
        absolute = Path(os.path.abspath(path))
        try:
            return Location(absolute.relative_to(self.root).as_posix(), line)
        except ValueError:
            return Location(absolute.as_posix(), line, in_root=False)
