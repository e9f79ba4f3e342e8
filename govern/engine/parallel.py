"""Evaluate large inventories on two processes instead of one.

A forked child shares the compiled policies and the inventory without copying
or pickling them; it evaluates half of the policies and sends back plain
verdicts, from which the parent builds findings. Where fork is not available
(or one core), evaluation stays in one process: results are the same.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import Options, evaluate, finding_for, verdicts
from govern.engine.inventory import Inventory
from govern.findings.finding import Finding

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Below this many resources, starting a process costs more than it saves: on
# two cores a 500-resource plan gained nothing from the fork and a
# 1,000-resource plan about 50 ms of 800.
PARALLEL_MIN_RESOURCES = 800


def evaluate_parallel(
    policies: Sequence[CompiledPolicy],
    inventory: Inventory,
    options: Options,
    min_resources: int = PARALLEL_MIN_RESOURCES,
) -> list[Finding]:
    """Like ``evaluate``, on two processes when the inventory is large enough."""
    if len(inventory.resources) < min_resources or not _can_fork():
        return evaluate(policies, inventory, options)
    import multiprocessing

    split = _balanced_split(policies, inventory)
    mine, theirs = policies[:split], policies[split:]
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(theirs, inventory, options, sender))
    child.start()
    sender.close()
    findings = evaluate(mine, inventory, options)
    # Receive before joining: a large answer fills the pipe until it is read.
    outcome, payload = receiver.recv()
    child.join()
    if outcome != "ok":
        raise RuntimeError(f"evaluation in the worker process failed: {payload}")
    by_address = inventory.by_address
    findings.extend(
        finding_for(theirs[n], by_address[address], inventory, status, message, options)
        for n, address, status, message in payload
    )
    return findings


def _can_fork() -> bool:
    import multiprocessing

    forkable = "fork" in multiprocessing.get_all_start_methods()
    return forkable and (os.cpu_count() or 1) > 1


def _balanced_split(policies: Sequence[CompiledPolicy], inventory: Inventory) -> int:
    """Index splitting the policies into two halves of about equal work."""
    costs = [
        sum(len(inventory.of_type(t)) for t in compiled.policy.resource_types)
        for compiled in policies
    ]
    half, running = sum(costs) / 2, 0
    for index, cost in enumerate(costs):
        running += cost
        if running >= half:
            return index + 1
    return len(policies)


def _child(
    policies: Sequence[CompiledPolicy],
    inventory: Inventory,
    options: Options,
    sender: Connection,
) -> None:
    payload: Any
    try:
        payload = ("ok", list(verdicts(policies, inventory, options)))
    except Exception as error:  # reported by the parent, which owns the exit
        payload = ("error", f"{type(error).__name__}: {error}")
    sender.send(payload)
    sender.close()
