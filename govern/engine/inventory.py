"""Resources indexed by type, and the links between them.

Two resources are linked through an attribute in either of two ways:

- the configuration says so: the attribute's expression refers to the other
  resource (``bucket = aws_s3_bucket.logs.id``), which a plan records even when
  the value is unknown until apply;
- the value says so: the attribute holds the other resource's ``id``, ``arn``,
  ``name`` or ``bucket``, which is how resources already in state, live
  resources and policy examples link.

Indexes are built the first time a policy asks for a link, once per link kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from govern.model.resource import Resource

IDENTITY_ATTRIBUTES = ("id", "arn", "name", "bucket")
# Sources whose resources come from Terraform blocks; live ones do not.
_FROM_BLOCKS = frozenset({"plan", "example"})

_LinkKey = tuple[str, str, str]
_T = TypeVar("_T")


class Inventory:
    """All resources of one evaluation, with lookup by type, address and link."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.resources: list[Resource] = list(resources)
        self.by_address: dict[str, Resource] = {}
        self.by_type: dict[str, list[Resource]] = {}
        for resource in self.resources:
            # A plan can list an object deposed by create_before_destroy under
            # the address of its replacement; the address means the live one.
            known = self.by_address.get(resource.address)
            if known is None or known.is_removed:
                self.by_address[resource.address] = resource
            self.by_type.setdefault(resource.type, []).append(resource)
        self._identities: dict[str, dict[tuple[str | None, str], list[Resource]]] = {}
        self._inbound: dict[_LinkKey, dict[str, list[Resource]]] = {}
        self._facts: dict[int, Any] = {}
        self._instances: Counter[tuple[str, str, str, str]] | None = None

    def facts(
        self, resource: Resource, derive: Callable[[Resource, Inventory], _T]
    ) -> _T:
        """``derive(resource)``, computed once per resource for this inventory.

        Every policy on a resource reads the same derived facts (effective tags
        and their markers); deriving them once per resource saves the work
        for all the others.
        """
        key = id(resource)
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = derive(resource, self)
        return found

    def instances(self, resource: Resource) -> int | None:
        """How many instances the resource's block makes, itself included.

        Instances share module, type and name and differ in their ``count``
        index or ``for_each`` key; those the plan deletes do not count. None
        for a live resource, which comes from no block.
        """
        if resource.source not in _FROM_BLOCKS:
            return None
        if self._instances is None:
            self._instances = Counter(
                _block(r) for r in self.resources if not r.is_removed
            )
        return self._instances[_block(resource)]

    def of_type(self, resource_type: str) -> list[Resource]:
        return self.by_type.get(resource_type, [])

    def related(
        self, subject: Resource, resource_type: str, via: str, direction: str
    ) -> list[Resource]:
        """Resources of ``resource_type`` linked to ``subject`` through ``via``.

        ``inbound``: their ``via`` attribute points at the subject.
        ``outbound``: the subject's ``via`` attribute points at them.
        Resources that the plan deletes are never linked.
        """
        if direction == "outbound":
            return self._outbound(subject, resource_type, via)
        key = (resource_type, via, subject.type)
        index = self._inbound.get(key)
        if index is None:
            index = self._inbound[key] = self._build_inbound(*key)
        return index.get(subject.address, [])

    def _outbound(
        self, subject: Resource, resource_type: str, via: str
    ) -> list[Resource]:
        found: dict[str, Resource] = {}
        for address in subject.references.get(via, ()):
            target = self.by_address.get(address)
            if target is not None and target.type == resource_type:
                found[address] = target
        identities = self._identity_index(resource_type)
        for value in _link_values(subject.values.get(via)):
            for target in identities.get((subject.account, value), ()):
                found.setdefault(target.address, target)
        return [r for r in found.values() if not r.is_removed]

    def _build_inbound(
        self, resource_type: str, via: str, subject_type: str
    ) -> dict[str, list[Resource]]:
        index: dict[str, dict[str, Resource]] = {}
        identities = self._identity_index(subject_type)
        for candidate in self.of_type(resource_type):
            if candidate.is_removed:
                continue
            for subject_address in self._targets(candidate, via, identities):
                index.setdefault(subject_address, {})[candidate.address] = candidate
        return {address: list(linked.values()) for address, linked in index.items()}

    def _targets(
        self,
        candidate: Resource,
        via: str,
        identities: dict[tuple[str | None, str], list[Resource]],
    ) -> Iterator[str]:
        yield from candidate.references.get(via, ())
        for value in _link_values(candidate.values.get(via)):
            for subject in identities.get((candidate.account, value), ()):
                yield subject.address

    def _identity_index(
        self, resource_type: str
    ) -> dict[tuple[str | None, str], list[Resource]]:
        index = self._identities.get(resource_type)
        if index is None:
            index = {}
            for resource in self.of_type(resource_type):
                if resource.is_removed:
                    continue
                keys = {
                    (resource.account, value)
                    for name in IDENTITY_ATTRIBUTES
                    if isinstance(value := resource.values.get(name), str) and value
                }
                for key in keys:
                    index.setdefault(key, []).append(resource)
            self._identities[resource_type] = index
        return index


def _link_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []


def _block(resource: Resource) -> tuple[str, str, str, str]:
    return resource.module, resource.mode, resource.type, resource.name
