"""Read ``terraform show -json`` plans (format 0.1 to 1.x) into resources.

``resource_changes`` decides which resources exist and what happens to them;
values come from ``change.after`` (``planned_values`` when absent), unknown and
sensitive markers from ``after_unknown`` and ``after_sensitive``, and references
between resources from the ``configuration`` section.
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govern.errors import PlanError
from govern.inputs.terraform.addresses import (
    instance_key,
    short_provider,
    strip_instance_keys,
)
from govern.inputs.terraform.configuration import (
    BlockConfig,
    Configuration,
    read_configuration,
)
from govern.model.resource import (
    CREATE,
    REMOVALS,
    Mode,
    Resource,
    effective_tags,
    tags_all_unknown,
)

SUPPORTED_MAJOR_FORMATS = ("0", "1")


@dataclass(slots=True)
class Plan:
    """A parsed plan: its resources and where they came from."""

    path: str
    format_version: str
    terraform_version: str
    resources: list[Resource]


STDIN = "-"
STDIN_NAME = "stdin"


def read_plan(path: str | Path) -> Plan:
    """Read the plan JSON at ``path``; raise ``PlanError`` on anything unusable.

    ``-`` reads standard input (``terraform show -json plan.out | govern plan
    -``), once: later reads in the same run get the same plan.
    """
    if is_stdin(path):
        return parse_plan(_decode_plan(_stdin(), STDIN_NAME), STDIN_NAME)
    return parse_plan(_decode_plan(_read(Path(path)), str(path)), str(path))


def is_stdin(path: str | Path) -> bool:
    return str(path) == STDIN


@functools.cache
def _stdin() -> bytes:
    return sys.stdin.buffer.read()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlanError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a directory, not a plan file") from None
    except PermissionError:
        raise PlanError(f"{path}: permission denied") from None


def _decode_plan(data: bytes, origin: str) -> Any:
    if not data.strip():
        raise PlanError(f"{origin}: empty; {_HOW}")
    try:
        return _decode(data)
    except ValueError:
        raise PlanError(f"{origin}: not JSON ({_json_problem(data)}); {_HOW}") from None


def parse_plan(document: Any, origin: str) -> Plan:
    """Turn an already-decoded plan document into a ``Plan``."""
    format_version = _check_is_plan(document, origin)
    configuration = read_configuration(
        document.get("configuration"), document.get("variables")
    )
    changes = document.get("resource_changes")
    if changes is None:
        changes = _unchanged_from_planned_values(document)
    if not isinstance(changes, list):
        raise PlanError(f"{origin}: 'resource_changes' is not a list")

    planned = _PlannedValues(document.get("planned_values"))
    resources: list[Resource] = []
    blocks: list[BlockConfig | None] = []
    for position, change in enumerate(changes):
        _check_change(change, f"{origin}: resource_changes[{position}]")
        block = configuration.block(strip_instance_keys(change["address"]))
        resources.append(_resource(change, block, configuration, planned, origin))
        blocks.append(block)
    _link_references(resources, blocks)
    return Plan(
        path=origin,
        format_version=format_version,
        terraform_version=str(document.get("terraform_version", "unknown")),
        resources=resources,
    )


_HOW = "produce it with 'terraform show -json plan.out'"


def _decode(data: bytes) -> Any:
    """Parse JSON with orjson, which is several times faster on large plans."""
    import orjson

    return orjson.loads(data)


def _json_problem(data: bytes) -> str:
    """Decode again with the standard library, for its precise position."""
    try:
        json.loads(data)
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as error:
        return f"{error.msg} at line {error.lineno}, column {error.colno}"
    return "invalid"


def _check_is_plan(document: Any, origin: str) -> str:
    if not isinstance(document, dict):
        raise PlanError(f"{origin}: JSON is not a Terraform plan (not an object)")
    format_version = document.get("format_version")
    if not isinstance(format_version, str):
        raise PlanError(
            f"{origin}: JSON is not a Terraform plan (no 'format_version'); {_HOW}"
        )
    if "resource_changes" not in document and "planned_values" not in document:
        what = "a state, not" if "values" in document else "not"
        raise PlanError(
            f"{origin}: JSON is {what} a Terraform plan "
            "(no 'resource_changes' or 'planned_values')"
        )
    if format_version.split(".", 1)[0] not in SUPPORTED_MAJOR_FORMATS:
        raise PlanError(
            f"{origin}: plan format_version {format_version} is not supported "
            "(govern reads 0.1 to 1.x)"
        )
    return format_version


def _check_change(change: Any, where: str) -> None:
    """Refuse a resource change Terraform would not write, naming where it is.

    A few type checks per resource: cheap next to building the resource, and
    they turn a malformed plan into one clear error instead of findings on
    half-read resources.
    """
    if not isinstance(change, dict):
        raise PlanError(f"{where} is not an object")
    for key in ("address", "type"):
        if not isinstance(change.get(key), str) or not change[key]:
            raise PlanError(f"{where} has no '{key}'")
    body = change.get("change")
    if body is None:
        return
    where = f"{where} ({change['address']})"
    if not isinstance(body, dict):
        raise PlanError(f"{where}: 'change' is not an object")
    # Action names are not checked against the ones govern knows: Terraform
    # adds new ones in minor versions ("forget" in 1.7) and asks readers to
    # accept them.
    actions = body.get("actions")
    if actions is not None and (
        not isinstance(actions, list) or not all(isinstance(a, str) for a in actions)
    ):
        raise PlanError(f"{where}: 'actions' is not a list of names")
    for key in ("before", "after"):
        if not isinstance(body.get(key), (dict, type(None))):
            raise PlanError(f"{where}: '{key}' is not an object")


def _unchanged_from_planned_values(document: dict[str, Any]) -> list[dict[str, Any]]:
    """A plan without changes may omit resource_changes: treat all as no-op.

    A refresh-only plan is one. Its planned values mark what is sensitive in
    ``sensitive_values``, which must carry over: reports never show those.
    """
    changes: list[dict[str, Any]] = []
    for raw in _PlannedValues.walk(document.get("planned_values")):
        change = {
            "actions": ["no-op"],
            "after": None,
            "after_sensitive": raw.get("sensitive_values"),
        }
        changes.append({**raw, "change": change})
    return changes


class _PlannedValues:
    """Lazy index of ``planned_values`` by address, used only as a fallback."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._by_address: dict[str, dict[str, Any]] | None = None

    def values_for(self, address: str) -> dict[str, Any] | None:
        if self._by_address is None:
            self._by_address = {
                item["address"]: item
                for item in self.walk(self._raw)
                if isinstance(item.get("address"), str)
            }
        found = self._by_address.get(address)
        values = found.get("values") if found else None
        return values if isinstance(values, dict) else None

    @staticmethod
    def walk(raw: Any) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        stack = [raw.get("root_module")] if isinstance(raw, dict) else []
        while stack:
            module = stack.pop()
            if not isinstance(module, dict):
                continue
            found.extend(r for r in module.get("resources", ()) if isinstance(r, dict))
            stack.extend(module.get("child_modules", ()))
        return found


def _resource(
    raw: dict[str, Any],
    block: BlockConfig | None,
    configuration: Configuration,
    planned: _PlannedValues,
    origin: str,
) -> Resource:
    address: str = raw["address"]
    change: dict[str, Any] = raw.get("change") or {}
    actions = tuple(change.get("actions") or ("no-op",))
    mode: Mode = "data" if raw.get("mode") == "data" else "managed"
    # A destroyed or forgotten resource is described by its prior values; the
    # planned values of a forgotten one are all null (Terraform 1.7 to 1.15).
    removing = actions in REMOVALS

    values = change.get("before") if removing else change.get("after")
    if not isinstance(values, dict):
        values = {} if removing else planned.values_for(address) or {}
    marker = "before" if removing else "after"
    unknown = None if removing else _marker(change.get("after_unknown"))
    sensitive = _marker(change.get(f"{marker}_sensitive"))

    tags, tags_incomplete = _effective_tags(values, unknown, configuration, block)
    if block is not None and CREATE in actions and isinstance(unknown, dict):
        unknown = _without_provider_defaults(unknown, values, block)

    region = values.get("region") if isinstance(values.get("region"), str) else None
    return Resource(
        address=address,
        type=raw["type"],
        name=str(raw.get("name", "")),
        values=values,
        module=str(raw.get("module_address") or ""),
        index=raw.get("index"),
        provider=short_provider(str(raw.get("provider_name", ""))),
        mode=mode,
        actions=actions,
        region=region
        or configuration.region_for(block.provider_key if block else None),
        unknown=unknown,
        sensitive=sensitive,
        tags=tags,
        tags_incomplete=tags_incomplete,
        configured=block.configured if block is not None else None,
        source="plan",
        origin=origin,
    )


def _effective_tags(
    values: dict[str, Any],
    unknown: Any,
    configuration: Configuration,
    block: BlockConfig | None,
) -> tuple[dict[str, str], bool]:
    """The effective tags, and whether default tags the plan hides join them.

    ``tags_all`` where known. The AWS provider leaves all of it unknown at plan
    time (always, in older versions, when creating; when one tag value is
    unknown, in newer ones); it will hold the provider's ``default_tags`` and
    the resource's own tags, so required tags set as defaults are not missing.
    """
    tags = effective_tags(values, unknown)
    if not tags_all_unknown(unknown):
        return tags, False
    defaults = configuration.default_tags_for(block.provider_key if block else None)
    if defaults is None:
        return tags, True
    return {**defaults, **tags}, False


def _marker(raw: Any) -> Any:
    """Normalise an unknown/sensitive tree: ``None`` when nothing is marked."""
    if raw is True:
        return True
    if isinstance(raw, (dict, list)) and raw:
        return raw
    return None


def _without_provider_defaults(
    unknown: dict[str, Any], values: dict[str, Any], block: BlockConfig
) -> dict[str, Any] | None:
    """Drop unknown markers of attributes the configuration never sets.

    When a resource is created, an attribute absent from its configuration is
    unknown only because the provider fills in its default after apply (a new
    bucket's ``versioning``, an instance's ``metadata_options``). For policies
    that is "not configured", not "value to be decided", so it reads as absent.
    """
    kept = {
        key: marker
        for key, marker in unknown.items()
        if key in block.configured or marker is not True or key in values
    }
    return kept or None


def _link_references(
    resources: list[Resource], blocks: list[BlockConfig | None]
) -> None:
    """Resolve each block's configuration references to full instance addresses."""
    instances: dict[tuple[str, str], list[Resource]] = {}
    for resource in resources:
        block_address = strip_instance_keys(resource.address)
        instances.setdefault((resource.module, block_address), []).append(resource)

    for resource, block in zip(resources, blocks, strict=True):
        if block is None or not block.references:
            continue
        prefix = f"{block.module_path}." if block.module_path else ""
        linked: dict[str, tuple[str, ...]] = {}
        for attribute, targets in block.references.items():
            addresses: list[str] = []
            for target_block, key in targets:
                candidates = instances.get((resource.module, prefix + target_block))
                if candidates:
                    addresses.extend(_pick_instances(candidates, key, resource.index))
            if addresses:
                linked[attribute] = tuple(dict.fromkeys(addresses))
        resource.references = linked


def _pick_instances(
    candidates: list[Resource], key: str | None, own_index: int | str | None
) -> list[str]:
    """Choose the instances a reference means.

    An explicit key (``aws_s3_bucket.b[0]``) names one instance. Without one,
    a resource with the same ``count``/``for_each`` key is the usual pairing
    (``aws_s3_bucket.b[count.index]``); failing that, every instance is linked.
    """
    if key is not None:
        chosen = [c for c in candidates if instance_key(c.index) == key]
        if chosen:
            return [c.address for c in chosen]
    if own_index is not None:
        same = [c for c in candidates if c.index == own_index]
        if same:
            return [same[0].address]
    return [c.address for c in candidates]
