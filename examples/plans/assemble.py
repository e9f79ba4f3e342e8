"""Assemble the example plans from the example Terraform configurations.

``compliant.json`` and ``noncompliant.json`` are what ``terraform show -json``
writes for ``examples/terraform/compliant`` and ``examples/terraform/noncompliant``
with Terraform 1.9.5 and the AWS provider 5.x, every resource being created.
With Terraform installed, regenerate them for real instead::

    cd examples/terraform/compliant          # or noncompliant
    export TF_VAR_db_password=demo-only-Orders-9f2c41
    terraform init && terraform plan -out plan.out
    terraform show -json plan.out > ../../plans/compliant.json

Without Terraform, this script writes the same documents (``--check`` only
compares them with the committed files)::

    python examples/plans/assemble.py [--check]

``compliant.py`` and ``noncompliant.py`` restate the configurations; this
script plans each the way Terraform and the provider do: configured values as
written, references resolved to planned values, unset optional attributes
null or the provider's default, computed ones unknown until apply, nested
blocks as lists, ``tags_all`` merged from the provider's ``default_tags``,
sensitive values marked. ``schemas.py`` holds the attribute sets, which
``provenance.py`` checks against the real plans in ``tests/fixtures/plans``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliant import COMPLIANT
from configurations import (
    Blocks,
    Configuration,
    JsonEncode,
    Local,
    Provider,
    Ref,
    Resource,
    Template,
    Var,
)
from noncompliant import NONCOMPLIANT
from provenance import check_against_fixtures
from schemas import (
    ATTRIBUTE_BLOCKS,
    SCHEMAS,
    SG_RULE,
    Attr,
    Block,
)

HERE = Path(__file__).resolve().parent
PROVIDER = "registry.terraform.io/hashicorp/aws"
TERRAFORM_VERSION = "1.9.5"
PLANS = {
    "compliant.json": (COMPLIANT, "2025-06-02T09:14:27Z"),
    "noncompliant.json": (NONCOMPLIANT, "2025-06-02T09:16:05Z"),
}


class _Unknown:
    """A value Terraform only knows after apply."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


# ---- evaluation ----------------------------------------------------------


@dataclass
class Evaluated:
    """A configuration value evaluated at plan time."""

    value: Any
    references: list[str]
    constant: bool
    sensitive: bool = False


class Planner:
    """Plans every resource of a configuration the way Terraform 1.9 does."""

    def __init__(self, config: Configuration) -> None:
        self.config = config
        self.by_address = {r.address: r for r in config.resources}
        self.planned: dict[str, dict[str, Any]] = {}
        self.sensitive: dict[str, set[str]] = {}

    def evaluate(self, value: Any) -> Evaluated:
        if isinstance(value, Ref):
            address, attribute = value.target.rsplit(".", 1)
            planned = self.plan(address).get(attribute, UNKNOWN)
            return Evaluated(planned, [value.target, address], False)
        if isinstance(value, Local):
            local = self.config.local_values[value.name]
            return Evaluated(local, [f"local.{value.name}"], False)
        if isinstance(value, Var):
            variable = self.config.variables[value.name]
            return Evaluated(
                variable.value, [f"var.{value.name}"], False, variable.sensitive
            )
        if isinstance(value, Template):
            parts = [self.evaluate(p) for p in value.parts]
            known = all(p.value is not UNKNOWN for p in parts)
            text = "".join(str(p.value) for p in parts) if known else UNKNOWN
            return self._combine(text, parts, call=False)
        if isinstance(value, JsonEncode):
            inner = self.evaluate(value.value)
            known = not contains_unknown(inner.value)
            text = go_json(inner.value) if known else UNKNOWN
            return self._combine(text, [inner], call=True)
        if isinstance(value, list):
            items = [self.evaluate(v) for v in value]
            return self._combine([i.value for i in items], items, call=False)
        if isinstance(value, dict):
            fields = {k: self.evaluate(v) for k, v in value.items()}
            plain = {k: f.value for k, f in fields.items()}
            return self._combine(plain, list(fields.values()), call=False)
        return Evaluated(value, [], True)

    @staticmethod
    def _combine(value: Any, parts: list[Evaluated], call: bool) -> Evaluated:
        references = [r for p in parts for r in p.references]
        constant = not call and all(p.constant for p in parts)
        sensitive = any(p.sensitive for p in parts)
        return Evaluated(value, references, constant, sensitive)

    def plan(self, address: str) -> dict[str, Any]:
        """The planned ``after`` of one resource, with ``UNKNOWN`` markers."""
        if address not in self.planned:
            resource = self.by_address[address]
            schema = SCHEMAS[resource.type]
            after, marked = self._plan_body(resource, schema, resource.body)
            if "tags_all" in after:
                after["tags_all"] = self._tags_all(resource, after)
            self.planned[address] = after
            self.sensitive[address] = marked | {
                n for n, a in schema.attrs.items() if a.sensitive
            }
        return self.planned[address]

    def _plan_body(
        self,
        resource: Resource,
        schema: Block,
        body: dict[str, Any],
        in_set: bool = False,
    ) -> tuple[dict[str, Any], set[str]]:
        unknown_keys = set(body) - set(schema.attrs) - set(schema.blocks)
        if unknown_keys:
            raise SystemExit(f"{resource.address}: not in schema: {unknown_keys}")
        after: dict[str, Any] = {}
        marked: set[str] = set()
        for name, attr in schema.attrs.items():
            if name in body:
                evaluated = self.evaluate(body[name])
                after[name] = planned_attribute(resource.type, name, attr, evaluated)
                if evaluated.sensitive:
                    marked.add(name)
            else:
                after[name] = unset(attr)
        for name, nested in schema.blocks.items():
            if name in body:
                element_in_set = in_set or nested.nesting == "set"
                after[name] = [
                    self._plan_body(resource, nested, b, element_in_set)[0]
                    for b in body[name].bodies
                ]
            else:
                after[name] = unset_block(nested)
        if in_set:
            # The SDK rebuilds set elements from its flat state, so an unset
            # attribute there plans as its type's zero value, not as null.
            after = {k: zero_value(v, schema, k) for k, v in after.items()}
        return after, marked

    def _tags_all(self, resource: Resource, after: dict[str, Any]) -> Any:
        tags = after.get("tags")
        if tags is UNKNOWN or contains_unknown(tags):
            return UNKNOWN
        merged = {**self.config.providers[resource.provider].default_tags}
        merged.update(tags or {})
        # An empty tags_all stays unknown: the provider decides it at apply.
        return dict(sorted(merged.items())) if merged else UNKNOWN


def planned_attribute(
    resource_type: str, name: str, attr: Attr, evaluated: Evaluated
) -> Any:
    value = evaluated.value
    if (resource_type, name) in ATTRIBUTE_BLOCKS:
        value = [attribute_block_element(v) for v in value]
    if attr.is_set and contains_unknown(value):
        return UNKNOWN
    if isinstance(value, str) and (resource_type, name) in IAM_POLICIES:
        return version_first(value)
    if attr.is_set and isinstance(value, list):
        return sorted(value, key=go_json)
    return value


def attribute_block_element(body: dict[str, Any]) -> dict[str, Any]:
    """An ingress or egress element as the SDK plans it: zero values for unset."""
    element: dict[str, Any] = {}
    for name in SG_RULE.attrs:
        value = body.get(name)
        element[name] = zero_value(value, SG_RULE, name) if value is None else value
    return element


def zero_value(value: Any, schema: Block, name: str) -> Any:
    if value is not None:
        return value
    if name in schema.blocks:
        return []
    attr = schema.attrs[name]
    return {"l": [], "m": {}}.get(attr.shape, _PRIMITIVE_ZERO.get(name, ""))


# Zero values of the non-string primitives that appear in set elements.
_PRIMITIVE_ZERO: dict[str, Any] = {
    "bucket_key_enabled": False,
    "self": False,
    "from_port": 0,
    "to_port": 0,
    "days": 0,
    "noncurrent_days": 0,
}

# IAM normalises policy documents it stores so that "Version" comes first.
IAM_POLICIES = {
    ("aws_iam_role", "assume_role_policy"),
    ("aws_iam_role_policy", "policy"),
}


def version_first(document: str) -> str:
    return re.sub(
        r'^\{(.*?),?("Version":"2012-10-17")(.*)\}$',
        lambda m: (
            "{"
            + m.group(2)
            + ("," if m.group(1) else "")
            + m.group(1)
            + m.group(3)
            + "}"
        ),
        document,
    )


def unset(attr: Attr) -> Any:
    if attr.kind == "C":
        return UNKNOWN
    return attr.default if attr.kind == "D" else None


def unset_block(nested: Block) -> Any:
    if nested.computed:
        return UNKNOWN
    return None if nested.nesting == "single" else []


def contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


# ---- Terraform's JSON renderings -----------------------------------------


def go_json(value: Any) -> str:
    """Compact JSON with sorted keys, as ``jsonencode`` and Go's encoder write."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return go_escape(text)


def go_escape(text: str) -> str:
    """Escape what Go's encoding/json escapes beyond the JSON standard."""
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text


def omit_unknowns(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: omit_unknowns(v) for k, v in value.items() if v is not UNKNOWN}
    if isinstance(value, list):
        return [None if v is UNKNOWN else omit_unknowns(v) for v in value]
    return value


def unknown_as_bool(value: Any) -> Any:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        marks = {k: unknown_as_bool(v) for k, v in value.items()}
        return {k: v for k, v in marks.items() if v is not False}
    if isinstance(value, list):
        return [unknown_as_bool(v) for v in value]
    return False


def sensitive_as_bool(value: Any, schema: Block | None, marked: set[str]) -> Any:
    """Terraform's sensitivity tree; unknown collections become empty."""
    if isinstance(value, dict):
        marks: dict[str, Any] = {}
        for key, item in value.items():
            if key in marked:
                marks[key] = True
                continue
            mark = _sensitive_item(item, schema, key)
            if mark is not False:
                marks[key] = mark
        return marks
    if isinstance(value, list):
        return [sensitive_as_bool(v, schema, set()) for v in value]
    return False


def _sensitive_item(item: Any, schema: Block | None, key: str) -> Any:
    nested = schema.blocks.get(key) if schema else None
    if item is UNKNOWN:
        if nested is not None:
            return {} if nested.nesting == "single" else []
        attr = schema.attrs.get(key) if schema else None
        shape = attr.shape if attr else "p"
        return {"l": [], "m": {}}.get(shape, False)
    if item is None:
        return False
    if isinstance(item, list):
        return [sensitive_as_bool(v, nested, set()) for v in item]
    if isinstance(item, dict):
        return sensitive_as_bool(item, nested, set())
    return False


# ---- the plan document ---------------------------------------------------


def expression(value: Any, planner: Planner, schema: Block | None) -> Any:
    """How ``configuration`` shows an argument: a constant or its references."""
    if isinstance(value, Blocks):
        return [expressions(b, planner, schema) for b in value.bodies]
    evaluated = planner.evaluate(value)
    if evaluated.constant:
        return {"constant_value": evaluated.value}
    return {"references": evaluated.references} if evaluated.references else {}


def expressions(
    body: dict[str, Any],
    planner: Planner,
    schema: Block | None,
    resource_type: str = "",
) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in body.items():
        if (resource_type, name) in ATTRIBUTE_BLOCKS:
            # Blocks written for a list-of-objects attribute show as one
            # constant with every field of every element present.
            value = [{k: v.get(k) for k in SG_RULE.attrs} for v in value]
        nested = schema.blocks.get(name) if schema else None
        shown[name] = expression(value, planner, nested)
    return shown


def sorted_tree(value: Any) -> Any:
    """Objects with sorted keys, as Terraform renders cty values and Go maps."""
    if isinstance(value, dict):
        return {k: sorted_tree(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_tree(v) for v in value]
    return value


def config_resource(resource: Resource, planner: Planner) -> dict[str, Any]:
    schema = SCHEMAS[resource.type]
    shown: dict[str, Any] = {
        "address": resource.address,
        "mode": "managed",
        "type": resource.type,
        "name": resource.name,
        "provider_config_key": resource.provider,
        "expressions": sorted_tree(
            expressions(resource.body, planner, schema, resource.type)
        ),
        "schema_version": schema.version,
    }
    if resource.depends_on:
        shown["depends_on"] = list(resource.depends_on)
    return shown


def provider_config(key: str, provider: Provider) -> dict[str, Any]:
    shown: dict[str, Any] = {"name": "aws", "full_name": PROVIDER}
    if provider.alias:
        shown["alias"] = provider.alias
    shown["version_constraint"] = "~> 5.0"
    shown["expressions"] = {"region": {"constant_value": provider.region}}
    if provider.default_tags:
        tags = dict(sorted(provider.default_tags.items()))
        shown["expressions"]["default_tags"] = [{"tags": {"constant_value": tags}}]
    return shown


def relevant_attributes(config: Configuration) -> list[dict[str, Any]]:
    """Attributes of resources that other resources' arguments refer to."""
    found: set[tuple[str, str]] = set()
    for resource in config.resources:
        for ref in references_in(resource.body):
            address, attribute = ref.target.rsplit(".", 1)
            found.add((address, attribute))
    return [{"resource": r, "attribute": [a]} for r, a in sorted(found)]


def references_in(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Template):
        for part in value.parts:
            yield from references_in(part)
    elif isinstance(value, JsonEncode):
        yield from references_in(value.value)
    elif isinstance(value, Blocks):
        for body in value.bodies:
            yield from references_in(body)
    elif isinstance(value, dict):
        for item in value.values():
            yield from references_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from references_in(item)


def plan_document(config: Configuration, timestamp: str) -> dict[str, Any]:
    planner = Planner(config)
    resources = sorted(config.resources, key=lambda r: r.address)
    planned_resources: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for resource in resources:
        schema = SCHEMAS[resource.type]
        after = planner.plan(resource.address)
        values = sorted_tree(omit_unknowns(after))
        marked = planner.sensitive[resource.address]
        sensitive = sorted_tree(sensitive_as_bool(after, schema, marked))
        head = {
            "address": resource.address,
            "mode": "managed",
            "type": resource.type,
            "name": resource.name,
            "provider_name": PROVIDER,
        }
        planned_resources.append(
            {
                **head,
                "schema_version": schema.version,
                "values": values,
                "sensitive_values": sensitive,
            }
        )
        change = {
            "actions": ["create"],
            "before": None,
            "after": values,
            "after_unknown": sorted_tree(unknown_as_bool(after)),
            "before_sensitive": False,
            "after_sensitive": sensitive,
        }
        changes.append({**head, "change": change})

    root_variables = {
        name: {
            "description": v.description,
            **({"sensitive": True} if v.sensitive else {}),
        }
        for name, v in sorted(config.variables.items())
    }
    return {
        "format_version": "1.2",
        "terraform_version": TERRAFORM_VERSION,
        "variables": {
            name: {"value": v.value} for name, v in sorted(config.variables.items())
        },
        "planned_values": {"root_module": {"resources": planned_resources}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                key: provider_config(key, p)
                for key, p in sorted(config.providers.items())
            },
            "root_module": {
                "resources": [config_resource(r, planner) for r in resources],
                "variables": root_variables,
            },
        },
        "relevant_attributes": relevant_attributes(config),
        "timestamp": timestamp,
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def render(config: Configuration, timestamp: str) -> str:
    # Terraform prints the document on one line, keeping its own field order.
    text = json.dumps(
        plan_document(config, timestamp), separators=(",", ":"), ensure_ascii=False
    )
    return go_escape(text) + "\n"


def main(argv: list[str]) -> int:
    check_against_fixtures()
    stale = []
    for filename, (config, timestamp) in PLANS.items():
        path = HERE / filename
        text = render(config, timestamp)
        if "--check" in argv:
            if not path.exists() or path.read_text() != text:
                stale.append(filename)
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(HERE.parents[1])}")
    for filename in stale:
        print(f"{filename} is stale: run python examples/plans/assemble.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
