"""Compiled conditions: small objects that evaluate one resource quickly.

Each node does its parsing (paths, regular expressions, networks, parameters)
once, when the policy is compiled. ``evaluate`` then only walks values. When a
``Step`` list is passed, nodes also record what they saw, which ``explain`` and
finding messages are made from; without it they do no extra work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from govern.engine.facts import resource_facts
from govern.engine.inventory import Inventory
from govern.engine.predicates import Predicate
from govern.engine.truth import FALSE, TRUE, UNKNOWN, Truth, all_of, any_of, of
from govern.model.paths import Hit, Path, format_path, resolve
from govern.model.resource import Resource


@dataclass(slots=True)
class Scope:
    """What a condition is evaluated against: a resource, or a part of one."""

    resource: Resource
    inventory: Inventory
    value: Any
    unknown: Any = None
    sensitive: Any = None
    prefix: Path = ()

    @classmethod
    def root(cls, resource: Resource, inventory: Inventory) -> Scope:
        return cls(
            resource, inventory, resource.values, resource.unknown, resource.sensitive
        )

    def hits(self, path: Path, plain: bool | None = None) -> list[Hit]:
        """Values ``path`` reaches here; ``plain`` says it has no wildcard."""
        first = path[0]
        if type(first) is str and first[:1] == "@":
            facts, unknown, sensitive = self.inventory.facts(
                self.resource, resource_facts
            )
            return resolve(path, facts, unknown, sensitive, (), plain)
        return resolve(
            path, self.value, self.unknown, self.sensitive, self.prefix, plain
        )

    def inside(self, hit: Hit) -> Scope:
        return self._at(hit, hit.path[len(self.prefix) :])

    def _at(self, hit: Hit, relative: Path) -> Scope:
        """The scope of ``hit``, at ``relative`` from this scope's value."""
        return Scope(
            self.resource,
            self.inventory,
            hit.value,
            _subtree(self.unknown, relative),
            _subtree(self.sensitive, relative),
            hit.path,
        )


def _subtree(marker: Any, path: Path) -> Any:
    for segment in path:
        if marker is True or marker is None:
            return marker
        if isinstance(marker, dict) and isinstance(segment, str):
            marker = marker.get(segment)
        elif isinstance(marker, list) and isinstance(segment, int):
            marker = marker[segment] if -len(marker) <= segment < len(marker) else None
        else:
            return None
    return marker


@dataclass(slots=True)
class Step:
    """What one node saw and decided, for explanations.

    ``explains`` is false for a step that decided nothing worth saying: an
    exemption that does not apply.
    """

    text: str
    truth: Truth
    negates: bool = False
    hits: list[Hit] = field(default_factory=list)
    children: list[Step] = field(default_factory=list)
    test: str | None = None
    explains: bool = True


Trace = list[Step]


class Check:
    """A compiled condition."""

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class Leaf(Check):
    """A test on the values one attribute path reaches."""

    __slots__ = ("any_match", "description", "path", "plain", "predicate", "text")

    def __init__(self, path: Path, predicate: Predicate, text: str, any_match: bool):
        self.path = path
        self.plain = not _has_wildcard(path)
        self.predicate = predicate
        self.text = text
        self.any_match = any_match
        quantifier = "any of " if any_match and _has_wildcard(path) else ""
        self.description = f"{quantifier}{format_path(path)} {text}"

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        hits = scope.hits(self.path, self.plain)
        predicate = self.predicate
        if not hits:
            result = TRUE if predicate(None) else FALSE
        elif len(hits) == 1:
            # The common case, without the generator and combinator calls.
            hit = hits[0]
            known = TRUE if predicate(hit.value) else FALSE
            result = UNKNOWN if hit.unknown else known
        else:
            per_hit = (UNKNOWN if h.unknown else of(predicate(h.value)) for h in hits)
            result = any_of(per_hit) if self.any_match else all_of(per_hit)
        if trace is not None:
            shown = hits or [Hit((*scope.prefix, *self.path), None, False, False)]
            trace.append(Step(self.describe(), result, hits=shown, test=self.text))
        return result

    def describe(self) -> str:
        return self.description


class Present(Check):
    """Is the attribute set to something other than null or empty?"""

    __slots__ = ("description", "path", "plain", "wanted")

    def __init__(self, path: Path, wanted: bool):
        self.path = path
        self.plain = not _has_wildcard(path)
        self.wanted = wanted
        self.description = f"{format_path(path)} is {'set' if wanted else 'not set'}"

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        hits = scope.hits(self.path, self.plain)
        configured = scope.resource.configured or ()
        found = any_of(
            _unknown_presence(h, configured) if h.unknown else of(_non_empty(h.value))
            for h in hits
        )
        result = found if self.wanted else ~found
        if trace is not None:
            shown = hits or [Hit((*scope.prefix, *self.path), None, False, False)]
            test = "is set" if self.wanted else "is not set"
            trace.append(Step(self.describe(), result, hits=shown, test=test))
        return result

    def describe(self) -> str:
        return self.description


def _non_empty(value: Any) -> bool:
    return value not in ("", [], {})


def _unknown_presence(hit: Hit, configured: frozenset[str] | tuple[()]) -> Truth:
    # A configured attribute whose value is unknown is set to an expression
    # over values decided at apply time (another resource's ARN): it will be
    # set. An unknown computed attribute may still turn out empty.
    head = hit.path[0] if hit.path else None
    return TRUE if isinstance(head, str) and head in configured else UNKNOWN


class Group(Check):
    """``all`` and ``any``."""

    __slots__ = ("children", "conjunction")

    def __init__(self, children: Sequence[Check], conjunction: bool):
        self.children = tuple(children)
        self.conjunction = conjunction

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        if trace is None:
            return self._fast(scope)
        combine = all_of if self.conjunction else any_of
        steps: Trace = []
        result = combine([child.evaluate(scope, steps) for child in self.children])
        trace.append(Step(self._word(), result, children=steps))
        return result

    def _fast(self, scope: Scope) -> Truth:
        # Kleene AND/OR with early exit, as a loop: this runs for nearly every
        # policy on every resource.
        decisive = FALSE if self.conjunction else TRUE
        unknown = False
        for child in self.children:
            result = child.evaluate(scope)
            if result is decisive:
                return decisive
            if result is UNKNOWN:
                unknown = True
        if unknown:
            return UNKNOWN
        return TRUE if self.conjunction else FALSE

    def _word(self) -> str:
        return "all of" if self.conjunction else "any of"

    def describe(self) -> str:
        inner = "\n".join(_indent_item(c.describe()) for c in self.children)
        return f"{self._word()}:\n{inner}"


class Exempted(Check):
    """A policy's condition with its exemptions: an exempt resource passes.

    The result is the condition OR the exemption, as an ``any`` of the two,
    but a failure is explained by the condition alone.
    """

    __slots__ = ("condition", "exemption")

    def __init__(self, condition: Check, exemption: Check):
        self.condition = condition
        self.exemption = exemption

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        if trace is None:
            exempt = self.exemption.evaluate(scope)
            if exempt is TRUE:
                return TRUE
            return any_of([self.condition.evaluate(scope), exempt])
        judged: Trace = []
        exemption: Trace = []
        exempt = self.exemption.evaluate(scope, exemption)
        result = any_of([self.condition.evaluate(scope, judged), exempt])
        # An exemption that does not apply says nothing about the failure.
        unless = Step(
            "exempt if", exempt, children=exemption, explains=exempt is not FALSE
        )
        step = Step("condition, unless exempt", result, children=[*judged, unless])
        trace.append(step)
        return result

    def describe(self) -> str:
        exemption = "\n".join(
            "  " + line for line in self.exemption.describe().splitlines()
        )
        return f"{self.condition.describe()}\nexempt if:\n{exemption}"


class Negation(Check):
    __slots__ = ("child",)

    def __init__(self, child: Check):
        self.child = child

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        if trace is None:
            return ~self.child.evaluate(scope)
        steps: Trace = []
        result = ~self.child.evaluate(scope, steps)
        trace.append(Step("not", result, negates=True, children=steps))
        return result

    def describe(self) -> str:
        return "not:\n" + _indent_item(self.child.describe())


class Quantified(Check):
    """``every``, ``some`` and ``none`` over the elements a path reaches, or
    over the entries of the maps it reaches."""

    __slots__ = ("child", "entries", "head", "path", "word")

    def __init__(self, word: str, path: Path, child: Check, entries: bool = False):
        self.word = word
        self.path = path
        self.child = child
        self.entries = entries
        quantity = ({"none": "no"}.get(word, word) + " entry of") if entries else word
        self.head = f"{quantity} {format_path(path)} satisfies"

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        steps: Trace | None = [] if trace is not None else None
        results: list[Truth] = []
        for hit in scope.hits(self.path):
            if hit.unknown:
                results.append(UNKNOWN)
                if steps is not None:
                    steps.append(Step(f"{format_path(hit.path)}", UNKNOWN, hits=[hit]))
                continue
            inner = scope.inside(hit)
            for item in _entries(inner) if self.entries else (inner,):
                results.append(self.child.evaluate(item, steps))
                if self.word == "every" and results[-1] is FALSE and steps is None:
                    break  # settled: one false item makes "every" false
            else:
                continue
            break
        found = any_of(results)
        if self.word == "every":
            result = all_of(results)
        else:
            result = found if self.word == "some" else ~found
        if trace is not None and steps is not None:
            trace.append(
                Step(self._head(), result, negates=self.word == "none", children=steps)
            )
        return result

    def _head(self) -> str:
        return self.head

    def describe(self) -> str:
        return f"{self._head()}:\n{_indent_item(self.child.describe())}"


@dataclass(slots=True)
class EntryScope(Scope):
    """One entry of a map: ``key`` reads its name and ``value`` its value.

    ``value`` holds ``{"key": name, "value": value}`` and ``prefix`` is the
    entry's own path, which is what hits show: ``variables.DB_PASSWORD``.
    """

    def hits(self, path: Path, plain: bool | None = None) -> list[Hit]:
        if type(path[0]) is str and path[0][:1] == "@":
            return Scope.hits(self, path, plain)
        found = resolve(path, self.value, self.unknown, self.sensitive, (), plain)
        return [hit._replace(path=(*self.prefix, *hit.path[1:])) for hit in found]

    def inside(self, hit: Hit) -> Scope:
        # Only the value has insides: a name is a string.
        return self._at(hit, ("value", *hit.path[len(self.prefix) :]))


def _entries(scope: Scope) -> list[Scope]:
    """A scope per entry of the map in ``scope``; a name whose value is not
    known yet (the plan marks it, and may leave it out of the map) counts."""
    if not isinstance(scope.value, dict):
        return []
    names = list(scope.value)
    if isinstance(scope.unknown, dict):
        names.extend(k for k in scope.unknown if k not in scope.value)
    return [
        EntryScope(
            scope.resource,
            scope.inventory,
            {"key": name, "value": scope.value.get(name)},
            _entry_marker(scope.unknown, name),
            _entry_marker(scope.sensitive, name),
            (*scope.prefix, name),
        )
        for name in names
    ]


def _entry_marker(marker: Any, name: str) -> Any:
    if marker is True:
        return {"value": True}
    child = marker.get(name) if isinstance(marker, dict) else None
    return None if child is None else {"value": child}


class ParsedJson(Check):
    """Evaluates a condition inside JSON documents held as strings."""

    __slots__ = ("child", "head", "path")

    def __init__(self, path: Path, child: Check):
        self.path = path
        self.child = child
        self.head = f"JSON document in {format_path(path)} satisfies"

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        steps: Trace | None = [] if trace is not None else None
        results: list[Truth] = []
        for hit in scope.hits(self.path):
            if hit.unknown:
                results.append(UNKNOWN)
                if steps is not None:
                    steps.append(Step("is a JSON document", UNKNOWN, hits=[hit]))
                continue
            document = _parse_document(hit.value)
            if document is None:
                results.append(FALSE)
                if steps is not None:
                    steps.append(Step("is a JSON document", FALSE, hits=[hit]))
                continue
            inner = Scope(
                scope.resource,
                scope.inventory,
                document,
                None,
                True if hit.sensitive else None,
                hit.path,
            )
            results.append(self.child.evaluate(inner, steps))
        result = all_of(results)
        if trace is not None and steps is not None:
            trace.append(Step(self._head(), result, children=steps))
        return result

    def _head(self) -> str:
        return self.head

    def describe(self) -> str:
        return f"{self._head()}:\n{_indent_item(self.child.describe())}"


def _parse_document(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return value
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


class Linked(Check):
    """A condition on resources linked to this one (see ``Inventory.related``)."""

    __slots__ = ("child", "direction", "match", "resource_type", "via")

    def __init__(
        self,
        resource_type: str,
        via: str,
        direction: str,
        match: str,
        child: Check | None,
    ):
        self.resource_type = resource_type
        self.via = via
        self.direction = direction
        self.match = match
        self.child = child

    def evaluate(self, scope: Scope, trace: Trace | None = None) -> Truth:
        linked = scope.inventory.related(
            scope.resource, self.resource_type, self.via, self.direction
        )
        steps: Trace | None = [] if trace is not None else None
        results = [self._check(other, scope.inventory, steps) for other in linked]
        if self.match == "every":
            result = all_of(results)
        else:
            found = any_of(results)
            result = found if self.match == "some" else ~found
        if trace is not None and steps is not None:
            if not linked:
                steps.append(Step(f"no linked {self.resource_type} found", FALSE))
            trace.append(
                Step(self._head(), result, negates=self.match == "none", children=steps)
            )
        return result

    def _check(
        self, other: Resource, inventory: Inventory, steps: Trace | None
    ) -> Truth:
        if self.child is None:
            if steps is not None:
                steps.append(Step(f"linked: {other.address}", TRUE))
            return TRUE
        inner: Trace | None = [] if steps is not None else None
        result = self.child.evaluate(Scope.root(other, inventory), inner)
        if steps is not None and inner is not None:
            steps.append(Step(f"{other.address}", result, children=inner))
        return result

    def _head(self) -> str:
        arrow = f"whose {self.via} is this resource"
        if self.direction == "outbound":
            arrow = f"that this resource's {self.via} refers to"
        quantity = {"some": "a", "every": "every", "none": "no"}[self.match]
        return f"{quantity} linked {self.resource_type} {arrow}"

    def describe(self) -> str:
        if self.child is None:
            return f"{self._head()} exists"
        return f"{self._head()} satisfies:\n{_indent_item(self.child.describe())}"


def _indent_item(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(["  - " + lines[0], *("    " + line for line in lines[1:])])


def _has_wildcard(path: Path) -> bool:
    return any(not isinstance(segment, (str, int)) for segment in path)
