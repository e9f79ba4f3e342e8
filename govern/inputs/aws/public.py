"""The ``public`` fact govern derives for buckets and snapshots.

Terraform has no attribute saying "anyone on the internet can read this", so
govern computes one for live resources, in three-valued logic: ``True``,
``False`` or ``None`` when a call it needs was refused.

A bucket is public when an ACL grant or a bucket-policy statement opens it to
everyone, and the bucket's public access block does not neutralise that:

- an ACL grant to ``AllUsers`` or ``AuthenticatedUsers`` counts unless
  ``IgnorePublicAcls`` is set;
- an ``Allow`` statement whose principal is ``*`` counts unless it has a
  condition on a key that pins callers to known accounts, networks or
  organisations, or ``RestrictPublicBuckets`` is set.

The account-level public access block is not read; a bucket it protects may
still be reported public. A snapshot is public when its
``createVolumePermission`` includes the group ``all``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Final


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
"""Stands for an input whose call was refused."""

Tri = bool | None

EVERYONE = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)
# Condition keys that tie a statement to known callers (AWS's own notion of a
# non-public policy uses the same idea).
_PINNING_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:userid",
    }
)


def bucket_public(grants: Any, policy: Any, block: Any) -> Tri:
    """Is the bucket public? Each input may be ``UNKNOWN`` or ``None`` (absent).

    Args:
        grants: ``Grants`` of ``GetBucketAcl``.
        policy: The bucket policy as JSON text.
        block: ``PublicAccessBlockConfiguration`` of ``GetPublicAccessBlock``.
    """
    ignore_acls = _flag(block, "IgnorePublicAcls")
    restrict = _flag(block, "RestrictPublicBuckets")
    by_acl = _and(_grants_public(grants), _not(ignore_acls))
    by_policy = _and(_policy_public(policy), _not(restrict))
    return _or(by_acl, by_policy)


def snapshot_public(permissions: Any) -> Tri:
    """Is the snapshot shared with everyone? ``permissions`` may be ``UNKNOWN``."""
    if permissions is UNKNOWN:
        return None
    return any(p.get("Group") == "all" for p in permissions or ())


def grants_everyone(grants: Iterable[Mapping[str, Any]]) -> bool:
    """True when an ACL grant names everyone, or every AWS account."""
    return any(g.get("Grantee", {}).get("URI") in EVERYONE for g in grants)


def _grants_public(grants: Any) -> Tri:
    if grants is UNKNOWN:
        return None
    return grants_everyone(grants or ())


def _policy_public(policy: Any) -> Tri:
    if policy is UNKNOWN:
        return None
    if not policy:
        return False
    try:
        parsed = json.loads(policy) if isinstance(policy, str) else policy
    except ValueError:
        return None
    statements = parsed.get("Statement", []) if isinstance(parsed, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    return any(_statement_public(s) for s in statements if isinstance(s, dict))


def _statement_public(statement: Mapping[str, Any]) -> bool:
    if statement.get("Effect") != "Allow" or not _everyone(statement.get("Principal")):
        return False
    condition = statement.get("Condition") or {}
    keys = {
        key.lower()
        for operator in condition.values()
        if isinstance(operator, dict)
        for key in operator
    }
    return not keys & _PINNING_KEYS


def _everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        value = principal.get("AWS")
        values = value if isinstance(value, list) else [value]
        return "*" in values
    return False


def _flag(block: Any, name: str) -> Tri:
    if block is UNKNOWN:
        return None
    return bool(block and block.get(name))


def _not(value: Tri) -> Tri:
    return None if value is None else not value


def _and(left: Tri, right: Tri) -> Tri:
    if left is False or right is False:
        return False
    if left is None or right is None:
        return None
    return True


def _or(left: Tri, right: Tri) -> Tri:
    if left is True or right is True:
        return True
    if left is None or right is None:
        return None
    return False
