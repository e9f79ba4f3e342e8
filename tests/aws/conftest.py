"""A real moto server on 127.0.0.1 for every live-AWS test, and helpers.

The server runs in this process for the whole session; each test starts from
an empty server (``/moto-api/reset``). Credentials are the dummies the root
conftest sets. Nothing here patches boto3: calls travel over real HTTP to the
server, with botocore's real retries, pagination and error parsing.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3  # noqa: TID251 - tests seed the local server with boto3
import pytest
from moto.server import ThreadedMotoServer

from govern.cli.app import main
from tests.conftest import TESTS

LOOPBACK = "127.0.0.1"
LIVE_POLICIES = TESTS / "fixtures" / "policies" / "live"


# Files that do not exist: botocore then reads no profile at all, whatever the
# state of the machine's /dev/null.
_NOWHERE = os.path.join(os.path.dirname(__file__), "no-such-aws-config")
DUMMY_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": _NOWHERE,
    "AWS_SHARED_CREDENTIALS_FILE": _NOWHERE,
}


def use_dummy_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the root conftest does per test, for fixtures wider than a test."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in DUMMY_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
    return port


def post(url: str, body: bytes = b"") -> None:
    """POST to the server's control API; it wants a plain-text body."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


@pytest.fixture(autouse=True)
def _no_aws_config_files(monkeypatch: pytest.MonkeyPatch) -> None:
    use_dummy_credentials(monkeypatch)


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The endpoint URL of a moto server bound to the loopback address only."""
    # The server logs every request at INFO; that is noise in test reports.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address=LOOPBACK, port=port, verbose=False)
    server.start()
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.stop()


@pytest.fixture
def endpoint(moto_endpoint: str) -> Iterator[str]:
    """The moto server, emptied before the test and with IAM checks off after."""
    post(f"{moto_endpoint}/moto-api/reset")
    yield moto_endpoint
    post(f"{moto_endpoint}/moto-api/reset-auth", b"inf")


@dataclass
class Aws:
    """Makes seeding clients for the moto server."""

    endpoint: str
    access_key: str = "testing"
    secret_key: str = "testing"
    token: str | None = None

    def client(self, service: str, region: str = "us-east-1") -> Any:
        return boto3.client(
            service,  # type: ignore[call-overload]
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            aws_session_token=self.token,
        )

    def in_account(self, account: str) -> Aws:
        """Clients acting in another account, through an assumed role."""
        sts = self.client("sts")
        answer = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/seeder", RoleSessionName="seed"
        )
        issued = answer["Credentials"]
        return Aws(
            self.endpoint,
            issued["AccessKeyId"],
            issued["SecretAccessKey"],
            issued["SessionToken"],
        )


@pytest.fixture
def aws(endpoint: str) -> Aws:
    return Aws(endpoint)


def with_managed_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AWS managed policies (AdministratorAccess...) exist on the server.

    The in-process server reads this when an account's IAM first comes to
    life after a reset; loading them costs seconds, so only estates that
    attach one ask for them.
    """
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")


@pytest.fixture
def estate_aws(aws: Aws, monkeypatch: pytest.MonkeyPatch) -> Aws:
    """Seeding clients for a test that seeds the full estate."""
    with_managed_policies(monkeypatch)
    return aws


@dataclass
class Outcome:
    """What ``govern`` printed and returned."""

    code: int
    report: dict[str, Any]
    stderr: str
    stdout: str

    def statuses(self) -> dict[tuple[str, str], str]:
        """(policy id, address) to status."""
        return {
            (f["policy_id"], f["address"]): f["status"] for f in self.report["findings"]
        }


Runner = Callable[..., Outcome]


@pytest.fixture
def govern(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run the CLI in-process; JSON reports are parsed."""

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        report = json.loads(captured.out) if captured.out.startswith("{") else {}
        return Outcome(code, report, captured.err, captured.out)

    return run


def scan_args(endpoint: str, *extra: str) -> list[str]:
    """Arguments of a JSON scan against the local server."""
    return ["scan", "--endpoint-url", endpoint, "--format", "json", *extra]


ALL_POLICIES = ("--policies", str(LIVE_POLICIES))
"""The built-in library plus every test policy."""


def policy_file(policy_id: str) -> Path:
    return LIVE_POLICIES / f"{policy_id.lower()}.yaml"


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment
