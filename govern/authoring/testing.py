"""Run each policy against its own passing, failing and unknown examples."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.policy.examples import example_resources
from govern.policy.models import Example

_EXPECTED = {"pass_": "pass", "fail": "fail", "unknown": "unknown"}


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    policy_id: str
    label: str
    expected: str
    got: str
    message: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def run_examples(
    compiled: CompiledPolicy, extra: list[tuple[str, Example]] | None = None
) -> Iterator[ExampleOutcome]:
    """Evaluate every example; ``extra`` adds (expected, example) pairs."""
    policy = compiled.policy
    cases: list[tuple[str, Example]] = [
        (expected, example)
        for field, expected in _EXPECTED.items()
        for example in getattr(policy.examples, field)
    ]
    cases.extend(extra or [])
    for number, (expected, example) in enumerate(cases):
        label = example.name or f"{expected} example {number + 1}"
        resources = example_resources(policy, example, f"example{number}")
        finding = evaluate_one(compiled, resources[0], Inventory(resources))
        yield ExampleOutcome(
            policy.id, label, expected, finding.status, finding.message
        )


def missing_examples(compiled: CompiledPolicy) -> list[str]:
    """What a policy lacks to be tested: a passing and a failing example."""
    examples = compiled.policy.examples
    missing = []
    if not examples.pass_:
        missing.append("a passing example")
    if not examples.fail:
        missing.append("a failing example")
    return missing
