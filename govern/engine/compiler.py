"""Turn validated policy models into checks, once, before any resource is seen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govern.engine import checks, predicates
from govern.engine.checks import Check
from govern.errors import PolicyError
from govern.model.paths import Path, parse_path, substitute
from govern.policy import conditions as c
from govern.policy.models import Pillar, Policy


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """A policy ready to run: its model, its pillar and its compiled condition."""

    policy: Policy
    pillar: Pillar
    check: Check
    parameters: Mapping[str, Any]

    @property
    def id(self) -> str:
        return self.policy.id


def compile_policy(
    policy: Policy,
    pillar: Pillar,
    settings: Mapping[str, Any] | None = None,
) -> CompiledPolicy:
    """Compile ``policy``; ``settings`` override its parameters' defaults."""
    parameters = {name: p.default for name, p in policy.parameters.items()}
    parameters.update({k: v for k, v in (settings or {}).items() if k in parameters})
    try:
        compiler = _Compiler(parameters)
        check = compiler.build(policy.condition)
        if policy.exempt_if is not None:
            check = checks.Exempted(check, compiler.build(policy.exempt_if))
    except (TypeError, ValueError) as error:
        raise PolicyError(f"policy {policy.id}: {error}") from None
    return CompiledPolicy(policy, pillar, check, parameters)


class _Compiler:
    def __init__(self, parameters: Mapping[str, Any]) -> None:
        self.parameters = parameters

    def path(self, text: str) -> Path:
        return substitute(parse_path(text), dict(self.parameters))

    def value(self, raw: Any) -> Any:
        if isinstance(raw, c.ParamRef):
            return self.parameters[raw.param]
        return raw

    def build(self, node: Any) -> Check:
        if isinstance(node, c.AllOf):
            return checks.Group([self.build(child) for child in node.all], True)
        if isinstance(node, c.AnyOf):
            return checks.Group([self.build(child) for child in node.any], False)
        if isinstance(node, c.Not):
            return checks.Negation(self.build(node.not_))
        if isinstance(node, (c.Every, c.Some, c.NoneOf)):
            word, path = _quantifier(node)
            return checks.Quantified(
                word,
                self.path(path),
                self.build(node.satisfies),
                entries=node.over == "entries",
            )
        if isinstance(node, c.Json):
            return checks.ParsedJson(self.path(node.json_), self.build(node.satisfies))
        if isinstance(node, c.Related):
            child = self.build(node.satisfies) if node.satisfies is not None else None
            return checks.Linked(
                node.related, node.via, node.direction, node.match, child
            )
        if isinstance(node, c.Present):
            return checks.Present(self.path(node.path), node.present)
        if isinstance(node, c.HasKeys):
            # One presence test per key, so an unknown tag value gives unknown.
            keys = _as_list(self.value(node.has_keys), "has_keys")
            base = self.path(node.path)
            return checks.Group(
                [checks.Present((*base, str(k)), True) for k in keys], True
            )
        return self.leaf(node)

    def leaf(self, node: Any) -> Check:
        predicate, text = self.predicate(node)
        return checks.Leaf(self.path(node.path), predicate, text, node.match == "any")

    def predicate(self, node: Any) -> tuple[predicates.Predicate, str]:
        if isinstance(node, c.Equals):
            expected = self.value(node.equals)
            return predicates.equals(expected), f"equals {_show(expected)}"
        if isinstance(node, c.In):
            allowed = _as_list(self.value(node.in_), "in")
            return predicates.member_of(allowed), f"is one of {_show(allowed)}"
        if isinstance(node, (c.Gt, c.Gte, c.Lt, c.Lte)):
            operator = type(node).__name__.lower()
            limit = self.value(getattr(node, operator))
            if isinstance(limit, bool) or not isinstance(limit, (int, float)):
                raise TypeError(f"'{operator}' needs a number, got {limit!r}")
            words = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[operator]
            return predicates.compare(operator, float(limit)), f"{words} {limit}"
        if isinstance(node, c.Matches):
            pattern = self.value(node.matches)
            return predicates.matches(str(pattern)), f"matches /{pattern}/"
        if isinstance(node, c.CidrWithin):
            networks = _as_list(self.value(node.cidr_within), "cidr_within")
            text = f"lies within {_show(networks)}"
            return predicates.cidr_within([str(n) for n in networks]), text
        if isinstance(node, c.CidrPublic):
            text = "is a public network" if node.cidr_public else "is a private network"
            return predicates.cidr_public(node.cidr_public), text
        raise TypeError(f"unsupported condition {type(node).__name__}")


def _quantifier(node: c.Every | c.Some | c.NoneOf) -> tuple[str, str]:
    if isinstance(node, c.Every):
        return "every", node.every
    if isinstance(node, c.Some):
        return "some", node.some
    return "none", node.none


def _as_list(value: Any, operator: str) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"'{operator}' needs a list, got {value!r}")
    return value


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
