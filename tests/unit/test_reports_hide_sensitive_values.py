"""No report format may ever show a value the plan marks as sensitive."""

from __future__ import annotations

from typing import Any

import pytest

from govern import library
from govern.config import Settings
from govern.engine.compiler import compile_policy
from govern.engine.evaluate import evaluate
from govern.engine.inventory import Inventory
from govern.inputs.terraform.plan import parse_plan
from govern.pipeline import RunOptions, finish
from govern.policy.library import PolicySet
from govern.policy.loader import load_pillars
from govern.policy.models import Policy
from govern.report import annotations as workflow
from govern.report import json_report, junit, markdown, ocsf, sarif, text
from govern.report.run import InputSummary, Run

SECRET = "hunter2-SECRET"
OWNER_SECRET = "owner-SECRET"

PLAN: dict[str, Any] = {
    "format_version": "1.2",
    "terraform_version": "1.6.0",
    "resource_changes": [
        {
            "address": "aws_db_instance.main",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "main",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "after": {
                    "password": SECRET,
                    "engine": "postgres",
                    "tags": {"owner": OWNER_SECRET},
                    "tags_all": {"owner": OWNER_SECRET},
                },
                "after_unknown": {},
                "after_sensitive": {
                    "password": True,
                    "tags": {"owner": True},
                    "tags_all": {"owner": True},
                },
            },
        }
    ],
}

# The same database in a refresh-only plan: no resource changes, so values
# and their sensitivity come from planned_values.
_CHANGE = PLAN["resource_changes"][0]
REFRESH_ONLY_PLAN: dict[str, Any] = {
    "format_version": "1.2",
    "terraform_version": "1.6.0",
    "planned_values": {
        "root_module": {
            "resources": [
                {
                    **{k: v for k, v in _CHANGE.items() if k != "change"},
                    "schema_version": 2,
                    "values": _CHANGE["change"]["after"],
                    "sensitive_values": _CHANGE["change"]["after_sensitive"],
                }
            ]
        }
    },
}
PLANS = {"changes": PLAN, "refresh-only": REFRESH_ONLY_PLAN}

# Fails for any password shorter than 32 characters, so the message has to
# talk about the password's value: it must say it is sensitive instead.
POLICY: dict[str, Any] = {
    "id": "TEST-900",
    "title": "Database passwords are long",
    "pillar": "security",
    "severity": "critical",
    "resource_types": ["aws_db_instance"],
    "rationale": "Short passwords are guessed.",
    "condition": {
        "all": [
            {"path": "password", "matches": "^.{32,}$"},
            {"path": "@tags.owner", "equals": "platform"},
        ]
    },
    "remediation": {
        "hint": "Generate the password with random_password.",
        "terraform": 'resource "random_password" "db" {\n  length = 40\n}',
    },
    "examples": {},
}


def secret_run(plan_kind: str = "changes") -> Run:
    pillars = load_pillars(library.builtin_pillars())
    policy = Policy.model_validate(POLICY)
    plan = parse_plan(PLANS[plan_kind], "plans/secret.json")
    compiled = [compile_policy(policy, pillars["security"])]
    findings = evaluate(compiled, Inventory(plan.resources))
    inputs = [InputSummary("plan", plan.path, len(plan.resources))]
    return finish(
        "plan",
        findings,
        PolicySet(pillars, [policy]),
        inputs,
        RunOptions(use_waivers=False),
        Settings(),
        0.0,
    )


RENDERERS = {
    "text": lambda run: text.render(run),
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "markdown": markdown.render,
    "annotations": workflow.render,
    "ocsf": ocsf.render,
}


@pytest.mark.parametrize("plan_kind", sorted(PLANS))
def test_the_run_fails_on_the_sensitive_attribute(plan_kind: str) -> None:
    (finding,) = secret_run(plan_kind).findings
    assert finding.status == "fail"
    assert "password is (sensitive value)" in finding.message


@pytest.mark.parametrize("plan_kind", sorted(PLANS))
@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_sensitive_values_appear_in_no_format(name: str, plan_kind: str) -> None:
    output = RENDERERS[name](secret_run(plan_kind))
    assert output, name
    assert SECRET not in output, name
    assert OWNER_SECRET not in output, name
