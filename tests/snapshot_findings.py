"""Snapshots of the whole library's findings on every real plan.

Each plan in tests/fixtures/plans has a file in tests/snapshots listing every
finding as ``status policy address``. The test compares; after an intended
change, regenerate with ``make snapshots`` and review the diff like code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from govern.config import Settings
from govern.engine.evaluate import evaluate
from govern.engine.inventory import Inventory
from govern.inputs.terraform.plan import read_plan
from govern.pipeline import compile_set
from govern.policy.library import load_policy_set

HERE = Path(__file__).parent
PLANS = HERE / "fixtures" / "plans"
SNAPSHOTS = HERE / "snapshots"


def render(plan: Path) -> str:
    compiled = compile_set(load_policy_set(), Settings())
    findings = evaluate(compiled, Inventory(read_plan(plan).resources))
    lines = sorted(f"{f.status:<8} {f.policy_id:<9} {f.address}" for f in findings)
    return "\n".join(lines) + "\n"


def snapshot_path(plan: Path) -> Path:
    return SNAPSHOTS / f"{plan.stem}.txt"


def update() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for plan in sorted(PLANS.glob("*.json")):
        snapshot_path(plan).write_text(render(plan))
        print(f"wrote {snapshot_path(plan).relative_to(HERE.parent)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        raise SystemExit("usage: python -m tests.snapshot_findings update")
    update()
