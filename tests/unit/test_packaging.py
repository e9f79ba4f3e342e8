"""The wheel carries the built-in library, so 'pip install govern' works alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_the_wheel_ships_every_pillar_and_policy_file(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("govern-*.whl")
    shipped = {
        name.split("/data/share/govern/", 1)[1]
        for name in zipfile.ZipFile(wheel).namelist()
        if "/data/share/govern/" in name
    }
    expected = {
        path.relative_to(REPO).as_posix()
        for folder in ("pillars", "policies")
        for path in (REPO / folder).rglob("*")
        if path.is_file()
    }
    assert expected <= shipped, sorted(expected - shipped)
