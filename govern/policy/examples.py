"""Turn a policy's example resources into real ``Resource`` objects.

Examples are evaluated by the same engine as plans and scans, so an example
that passes here passes in production.
"""

from __future__ import annotations

from typing import Any

from govern.model.paths import WILDCARD, parse_path
from govern.model.resource import CREATE, Resource, effective_tags
from govern.policy.models import Example, ExampleResource, Policy


def example_resources(policy: Policy, example: Example, label: str) -> list[Resource]:
    """The example as a small inventory: the subject (and the other instances of
    its block) first, then its relations."""
    subject_type = example.type or policy.resource_types[0]
    block = f"{subject_type}.{label}"
    if example.instances == 1:
        subjects = [_resource(example, subject_type, block)]
    else:
        subjects = [
            _resource(example, subject_type, f"{block}[{n}]", index=n)
            for n in range(example.instances)
        ]
    related = [
        _resource(item, item.type or subject_type, f"{item.type}.{label}_related{n}")
        for n, item in enumerate(example.related)
    ]
    return [*subjects, *related]


def _resource(
    item: ExampleResource,
    resource_type: str,
    address: str,
    index: int | None = None,
) -> Resource:
    unknown = marker_tree(item.unknown)
    return Resource(
        address=address,
        type=resource_type,
        name=address.split(".", 1)[1].split("[", 1)[0],
        index=index,
        values=dict(item.values),
        actions=(CREATE,),
        unknown=unknown,
        sensitive=marker_tree(item.sensitive),
        tags=effective_tags(item.values, unknown),
        region=item.region,
        account=item.account,
        source="example",
        origin="example",
    )


def marker_tree(paths: list[str]) -> Any:
    """Build an unknown/sensitive marker tree from a list of paths."""
    if not paths:
        return None
    root: dict[str, Any] = {}
    for text in paths:
        _mark(root, list(parse_path(text)))
    return root


def _mark(node: Any, segments: list[Any]) -> Any:
    head, rest = segments[0], segments[1:]
    if head is WILDCARD:
        head = 0
    if isinstance(head, int):
        items = node if isinstance(node, list) else []
        while len(items) <= head:
            items.append(None)
        items[head] = True if not rest else _mark(items[head] or {}, rest)
        return items
    container = node if isinstance(node, dict) else {}
    child = container.get(head)
    if not rest:
        container[head] = True
    elif isinstance(rest[0], int) or rest[0] is WILDCARD:
        container[head] = _mark(child if isinstance(child, list) else [], rest)
    else:
        container[head] = _mark(child if isinstance(child, dict) else {}, rest)
    return container
