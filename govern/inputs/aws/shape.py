"""Turning AWS answers into resources shaped the way Terraform shows them.

Terraform writes nested blocks as lists of objects, tags as a map and policy
documents as JSON strings; these helpers keep collectors to that shape.
Objects that Terraform splits into several resources (a bucket and its
versioning) get one resource per part, addressed by the parent's ARN, ``#``
and the part's type, and linked to the parent by value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from govern.inputs.aws.context import Answer, Context
from govern.inputs.aws.registry import Detail
from govern.model.resource import Resource

Convert = Callable[[Mapping[str, Any]], dict[str, Any]]


def live(
    ctx: Context,
    kind: str,
    address: str,
    name: str,
    values: dict[str, Any],
    tags: Mapping[str, str] | None = None,
) -> Resource:
    """A live resource of ``kind`` in the context's account and region."""
    tag_values = dict(tags or {})
    if tags is not None:
        values["tags"] = tag_values
        values["tags_all"] = tag_values
    return Resource(
        address=address,
        type=kind,
        name=name,
        values=values,
        region=ctx.resource_region,
        account=ctx.account,
        source="aws",
        origin=ctx.account,
        tags=tag_values,
    )


def fill(
    resource: Resource,
    detail: Detail,
    answer: Answer,
    convert: Convert,
    absent: Mapping[str, Any] | None = None,
) -> None:
    """Add a detail call's attributes; unknown when refused or not made.

    ``absent`` holds the values AWS implies when the setting is not configured
    (a log group without retention keeps events forever: ``0`` in Terraform).
    """
    if answer.ok:
        resource.values.update(convert(answer.data))
    elif answer.state == "absent":
        resource.values.update(absent or {})
    else:
        mark_unknown(resource, detail.fills.get(resource.type, ()))


def part(
    ctx: Context,
    parent: Resource,
    detail: Detail,
    answer: Answer,
    kind: str,
    link: Mapping[str, Any],
    convert: Convert,
    key: str | None = None,
) -> Resource | None:
    """The resource Terraform splits off ``parent`` for this detail, if any.

    A configured setting gives a resource with ``link`` (the attributes that
    name the parent) and the converted answer. A refused call gives one whose
    other attributes are unknown, so a policy looking for it says ``unknown``
    rather than "missing". An absent setting, or a call not made, gives none.
    """
    if answer.state in ("absent", "skipped"):
        return None
    suffix = f"{kind}/{key}" if key else kind
    resource = live(ctx, kind, f"{parent.address}#{suffix}", parent.name, dict(link))
    if answer.ok:
        resource.values.update(convert(answer.data))
    else:
        mark_unknown(resource, detail.fills.get(kind, frozenset()) - set(link))
    return resource


def mark_unknown(resource: Resource, attributes: Iterable[str]) -> None:
    """Mark whole attributes unknown, and drop any value they had."""
    names = [a for a in attributes if not a.startswith("@")]
    if not names:
        return
    marks = resource.unknown if isinstance(resource.unknown, dict) else {}
    for name in names:
        marks[name] = True
        resource.values.pop(name, None)
    resource.unknown = marks


def mark_known(resource: Resource, attribute: str) -> None:
    """Undo ``mark_unknown`` for an attribute govern could derive anyway."""
    if isinstance(resource.unknown, dict):
        resource.unknown.pop(attribute, None)
        if not resource.unknown:
            resource.unknown = None


def tag_map(
    tags: Iterable[Mapping[str, Any]] | None, key: str = "Key", value: str = "Value"
) -> dict[str, str]:
    """AWS's list of key/value pairs as Terraform's tag map."""
    return {
        str(item[key]): str(item.get(value, ""))
        for item in tags or ()
        if item.get(key) is not None
    }


def document(text: Any) -> str | None:
    """A policy document as Terraform stores it: compact JSON in a string.

    IAM returns documents URL-encoded; other services return JSON text.
    """
    if text is None or text == "":
        return None
    if isinstance(text, str):
        decoded = unquote(text) if text.lstrip().startswith("%7B") else text
        try:
            parsed = json.loads(decoded)
        except ValueError:
            return decoded
    else:
        parsed = text
    return json.dumps(parsed, separators=(",", ":"), sort_keys=True)


def block(**values: Any) -> list[dict[str, Any]]:
    """A nested block with one element, as Terraform writes it."""
    return [values]


def iso(moment: Any) -> str | None:
    """A timestamp as RFC 3339 text, the way Terraform shows dates."""
    if moment is None:
        return None
    isoformat = getattr(moment, "isoformat", None)
    return str(isoformat()) if isoformat else str(moment)


def fill_tags(
    resource: Resource,
    detail: Detail,
    answer: Answer,
    tags_of: Callable[[Mapping[str, Any]], Mapping[str, str]],
) -> None:
    """Set tags from a tag call's answer, or mark them unknown."""
    if answer.ok:
        tags = dict(tags_of(answer.data))
        resource.values["tags"] = resource.values["tags_all"] = tags
        resource.tags = tags
    else:
        mark_unknown(resource, detail.fills.get(resource.type, ()))
