"""Shared fixtures: the real plans, the built-in library, a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from govern.config import Settings
from govern.engine.compiler import CompiledPolicy
from govern.pipeline import compile_set
from govern.policy.library import PolicySet, load_policy_set

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


def all_plans() -> list[Path]:
    return sorted(PLANS.glob("*.json"))
