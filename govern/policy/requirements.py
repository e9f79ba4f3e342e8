"""Which attributes of which resource types a set of policies reads.

Live collectors use this to fetch only what the loaded policies need: a scan
with only EC2 policies makes no S3 calls, and a bucket's lifecycle is fetched
only when some policy reads it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from govern.model.paths import parse_path
from govern.policy import conditions as c
from govern.policy.models import Policy

Needs = dict[str, set[str]]


def attribute_needs(policies: Iterable[Policy]) -> Needs:
    """Map each resource type to the top-level attributes policies read on it.

    Types reached only through ``related`` appear too, with the attributes read
    on them and the linking attribute. Resource facts (``@tags``...) are
    reported as the ``@`` names, so a collector knows whether tags are needed.
    """
    needs: Needs = {}
    for policy in policies:
        for resource_type in policy.resource_types:
            _walk(policy.condition, resource_type, needs)
            _walk(policy.exempt_if, resource_type, needs)
    return needs


def _walk(node: BaseModel | None, resource_type: str, needs: Needs) -> None:
    if node is None:
        return
    wanted = needs.setdefault(resource_type, set())
    if isinstance(node, (c.AllOf, c.AnyOf)):
        for child in node.all if isinstance(node, c.AllOf) else node.any:
            _walk(child, resource_type, needs)
    elif isinstance(node, c.Not):
        _walk(node.not_, resource_type, needs)
    elif isinstance(node, (c.Every, c.Some, c.NoneOf, c.Json)):
        wanted.add(_head(_outer_path(node)))
    elif isinstance(node, c.Related):
        needs.setdefault(node.related, set())
        if node.direction == "outbound":
            wanted.add(node.via)
        else:
            needs[node.related].add(node.via)
        _walk(node.satisfies, node.related, needs)
    elif isinstance(node, c.LeafCondition):
        wanted.add(_head(node.path))


def _outer_path(node: c.Every | c.Some | c.NoneOf | c.Json) -> str:
    if isinstance(node, c.Every):
        return node.every
    if isinstance(node, c.Some):
        return node.some
    if isinstance(node, c.NoneOf):
        return node.none
    return node.json_


def _head(path: str) -> str:
    return str(parse_path(path)[0])
