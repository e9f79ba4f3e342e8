"""The declarative condition language of policies.

A condition describes the *compliant* state: a resource passes when its policy's
condition holds. Every operator is a small model with one key that names it, so
``{path: versioning[*].enabled, equals: true}`` is an ``Equals`` and
``{all: [...]}`` an ``AllOf``. The union is discriminated by that key: an error
in one operator is reported for that operator only.

Values that organisations tune (allowed regions, required tags) can be written
as ``{param: name}`` and are filled in from the policy's parameters.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from govern.model.paths import PathSyntaxError, parse_path


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, defer_build=True
    )


class ParamRef(_Strict):
    """A value taken from the policy's parameters (``{param: allowed_regions}``)."""

    param: str = Field(description="Name of a parameter declared by the policy.")


Scalar = str | int | float | bool | None
Values = list[Scalar] | ParamRef
Number = int | float | ParamRef


def _check_path(text: str) -> str:
    try:
        parse_path(text)
    except PathSyntaxError as error:
        raise ValueError(str(error)) from None
    return text


class _Leaf(_Strict):
    path: str = Field(
        description='Attribute path: names, [N], [*] or ["key"]; @tags, @region, '
        "@account, @address, @name, @type and @instances read resource facts."
    )
    match: Literal["all", "any"] = Field(
        default="all",
        description="With [*] in the path: must all values, or any one, match?",
    )

    _path_syntax = field_validator("path")(_check_path)


class Equals(_Leaf):
    equals: Scalar | ParamRef = Field(description="Value the attribute must equal.")


class In(_Leaf):
    in_: Values = Field(alias="in", description="Values the attribute may take.")


class Gt(_Leaf):
    gt: Number = Field(description="The attribute must be greater than this.")


class Gte(_Leaf):
    gte: Number = Field(description="The attribute must be at least this.")


class Lt(_Leaf):
    lt: Number = Field(description="The attribute must be less than this.")


class Lte(_Leaf):
    lte: Number = Field(description="The attribute must be at most this.")


class Matches(_Leaf):
    matches: str | ParamRef = Field(
        description="Python regular expression searched in the attribute."
    )

    @field_validator("matches")
    @classmethod
    def _compiles(cls, pattern: str | ParamRef) -> str | ParamRef:
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"invalid regular expression: {error}") from None
        return pattern


class Present(_Leaf):
    present: bool = Field(
        description="true: the attribute is set and not empty; false: it is not."
    )


class HasKeys(_Leaf):
    has_keys: list[str] | ParamRef = Field(
        description="Keys the map (usually @tags) must contain with a value."
    )


class CidrWithin(_Leaf):
    cidr_within: list[str] | ParamRef = Field(
        description="The CIDR or address must lie inside one of these networks."
    )

    @field_validator("cidr_within")
    @classmethod
    def _networks(cls, networks: list[str] | ParamRef) -> list[str] | ParamRef:
        for network in networks if isinstance(networks, list) else ():
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not a CIDR block") from None
        return networks


class CidrPublic(_Leaf):
    cidr_public: bool = Field(
        description="true: the CIDR reaches beyond private, loopback and link-local "
        "space; false: it stays inside them."
    )


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1, description="Every condition holds.")


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1, description="One condition holds.")


class Not(_Strict):
    not_: Condition = Field(alias="not", description="The condition does not hold.")


Over = Literal["elements", "entries"]
_OVER = (
    "elements: each element of a list; entries: each entry of a map (tags, "
    "environment variables), whose name the condition reads as 'key' and its "
    "value as 'value'."
)


class Every(_Strict):
    every: str = Field(description="Path to a list or map; each item is checked.")
    over: Over = Field(default="elements", description=_OVER)
    satisfies: Condition

    _path_syntax = field_validator("every")(_check_path)


class Some(_Strict):
    some: str = Field(description="Path to a list or map; one item must satisfy.")
    over: Over = Field(default="elements", description=_OVER)
    satisfies: Condition

    _path_syntax = field_validator("some")(_check_path)


class NoneOf(_Strict):
    none: str = Field(description="Path to a list or map; no item may satisfy.")
    over: Over = Field(default="elements", description=_OVER)
    satisfies: Condition

    _path_syntax = field_validator("none")(_check_path)


class Json(_Strict):
    json_: str = Field(
        alias="json",
        description="Path to a JSON document held as a string (an IAM policy).",
    )
    satisfies: Condition

    _path_syntax = field_validator("json_")(_check_path)


class Related(_Strict):
    related: str = Field(description="Terraform type of the linked resources.")
    via: str = Field(
        description="Attribute that links them: on the related resource "
        "(inbound, e.g. a public access block's bucket) or on this one (outbound)."
    )
    direction: Literal["inbound", "outbound"] = "inbound"
    match: Literal["some", "every", "none"] = Field(
        default="some",
        description="some: at least one linked resource satisfies; every: all of "
        "them do; none: no linked resource does.",
    )
    satisfies: Condition | None = Field(
        default=None, description="Omit to ask only whether a linked resource exists."
    )


_LEAF_KEYS: dict[str, type[_Strict]] = {
    "equals": Equals,
    "in": In,
    "gt": Gt,
    "gte": Gte,
    "lt": Lt,
    "lte": Lte,
    "matches": Matches,
    "present": Present,
    "has_keys": HasKeys,
    "cidr_within": CidrWithin,
    "cidr_public": CidrPublic,
}
_GROUP_KEYS: dict[str, type[_Strict]] = {
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "every": Every,
    "some": Some,
    "none": NoneOf,
    "json": Json,
    "related": Related,
}
OPERATORS: dict[str, type[_Strict]] = {**_LEAF_KEYS, **_GROUP_KEYS}
_TAG_OF: dict[type[_Strict], str] = {model: tag for tag, model in OPERATORS.items()}


def _operator_of(value: Any) -> str | None:
    if isinstance(value, _Strict):
        return _TAG_OF.get(type(value))
    if isinstance(value, dict):
        for key in value:
            if key in OPERATORS:
                return str(key)
    return None


Condition = Annotated[
    Annotated[Equals, Tag("equals")]
    | Annotated[In, Tag("in")]
    | Annotated[Gt, Tag("gt")]
    | Annotated[Gte, Tag("gte")]
    | Annotated[Lt, Tag("lt")]
    | Annotated[Lte, Tag("lte")]
    | Annotated[Matches, Tag("matches")]
    | Annotated[Present, Tag("present")]
    | Annotated[HasKeys, Tag("has_keys")]
    | Annotated[CidrWithin, Tag("cidr_within")]
    | Annotated[CidrPublic, Tag("cidr_public")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Every, Tag("every")]
    | Annotated[Some, Tag("some")]
    | Annotated[NoneOf, Tag("none")]
    | Annotated[Json, Tag("json")]
    | Annotated[Related, Tag("related")],
    Discriminator(
        _operator_of,
        custom_error_type="unknown_operator",
        custom_error_message="a condition needs one operator key: "
        + ", ".join(OPERATORS),
    ),
]

LeafCondition = (
    Equals
    | In
    | Gt
    | Gte
    | Lt
    | Lte
    | Matches
    | Present
    | HasKeys
    | CidrWithin
    | CidrPublic
)
