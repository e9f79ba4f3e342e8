"""Shared fixtures: the real plans, the built-in library, a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govern.config import Settings
from govern.engine.compiler import CompiledPolicy
from govern.pipeline import compile_set
from govern.policy.library import PolicySet, load_policy_set
from tests.services import PostgresServer, postgres_bin, unavailable

TESTS = Path(__file__).parent
REPO = TESTS.parent
PLANS = TESTS / "fixtures" / "plans"
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True)
def _no_real_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests can never reach a real AWS account, whatever the developer's shell."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    yield


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports on stdout stay free of workflow commands when CI is GitHub's."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="session")
def policy_set() -> PolicySet:
    return load_policy_set()


@pytest.fixture(scope="session")
def compiled(policy_set: PolicySet) -> list[CompiledPolicy]:
    return compile_set(policy_set, Settings())


def plan_path(name: str) -> Path:
    return PLANS / f"{name}.json"


def forgetting_plan(actions: list[str]) -> dict[str, Any]:
    """A real plan whose no-op bucket a `removed` block takes out of state.

    Terraform 1.7+ writes such a change as below: the prior values in
    ``before``, ``after`` null, and (until 1.15.6) the resource still in
    ``planned_values`` with every value null. ``["create", "forget"]`` is a
    replacement that keeps the old object running.
    """
    document: dict[str, Any] = json.loads(
        plan_path("snyk__s3_create_update_delete_noop_tf1_2").read_text()
    )
    change = next(
        c for c in document["resource_changes"] if c["name"] == "noop_bucket"
    )["change"]
    change["actions"] = actions
    if actions == ["forget"]:
        change.update(after=None, after_unknown={}, after_sensitive=False)
        for planned in document["planned_values"]["root_module"]["resources"]:
            if planned["address"] == "aws_s3_bucket.noop_bucket":
                planned["values"] = dict.fromkeys(planned["values"])
    return document


def all_plans() -> list[Path]:
    return sorted(PLANS.glob("*.json"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One local PostgreSQL server for the whole session, on 127.0.0.1."""
    binaries = postgres_bin()
    if binaries is None:
        unavailable(
            "PostgreSQL is not installed (no pg_ctl)", "GOVERN_REQUIRE_POSTGRES"
        )
    server = PostgresServer(binaries)
    try:
        server.start()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        log = server.log().strip().splitlines()
        server.stop()
        unavailable(
            f"PostgreSQL could not be started: {error}"
            + (f"; log: {log[-1]}" if log else ""),
            "GOVERN_REQUIRE_POSTGRES",
        )
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty history store: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()
