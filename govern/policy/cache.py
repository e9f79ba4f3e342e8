"""A cache of validated pillars and policies, so CI runs skip re-validation.

The key covers govern's version and the path, size and modification time of
every pillar and policy file, so any edit invalidates it. A cache that cannot be
read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govern import __version__


def cache_dir() -> Path:
    explicit = os.environ.get("GOVERN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "govern"


# Cached objects are instances of these modules' classes: a change to them
# must invalidate the cache even when the policy files did not change.
_MODEL_MODULES = tuple(
    Path(__file__).with_name(name) for name in ("models.py", "conditions.py")
)


def key_for(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in (*_MODEL_MODULES, *files):
        stat = path.stat()
        digest.update(
            f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        )
    return digest.hexdigest()[:32]


def load(key: str) -> Any | None:
    if os.environ.get("GOVERN_NO_CACHE"):
        return None
    try:
        return pickle.loads((cache_dir() / f"policies-{key}.pickle").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def store(key: str, value: Any) -> None:
    if os.environ.get("GOVERN_NO_CACHE"):
        return
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / f"policies-{key}.pickle")
    except OSError:
        return
