"""From live AWS or a saved inventory to a finished ``Run``.

``run_scan`` evaluates each account and region as soon as the scanner hands it
over, and writes it to the snapshot; ``run_snapshot`` does the same from a
snapshot. Neither keeps more than one batch of resources at a time. boto3 is
imported only when a scan starts, never by merely importing this module.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govern import __version__
from govern.config import Settings
from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import Options, evaluate
from govern.engine.inventory import Inventory
from govern.findings.finding import Finding
from govern.model.resource import Resource
from govern.pipeline import RunOptions, compile_set, engine_options_for, finish
from govern.policy.library import PolicySet
from govern.policy.requirements import attribute_needs
from govern.report.run import InputSummary, Run

if TYPE_CHECKING:
    from govern.inputs.aws.progress import Progress
    from govern.inputs.aws.scanner import Batch, ScanOptions


def run_scan(
    policy_set: PolicySet,
    settings: Settings,
    options: RunOptions,
    scan: ScanOptions,
    snapshot: Path | None = None,
    progress: Progress | None = None,
) -> Run:
    """Scan live AWS with the policies' needs, evaluate, optionally save."""
    from govern.inputs.aws.scanner import Scanner
    from govern.inputs.aws.snapshot import Header, SnapshotWriter, Trailer

    started = time.perf_counter()
    policy_set = policy_set.judging("aws")
    evaluator = _Evaluator(compile_set(policy_set, settings), options, settings)
    scanner = Scanner(scan, attribute_needs(policy_set.policies), progress)
    header = Header(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        collected=scanner.collected,
        govern=__version__,
    )
    with SnapshotWriter(snapshot, header) if snapshot else nullcontext() as writer:

        def deliver(batch: Batch) -> None:
            evaluator.add(batch.resources)
            if writer is not None:
                writer.batch(batch.account, batch.region, batch.resources)

        report = scanner.run(deliver)
        if writer is not None:
            accounts = [asdict(account) for account in report.accounts]
            writer.finish(
                Trailer(report.coverage_gaps, report.api_calls, accounts=accounts)
            )
    inputs = [
        InputSummary("aws", a.account, a.resources, {"regions": a.regions})
        for a in report.accounts
    ]
    run = finish(
        "scan",
        evaluator.findings(),
        policy_set,
        inputs,
        options,
        settings,
        started,
        report.coverage_gaps,
        report.api_calls,
    )
    run.notes.extend(_uncollected_types(policy_set))
    return run


def run_snapshot(
    path: Path, policy_set: PolicySet, settings: Settings, options: RunOptions
) -> Run:
    """Evaluate a saved inventory with the current policies, offline."""
    from govern.inputs.aws.coverage import not_collected
    from govern.inputs.aws.snapshot import SnapshotReader

    started = time.perf_counter()
    policy_set = policy_set.judging("aws")
    evaluator = _Evaluator(compile_set(policy_set, settings), options, settings)
    with SnapshotReader(path) as reader:
        for batch in reader.batches():
            evaluator.add(batch.resources)
    trailer = reader.trailer
    assert trailer is not None  # batches() raises when the end is missing
    needs = attribute_needs(policy_set.policies)
    gaps = [*trailer.coverage_gaps, *not_collected(reader.header.collected, needs)]
    detail = {"created": reader.header.created, "accounts": trailer.accounts}
    inputs = [InputSummary("snapshot", str(path), evaluator.resources, detail)]
    run = finish(
        "eval",
        evaluator.findings(),
        policy_set,
        inputs,
        options,
        settings,
        started,
        gaps,
    )
    run.notes.extend(_uncollected_types(policy_set))
    return run


# How many uncollected types the note names before it only counts the rest.
_NAMED_TYPES = 5


def _uncollected_types(policy_set: PolicySet) -> list[str]:
    """A note on policies whose types no collector reads: they go unchecked live."""
    from govern.inputs.aws.collectors import COLLECTORS

    collected = {kind for collector in COLLECTORS for kind in collector.types}
    unchecked = [
        p
        for p in policy_set.policies
        if p.resource_types and not collected & set(p.resource_types)
    ]
    missing = sorted({kind for p in unchecked for kind in p.resource_types})
    if not missing:
        return []
    named = ", ".join(missing[:_NAMED_TYPES])
    more = len(missing) - _NAMED_TYPES
    types = f"{named} and {more} more" if more > 0 else named
    count = len(unchecked)
    return [
        f"{count} {'policy was' if count == 1 else 'policies were'} not evaluated: "
        f"live scans do not collect {types} "
        "(docs/scanning.md lists what they collect)"
    ]


class _Evaluator:
    """Evaluates batches as they come and keeps only their findings."""

    def __init__(
        self, compiled: list[CompiledPolicy], options: RunOptions, settings: Settings
    ) -> None:
        self._compiled = compiled
        self._options: Options = engine_options_for(options, settings)
        self._findings: list[Finding] = []
        self.resources = 0

    def add(self, resources: list[Resource]) -> None:
        """Evaluate one batch and keep its findings."""
        inventory = Inventory(resources)
        self._findings.extend(evaluate(self._compiled, inventory, self._options))
        self.resources += len(resources)

    def findings(self) -> list[Finding]:
        """Findings in a stable order, whatever order the batches came in."""
        return sorted(
            self._findings,
            key=lambda f: (f.account or "", f.region or "", f.address, f.policy_id),
        )
