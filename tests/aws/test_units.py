"""Pure parts of the live input: error classes, derived facts, shapes, registry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from govern.inputs.aws import errors
from govern.inputs.aws.collectors import COLLECTORS, SERVICES
from govern.inputs.aws.collectors.s3_shapes import canned_acl as _canned
from govern.inputs.aws.collectors.vpc import rule_blocks
from govern.inputs.aws.public import UNKNOWN, bucket_public, snapshot_public
from govern.inputs.aws.registry import (
    Call,
    Detail,
    permissions,
    plan_scan,
    policy_document,
)
from govern.inputs.aws.shape import document

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def client_error(code: str, status: int = 400) -> ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": "it happened"},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "GetThing")


@pytest.mark.parametrize(
    ("case", "error", "absent", "kind"),
    [
        (
            "no policy",
            client_error("NoSuchBucketPolicy", 404),
            frozenset(),
            "not-configured",
        ),
        (
            "not found",
            client_error("ResourceNotFoundException"),
            frozenset(),
            "not-configured",
        ),
        (
            "declared absent",
            client_error("UnsupportedOperationException"),
            frozenset({"UnsupportedOperationException"}),
            "not-configured",
        ),
        (
            "not found on a list call",
            client_error("NoSuchEntity", 404),
            None,
            "service-error",
        ),
        ("denied", client_error("AccessDenied", 403), frozenset(), "access-denied"),
        (
            "unauthorised",
            client_error("UnauthorizedOperation", 403),
            None,
            "access-denied",
        ),
        ("other 403", client_error("SomethingForbidden", 403), None, "access-denied"),
        ("throttled", client_error("ThrottlingException"), None, "throttled"),
        ("slow down", client_error("SlowDown", 503), None, "throttled"),
        ("opt-in", client_error("OptInRequired", 401), None, "region-disabled"),
        (
            "token",
            client_error("UnrecognizedClientException", 403),
            None,
            "credentials-rejected",
        ),
        ("not implemented", client_error("NotImplemented", 501), None, "unsupported"),
        ("server", client_error("InternalError", 500), None, "service-error"),
        (
            "network",
            EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            None,
            "unreachable",
        ),
    ],
)
def test_errors_are_classified(
    case: str, error: Exception, absent: frozenset[str] | None, kind: str
) -> None:
    assert errors.classify(error, absent) == kind, case


def test_error_description_is_one_line() -> None:
    assert errors.describe(client_error("AccessDenied")) == "AccessDenied: it happened"
    message = errors.describe(EndpointConnectionError(endpoint_url="http://x"))
    assert "\n" not in message and "http://x" in message


def _grant(uri: str, permission: str = "READ") -> dict[str, Any]:
    return {"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}


def _policy(principal: Any, condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Statement": [statement]})


BLOCK_ALL = {"IgnorePublicAcls": True, "RestrictPublicBuckets": True}


@pytest.mark.parametrize(
    ("case", "grants", "policy", "block", "public"),
    [
        ("private", [], None, None, False),
        ("public ACL", [_grant(ALL_USERS)], None, None, True),
        ("public ACL ignored", [_grant(ALL_USERS)], None, BLOCK_ALL, False),
        ("public policy", [], _policy("*"), None, True),
        ("public policy, AWS star", [], _policy({"AWS": ["*"]}), None, True),
        ("public policy restricted", [], _policy("*"), BLOCK_ALL, False),
        (
            "policy pinned to an organisation",
            [],
            _policy("*", {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}),
            None,
            False,
        ),
        ("account principal", [], _policy({"AWS": "arn:aws:iam::1:root"}), None, False),
        ("ACL refused", UNKNOWN, None, None, None),
        ("ACL refused but ignored", UNKNOWN, None, BLOCK_ALL, False),
        ("block refused, nothing public", [], None, UNKNOWN, False),
        ("block refused, public ACL", [_grant(ALL_USERS)], None, UNKNOWN, None),
        (
            "public ACL wins over a refused policy",
            [_grant(ALL_USERS)],
            UNKNOWN,
            None,
            True,
        ),
    ],
)
def test_bucket_public_fact(
    case: str, grants: Any, policy: Any, block: Any, public: bool | None
) -> None:
    assert bucket_public(grants, policy, block) is public, case


def test_snapshot_public_fact() -> None:
    assert snapshot_public([{"Group": "all"}]) is True
    assert snapshot_public([{"UserId": "111111111111"}]) is False
    assert snapshot_public(None) is False
    assert snapshot_public(UNKNOWN) is None


@pytest.mark.parametrize(
    ("case", "grants", "canned"),
    [
        ("owner only", [], "private"),
        ("public read", [_grant(ALL_USERS)], "public-read"),
        (
            "public read write",
            [_grant(ALL_USERS), _grant(ALL_USERS, "WRITE")],
            "public-read-write",
        ),
        ("custom", [_grant("http://example.com/group")], None),
    ],
)
def test_canned_acl_is_recognised(case: str, grants: list[Any], canned: str) -> None:
    owner = {
        "Grantee": {"ID": "me", "Type": "CanonicalUser"},
        "Permission": "FULL_CONTROL",
    }
    data = {"Owner": {"ID": "me"}, "Grants": [owner, *grants]}
    assert _canned(data) == canned, case


def test_rule_blocks_split_by_description_and_mark_self() -> None:
    permissions_: list[dict[str, Any]] = [
        {
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "IpRanges": [
                {"CidrIp": "10.0.0.0/8", "Description": "office"},
                {"CidrIp": "192.168.0.0/16", "Description": "office"},
                {"CidrIp": "0.0.0.0/0"},
            ],
            "UserIdGroupPairs": [{"GroupId": "sg-self"}, {"GroupId": "sg-other"}],
        },
        {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
    ]
    blocks = rule_blocks(permissions_, "sg-self")
    assert blocks == [
        {
            "from_port": 0,
            "to_port": 0,
            "protocol": "-1",
            "cidr_blocks": [],
            "ipv6_cidr_blocks": ["::/0"],
            "prefix_list_ids": [],
            "security_groups": [],
            "self": False,
            "description": "",
        },
        {
            "from_port": 443,
            "to_port": 443,
            "protocol": "tcp",
            "cidr_blocks": ["0.0.0.0/0"],
            "ipv6_cidr_blocks": [],
            "prefix_list_ids": [],
            "security_groups": ["sg-other"],
            "self": True,
            "description": "",
        },
        {
            "from_port": 443,
            "to_port": 443,
            "protocol": "tcp",
            "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"],
            "ipv6_cidr_blocks": [],
            "prefix_list_ids": [],
            "security_groups": [],
            "self": False,
            "description": "office",
        },
    ]


@pytest.mark.parametrize(
    ("case", "given", "stored"),
    [
        ("dict", {"b": 1, "a": [2]}, '{"a":[2],"b":1}'),
        ("JSON text", '{ "b": 1, "a": 2 }', '{"a":2,"b":1}'),
        ("URL-encoded", "%7B%22a%22%3A1%7D", '{"a":1}'),
        ("not JSON", "not json", "not json"),
        ("nothing", None, None),
    ],
)
def test_documents_are_stored_as_compact_json(
    case: str, given: Any, stored: str | None
) -> None:
    assert document(given) == stored, case


def test_every_detail_fills_types_its_collector_produces() -> None:
    for collector in COLLECTORS:
        for detail in collector.details:
            unknown = (set(detail.fills) | detail.emits) - set(collector.types)
            assert not unknown, (collector.label(), detail.key, unknown)


def test_detail_keys_are_unique_per_collector() -> None:
    for collector in COLLECTORS:
        keys = [d.key for d in collector.details]
        assert len(keys) == len(set(keys)), collector.label()


def test_every_type_has_one_collector() -> None:
    owners: dict[str, str] = {}
    for collector in COLLECTORS:
        for kind in collector.types:
            assert kind not in owners, (kind, owners.get(kind), collector.label())
            owners[kind] = collector.label()
    assert len(owners) >= 40


def test_needs_pick_collectors_and_details() -> None:
    planned = plan_scan(COLLECTORS, {"aws_s3_bucket": {"versioning", "@tags"}})
    assert [(p.collector.label(), sorted(p.wanted)) for p in planned] == [
        ("s3.Buckets", ["tags", "versioning"])
    ]
    related = plan_scan(
        COLLECTORS,
        {"aws_s3_bucket": set(), "aws_s3_bucket_public_access_block": {"bucket"}},
    )
    assert [sorted(p.wanted) for p in related] == [["public_access_block"]]
    assert plan_scan(COLLECTORS, {"aws_s3_bucket": set()}, ["ec2"]) == []


def test_a_detail_is_needed_for_its_attributes_or_its_types() -> None:
    detail = Detail("x", Call("GetX"), {"t": frozenset({"a"})}, emits=frozenset({"u"}))
    assert detail.needed({"t": {"a"}})
    assert detail.needed({"u": set()})
    assert not detail.needed({"t": {"b"}})


def test_permissions_are_read_only_and_spelled_as_iam_wants() -> None:
    actions = permissions(COLLECTORS)
    assert "s3:GetBucketPublicAccessBlock" in actions
    assert "s3:GetEncryptionConfiguration" in actions
    assert "s3:ListAllMyBuckets" in actions
    assert "elasticloadbalancing:DescribeLoadBalancers" in actions
    assert "tag:GetResources" in actions
    assert "sts:GetCallerIdentity" in actions
    verbs = ("Get", "List", "Describe")
    assert all(a.split(":")[1].startswith(verbs) for a in actions), actions
    assert policy_document(COLLECTORS)["Statement"][0]["Action"] == actions


def test_services_are_the_boto3_client_names() -> None:
    assert SERVICES == (
        "cloudtrail",
        "dynamodb",
        "ec2",
        "elbv2",
        "iam",
        "kms",
        "lambda",
        "logs",
        "rds",
        "s3",
        "sns",
        "sqs",
    )


def test_the_scanning_reference_is_fresh() -> None:
    from govern.inputs.aws.reference import BEGIN, END, render
    from tests.conftest import REPO

    text = (REPO / "docs" / "scanning.md").read_text()
    generated = text[text.index(BEGIN) : text.index(END) + len(END)] + "\n"
    assert generated == render(), "run 'make generate'"
