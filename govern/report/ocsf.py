"""OCSF Detection Findings, for security data lakes and SIEMs.

Every finding becomes one event of the Detection Finding class (class 2004 in
the Findings category, OCSF 1.4.0, Cloud profile), passing ones included: a
consumer that stored yesterday's "New" event sees today's "Resolved" one for
the same ``finding_info.uid`` (the stable fingerprint) and can close it.

Field names follow the OCSF schema. Two things govern knows have no attribute
in a Detection Finding and go under ``unmapped``: the pillar and owning team,
and the framework controls, which OCSF models as ``compliance`` only on the
Compliance Finding class; they keep that object's shape (``standards``,
``requirements``) so a consumer can move them across unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from govern import __version__
from govern.findings.finding import Finding
from govern.policy.models import Frameworks
from govern.report.json_report import dumps
from govern.report.run import Run

OCSF_VERSION = "1.4.0"
CLASS_UID = 2004
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
TYPE_UID = CLASS_UID * 100 + ACTIVITY_CREATE
ANALYTIC_RULE = 1

SEVERITIES = {
    "info": (1, "Informational"),
    "low": (2, "Low"),
    "medium": (3, "Medium"),
    "high": (4, "High"),
    "critical": (5, "Critical"),
}
# Finding lifecycle: a failure is new work, a pass resolves it, a waiver or
# baseline suppresses it; "unknown until apply" has no OCSF status (99 Other).
STATUSES = {
    "fail": (1, "New"),
    "pass": (4, "Resolved"),
    "waived": (3, "Suppressed"),
    "baselined": (3, "Suppressed"),
    "unknown": (99, "Undetermined"),
}
STANDARDS = {
    "cis_aws": "CIS AWS Foundations Benchmark",
    "nist_800_53": "NIST SP 800-53",
    "pci_dss": "PCI DSS",
    "soc2": "SOC 2",
}


def render(
    run: Run, clock: Callable[[], float] = time.time, lines: bool = False
) -> str:
    """The findings of ``run`` as OCSF events: a JSON array, or JSON Lines.

    ``clock`` gives the event time in seconds since the epoch; tests pass a
    fixed one so the output is reproducible.
    """
    now = int(clock() * 1000)
    events = [detection_finding(finding, now) for finding in run.findings]
    if not lines:
        return dumps(events)
    import orjson

    return "".join(orjson.dumps(event).decode() + "\n" for event in events)


def detection_finding(finding: Finding, time_ms: int) -> dict[str, Any]:
    """One finding as an OCSF Detection Finding event."""
    severity_id, severity = SEVERITIES[finding.severity]
    status_id, status = STATUSES[finding.status]
    return {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "type_uid": TYPE_UID,
        "type_name": "Detection Finding: Create",
        "time": time_ms,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "message": f"{finding.title}: {finding.address}",
        "metadata": _metadata(),
        "finding_info": _finding_info(finding),
        "resources": [_resource(finding)],
        "cloud": _cloud(finding),
        "remediation": _remediation(finding),
        "unmapped": _unmapped(finding),
    }


def _metadata() -> dict[str, Any]:
    return {
        "product": {"name": "govern", "vendor_name": "govern", "version": __version__},
        "version": OCSF_VERSION,
        "profiles": ["cloud"],
    }


def _finding_info(finding: Finding) -> dict[str, Any]:
    return {
        "uid": finding.fingerprint,
        "title": finding.title,
        "desc": finding.message,
        "types": [finding.pillar],
        "analytic": {
            "uid": finding.policy_id,
            "name": finding.title,
            "type_id": ANALYTIC_RULE,
            "type": "Rule",
        },
    }


def _resource(finding: Finding) -> dict[str, Any]:
    resource: dict[str, Any] = {"uid": finding.address, "type": finding.type}
    if finding.region:
        resource["region"] = finding.region
    partition = arn_partition(finding.address)
    if partition:
        resource["cloud_partition"] = partition
    owner: dict[str, Any] = {}
    if finding.owner:
        owner["name"] = finding.owner
    if finding.account:
        owner["account"] = {"uid": finding.account}
    if owner:
        resource["owner"] = owner
    return resource


def arn_partition(address: str) -> str | None:
    """``aws`` for ``arn:aws:s3:::logs``; ``None`` for anything but an ARN."""
    parts = address.split(":", 2)
    if len(parts) == 3 and parts[0] == "arn" and parts[1]:
        return parts[1]
    return None


def _cloud(finding: Finding) -> dict[str, Any]:
    cloud: dict[str, Any] = {"provider": "AWS"}
    if finding.region:
        cloud["region"] = finding.region
    if finding.account:
        cloud["account"] = {"uid": finding.account}
    return cloud


def _remediation(finding: Finding) -> dict[str, Any]:
    remediation: dict[str, Any] = {"desc": finding.remediation.hint}
    if finding.remediation.docs:
        remediation["references"] = [finding.remediation.docs]
    return remediation


def _unmapped(finding: Finding) -> dict[str, Any]:
    unmapped: dict[str, Any] = {
        "policy_id": finding.policy_id,
        "pillar": finding.pillar,
        "team": {"name": finding.team, "contact": finding.team_contact},
        "status": finding.status,
        "origin": finding.origin,
    }
    if finding.waiver:
        unmapped["waiver"] = finding.waiver
    if finding.note:
        unmapped["note"] = finding.note
    compliance = _compliance(finding.frameworks)
    if compliance:
        unmapped["compliance"] = compliance
    return unmapped


def _compliance(frameworks: Frameworks) -> dict[str, list[str]] | None:
    pairs = frameworks.items()
    if not pairs:
        return None
    return {
        "standards": [STANDARDS.get(name, name) for name, _ in pairs],
        "requirements": [
            f"{STANDARDS.get(name, name)} {control}"
            for name, controls in pairs
            for control in controls
        ],
    }
