"""Findings from a saved ``govern scan --format json`` report (``--from``).

A report keeps each finding's policy, ARN, account, region and status, which
is all an action needs to find the resource again. The findings are triaged
again with today's waivers and baseline before anything acts on them, so a
waiver added since the scan still protects its resources.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from govern.errors import UsageError
from govern.findings.finding import STATUSES, Finding, Status
from govern.policy.models import Frameworks, Remediation
from govern.report.json_report import SCHEMA_VERSION

LIVE_COMMANDS = ("scan", "eval")


def read_report(path: Path) -> list[Finding]:
    """The findings of a live report; ``UsageError`` for anything else."""
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise UsageError(f"--from {path}: cannot read ({error.strerror})") from None
    except ValueError:
        raise UsageError(f"--from {path}: not JSON") from None
    if not isinstance(document, dict) or "findings" not in document:
        raise UsageError(f"--from {path}: not a govern JSON report")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise UsageError(
            f"--from {path}: report schema {document.get('schema_version')!r}, "
            f"expected {SCHEMA_VERSION}"
        )
    if document.get("command") not in LIVE_COMMANDS:
        raise UsageError(
            f"--from {path}: a report of 'govern {document.get('command')}'; "
            "give the JSON report of 'govern scan' or 'govern eval'"
        )
    findings = []
    for index, entry in enumerate(document["findings"]):
        try:
            findings.append(_finding(entry))
        except (KeyError, TypeError, ValueError, ValidationError):
            raise UsageError(
                f"--from {path}: finding {index} is not a govern finding"
            ) from None
    return findings


def _finding(entry: Mapping[str, Any]) -> Finding:
    status = entry["status"]
    if status not in STATUSES:
        raise ValueError(status)
    team = entry.get("team") or {}
    return Finding(
        policy_id=str(entry["policy_id"]),
        title=str(entry["title"]),
        pillar=str(entry["pillar"]),
        severity=str(entry["severity"]),
        status=cast(Status, status),
        address=str(entry["address"]),
        type=str(entry["type"]),
        message=str(entry.get("message") or ""),
        origin=str(entry["origin"]),
        team=str(team.get("name", "")),
        team_contact=str(team.get("contact", "")),
        remediation=Remediation.model_validate(entry["remediation"]),
        frameworks=Frameworks.model_validate(entry.get("frameworks") or {}),
        fingerprint=str(entry["fingerprint"]),
        region=entry.get("region"),
        account=entry.get("account"),
        owner=entry.get("owner"),
        waiver=entry.get("waiver"),
        note=entry.get("note"),
    )
