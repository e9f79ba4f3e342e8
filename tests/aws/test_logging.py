"""A scan is quiet in CI: no progress line off a terminal, and log lines only
when asked for, one per account and region."""

from __future__ import annotations

import logging

import pytest

from tests.aws.conftest import Aws, Runner, policy_file, scan_args
from tests.aws.test_scan_cli import only

EBS_DEFAULT = str(policy_file("TEST-313"))


def test_a_scan_writes_nothing_to_stderr_by_default(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1,eu-west-1"), *only(EBS_DEFAULT)
    )
    assert outcome.code == 1
    assert outcome.stderr == ""


def test_info_logs_one_line_per_account_and_region(
    aws: Aws, govern: Runner, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVERN_LOG_LEVEL", "info")
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1,eu-west-1"), *only(EBS_DEFAULT)
    )
    lines = sorted(outcome.stderr.splitlines())
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        "govern: INFO: account 123456789012 region eu-west-1: 1 resources, "
        "0 coverage gaps"
    )
    assert logging.getLogger("botocore").level == logging.WARNING
    assert logging.getLogger("urllib3").level == logging.WARNING


def test_an_unknown_log_level_is_a_usage_error(
    govern: Runner, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVERN_LOG_LEVEL", "loud")
    outcome = govern(*scan_args(endpoint), *only(EBS_DEFAULT))
    assert outcome.code == 2
    assert "GOVERN_LOG_LEVEL=LOUD is not a logging level" in outcome.stderr
