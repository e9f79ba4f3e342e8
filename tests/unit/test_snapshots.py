"""Exact finding sets of the whole library on every real plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshot_findings import PLANS, render, snapshot_path


@pytest.mark.parametrize("plan", sorted(PLANS.glob("*.json")), ids=lambda p: p.stem)
def test_findings_match_the_reviewed_snapshot(plan: Path) -> None:
    expected = snapshot_path(plan).read_text()
    assert render(plan) == expected, "run 'make snapshots' and review the diff"
