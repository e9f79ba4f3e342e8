"""The composite action and workflows only use flags govern really has."""

from __future__ import annotations

import re

import pytest
import yaml

from govern.cli.app import main
from tests.conftest import REPO

ACTION = REPO / ".github" / "actions" / "govern" / "action.yml"
WORKFLOWS = sorted((REPO / ".github").rglob("*.yml"))


def test_action_inputs_are_documented() -> None:
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_files_are_valid_yaml(path: object) -> None:
    assert yaml.safe_load(REPO.joinpath(str(path)).read_text())


def test_govern_flags_used_by_the_action_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["plan", "--help"])
    help_text = capsys.readouterr().out
    script = ACTION.read_text()
    flags = set(re.findall(r"(--[a-z][a-z-]+)", script))
    flags -= {"--quiet", "--edit-last", "--body-file"}  # pip and gh flags
    missing = sorted(flag for flag in flags if flag not in help_text)
    assert not missing, missing
