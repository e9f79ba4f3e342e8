"""The normalised resource every source produces and every policy reads.

A Terraform plan and a live AWS inventory both become ``Resource`` objects with
Terraform type and attribute names, so a policy is written once for both.

The class is a slotted dataclass rather than a pydantic model on purpose: a plan
can hold 100,000 resources, and the readers build them from data that Terraform
or boto3 already validated. Validation belongs to the policies, not to here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["managed", "data"]
Source = Literal["plan", "aws", "example"]

# Terraform's action names; a replacement is ("delete", "create") or
# ("create", "delete") depending on create_before_destroy. "forget" (Terraform
# 1.7+, a `removed` block with `destroy = false`) drops a resource from state
# and leaves it running; ("create", "forget") replaces it that way.
CREATE = "create"
DELETE = "delete"
FORGET = "forget"
NO_OP = "no-op"
READ = "read"
UPDATE = "update"
# The plan takes these resources out of Terraform: nothing is configured to
# judge, so configuration policies leave them alone.
REMOVALS = frozenset({(DELETE,), (FORGET,)})


@dataclass(slots=True, eq=False)
class Resource:
    """One resource as govern sees it, whatever it was read from.

    Attributes:
        address: Full address. For a plan this is Terraform's address with module
            path and ``count``/``for_each`` key; for a live resource its ARN.
        type: Terraform resource type, such as ``aws_s3_bucket``.
        name: Terraform resource name, or the AWS name or id for live resources.
        values: Attribute values as Terraform would write them.
        module: Module address with instance keys, ``""`` for the root module.
        index: The ``count`` index or ``for_each`` key, if any.
        provider: Short provider name, ``aws`` for both plan spellings.
        mode: ``managed`` for resources, ``data`` for data sources.
        actions: Terraform change actions; live resources have none.
        region: AWS region where it is known.
        account: AWS account id where it is known.
        unknown: Tree shaped like ``values`` marking what is unknown: ``True``
            marks a whole subtree, dicts and lists mark parts. ``None`` when
            everything is known.
        sensitive: Tree of the same shape marking sensitive values.
        references: Attribute name to the full addresses of other resources that
            the attribute's expression refers to.
        tags: Effective tags: ``tags_all`` where known, so provider default tags
            count, else ``tags`` (over the provider's default tags in a plan).
        tags_incomplete: True when provider default tags govern could not read
            will join ``tags`` after apply: a key missing from ``tags`` is then
            unknown, not absent.
        configured: Top-level attributes the configuration sets, where known
            (plans only). An unknown value of a configured attribute will be
            set after apply: the configuration gives an expression for it.
        source: Where the resource came from.
        origin: The plan file or account the resource belongs to; findings name
            it so several plans or accounts can share one report.
    """

    address: str
    type: str
    name: str
    values: dict[str, Any]
    module: str = ""
    index: int | str | None = None
    provider: str = "aws"
    mode: Mode = "managed"
    actions: tuple[str, ...] = ()
    region: str | None = None
    account: str | None = None
    unknown: Any = None
    sensitive: Any = None
    references: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    tags_incomplete: bool = False
    configured: frozenset[str] | None = None
    source: Source = "plan"
    origin: str = ""

    @property
    def is_removed(self) -> bool:
        """True when the plan only takes the resource out: destroys or forgets it."""
        return self.actions in REMOVALS

    @property
    def is_changed(self) -> bool:
        """True when a plan creates, updates or replaces the resource."""
        return bool(self.actions) and self.actions != (NO_OP,) and not self.is_removed


def effective_tags(values: dict[str, Any], unknown: Any) -> dict[str, str]:
    """The effective tags (see ``tags_attribute``) as strings."""
    chosen = values.get(tags_attribute(values, unknown))
    if not isinstance(chosen, dict):
        return {}
    return {str(k): str(v) for k, v in chosen.items() if v is not None}


def tags_attribute(values: dict[str, Any], unknown: Any) -> str:
    """The attribute the effective tags come from.

    ``tags_all`` (provider ``default_tags`` included) when Terraform knows it
    and it holds tags, else ``tags``.
    """
    tags_all = values.get("tags_all")
    if tags_all_unknown(unknown) or not isinstance(tags_all, dict) or not tags_all:
        return "tags"
    return "tags_all"


def tags_all_unknown(unknown: Any) -> bool:
    """True when an unknown-marker tree leaves all of ``tags_all`` unknown."""
    return unknown is True or (
        isinstance(unknown, dict) and unknown.get("tags_all") is True
    )
