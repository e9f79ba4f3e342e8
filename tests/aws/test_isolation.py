"""Scans talk to 127.0.0.1 only in tests, and the plan path never loads boto3."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.aws.conftest import LOOPBACK, Aws, Runner, scan_args
from tests.aws.estate import seed
from tests.conftest import REPO, plan_path


class _Recorder:
    """Every host a socket connects to or looks up while ``active`` is set."""

    def __init__(self) -> None:
        self.active = threading.Event()
        self.hosts: set[str] = set()

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active.is_set():
            return
        if event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple):
                self.hosts.add(str(address[0]))
        elif event == "socket.getaddrinfo":
            self.hosts.add(str(args[0]))


_RECORDER = _Recorder()
# Audit hooks cannot be removed, so one hook serves the session and records
# only while a test switches it on.
sys.addaudithook(_RECORDER)


@pytest.fixture
def contacted() -> Iterator[set[str]]:
    _RECORDER.hosts = set()
    _RECORDER.active.set()
    try:
        yield _RECORDER.hosts
    finally:
        _RECORDER.active.clear()


def test_a_full_scan_contacts_only_the_loopback_address(
    estate_aws: Aws, govern: Runner, endpoint: str, contacted: set[str]
) -> None:
    _RECORDER.active.clear()
    seed(estate_aws)
    _RECORDER.active.set()
    outcome = govern(*scan_args(endpoint, "--all-regions"), "--workers", "16")
    assert outcome.code == 1, outcome.stderr
    assert len(outcome.report["inputs"][0]["regions"]) > 10
    assert contacted == {LOOPBACK}


def test_the_plan_command_never_imports_boto3(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    plan = str(plan_path("regula__sg_ingress_anywhere_tf0_13"))
    check = (
        "import sys\n"
        "from govern.cli.app import main\n"
        f"code = main(['plan', {plan!r},"
        f" '--output', {str(report)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('boto3', 'botocore', 'govern.inputs.aws'))\n"
        "assert code in (0, 1), code\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert report.read_text().startswith("govern plan:")


def test_importing_the_cli_loads_no_aws_code() -> None:
    check = (
        "import sys\n"
        "import govern.cli.app\n"
        "assert not [m for m in sys.modules if m.startswith(('boto3', 'botocore'))]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
