"""The condition language: each operator, three-valued logic, links, parameters."""

from __future__ import annotations

from typing import Any

import pytest

from govern.engine.compiler import compile_policy
from govern.engine.evaluate import evaluate_one
from govern.engine.inventory import Inventory
from govern.errors import PolicyError
from govern.model.resource import Resource
from govern.policy.models import Pillar, Policy, Team

PILLAR = Pillar(
    id="security",
    name="Security",
    description="d",
    team=Team(name="Sec", contact="#sec"),
    fail_on="high",
)


def policy(condition: dict[str, Any], **extra: Any) -> Policy:
    return Policy.model_validate(
        {
            "id": "TEST-001",
            "title": "t",
            "pillar": "security",
            "severity": "high",
            "resource_types": ["aws_thing"],
            "rationale": "r",
            "condition": condition,
            "remediation": {"hint": "h"},
            "examples": {},
            **extra,
        }
    )


def resource(values: dict[str, Any], **extra: Any) -> Resource:
    return Resource(
        address="aws_thing.x", type="aws_thing", name="x", values=values, **extra
    )


def status(
    condition: dict[str, Any],
    values: dict[str, Any],
    related: list[Resource] | None = None,
    **extra: Any,
) -> str:
    subject = resource(values, **extra)
    compiled = compile_policy(policy(condition), PILLAR)
    inventory = Inventory([subject, *(related or [])])
    return evaluate_one(compiled, subject, inventory).status


CASES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("equals holds", {"path": "a", "equals": "x"}, {"a": "x"}, "pass"),
    ("equals fails", {"path": "a", "equals": "x"}, {"a": "y"}, "fail"),
    ("equals on absent fails", {"path": "a", "equals": "x"}, {}, "fail"),
    ("true is not 1", {"path": "a", "equals": True}, {"a": 1}, "fail"),
    ("in holds", {"path": "a", "in": [1, 2]}, {"a": 2}, "pass"),
    ("gte on number", {"path": "n", "gte": 7}, {"n": 7}, "pass"),
    ("lt fails", {"path": "n", "lt": 7}, {"n": 9}, "fail"),
    ("numbers in strings compare", {"path": "n", "gt": 1}, {"n": "2"}, "pass"),
    (
        "matches searches",
        {"path": "a", "matches": "^db\\.t2"},
        {"a": "db.t2.micro"},
        "pass",
    ),
    ("present on empty list fails", {"path": "a", "present": True}, {"a": []}, "fail"),
    ("absent holds when missing", {"path": "a", "present": False}, {}, "pass"),
    ("has_keys", {"path": "t", "has_keys": ["owner"]}, {"t": {"owner": "me"}}, "pass"),
    (
        "has_keys empty value",
        {"path": "t", "has_keys": ["owner"]},
        {"t": {"owner": ""}},
        "fail",
    ),
    (
        "cidr_within",
        {"path": "c", "cidr_within": ["10.0.0.0/8"]},
        {"c": "10.1.0.0/16"},
        "pass",
    ),
    ("world is public", {"path": "c", "cidr_public": True}, {"c": "0.0.0.0/0"}, "pass"),
    (
        "ipv6 world is public",
        {"path": "c", "cidr_public": False},
        {"c": "::/0"},
        "fail",
    ),
    (
        "private is not public",
        {"path": "c", "cidr_public": False},
        {"c": "172.16.1.0/24"},
        "pass",
    ),
    ("wildcard needs all", {"path": "l[*]", "equals": 1}, {"l": [1, 2]}, "fail"),
    (
        "match any needs one",
        {"path": "l[*]", "equals": 1, "match": "any"},
        {"l": [1, 2]},
        "pass",
    ),
    ("not flips", {"not": {"path": "a", "equals": 1}}, {"a": 2}, "pass"),
    (
        "any with one true",
        {"any": [{"path": "a", "equals": 1}, {"path": "b", "equals": 1}]},
        {"a": 0, "b": 1},
        "pass",
    ),
    (
        "every element",
        {"every": "l[*]", "satisfies": {"path": "on", "equals": True}},
        {"l": [{"on": True}, {"on": False}]},
        "fail",
    ),
    (
        "every of nothing holds",
        {"every": "l[*]", "satisfies": {"path": "on", "equals": True}},
        {"l": []},
        "pass",
    ),
    (
        "some element",
        {"some": "l[*]", "satisfies": {"path": "on", "equals": True}},
        {"l": [{"on": False}, {"on": True}]},
        "pass",
    ),
    (
        "none element",
        {"none": "l[*]", "satisfies": {"path": "on", "equals": True}},
        {"l": [{"on": False}, {"on": True}]},
        "fail",
    ),
    (
        "json document",
        {
            "json": "policy",
            "satisfies": {
                "none": "Statement[*]",
                "satisfies": {
                    "all": [
                        {"path": "Effect", "equals": "Allow"},
                        {"path": "Action[*]", "equals": "*", "match": "any"},
                    ]
                },
            },
        },
        {"policy": '{"Statement": {"Effect": "Allow", "Action": "*"}}'},
        "fail",
    ),
    (
        "broken json fails",
        {"json": "policy", "satisfies": {"path": "a", "present": True}},
        {"policy": "{not json"},
        "fail",
    ),
    (
        "resource facts",
        {"path": "@tags", "has_keys": ["owner"]},
        {"tags": {"owner": "x"}},
        "fail",
    ),
]


@pytest.mark.parametrize(
    ("name", "condition", "values", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_operator(
    name: str, condition: dict[str, Any], values: dict[str, Any], expected: str
) -> None:
    assert status(condition, values) == expected, name


def test_resource_facts_read_effective_tags() -> None:
    condition = {"path": "@tags", "has_keys": ["owner"]}
    assert status(condition, {}, tags={"owner": "team-a"}) == "pass"


def _instance(index: int, module: str = "", **extra: Any) -> Resource:
    prefix = f"{module}." if module else ""
    return Resource(
        address=f"{prefix}aws_thing.x[{index}]",
        type="aws_thing",
        name="x",
        values={},
        module=module,
        index=index,
        **extra,
    )


def test_instances_count_the_blocks_live_instances_in_its_module() -> None:
    ours = [_instance(n, "module.dev") for n in range(3)]
    gone = _instance(3, "module.dev", actions=("delete",))
    elsewhere = _instance(0, "module.prod")
    inventory = Inventory([*ours, gone, elsewhere])

    assert [inventory.instances(r) for r in ours] == [3, 3, 3]
    assert inventory.instances(elsewhere) == 1
    live = Resource(
        address="arn:x", type="aws_thing", name="x", values={}, source="aws"
    )
    assert inventory.instances(live) is None


def test_instances_is_a_resource_fact() -> None:
    compiled = compile_policy(policy({"path": "@instances", "lte": 1}), PILLAR)
    two = [_instance(0), _instance(1)]
    assert evaluate_one(compiled, two[0], Inventory(two)).status == "fail"
    one = [_instance(0)]
    assert evaluate_one(compiled, one[0], Inventory(one)).status == "pass"


@pytest.mark.parametrize(
    ("name", "condition", "expected"),
    [
        ("unknown leaf", {"path": "a", "equals": 1}, "unknown"),
        (
            "all with false beats unknown",
            {"all": [{"path": "a", "equals": 1}, {"path": "b", "equals": 1}]},
            "fail",
        ),
        (
            "any with true beats unknown",
            {"any": [{"path": "a", "equals": 1}, {"path": "c", "equals": 1}]},
            "pass",
        ),
        ("not keeps unknown", {"not": {"path": "a", "equals": 1}}, "unknown"),
        ("present of unknown", {"path": "a", "present": True}, "unknown"),
    ],
)
def test_three_valued_logic(
    name: str, condition: dict[str, Any], expected: str
) -> None:
    values = {"b": 2, "c": 1}
    assert status(condition, values, unknown={"a": True}) == expected, name


def test_on_unknown_can_turn_unknown_into_fail() -> None:
    subject = resource({}, unknown={"a": True})
    compiled = compile_policy(
        policy({"path": "a", "equals": 1}, on_unknown="fail"), PILLAR
    )
    assert evaluate_one(compiled, subject, Inventory([subject])).status == "fail"


def block(bucket: str, flag: bool, **extra: Any) -> Resource:
    return Resource(
        address=f"aws_s3_bucket_public_access_block.{bucket}",
        type="aws_s3_bucket_public_access_block",
        name=bucket,
        values={"bucket": bucket, "block_public_acls": flag},
        **extra,
    )


RELATED = {
    "related": "aws_s3_bucket_public_access_block",
    "via": "bucket",
    "satisfies": {"path": "block_public_acls", "equals": True},
}


def test_related_links_by_value() -> None:
    assert status(RELATED, {"bucket": "logs"}, [block("logs", True)]) == "pass"
    assert status(RELATED, {"bucket": "logs"}, [block("logs", False)]) == "fail"
    assert status(RELATED, {"bucket": "logs"}, [block("other", True)]) == "fail"


def test_related_links_by_configuration_reference() -> None:
    linked = block("whatever", True, references={"bucket": ("aws_thing.x",)})
    assert status(RELATED, {"bucket": None}, [linked]) == "pass"


def test_related_ignores_resources_being_deleted() -> None:
    deleted = block("logs", True, actions=("delete",))
    assert status(RELATED, {"bucket": "logs"}, [deleted]) == "fail"


def test_related_match_none_and_outbound() -> None:
    none = {**RELATED, "match": "none"}
    assert status(none, {"bucket": "logs"}, [block("logs", True)]) == "fail"
    outbound = {
        "related": "aws_s3_bucket_public_access_block",
        "via": "guard",
        "direction": "outbound",
    }
    assert status(outbound, {"guard": "logs"}, [block("logs", True)]) == "pass"


def test_parameters_use_defaults_and_settings() -> None:
    declared = policy(
        {"path": "@region", "in": {"param": "regions"}},
        parameters={"regions": {"description": "d", "default": ["eu-west-1"]}},
    )
    subject = resource({}, region="us-east-1")
    inventory = Inventory([subject])
    assert (
        evaluate_one(compile_policy(declared, PILLAR), subject, inventory).status
        == "fail"
    )
    tuned = compile_policy(declared, PILLAR, {"regions": ["us-east-1"]})
    assert evaluate_one(tuned, subject, inventory).status == "pass"


def test_undeclared_parameter_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match="undeclared parameters"):
        policy({"path": "a", "in": {"param": "nope"}})


def test_parameter_of_the_wrong_shape_is_a_policy_error() -> None:
    declared = policy(
        {"path": "a", "in": {"param": "allowed"}},
        parameters={"allowed": {"description": "d", "default": "not-a-list"}},
    )
    with pytest.raises(PolicyError, match="needs a list"):
        compile_policy(declared, PILLAR)


def test_messages_name_the_path_and_value_and_mask_sensitive_ones() -> None:
    condition = {"path": "metadata_options[*].http_tokens", "equals": "required"}
    subject = resource({"metadata_options": [{"http_tokens": "optional"}]})
    compiled = compile_policy(policy(condition), PILLAR)
    finding = evaluate_one(compiled, subject, Inventory([subject]))
    assert finding.message == (
        "metadata_options[0].http_tokens is \"optional\" (expected: equals 'required')"
    )
    secret = resource({"password": "hunter2"}, sensitive={"password": True})
    compiled = compile_policy(policy({"path": "password", "equals": "x"}), PILLAR)
    masked = evaluate_one(compiled, secret, Inventory([secret]))
    assert "hunter2" not in masked.message and "(sensitive value)" in masked.message


def test_negated_messages_say_what_must_not_hold() -> None:
    condition = {
        "none": "ingress[*]",
        "satisfies": {"path": "cidr_blocks[*]", "in": ["0.0.0.0/0"], "match": "any"},
    }
    subject = resource({"ingress": [{"cidr_blocks": ["0.0.0.0/0"]}]})
    finding = evaluate_one(
        compile_policy(policy(condition), PILLAR), subject, Inventory([subject])
    )
    assert finding.message.startswith(
        'ingress[0].cidr_blocks[0] is "0.0.0.0/0" (must not:'
    )


def test_a_parameter_can_name_a_map_key_in_a_path() -> None:
    declared = policy(
        {"path": "@tags.${env_key}", "in": ["prod"]},
        parameters={"env_key": {"description": "d", "default": "environment"}},
    )
    subject = resource({}, tags={"Stage": "prod"})
    inventory = Inventory([subject])
    assert (
        evaluate_one(compile_policy(declared, PILLAR), subject, inventory).status
        == "fail"
    )
    tuned = compile_policy(declared, PILLAR, {"env_key": "Stage"})
    assert evaluate_one(tuned, subject, inventory).status == "pass"


def test_path_parameters_must_be_declared() -> None:
    with pytest.raises(ValueError, match="undeclared parameters"):
        policy({"path": "@tags.${nope}", "present": True})


def test_unknown_tag_values_make_tag_conditions_unknown() -> None:
    condition = {"path": "@tags", "has_keys": ["owner"]}
    values = {"tags": {"name": "x"}}
    unknown = {"tags": {"owner": True}, "tags_all": True}
    assert status(condition, values, unknown=unknown, tags={"name": "x"}) == "unknown"


def test_redacting_policies_never_show_values() -> None:
    condition = {"path": "environment[0].variables.DB_PASSWORD", "present": False}
    subject = resource({"environment": [{"variables": {"DB_PASSWORD": "s3cr3t!"}}]})
    compiled = compile_policy(policy(condition, redact=True), PILLAR)
    finding = evaluate_one(compiled, subject, Inventory([subject]))
    assert finding.status == "fail" and "s3cr3t!" not in finding.message
    assert "(value redacted)" in finding.message


def test_an_unknown_configured_attribute_counts_as_set() -> None:
    condition = {"path": "kms_key_id", "present": True}
    unknown = {"kms_key_id": True, "arn": True}
    configured = frozenset({"kms_key_id"})
    assert status(condition, {}, unknown=unknown, configured=configured) == "pass"
    assert status(condition, {}, unknown=unknown) == "unknown"
    assert (
        status(
            {"path": "arn", "present": True}, {}, unknown=unknown, configured=configured
        )
        == "unknown"
    )


NO_TOKENS = {
    "none": "env",
    "over": "entries",
    "satisfies": {
        "all": [
            {"path": "key", "matches": "TOKEN$"},
            {"not": {"path": "value", "matches": "^arn:"}},
        ]
    },
}


@pytest.mark.parametrize(
    ("name", "values", "unknown", "expected"),
    [
        ("no entry matches", {"env": {"A": "1", "TOKEN_TTL": "60"}}, None, "pass"),
        ("a reference", {"env": {"API_TOKEN": "arn:aws:ssm:x"}}, None, "pass"),
        ("a value", {"env": {"LOG": "1", "API_TOKEN": "abc"}}, None, "fail"),
        ("no map", {}, None, "pass"),
        ("not a map", {"env": "API_TOKEN=abc"}, None, "pass"),
        # Terraform leaves a name whose value is unknown out of the map.
        ("unknown value", {"env": {"A": "1"}}, {"env": {"API_TOKEN": True}}, "unknown"),
        ("unknown map", {}, {"env": True}, "unknown"),
    ],
)
def test_quantifiers_over_map_entries(
    name: str, values: dict[str, Any], unknown: Any, expected: str
) -> None:
    assert status(NO_TOKENS, values, unknown=unknown) == expected, name


def test_every_and_some_entry() -> None:
    lower = {"path": "key", "matches": "^[a-z]+$"}
    every = {"every": "tags", "over": "entries", "satisfies": lower}
    some = {"some": "tags", "over": "entries", "satisfies": lower}
    mixed = {"tags": {"owner": "a", "CostCenter": "b"}}
    assert status(every, mixed) == "fail"
    assert status(some, mixed) == "pass"
    assert status(every, {"tags": {"owner": "a"}}) == "pass"


def test_an_entrys_value_can_be_an_object_with_its_own_paths() -> None:
    condition = {
        "every": "rules",
        "over": "entries",
        "satisfies": {"path": "value.enabled", "equals": True},
    }
    assert status(condition, {"rules": {"a": {"enabled": True}}}) == "pass"
    assert status(condition, {"rules": {"a": {"enabled": False}}}) == "fail"


def test_entry_messages_name_the_entry_and_mask_sensitive_values() -> None:
    subject = resource(
        {"env": {"API_TOKEN": "hunter2"}}, sensitive={"env": {"API_TOKEN": True}}
    )
    compiled = compile_policy(policy(NO_TOKENS), PILLAR)
    finding = evaluate_one(compiled, subject, Inventory([subject]))

    assert finding.status == "fail"
    assert "env.API_TOKEN is (sensitive value)" in finding.message
    assert "hunter2" not in finding.message


def test_over_must_be_elements_or_entries() -> None:
    with pytest.raises(ValueError, match="over"):
        policy(
            {
                "every": "env",
                "over": "keys",
                "satisfies": {"path": "a", "present": True},
            }
        )


# exempt_if: encrypted, unless the resource is a replica.
EXEMPT = {"exempt_if": {"path": "replica_of", "present": True}}


@pytest.mark.parametrize(
    ("values", "unknown", "expected"),
    [
        ({"encrypted": False}, None, "fail"),
        ({"encrypted": True}, None, "pass"),
        ({"encrypted": False, "replica_of": "db-1"}, None, "pass"),
        ({"encrypted": True, "replica_of": "db-1"}, None, "pass"),
        # Kleene OR of condition and exemption, as with any:
        ({"encrypted": False}, {"replica_of": True}, "unknown"),
        ({"encrypted": True}, {"replica_of": True}, "pass"),
        ({"replica_of": None}, {"encrypted": True}, "unknown"),
        ({"replica_of": "db-1"}, {"encrypted": True}, "pass"),
    ],
)
def test_exempt_if_passes_exempt_resources(
    values: dict[str, Any], unknown: dict[str, Any] | None, expected: str
) -> None:
    compiled = compile_policy(
        policy({"path": "encrypted", "equals": True}, **EXEMPT), PILLAR
    )
    subject = resource(values, unknown=unknown)
    assert evaluate_one(compiled, subject, Inventory([subject])).status == expected


def test_a_failure_is_explained_by_the_condition_not_the_exemption() -> None:
    condition = {"path": "encrypted", "equals": True}
    exempted = compile_policy(policy(condition, **EXEMPT), PILLAR)
    subject = resource({"encrypted": False})
    message = evaluate_one(exempted, subject, Inventory([subject])).message
    assert message == "encrypted is false (expected: equals true)"
    # The same rule written as any: also reports the exemption that failed.
    alternatives = {"any": [condition, EXEMPT["exempt_if"]]}
    either = compile_policy(policy(alternatives), PILLAR)
    assert "replica_of" in evaluate_one(either, subject, Inventory([subject])).message


def test_an_exemption_unknown_until_apply_is_what_the_message_names() -> None:
    compiled = compile_policy(
        policy({"path": "encrypted", "equals": True}, **EXEMPT), PILLAR
    )
    subject = resource({"encrypted": False}, unknown={"replica_of": True})
    finding = evaluate_one(compiled, subject, Inventory([subject]))
    assert finding.status == "unknown"
    assert finding.message.startswith("replica_of is unknown until apply")


def test_exempt_if_must_declare_its_parameters() -> None:
    with pytest.raises(ValueError, match="exempt_if uses undeclared parameters"):
        policy(
            {"path": "encrypted", "equals": True},
            exempt_if={"path": "engine", "in": {"param": "exempt_engines"}},
        )


def test_exemption_paths_are_read_by_live_scans_too() -> None:
    from govern.policy.requirements import attribute_needs

    exempted = policy({"path": "encrypted", "equals": True}, **EXEMPT)
    assert attribute_needs([exempted]) == {"aws_thing": {"encrypted", "replica_of"}}


def test_the_exemption_example_in_the_policy_guide_works() -> None:
    import yaml

    from tests.conftest import REPO

    guide = (REPO / "policies" / "README.md").read_text()
    section = guide.split("### Exemptions", 1)[1]
    snippet = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    compiled = compile_policy(policy(**snippet), PILLAR)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"storage_encrypted": False}, "fail"),
        ({"storage_encrypted": False, "replicate_source_db": "db-1"}, "pass"),
        ({"storage_encrypted": False, "engine_mode": "serverless"}, "pass"),
        ({"storage_encrypted": True}, "pass"),
    ]
    for values, expected in cases:
        subject = resource(values)
        found = evaluate_one(compiled, subject, Inventory([subject]))
        assert found.status == expected, values
