"""Attribute paths: their syntax, and what they reach in the three trees."""

from __future__ import annotations

import pytest

from govern.model.paths import (
    WILDCARD,
    PathSyntaxError,
    format_path,
    is_marked,
    marked_paths,
    parse_path,
    resolve,
)


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("acl", ("acl",)),
        ("versioning[0].enabled", ("versioning", 0, "enabled")),
        ("ingress[*].cidr_blocks[*]", ("ingress", WILDCARD, "cidr_blocks", WILDCARD)),
        ('tags["kubernetes.io/role"]', ("tags", "kubernetes.io/role")),
        ("@tags.owner", ("@tags", "owner")),
        (
            "Statement[*].Condition.Bool.aws:SecureTransport",
            ("Statement", WILDCARD, "Condition", "Bool", "aws:SecureTransport"),
        ),
    ],
)
def test_paths_parse_and_render_back(text: str, segments: tuple[object, ...]) -> None:
    assert parse_path(text) == segments, text
    assert parse_path(format_path(parse_path(text))) == segments, text


@pytest.mark.parametrize("text", ["", "a..b", "a.", ".a", "a[", "a[x]", "a b", "a]"])
def test_malformed_paths_are_rejected(text: str) -> None:
    with pytest.raises(PathSyntaxError):
        parse_path(text)


def test_wildcards_reach_every_element_with_concrete_paths() -> None:
    values = {
        "ingress": [{"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}, {"cidr_blocks": []}]
    }
    hits = resolve(parse_path("ingress[*].cidr_blocks[*]"), values)
    assert [(format_path(h.path), h.value) for h in hits] == [
        ("ingress[0].cidr_blocks[0]", "10.0.0.0/8"),
        ("ingress[0].cidr_blocks[1]", "0.0.0.0/0"),
    ]


def test_a_lone_value_behaves_as_a_one_element_list() -> None:
    assert [h.value for h in resolve(parse_path("Action[*]"), {"Action": "s3:*"})] == [
        "s3:*"
    ]


def test_absent_and_null_values_reach_nothing() -> None:
    assert resolve(parse_path("a.b"), {"a": None}) == []
    assert resolve(parse_path("a[3]"), {"a": [1]}) == []


def test_unknown_markers_turn_values_into_unknown_hits() -> None:
    values = {"logging": [{"target_prefix": "log/"}]}
    unknown = {"logging": [{"target_bucket": True}], "arn": True}
    [bucket] = resolve(parse_path("logging[*].target_bucket"), values, unknown)
    assert bucket.unknown and format_path(bucket.path) == "logging[0].target_bucket"
    [arn] = resolve(parse_path("arn"), values, unknown)
    assert arn.unknown
    [prefix] = resolve(parse_path("logging[0].target_prefix"), values, unknown)
    assert not prefix.unknown and prefix.value == "log/"


def test_sensitive_markers_cover_descendants_and_containers() -> None:
    values = {"environment": [{"variables": {"TOKEN": "s3cr3t", "MODE": "x"}}]}
    sensitive = {"environment": [{"variables": {"TOKEN": True}}]}
    (token,) = resolve(
        parse_path("environment[0].variables.TOKEN"), values, None, sensitive
    )
    (mode,) = resolve(
        parse_path("environment[0].variables.MODE"), values, None, sensitive
    )
    (whole,) = resolve(parse_path("environment[0].variables"), values, None, sensitive)
    assert token.sensitive and not mode.sensitive and whole.sensitive
    assert is_marked(sensitive, parse_path("environment[*].variables"))
    assert marked_paths(sensitive) == [("environment", 0, "variables", "TOKEN")]
