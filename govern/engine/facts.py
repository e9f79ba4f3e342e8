"""A resource's ``@`` facts (``@tags``, ``@region``...) and their markers.

Conditions read them like attributes. ``@tags`` are the effective tags, so
their unknown and sensitive markers come from ``tags_all`` or ``tags``,
whichever the tags were taken from.
"""

from __future__ import annotations

from typing import Any

from govern.engine.inventory import Inventory
from govern.model.resource import Resource, tags_attribute


def resource_facts(
    resource: Resource, inventory: Inventory
) -> tuple[dict[str, Any], Any, Any]:
    """The ``@`` facts of a resource with their unknown and sensitive markers."""
    unknown_tags = tags_marker(resource, resource.unknown)
    if resource.tags_incomplete and unknown_tags is not True:
        unknown_tags = _UnlistedTagsUnknown(unknown_tags or {}, resource.tags)
    sensitive_tags = tags_marker(resource, resource.sensitive)
    return (
        _fact_values(resource, inventory),
        {"@tags": unknown_tags} if unknown_tags else None,
        {"@tags": sensitive_tags} if sensitive_tags else None,
    )


class _UnlistedTagsUnknown(dict[str, Any]):
    """An unknown-marker for tags that more keys will join after apply.

    Keys the resource has keep their own marker; any other key is unknown.
    """

    __slots__ = ("_known",)

    def __init__(self, marker: dict[str, Any], known: dict[str, str]):
        super().__init__(marker)
        self._known = known

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return None if key in self._known else True

    def __bool__(self) -> bool:
        return True


def _fact_values(resource: Resource, inventory: Inventory) -> dict[str, Any]:
    return {
        "@tags": resource.tags,
        "@region": resource.region,
        "@account": resource.account,
        "@address": resource.address,
        "@name": resource.name,
        "@type": resource.type,
        "@instances": inventory.instances(resource),
    }


def tags_marker(resource: Resource, marker: Any) -> Any:
    """The part of an unknown or sensitive ``marker`` tree for the effective tags.

    That is the part of the attribute the effective tags come from.
    """
    if marker is True:
        return True
    if not isinstance(marker, dict):
        return None
    return marker.get(tags_attribute(resource.values, resource.unknown))
