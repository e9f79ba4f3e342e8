"""Two processes give exactly the findings one process gives."""

from __future__ import annotations

from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import Options, evaluate
from govern.engine.inventory import Inventory
from govern.engine.parallel import evaluate_parallel
from govern.inputs.terraform.plan import read_plan
from tests.conftest import plan_path


def test_forked_evaluation_matches_a_single_process(
    compiled: list[CompiledPolicy],
) -> None:
    plan = read_plan(plan_path("checkov__kitchen_sink_55_resources_tf0_12"))
    inventory = Inventory(plan.resources)
    one = evaluate(compiled, inventory, Options())
    two = evaluate_parallel(compiled, inventory, Options(), min_resources=0)
    assert two == one
    assert any(f.fix is not None for f in two)
