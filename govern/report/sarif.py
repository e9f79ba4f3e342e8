"""SARIF 2.1.0 for GitHub code scanning.

Every loaded policy becomes a rule, so an alert can show its rationale and fix
even in runs where it did not fire; every failing finding becomes a result.
Results point at the ``.tf`` line that declares the resource when a source
directory is given and the resource is found there, else at the plan file,
with the resource address as a logical location either way.

GitHub reads ``properties.security-severity`` (a number written as a string)
to rank alerts tagged ``security``, and ``partialFingerprints`` to follow an
alert across runs; the finding fingerprint is stable, so it serves for both.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path
from typing import Any

from govern import __version__
from govern.findings.finding import Finding
from govern.policy.models import Frameworks, Policy, Remediation
from govern.report.json_report import dumps
from govern.report.locations import Locator
from govern.report.markdown import code_block
from govern.report.run import Run
from govern.report.sarif_fixes import SarifFixes, artifact

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "governFindingHash/v1"

SECURITY_SEVERITY = {
    "critical": "9.5",
    "high": "8.0",
    "medium": "5.5",
    "low": "3.0",
    "info": "0.0",
}
LEVELS = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "info": "note",
}


def render(run: Run, source_dir: Path | None = None, root: Path | None = None) -> str:
    """The SARIF log of ``run`` as JSON text.

    ``source_dir`` is the Terraform root module to find resource blocks in;
    ``root`` is what paths are made relative to (default: current directory).
    """
    return dumps(sarif_log(run, source_dir, root))


def sarif_log(
    run: Run, source_dir: Path | None = None, root: Path | None = None
) -> dict[str, Any]:
    """The SARIF log of ``run`` as plain data."""
    rules = [_rule(policy) for policy in run.policies]
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    locator = Locator(source_dir, root)
    fixes = SarifFixes(source_dir, locator)
    results: list[dict[str, Any]] = []
    for finding in run.findings:
        if finding.status != "fail":
            continue
        if finding.policy_id not in index:
            index[finding.policy_id] = len(rules)
            rules.append(_rule_from_finding(finding))
        result = _result(finding, index[finding.policy_id], locator)
        result_fixes = fixes.fixes(finding)
        if result_fixes:
            result["fixes"] = result_fixes
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{"tool": {"driver": _driver(rules)}, "results": results}],
    }


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "govern", "version": __version__}
    homepage = information_uri()
    if homepage is not None:
        driver["informationUri"] = homepage
    driver["rules"] = rules
    return driver


def information_uri() -> str | None:
    """The project's home page, as declared in its package metadata."""
    try:
        urls = metadata.metadata("govern").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("homepage", "home", "source") and url.strip():
            return url.strip()
    return None


def _rule(policy: Policy) -> dict[str, Any]:
    return _make_rule(
        policy.id,
        policy.title,
        policy.rationale,
        policy.severity,
        policy.pillar,
        policy.remediation,
        policy.frameworks,
    )


def _rule_from_finding(finding: Finding) -> dict[str, Any]:
    """A rule for a finding whose policy is not in the run's policy list."""
    return _make_rule(
        finding.policy_id,
        finding.title,
        None,
        finding.severity,
        finding.pillar,
        finding.remediation,
        finding.frameworks,
    )


def _make_rule(
    rule_id: str,
    title: str,
    rationale: str | None,
    severity: str,
    pillar: str,
    remediation: Remediation,
    frameworks: Frameworks,
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": _pascal_case(title),
        "shortDescription": {"text": title},
    }
    if rationale:
        rule["fullDescription"] = {"text": rationale.strip()}
    rule["help"] = {
        "text": _help_text(remediation),
        "markdown": _help_markdown(remediation),
    }
    if remediation.docs:
        rule["helpUri"] = remediation.docs
    rule["defaultConfiguration"] = {"level": LEVELS[severity]}
    rule["properties"] = {
        "tags": _tags(pillar, frameworks),
        "security-severity": SECURITY_SEVERITY[severity],
    }
    return rule


def _result(finding: Finding, rule_index: int, locator: Locator) -> dict[str, Any]:
    where = locator.locate(finding)
    physical = {
        "artifactLocation": artifact(where),
        # GitHub needs a start line; a plan file is usually one long line.
        "region": {"startLine": where.line or 1},
    }
    return {
        "ruleId": finding.policy_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {"fullyQualifiedName": finding.address, "kind": "resource"}
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }


def _message(finding: Finding) -> str:
    owner = finding.owner or "not tagged"
    return (
        f"{finding.address}: {finding.message.rstrip('.')}. "
        f"Team: {finding.team} ({finding.team_contact}). Owner: {owner}."
    )


def _help_text(remediation: Remediation) -> str:
    parts = [remediation.hint.strip()]
    if remediation.terraform:
        parts.append("Terraform:\n" + remediation.terraform.rstrip())
    if remediation.docs:
        parts.append(f"Documentation: {remediation.docs}")
    return "\n\n".join(parts)


def _help_markdown(remediation: Remediation) -> str:
    parts = [remediation.hint.strip()]
    if remediation.terraform:
        parts.append(code_block(remediation.terraform, "hcl"))
    if remediation.docs:
        parts.append(f"[Documentation]({remediation.docs})")
    return "\n\n".join(parts)


def _tags(pillar: str, frameworks: Frameworks) -> list[str]:
    tags = [pillar]
    for framework, controls in frameworks.items():
        tags.append(framework)
        tags.extend(f"{framework}/{control}" for control in controls)
    return tags


def _pascal_case(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(word[:1].upper() + word[1:] for word in words) or "Policy"
