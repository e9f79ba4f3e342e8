"""Pydantic models of pillar and policy files.

Every model forbids unknown keys, so a misspelt field is an error, not a silently
ignored line. The JSON Schema of a policy file is generated from ``Policy``.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govern.policy.conditions import Condition, ParamRef, Scalar
from govern.severity import Severity

POLICY_ID_PATTERN = r"^[A-Z][A-Z0-9]{1,11}-[0-9]{3,6}$"


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, defer_build=True
    )


class Team(_Strict):
    name: str = Field(min_length=1)
    contact: str = Field(min_length=1, description="Channel or address to reach it.")


class Pillar(_Strict):
    """One governance pillar, as defined in ``pillars/<id>.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    team: Team
    fail_on: Severity = Field(
        description="Lowest severity whose failing findings fail a pipeline."
    )
    waivable: bool = Field(
        default=True, description="false forbids waivers for every policy here."
    )
    order: int = Field(default=100, description="Position in reports, lowest first.")


FIX_PATH_PATTERN = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"

FixValue = Scalar | list[Scalar] | ParamRef


class Companion(_Strict):
    """A resource to add next to the failing one (``fix.add``)."""

    type: str = Field(
        pattern=r"^aws_[a-z0-9_]+$", description="Terraform type of the new resource."
    )
    body: str = Field(
        min_length=1,
        description="HCL inside the new resource's braces. {ref} becomes the "
        "failing resource's address in its module (aws_s3_bucket.logs), {name} "
        "its name; write {ref}.id or {ref}.arn to refer to it.",
    )
    note: str | None = Field(
        default=None,
        description="What the person adding it still has to do, such as "
        "filling in a placeholder variable; shown with the fix.",
    )

    @field_validator("body")
    @classmethod
    def _refers_to_the_resource(cls, body: str) -> str:
        if _linking_attribute(body) is None:
            raise ValueError(
                "the body must set an attribute to the failing resource: "
                "bucket = {ref}.id"
            )
        return body

    @property
    def via(self) -> str:
        """The new resource's attribute that refers to the failing one."""
        return _linking_attribute(self.body) or ""


_LINK_LINE = re.compile(r"^([a-z_][a-z0-9_]*)\s*=.*\{ref\}")


def _linking_attribute(body: str) -> str | None:
    # Top-level lines only: an indented line belongs to a nested block.
    for line in textwrap.dedent(body).splitlines():
        found = _LINK_LINE.match(line)
        if found is not None:
            return found.group(1)
    return None


class Fix(_Strict):
    """A concrete Terraform change that makes a failing resource compliant.

    Exactly one of ``set`` (attributes of the resource's own block) and ``add``
    (a companion resource) is given.
    """

    set_: dict[str, FixValue] | None = Field(
        default=None,
        alias="set",
        min_length=1,
        description="Attribute path to value. A dotted path names nested blocks: "
        "metadata_options.http_tokens means metadata_options { http_tokens = ... }. "
        "A value may be {param: name}.",
    )
    add: Companion | None = None

    @field_validator("set_")
    @classmethod
    def _paths_are_attribute_names(
        cls, settings: dict[str, FixValue] | None
    ) -> dict[str, FixValue] | None:
        for path in settings or {}:
            if not re.match(FIX_PATH_PATTERN, path):
                raise ValueError(
                    f"{path!r} is not an attribute path (names joined by dots)"
                )
            if any(other.startswith(path + ".") for other in settings or {}):
                raise ValueError(f"{path!r} is both an attribute and a block")
        return settings

    @model_validator(mode="after")
    def _one_kind(self) -> Fix:
        if (self.set_ is None) == (self.add is None):
            raise ValueError("give exactly one of 'set' and 'add'")
        return self


class Remediation(_Strict):
    hint: str = Field(min_length=1, description="One or two sentences: how to fix.")
    terraform: str | None = Field(
        default=None, description="Terraform showing the corrected configuration."
    )
    docs: str | None = Field(
        default=None, pattern=r"^https://", description="Documentation link."
    )
    fix: Fix | None = Field(
        default=None,
        description="The change as data, for `govern fix` and the concrete fix "
        "shown with each failing plan finding.",
    )


class Frameworks(_Strict):
    """Controls of well-known frameworks that the policy also satisfies."""

    cis_aws: list[str] = Field(default_factory=list)
    nist_800_53: list[str] = Field(default_factory=list)
    pci_dss: list[str] = Field(default_factory=list)
    soc2: list[str] = Field(default_factory=list)

    def items(self) -> list[tuple[str, list[str]]]:
        return [(name, ids) for name, ids in self.__dict__.items() if ids]


class Parameter(_Strict):
    description: str = Field(min_length=1)
    default: Any = Field(description="Used unless govern.yaml sets the parameter.")


class ExampleResource(_Strict):
    """A resource written the way a plan would show it."""

    type: str | None = Field(
        default=None, description="Defaults to the policy's first resource type."
    )
    values: dict[str, Any] = Field(default_factory=dict)
    unknown: list[str] = Field(
        default_factory=list, description="Paths unknown until apply."
    )
    sensitive: list[str] = Field(default_factory=list)
    region: str | None = Field(default=None, description="Seen as @region.")
    account: str | None = Field(default=None, description="Seen as @account.")


class Example(ExampleResource):
    name: str | None = None
    instances: int = Field(
        default=1,
        ge=1,
        description="Instances its block makes (count or for_each), seen as "
        "@instances; the others repeat its values.",
    )
    related: list[ExampleResource] = Field(
        default_factory=list,
        description="Linked resources; they link to the example by attribute value "
        "(a public access block whose bucket is the example's bucket).",
    )


class Examples(_Strict):
    pass_: list[Example] = Field(default_factory=list, alias="pass")
    fail: list[Example] = Field(default_factory=list)
    unknown: list[Example] = Field(default_factory=list)


class Deprecation(_Strict):
    removed_after: date
    replaced_by: str | None = None
    reason: str = Field(min_length=1)


InputKind = Literal["plan", "aws"]
INPUT_KINDS: tuple[InputKind, ...] = ("plan", "aws")


class Policy(_Strict):
    """One policy, as written in ``policies/<pillar>/<file>.yaml``."""

    id: str = Field(
        pattern=POLICY_ID_PATTERN,
        description="Opaque, stable, never reused: a prefix and a number.",
    )
    title: str = Field(min_length=1, max_length=120)
    pillar: str = Field(description="Id of a pillar defined in pillars/.")
    severity: Severity
    resource_types: list[str] = Field(min_length=1)
    rationale: str = Field(min_length=1)
    condition: Condition = Field(description="What a compliant resource satisfies.")
    exempt_if: Condition | None = Field(
        default=None,
        description="Resources this holds for pass without being judged by "
        "`condition`: the cases the rule does not apply to (a read replica "
        "inherits its source's encryption). Messages then speak of `condition` "
        "alone.",
    )
    on_unknown: Literal["unknown", "fail", "pass"] = Field(
        default="unknown",
        description="Status when the condition needs a value unknown at plan time.",
    )
    remediation: Remediation
    frameworks: Frameworks = Field(default_factory=Frameworks)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    examples: Examples
    waivable: bool = Field(default=True, description="false forbids waivers.")
    auto_remediate: bool = Field(
        default=False, description="May `govern remediate --apply` fix it unasked?"
    )
    redact: bool = Field(
        default=False,
        description="true: finding messages never show attribute values (for "
        "policies that detect secrets, whose values must not reach reports).",
    )
    deprecated: Deprecation | None = None
    sources: list[InputKind] = Field(
        default_factory=lambda: list(INPUT_KINDS),
        min_length=1,
        description="What the policy judges: plan (Terraform plans), aws (live "
        "scans). A condition on a Terraform argument that AWS does not keep "
        "(pgp_key, skip_final_snapshot) judges plans only.",
    )

    @field_validator("resource_types")
    @classmethod
    def _types_look_like_terraform(cls, types: list[str]) -> list[str]:
        for name in types:
            if not name.startswith("aws_"):
                raise ValueError(f"{name!r} is not an AWS Terraform resource type")
        return types

    @model_validator(mode="after")
    def _params_are_declared(self) -> Policy:
        parts = (
            ("condition", self.condition),
            ("exempt_if", self.exempt_if),
            ("fix", self.remediation),
        )
        for part, node in parts:
            missing = sorted(_param_names(node) - set(self.parameters))
            if missing:
                raise ValueError(f"{part} uses undeclared parameters: {missing}")
        return self


_PATH_FIELDS = ("path", "every", "some", "none", "json_")


def _param_names(node: Any) -> set[str]:
    from govern.model.paths import param_keys
    from govern.policy.conditions import ParamRef

    if isinstance(node, ParamRef):
        return {node.param}
    if isinstance(node, BaseModel):
        names: set[str] = set()
        for field, value in node.__dict__.items():
            names |= _param_names(value)
            if field in _PATH_FIELDS and isinstance(value, str):
                names |= param_keys(value)
        return names
    if isinstance(node, list):
        return set().union(*(_param_names(v) for v in node))
    if isinstance(node, dict):
        return set().union(*(_param_names(v) for v in node.values()))
    return set()
