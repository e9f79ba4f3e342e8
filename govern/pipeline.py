"""From inputs to a finished ``Run``: read, evaluate, triage, decide the exit code.

Commands call these functions; they hold no CLI concerns, so tests and other
tools can use them directly.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from govern.config import Settings
from govern.engine.compiler import CompiledPolicy, compile_policy
from govern.engine.evaluate import Options
from govern.engine.inventory import Inventory
from govern.engine.parallel import evaluate_parallel
from govern.errors import PlanError, UsageError
from govern.findings.finding import Finding
from govern.findings.waivers import find_waivers_file
from govern.inputs.terraform.plan import STDIN_NAME, is_stdin, read_plan
from govern.policy.library import PolicySet, load_policy_set
from govern.report import exit_codes
from govern.report.run import InputSummary, Run

# Below this many bytes of plans, starting worker processes costs more than
# parsing the plans one after the other.
PARALLEL_THRESHOLD_BYTES = 16_000_000


@dataclass(slots=True)
class RunOptions:
    """How one run evaluates and gates.

    Attributes:
        fail_on: One threshold for every pillar instead of each pillar's own.
        changed_only: Evaluate only resources a plan creates, updates or replaces.
        owner_tags: Tag keys naming a resource's owner (default: from settings).
        waivers: Waivers file; default: ``govern.waivers.yaml`` found upwards.
        baseline: Baseline file of accepted findings.
        use_waivers: False ignores waivers (a baseline records raw findings).
        today: The date waivers expire against (tests pin it).
        parallel_threshold: Total plan bytes from which plans are read in
            worker processes.
    """

    fail_on: str | None = None
    changed_only: bool = False
    owner_tags: tuple[str, ...] = field(default_factory=tuple)
    waivers: Path | None = None
    baseline: Path | None = None
    today: date | None = None
    parallel_threshold: int = PARALLEL_THRESHOLD_BYTES
    use_waivers: bool = True


@dataclass(frozen=True, slots=True)
class PolicySource:
    """How to load the policy set again, in a worker process."""

    extra: tuple[Path, ...] = ()
    builtin: bool = True
    pillar_ids: tuple[str, ...] = ()
    policy_ids: tuple[str, ...] = ()

    def load(self, settings: Settings, with_examples: bool = False) -> PolicySet:
        """The policy set; examples are left out unless asked for."""
        return load_policy_set(
            list(self.extra),
            builtin=self.builtin,
            pillar_ids=list(self.pillar_ids),
            policy_ids=list(self.policy_ids),
            settings=settings,
            with_examples=with_examples,
        )


def engine_options_for(options: RunOptions, settings: Settings) -> Options:
    return Options(
        changed_only=options.changed_only,
        owner_tags=options.owner_tags or tuple(settings.owner_tags),
    )


def compile_set(policy_set: PolicySet, settings: Settings) -> list[CompiledPolicy]:
    return [
        compile_policy(p, policy_set.pillars[p.pillar], settings.parameters)
        for p in policy_set.policies
    ]


def plan_files(paths: Sequence[Path]) -> list[Path]:
    """Expand directories into the plan files inside them."""
    if sum(is_stdin(path) for path in paths) > 1:
        raise UsageError("'-' (standard input) can be given once")
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


def display_path(path: Path) -> str:
    """A plan's name in reports and fingerprints: relative to here when inside."""
    if is_stdin(path):
        return STDIN_NAME
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def is_snapshot(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz"))


def run_inputs(
    paths: Sequence[Path],
    source: PolicySource,
    settings: Settings,
    options: RunOptions,
) -> Run:
    """Evaluate plans, or saved scan snapshots, whichever ``paths`` are."""
    snapshots = [p for p in paths if is_snapshot(p)]
    if not snapshots:
        return run_plans(paths, source, settings, options)
    if len(snapshots) != 1 or len(paths) != 1:
        raise UsageError("give plans, or one scan snapshot")
    from govern.live import run_snapshot

    return run_snapshot(snapshots[0], source.load(settings), settings, options)


def run_plans(
    paths: Sequence[Path],
    source: PolicySource,
    settings: Settings,
    options: RunOptions,
) -> Run:
    """Evaluate every plan; several large plans are read in parallel."""
    started = time.perf_counter()
    policy_set = source.load(settings).judging("plan")
    files = plan_files(paths)
    # Standard input is read once, here: worker processes could not share it.
    if (
        len(files) > 1
        and not any(is_stdin(path) for path in files)
        and _total_bytes(files) >= options.parallel_threshold
    ):
        results = _evaluate_in_workers(files, source, settings, options)
    else:
        compiled = compile_set(policy_set, settings)
        results = [_evaluate_plan(path, compiled, settings, options) for path in files]
    findings = [finding for found, _ in results for finding in found]
    inputs = [summary for _, summary in results]
    return finish("plan", findings, policy_set, inputs, options, settings, started)


def _total_bytes(files: Sequence[Path]) -> int:
    return sum(path.stat().st_size for path in files if path.is_file())


def _evaluate_plan(
    path: Path,
    compiled: Sequence[CompiledPolicy],
    settings: Settings,
    options: RunOptions,
) -> tuple[list[Finding], InputSummary]:
    plan = read_plan(path)
    origin = display_path(path)
    for resource in plan.resources:
        resource.origin = origin
    engine_options = engine_options_for(options, settings)
    inventory = Inventory(plan.resources)
    findings = evaluate_parallel(compiled, inventory, engine_options)
    detail = {
        "terraform_version": plan.terraform_version,
        "format_version": plan.format_version,
    }
    return findings, InputSummary("plan", origin, len(plan.resources), detail)


_worker_policies: list[CompiledPolicy] = []


def _start_worker(source: PolicySource, settings: Settings) -> None:
    _worker_policies[:] = compile_set(source.load(settings).judging("plan"), settings)


def _worker_plan(
    path: Path, settings: Settings, options: RunOptions
) -> tuple[list[Finding], InputSummary]:
    return _evaluate_plan(path, _worker_policies, settings, options)


def _evaluate_in_workers(
    files: Sequence[Path],
    source: PolicySource,
    settings: Settings,
    options: RunOptions,
) -> list[tuple[list[Finding], InputSummary]]:
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min(len(files), os.cpu_count() or 1))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(source, settings)
    ) as pool:
        futures = [pool.submit(_worker_plan, path, settings, options) for path in files]
        return [future.result() for future in futures]


def triage(
    findings: list[Finding],
    policy_set: PolicySet,
    options: RunOptions,
    settings: Settings,
) -> tuple[list[Finding], list[str]]:
    """Apply waivers, then the baseline; return findings and notes for the report."""
    notes: list[str] = []
    waivers_path = options.waivers or settings.waivers or find_waivers_file()
    if waivers_path is not None and options.use_waivers:
        from govern.findings.waivers import apply_waivers, load_waivers

        policies = {p.id: p for p in policy_set.policies}
        outcome = apply_waivers(
            findings,
            load_waivers(waivers_path),
            policies,
            policy_set.pillars,
            options.today or date.today(),
        )
        findings, notes = outcome.findings, outcome.notes
    if options.baseline is not None:
        from govern.findings.baseline import apply_baseline, load_baseline

        findings = apply_baseline(findings, load_baseline(options.baseline))
    return findings, notes


def finish(
    command: str,
    findings: list[Finding],
    policy_set: PolicySet,
    inputs: list[InputSummary],
    options: RunOptions,
    settings: Settings,
    started: float,
    coverage_gaps: Sequence[dict[str, Any]] = (),
    api_calls: Mapping[str, int] | None = None,
) -> Run:
    """Triage the findings, decide the gate and the exit code."""
    findings, notes = triage(findings, policy_set, options, settings)
    fail_on = options.fail_on or settings.fail_on
    gate = exit_codes.gating(findings, policy_set.pillars, fail_on)
    gaps = list(coverage_gaps)
    return Run(
        command=command,
        findings=findings,
        pillars=policy_set.pillars,
        policies=policy_set.policies,
        inputs=inputs,
        gate=gate,
        exit_code=exit_codes.exit_code(len(gate), len(gaps)),
        fail_on=fail_on,
        notes=notes,
        coverage_gaps=gaps,
        api_calls=dict(api_calls or {}),
        seconds=time.perf_counter() - started,
    )
