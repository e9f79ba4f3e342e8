"""The common shape of a collector: one paginated list call, one item each."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Collector
from govern.model.resource import Resource

_V = TypeVar("_V")


def names(*attributes: str) -> frozenset[str]:
    """A set of attribute names, as registry declarations spell them."""
    return frozenset(attributes)


def frozen(mapping: dict[str, _V]) -> Mapping[str, _V]:
    """A read-only mapping, for declarations shared by every instance."""
    return MappingProxyType(mapping)


class Listed(Collector):
    """A collector whose items come from one paginated list call."""

    method: ClassVar[str]
    """boto3 method of the list call, such as ``describe_volumes``."""
    key: ClassVar[str]
    """Key of the items in each page."""
    page_size: ClassVar[int | None] = None
    """Items per page, where the API lets the caller choose."""
    params: ClassVar[Mapping[str, Any]] = {}

    def discover(self, ctx: Context) -> list[Any]:
        return list(
            ctx.pages(self.method, self.key, page_size=self.page_size, **self.params)
        )

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        return [found for item in items for found in self.resources(ctx, item)]

    @abstractmethod
    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        """The resources one list item becomes (none to skip it)."""
