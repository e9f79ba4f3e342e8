"""Run each policy against its own passing, failing and unknown examples."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govern import library
from govern.engine.compiler import CompiledPolicy, compile_policy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.policy.examples import example_resources
from govern.policy.loader import (
    load_extra_examples,
    load_pillars,
    load_policies_with_paths,
)
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


@dataclass(slots=True)
class PolicyResult:
    policy_id: str
    path: Path
    outcomes: list[ExampleOutcome]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and all(o.ok for o in self.outcomes)


@dataclass(slots=True)
class TestReport:
    results: list[PolicyResult]

    @property
    def exit_code(self) -> int:
        return 0 if all(r.ok for r in self.results) else 1

    def lines(self, verbose: bool = False) -> list[str]:
        out: list[str] = []
        for result in self.results:
            verdict = "ok" if result.ok else "FAILED"
            count = len(result.outcomes)
            out.append(
                f"{result.policy_id:<10} {result.path.name:<48} {verdict} ({count})"
            )
            out.extend(f"    {problem}" for problem in result.problems)
            for outcome in result.outcomes:
                if verbose or not outcome.ok:
                    mark = "ok" if outcome.ok else "FAIL"
                    out.append(
                        f"    {mark:<4} [{outcome.label}] expected {outcome.expected}, "
                        f"got {outcome.got}: {outcome.message}"
                    )
        examples = sum(len(r.outcomes) for r in self.results)
        failed = sum(1 for r in self.results if not r.ok)
        out.append(
            f"\n{len(self.results)} policies, {examples} examples: "
            f"{len(self.results) - failed} policies passed, {failed} failed"
        )
        return out


def run_policy_files(paths: list[Path]) -> TestReport:
    """Validate, compile and run the examples of every policy under ``paths``."""
    pillars = load_pillars(library.builtin_pillars())
    results: list[PolicyResult] = []
    for path, policy in load_policies_with_paths(paths, pillars):
        compiled = compile_policy(policy, pillars[policy.pillar])
        extra_examples = load_extra_examples(path)
        extra: list[tuple[str, Example]] = []
        if extra_examples is not None:
            extra = [
                (expected, example)
                for field, expected in _EXPECTED.items()
                for example in getattr(extra_examples, field)
            ]
        problems = [f"needs {what}" for what in missing_examples(compiled)]
        results.append(
            PolicyResult(policy.id, path, list(run_examples(compiled, extra)), problems)
        )
    return TestReport(results)
