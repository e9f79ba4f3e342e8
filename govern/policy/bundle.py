"""The built-in library pre-parsed: YAML's Python constructor made the first
run of a CI job spend most of its time building the library's 20,000 YAML
nodes. ``policies/library.json`` holds each policy file's parsed content under
the SHA-256 of its bytes; a file whose hash matches is read from the bundle,
any other is parsed from YAML, so an edited policy is never read stale.
``make generate`` rewrites the bundle and a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

BUNDLE_NAME = "library.json"


class Bundle:
    """Parsed contents of the policy files under one folder, by content hash."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self._entries = entries

    @classmethod
    def beside(cls, folder: Path) -> Bundle:
        """The bundle stored in ``folder``, or an empty one."""
        try:
            import orjson

            document = orjson.loads((folder / BUNDLE_NAME).read_bytes())
        except (OSError, ValueError):
            return cls({})
        entries = document.get("files") if isinstance(document, dict) else None
        return cls(entries if isinstance(entries, dict) else {})

    def data_for(self, key: str, content: bytes) -> Any | None:
        """The parsed content of file ``key`` if the bundle holds these bytes."""
        entry = self._entries.get(key)
        if isinstance(entry, dict) and entry.get("sha256") == digest(content):
            return entry.get("data")
        return None


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def render_bundle(folder: Path) -> str:
    """The bundle of every policy file under ``folder``, keyed by relative path."""
    from govern.policy.loader import parse_yaml, policy_files

    files = {}
    for path in policy_files([folder]):
        content = path.read_bytes()
        key = path.relative_to(folder).as_posix()
        files[key] = {"sha256": digest(content), "data": parse_yaml(content, path)}
    document = {"about": __doc__.splitlines()[0], "files": files}
    return json.dumps(document, indent=1, sort_keys=True, default=str) + "\n"


if __name__ == "__main__":
    from govern import library

    print(render_bundle(library.builtin_policies()), end="")
