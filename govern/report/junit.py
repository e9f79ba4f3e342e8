"""JUnit XML, for CI systems that show test results but not SARIF.

Each pillar is a test suite and each policy's verdict on one resource a test
case: the policy id is the class name, the resource address the test name and
the plan file the ``file``. A failing finding is a failure typed with its
severity; unknown, waived and baselined findings are skipped, with the reason
as the skip message; a pass is a plain test case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from govern.findings.finding import Finding, Status
from govern.report.run import Run

# XML 1.0 cannot hold most control characters, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SKIPPED: tuple[Status, ...] = ("unknown", "waived", "baselined")


def render(run: Run) -> str:
    """The report as a JUnit XML document."""
    root = ET.Element("testsuites", name="govern")
    for pillar_id, findings in _by_pillar(run).items():
        suite = ET.SubElement(root, "testsuite", name=pillar_id)
        _properties(suite, run, pillar_id)
        for finding in findings:
            _testcase(suite, finding)
        _count(suite, findings)
    _count(root, run.findings)
    root.set("time", f"{run.seconds:.3f}")
    ET.indent(root)
    document = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _by_pillar(run: Run) -> dict[str, list[Finding]]:
    """Findings by pillar, pillars in report order; pillars without any left out."""
    grouped: dict[str, list[Finding]] = {pillar: [] for pillar in run.pillars}
    for finding in run.findings:
        grouped.setdefault(finding.pillar, []).append(finding)
    return {
        pillar: sorted(findings, key=lambda f: (f.policy_id, f.origin, f.address))
        for pillar, findings in grouped.items()
        if findings
    }


def _properties(suite: ET.Element, run: Run, pillar_id: str) -> None:
    pillar = run.pillars.get(pillar_id)
    if pillar is None:
        return
    properties = ET.SubElement(suite, "properties")
    values = {
        "pillar": pillar.name,
        "team": pillar.team.name,
        "contact": pillar.team.contact,
        "fail_on": run.fail_on or pillar.fail_on,
    }
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=_clean(value))


def _testcase(suite: ET.Element, finding: Finding) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        classname=finding.policy_id,
        name=_clean(finding.address),
        file=_clean(finding.origin),
        time="0",
    )
    if finding.status == "fail":
        failure = ET.SubElement(
            case, "failure", message=_clean(finding.message), type=finding.severity
        )
        failure.text = _clean(
            f"{finding.title}\n{finding.message}\n"
            f"Fix: {finding.remediation.hint}\n"
            f"Team: {finding.team} ({finding.team_contact})"
        )
    elif finding.status in _SKIPPED:
        ET.SubElement(case, "skipped", message=_clean(_skip_reason(finding)))


def _skip_reason(finding: Finding) -> str:
    if finding.status == "waived":
        reason = f"waived by {finding.waiver or 'a waiver'}"
        return f"{reason}: {finding.note}" if finding.note else reason
    if finding.status == "baselined":
        return "in baseline"
    return finding.message


def _count(element: ET.Element, findings: list[Finding]) -> None:
    statuses = Counter(finding.status for finding in findings)
    element.set("tests", str(len(findings)))
    element.set("failures", str(statuses["fail"]))
    element.set("errors", "0")
    element.set("skipped", str(sum(statuses[s] for s in _SKIPPED)))


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
