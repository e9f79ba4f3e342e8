"""From inputs to a finished ``Run``: read, evaluate, decide the exit code.

Commands call these functions; they hold no CLI concerns, so tests and other
tools can use them directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govern.config import Settings
from govern.engine.compiler import CompiledPolicy, compile_policy
from govern.engine.evaluate import Options, evaluate
from govern.engine.inventory import Inventory
from govern.errors import PlanError
from govern.findings.finding import Finding
from govern.inputs.terraform.plan import read_plan
from govern.policy.library import PolicySet
from govern.report import exit_codes
from govern.report.run import InputSummary, Run


@dataclass(slots=True)
class RunOptions:
    fail_on: str | None = None
    changed_only: bool = False
    owner_tags: tuple[str, ...] = field(default_factory=tuple)


def compile_set(policy_set: PolicySet, settings: Settings) -> list[CompiledPolicy]:
    return [
        compile_policy(p, policy_set.pillars[p.pillar], settings.parameters)
        for p in policy_set.policies
    ]


def engine_options_for(options: RunOptions, settings: Settings) -> Options:
    return Options(
        changed_only=options.changed_only,
        owner_tags=options.owner_tags or tuple(settings.owner_tags),
    )


def plan_files(paths: Sequence[Path]) -> list[Path]:
    """Expand directories into the plan files inside them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                raise PlanError(f"{path}: directory holds no .json plan files")
            files.extend(found)
        else:
            files.append(path)
    return files


def run_plans(
    paths: Sequence[Path],
    policy_set: PolicySet,
    settings: Settings,
    options: RunOptions,
) -> Run:
    started = time.perf_counter()
    compiled = compile_set(policy_set, settings)
    engine_options = engine_options_for(options, settings)
    findings: list[Finding] = []
    inputs: list[InputSummary] = []
    for path in plan_files(paths):
        plan = read_plan(path)
        findings.extend(evaluate(compiled, Inventory(plan.resources), engine_options))
        inputs.append(
            InputSummary(
                "plan",
                plan.path,
                len(plan.resources),
                {
                    "terraform_version": plan.terraform_version,
                    "format_version": plan.format_version,
                },
            )
        )
    return finish(
        "plan",
        findings,
        policy_set,
        inputs,
        options.fail_on or settings.fail_on,
        started,
    )


def finish(
    command: str,
    findings: list[Finding],
    policy_set: PolicySet,
    inputs: list[InputSummary],
    fail_on: str | None,
    started: float,
    coverage_gaps: Sequence[dict[str, Any]] = (),
    api_calls: Mapping[str, int] | None = None,
) -> Run:
    gate = exit_codes.gating(findings, policy_set.pillars, fail_on)
    return Run(
        command=command,
        findings=findings,
        pillars=policy_set.pillars,
        policies=policy_set.policies,
        inputs=inputs,
        gate=gate,
        exit_code=exit_codes.exit_code(len(gate), len(coverage_gaps)),
        fail_on=fail_on,
        coverage_gaps=list(coverage_gaps),
        api_calls=dict(api_calls or {}),
        seconds=time.perf_counter() - started,
    )
