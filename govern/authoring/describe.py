"""Everything about one policy, readable in a terminal (``govern policies show``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from govern.engine.compiler import CompiledPolicy
from govern.policy.models import Example, Fix

_JUDGES = {
    ("aws", "plan"): "Terraform plans and live scans",
    ("plan",): "Terraform plans only",
    ("aws",): "live scans only",
}


def describe(compiled: CompiledPolicy) -> str:
    policy = compiled.policy
    pillar = compiled.pillar
    lines = [
        f"{policy.id}  {policy.title}",
        "",
        f"pillar:     {pillar.name} ({pillar.id}), owned by {pillar.team.name} "
        f"({pillar.team.contact})",
        f"severity:   {policy.severity} (this pillar fails pipelines at "
        f"{pillar.fail_on} and above)",
        f"applies to: {', '.join(policy.resource_types)}",
        f"judges:     {_JUDGES[tuple(sorted(policy.sources))]}",
        f"unknown:    {policy.on_unknown} when a needed value is unknown at plan time",
        f"waivable:   {'yes' if policy.waivable and pillar.waivable else 'no'}",
        f"auto-remediate: {'yes' if policy.auto_remediate else 'no'}",
        "",
        "why:",
        *_indented(policy.rationale),
        "",
        "compliant when:",
        *_indented(compiled.check.describe()),
    ]
    if compiled.parameters:
        lines += ["", "parameters:"]
        for name, value in compiled.parameters.items():
            described = policy.parameters[name].description
            lines.append(f"  {name} = {json.dumps(value)}  ({described})")
    lines += ["", "fix:", *_indented(policy.remediation.hint)]
    if policy.remediation.terraform:
        lines += ["", "terraform:", *_indented(policy.remediation.terraform.rstrip())]
    if policy.remediation.fix:
        lines += ["", "govern fix:", *_fix_lines(policy.remediation.fix)]
    if policy.remediation.docs:
        lines += ["", f"docs: {policy.remediation.docs}"]
    mappings = policy.frameworks.items()
    if mappings:
        lines += ["", "frameworks:"]
        lines += [f"  {name}: {', '.join(ids)}" for name, ids in mappings]
    lines += ["", "examples:"]
    for expected, examples in (
        ("pass", policy.examples.pass_),
        ("fail", policy.examples.fail),
        ("unknown", policy.examples.unknown),
    ):
        for example in examples:
            lines.append(f"  {expected}: {_example(example)}")
    return "\n".join(lines) + "\n"


def _example(example: Example) -> str:
    text = (example.name + ": ") if example.name else ""
    text += json.dumps(example.values, sort_keys=True)
    if example.unknown:
        text += f" unknown: {', '.join(example.unknown)}"
    for related in example.related:
        text += f" + {related.type} {json.dumps(related.values, sort_keys=True)}"
    return text


def _fix_lines(fix: Fix) -> list[str]:
    if fix.add is not None:
        lines = [f"  add {fix.add.type}:", *_indented(fix.add.body.rstrip(), 4)]
        return lines + ([f"  note: {fix.add.note}"] if fix.add.note else [])
    return [
        f"  set {path} = {json.dumps(_plain(value))}"
        for path, value in (fix.set_ or {}).items()
    ]


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def _indented(text: str, width: int = 2) -> list[str]:
    return [" " * width + line for line in text.splitlines()]


def as_json(compiled: CompiledPolicy) -> dict[str, Any]:
    """A policy as plain data, for ``policies list --format json``."""
    policy = compiled.policy
    return {
        "id": policy.id,
        "title": policy.title,
        "pillar": policy.pillar,
        "severity": policy.severity,
        "resource_types": policy.resource_types,
        "team": compiled.pillar.team.name,
        "frameworks": dict(policy.frameworks.items()),
        "waivable": policy.waivable and compiled.pillar.waivable,
        "auto_remediate": policy.auto_remediate,
        "condition": compiled.check.describe(),
        "remediation": policy.remediation.model_dump(by_alias=True),
        "parameters": dict(compiled.parameters),
    }
