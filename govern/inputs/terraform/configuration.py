"""What a plan's ``configuration`` section says about each resource block.

Two facts come from here: which top-level attributes a block sets at all, and
which other resources each attribute's expression refers to. Module-local
addresses are made absolute through nested ``module_calls``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govern.inputs.terraform.addresses import split_reference


@dataclass(slots=True)
class BlockConfig:
    """One ``resource`` block of the configuration, addressed without instances."""

    module_path: str
    provider_key: str | None
    configured: frozenset[str]
    # attribute -> (resource block address relative to module, literal key or None)
    references: dict[str, tuple[tuple[str, str | None], ...]] = field(
        default_factory=dict
    )


@dataclass(slots=True)
class Configuration:
    """Index of resource blocks and provider regions from a plan's configuration."""

    blocks: dict[str, BlockConfig]
    provider_regions: dict[str, str]
    default_region: str | None
    # None: the provider sets default tags the plan does not show.
    provider_default_tags: dict[str, dict[str, str] | None] = field(
        default_factory=dict
    )

    def block(self, config_address: str) -> BlockConfig | None:
        return self.blocks.get(config_address)

    def region_for(self, provider_key: str | None) -> str | None:
        if provider_key is not None and provider_key in self.provider_regions:
            return self.provider_regions[provider_key]
        return self.default_region

    def default_tags_for(self, provider_key: str | None) -> dict[str, str] | None:
        """The provider's ``default_tags``; None when the plan does not show them.

        ``{}`` when the provider sets none.
        """
        if provider_key is not None and provider_key in self.provider_default_tags:
            return self.provider_default_tags[provider_key]
        return self.provider_default_tags.get("aws", {})


def read_configuration(raw: Any, variables: Any = None) -> Configuration:
    """Index ``raw`` (the plan's ``configuration`` object, possibly missing).

    ``variables`` is the plan's ``variables`` object: a provider's region or
    default tags set from a root variable (``region = var.aws_region``) are
    resolved through it, unless the variable is sensitive.
    """
    if not isinstance(raw, dict):
        return Configuration({}, {}, None)
    root = raw.get("root_module")
    providers = raw.get("provider_config")
    usable = _without_sensitive(variables, root)
    regions: dict[str, str] = {}
    default_tags: dict[str, dict[str, str] | None] = {}
    for key, expressions in _provider_expressions(providers):
        region = _value(expressions.get("region"), usable)
        if isinstance(region, str):
            regions[key] = region
        if "default_tags" in expressions:
            default_tags[key] = _default_tags(expressions["default_tags"], usable)
    blocks: dict[str, BlockConfig] = {}
    if isinstance(root, dict):
        _index_module(root, "", blocks)
    return Configuration(blocks, regions, regions.get("aws"), default_tags)


def _provider_expressions(raw: Any) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(raw, dict):
        return []
    return [
        (key, provider["expressions"])
        for key, provider in raw.items()
        if isinstance(provider, dict) and isinstance(provider.get("expressions"), dict)
    ]


def _default_tags(blocks: Any, variables: dict[str, Any]) -> dict[str, str] | None:
    """A provider's ``default_tags { tags = ... }``; None when the plan hides them.

    A constant or a root variable can be read; tags built from locals or
    function calls (``merge(...)``) are not in a plan.
    """
    if not isinstance(blocks, list) or not blocks:
        return {}
    block = blocks[0] if isinstance(blocks[0], dict) else {}
    if "tags" not in block:
        return {}
    tags = _value(block["tags"], variables)
    if not isinstance(tags, dict):
        return None
    return {str(k): str(v) for k, v in tags.items() if v is not None}


def _without_sensitive(variables: Any, root: Any) -> dict[str, Any]:
    """The plan's variable values, less those declared sensitive.

    The plan JSON holds a sensitive variable's value too; no report may show it.
    """
    if not isinstance(variables, dict):
        return {}
    declared = root.get("variables") if isinstance(root, dict) else None
    if not isinstance(declared, dict):
        return variables
    return {
        name: value
        for name, value in variables.items()
        if not (
            isinstance(declared.get(name), dict) and declared[name].get("sensitive")
        )
    }


def _value(expression: Any, variables: dict[str, Any]) -> Any:
    """A constant, or the value of the one root variable the expression is.

    Only a bare root variable can be resolved; an expression such as
    "${var.a}-${var.b}" lists several references, and locals are not in a plan.
    """
    if not isinstance(expression, dict):
        return None
    if "constant_value" in expression:
        return expression["constant_value"]
    references = expression.get("references") or []
    if len(references) == 1 and str(references[0]).startswith("var."):
        value = variables.get(str(references[0]).removeprefix("var."))
        return value.get("value") if isinstance(value, dict) else None
    return None


def _index_module(
    module: dict[str, Any], path: str, into: dict[str, BlockConfig]
) -> None:
    for block in module.get("resources", ()):
        address = block.get("address")
        if not isinstance(address, str):
            continue
        expressions = block.get("expressions") or {}
        into[path + address] = BlockConfig(
            module_path=path.rstrip("."),
            provider_key=block.get("provider_config_key"),
            configured=frozenset(expressions),
            references=_references(expressions),
        )
    for name, call in (module.get("module_calls") or {}).items():
        child = call.get("module") if isinstance(call, dict) else None
        if isinstance(child, dict):
            _index_module(child, f"{path}module.{name}.", into)


def _references(
    expressions: dict[str, Any],
) -> dict[str, tuple[tuple[str, str | None], ...]]:
    found: dict[str, tuple[tuple[str, str | None], ...]] = {}
    for attribute, expression in expressions.items():
        targets: dict[tuple[str, str | None], None] = {}
        for reference in _reference_strings(expression):
            target = split_reference(reference)
            if target is not None:
                targets[target] = None
        if targets:
            found[attribute] = _drop_unkeyed_duplicates(tuple(targets))
    return found


def _reference_strings(expression: Any) -> list[str]:
    """Collect reference strings from an expression or a nested block's list."""
    if isinstance(expression, list):
        return [ref for item in expression for ref in _reference_strings(item)]
    if not isinstance(expression, dict):
        return []
    references = expression.get("references")
    if isinstance(references, list):
        return [ref for ref in references if isinstance(ref, str)]
    return [ref for value in expression.values() for ref in _reference_strings(value)]


def _drop_unkeyed_duplicates(
    targets: tuple[tuple[str, str | None], ...],
) -> tuple[tuple[str, str | None], ...]:
    # Terraform >= 1.0 lists "aws_s3_bucket.b[0].id", "aws_s3_bucket.b[0]" and
    # "aws_s3_bucket.b" together; the keyed form is the precise one.
    keyed = {block for block, key in targets if key is not None}
    return tuple(
        (block, key) for block, key in targets if key is not None or block not in keyed
    )
