"""Which parts of a snapshot the current policies need but the scan never read.

A scan reads only what its policies need. Evaluating its snapshot later with
other policies may need a collector or a detail call the scan skipped; those
attributes are unknown in the snapshot, and each such gap is reported so the
evaluation ends with exit code 4 rather than a quiet, incomplete pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govern.inputs.aws.collectors import COLLECTORS
from govern.inputs.aws.registry import plan_scan
from govern.policy.requirements import Needs

NOT_COLLECTED = "not-collected"


def not_collected(
    collected: Mapping[str, Sequence[str]], needs: Needs
) -> list[dict[str, Any]]:
    """Coverage gaps for what ``needs`` asks and the snapshot lacks."""
    gaps: list[dict[str, Any]] = []
    for planned in plan_scan(COLLECTORS, needs):
        label = planned.collector.label()
        done = collected.get(label)
        if done is None:
            message = f"the scan did not run {label}; its resources are missing"
            missing: list[str] = []
        else:
            missing = sorted(planned.wanted - set(done))
            if not missing:
                continue
            calls = ", ".join(
                planned.collector.detail(k).call.operation for k in missing
            )
            message = f"the scan did not call {calls}; those attributes are unknown"
        gaps.append(
            {
                "account": None,
                "region": None,
                "service": planned.collector.service,
                "operation": None,
                "error": NOT_COLLECTED,
                "message": message,
            }
        )
    return gaps
