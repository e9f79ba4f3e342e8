"""Writing reports: atomically, so a crash never leaves half a file behind."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from govern.errors import InputError


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    ``mode`` sets the new file's permission bits; by default it is private
    to the user, as a temporary file is. Devices and pipes (``/dev/stdout``,
    a FIFO) are written in place: renaming a file over them would replace
    the device itself.
    """
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file to write")
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def emit(text: str, output: Path | None) -> None:
    """Write to ``output`` if given, else to standard output."""
    if output is None:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    else:
        write_atomic(output, text)
