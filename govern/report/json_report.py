"""The JSON report: one object with findings, a summary and the exit code."""

from __future__ import annotations

from typing import Any

from govern import __version__
from govern.findings.finding import Finding
from govern.report.run import Run

SCHEMA_VERSION = 1


def finding_to_dict(
    finding: Finding, shared: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A finding as plain JSON data (also used by other reporters and stores).

    A report repeats each policy's remediation and mappings once per finding;
    ``shared`` lets a caller convert them once per policy instead.
    """
    policy_parts = None if shared is None else shared.get(finding.policy_id)
    if policy_parts is None:
        policy_parts = {
            # The policy's fix as data stays out: "fix" below is the rendered
            # change for this resource.
            "remediation": _remediation(finding),
            "frameworks": dict(finding.frameworks.items()),
        }
        if shared is not None:
            shared[finding.policy_id] = policy_parts
    return {
        "policy_id": finding.policy_id,
        "title": finding.title,
        "pillar": finding.pillar,
        "severity": finding.severity,
        "status": finding.status,
        "address": finding.address,
        "type": finding.type,
        "message": finding.message,
        "origin": finding.origin,
        "region": finding.region,
        "account": finding.account,
        "team": {"name": finding.team, "contact": finding.team_contact},
        "owner": finding.owner,
        **policy_parts,
        "fingerprint": finding.fingerprint,
        "waiver": finding.waiver,
        "note": finding.note,
        "fix": finding.fix.text if finding.fix else None,
    }


def _remediation(finding: Finding) -> dict[str, Any]:
    # Read the fields directly: model_dump would build a pydantic serializer,
    # which costs more than a whole small report.
    remediation = finding.remediation
    return {
        "hint": remediation.hint,
        "terraform": remediation.terraform,
        "docs": remediation.docs,
    }


def render(run: Run) -> str:
    shared: dict[str, dict[str, Any]] = {}
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "govern", "version": __version__},
        "command": run.command,
        "exit_code": run.exit_code,
        "inputs": [
            {"kind": i.kind, "origin": i.origin, "resources": i.resources, **i.detail}
            for i in run.inputs
        ],
        "summary": run.summary(),
        "notes": run.notes,
        "coverage_gaps": run.coverage_gaps,
        "api_calls": run.api_calls,
        "findings": [finding_to_dict(f, shared) for f in run.findings],
    }
    return dumps(document)


def dumps(document: Any) -> str:
    """Pretty JSON, fast enough for reports with hundreds of thousands of findings."""
    import orjson

    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
