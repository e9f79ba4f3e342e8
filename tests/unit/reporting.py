"""Runs for reporter tests: real plans through the engine, plus every status.

``sample_run`` evaluates the two test policies on two real plans (one gate
failure, one warning, passes), then adds an unknown, a waived and a baselined
finding, so each reporter sees every status and every kind of reason.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from govern.config import Settings
from govern.findings.finding import Finding, fingerprint
from govern.pipeline import PolicySource, RunOptions, run_plans
from govern.policy.library import PolicySet
from govern.policy.models import Frameworks, Remediation
from govern.report import exit_codes
from govern.report.run import Run
from tests.conftest import TESTS, plan_path

BASIC_POLICIES = TESTS / "fixtures" / "policies" / "basic"
S3_PLAN = "checkov__s3_nested_child_modules_count_tf1_2"
SG_PLAN = "regula__sg_ingress_anywhere_tf0_13"
S3_FAILING = "module.s3_bucket.aws_s3_bucket.this[0]"
SG_FAILING = "aws_security_group.invalid_allow_all"


BASIC_SOURCE = PolicySource(extra=(BASIC_POLICIES,), builtin=False)


def basic_policies() -> PolicySet:
    return BASIC_SOURCE.load(Settings())


def plan_run(*plans: str, fail_on: str | None = None) -> Run:
    """The test policies evaluated on the named fixture plans."""
    return run_plans(
        [plan_path(name) for name in plans],
        BASIC_SOURCE,
        Settings(),
        RunOptions(fail_on=fail_on),
    )


def sample_run() -> Run:
    """Both plans, with one passing finding turned into each other status."""
    run = plan_run(S3_PLAN, SG_PLAN)
    passing = [f for f in run.findings if f.status == "pass"]
    changed = {
        id(passing[0]): passing[0].with_status(
            "unknown", message="bucket is unknown until apply"
        ),
        id(passing[1]): passing[1].with_status(
            "waived", waiver="W-7", note="accepted until the migration"
        ),
        id(passing[2]): passing[2].with_status("baselined"),
    }
    findings = [changed.get(id(f), f) for f in run.findings]
    run = with_findings(run, findings)
    run.notes.append("waiver W-3 expired on 2024-01-31; its findings count again")
    return run


def with_findings(run: Run, findings: list[Finding]) -> Run:
    """``run`` with other findings, and the gate and exit code to match."""
    gate = exit_codes.gating(findings, run.pillars, run.fail_on)
    return dataclasses.replace(
        run,
        findings=findings,
        gate=gate,
        exit_code=exit_codes.exit_code(len(gate), len(run.coverage_gaps)),
        notes=list(run.notes),
    )


def make_finding(
    address: str = "aws_s3_bucket.logs",
    status: str = "fail",
    severity: str = "high",
    origin: str = "plan.json",
    **changes: str | None,
) -> Finding:
    """A finding of the security pillar, with every optional field settable."""
    finding = Finding(
        policy_id="TEST-001",
        title="S3 bucket blocks all public access",
        pillar="security",
        severity=severity,
        status="fail",
        address=address,
        type="aws_s3_bucket",
        message="block_public_acls is false (expected: equals true)",
        origin=origin,
        team="Security Engineering",
        team_contact="#gov-security",
        remediation=Remediation(
            hint="Add a public access block.",
            terraform='resource "aws_s3_bucket_public_access_block" "this" {}',
            docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/",
        ),
        frameworks=Frameworks(cis_aws=["2.1.4"], nist_800_53=["AC-3"]),
        fingerprint=fingerprint("TEST-001", address, origin),
    )
    return finding.with_status(status, **changes)  # type: ignore[arg-type]


def write_sources(directory: Path) -> Path:
    """A root module declaring the S3 plan's failing bucket through a module."""
    module = directory / "modules" / "s3"
    module.mkdir(parents=True)
    (directory / "main.tf").write_text(
        'provider "aws" {}\n\nmodule "s3_bucket" {\n  source = "./modules/s3"\n}\n'
    )
    (module / "main.tf").write_text(
        'variable "n" {}\n\nresource "aws_s3_bucket" "this" {\n  count = 1\n}\n'
    )
    return directory
