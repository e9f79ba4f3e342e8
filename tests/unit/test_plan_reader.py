"""The plan reader against every real plan in tests/fixtures/plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govern.config import Settings
from govern.engine.compiler import CompiledPolicy
from govern.engine.evaluate import evaluate
from govern.engine.inventory import Inventory
from govern.errors import PlanError
from govern.inputs.terraform.plan import parse_plan, read_plan
from govern.model.resource import Resource
from govern.pipeline import RunOptions, engine_options_for
from tests.conftest import EXAMPLES, all_plans, forgetting_plan, plan_path

# file -> (managed, data, addresses that must be read exactly)
EXPECTED: dict[str, tuple[int, int, list[str]]] = {
    "checkov__github_oidc_module_for_each_data_reads_tf1_5": (
        5,
        4,
        [
            'module.poc.data.aws_iam_policy_document.r4["p1"]',
            'module.poc.aws_iam_role.r1["p2"]',
        ],
    ),
    "checkov__iam_inline_and_managed_policies_tf1_1": (
        7,
        0,
        ["aws_iam_group.fail_2", "aws_iam_user_policy.fail_3"],
    ),
    "checkov__kitchen_sink_55_resources_tf0_12": (
        55,
        0,
        ["aws_db_instance.default", "null_resource.push_image"],
    ),
    "checkov__s3_nested_child_modules_count_tf1_2": (
        9,
        0,
        [
            "module.s3_bucket.aws_s3_bucket.this[0]",
            "module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
        ],
    ),
    "checkov__secret_replace_create_before_destroy_tf1_2": (
        1,
        0,
        ["aws_secretsmanager_secret.default"],
    ),
    "checkov__sg_module_for_each_tf1_9": (
        5,
        0,
        [
            'aws_route53_zone.example["example.com"]',
            'module.sg["terrible_example"].aws_security_group.bad',
        ],
    ),
    "checkov__sg_rule_in_place_update_tf1_4": (
        2,
        0,
        ["aws_security_group_rule.foo", "aws_security_group_rule.bar"],
    ),
    "infracost__instance_update_prior_state_tf1_0": (1, 0, ["aws_instance.web_app_1"]),
    "infracost__rds_ec2_nested_modules_count_for_each_noop_update_tf0_14": (
        26,
        0,
        [
            "aws_instance.instance_1",
            'module.instances.aws_instance.module_instance_named["test.2"]',
        ],
    ),
    "regula__cloudtrail_s3_noop_prior_state_tf1_1": (
        6,
        0,
        ["aws_cloudtrail.cloudtrail", "random_id.cloudtrail"],
    ),
    "regula__iam_users_groups_policies_tf0_13": (
        26,
        0,
        [
            "aws_iam_group.valid_group_blank_users",
            "aws_iam_user_policy_attachment.invalid_user_policy_attachment",
        ],
    ),
    "regula__sg_ingress_anywhere_tf0_13": (
        5,
        0,
        ["aws_security_group.invalid_allow_all", "aws_security_group.valid_exact_80"],
    ),
    "snyk__s3_count_split_resources_tf1_3": (
        6,
        0,
        [
            "aws_s3_bucket.validbucket1[0]",
            "aws_s3_bucket_ownership_controls.logbucket1-acl-controls",
        ],
    ),
    "snyk__s3_create_update_delete_noop_tf1_2": (
        4,
        0,
        ["aws_s3_bucket.create_bucket", "aws_s3_bucket.delete_bucket"],
    ),
    "tfcompliance__alb_asg_lambda_modules_updates_tf0_12": (
        24,
        0,
        [
            "aws_iam_instance_profile.profile",
            "module.myapp-asg.module.iam.aws_iam_role_policy_attachment.systems-manager-role",
        ],
    ),
    "tfcompliance__apigw_acm_waf_nested_modules_tf0_15": (
        23,
        0,
        [
            "module.apigw_test_1.aws_api_gateway_account.main",
            "module.apigw_test_1.module.api_gw_log_role.aws_iam_role_policy_attachment.inline[0]",
        ],
    ),
    "tfcompliance__ecr_ec2_module_count_and_for_each_tf0_13": (
        32,
        0,
        [
            "aws_ecr_repository.nonmodulerepository",
            'aws_iam_role.test_iam_role["repository_1"]',
            "module.other_ecr_repository_with_count[6].aws_instance.ecr_repository",
        ],
    ),
    "tfcompliance__lambda_events_delete_update_drift_tf1_0": (
        15,
        0,
        [
            "aws_cloudwatch_event_rule.Metricos_custom_alert_schedule_frequent[0]",
            "aws_ssm_parameter.lambda_sg_id",
        ],
    ),
    "tfcompliance__nested_module_count_tf1_14": (
        2,
        0,
        [
            "module.outer[0].aws_lambda_permission.example",
            "module.outer[0].module.inner.aws_cloudwatch_event_rule.example",
        ],
    ),
    "tfcompliance__vpc_module_count_indices_tf0_12": (
        29,
        0,
        ["module.vpc.aws_eip.nat[0]", "module.vpc.aws_vpn_gateway.this[0]"],
    ),
}


def test_every_shared_plan_is_covered() -> None:
    assert sorted(EXPECTED) == [p.stem for p in all_plans()]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_plan_loads_with_its_resources(name: str) -> None:
    managed, data, addresses = EXPECTED[name]
    plan = read_plan(plan_path(name))
    modes = [r.mode for r in plan.resources]
    assert (modes.count("managed"), modes.count("data")) == (managed, data), name
    found = {r.address for r in plan.resources}
    assert set(addresses) <= found, name


def test_provider_names_of_both_spellings_become_aws() -> None:
    old = read_plan(plan_path("checkov__kitchen_sink_55_resources_tf0_12"))
    new = read_plan(plan_path("snyk__s3_count_split_resources_tf1_3"))
    assert {r.provider for r in old.resources} == {"aws", "null"}
    assert {r.provider for r in new.resources} == {"aws"}


def test_actions_cover_replace_delete_noop_update_and_read() -> None:
    def actions(name: str) -> dict[str, tuple[str, ...]]:
        return {r.address: r.actions for r in read_plan(plan_path(name)).resources}

    lifecycle = actions("snyk__s3_create_update_delete_noop_tf1_2")
    assert lifecycle["aws_s3_bucket.create_bucket"] == ("create",)
    assert lifecycle["aws_s3_bucket.delete_bucket"] == ("delete",)
    assert lifecycle["aws_s3_bucket.update_bucket"] == ("update",)
    replace = actions("checkov__secret_replace_create_before_destroy_tf1_2")
    assert replace["aws_secretsmanager_secret.default"] == ("create", "delete")
    reads = actions("checkov__github_oidc_module_for_each_data_reads_tf1_5")
    assert reads['module.poc.data.aws_iam_policy_document.r4["p1"]'] == ("read",)


def test_deleted_resources_keep_their_last_values() -> None:
    plan = read_plan(plan_path("snyk__s3_create_update_delete_noop_tf1_2"))
    deleted = next(
        r for r in plan.resources if r.address == "aws_s3_bucket.delete_bucket"
    )
    assert deleted.is_removed and deleted.values.get("bucket")


def test_split_s3_resources_link_to_their_bucket_through_nested_modules() -> None:
    plan = read_plan(plan_path("checkov__s3_nested_child_modules_count_tf1_2"))
    by_address = {r.address: r for r in plan.resources}
    nested = by_address[
        "module.s3_module.module.s3_submodule.aws_s3_bucket_public_access_block.submodule_bucket"
    ]
    assert nested.references["bucket"] == (
        "module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
    )
    counted = by_address["module.s3_bucket.aws_s3_bucket_acl.this[0]"]
    assert counted.references["bucket"] == ("module.s3_bucket.aws_s3_bucket.this[0]",)


def test_count_indexed_references_pick_the_matching_instance() -> None:
    plan = read_plan(plan_path("snyk__s3_count_split_resources_tf1_3"))
    logging = next(r for r in plan.resources if r.type == "aws_s3_bucket_logging")
    assert logging.references["bucket"] == ("aws_s3_bucket.validbucket2[0]",)
    assert logging.references["target_bucket"] == ("aws_s3_bucket.logbucket1",)


def test_security_group_rules_link_to_their_group() -> None:
    plan = read_plan(plan_path("checkov__kitchen_sink_55_resources_tf0_12"))
    rule = next(
        r for r in plan.resources if r.address == "aws_security_group_rule.ingress"
    )
    assert rule.references["security_group_id"] == ("aws_security_group.default",)


def test_region_comes_from_the_provider_configuration() -> None:
    plan = read_plan(plan_path("checkov__kitchen_sink_55_resources_tf0_12"))
    assert {r.region for r in plan.resources} == {"us-west-2"}


def test_unknown_values_are_marked_but_unset_provider_defaults_are_not() -> None:
    plan = read_plan(plan_path("snyk__s3_count_split_resources_tf1_3"))
    bucket = next(
        r for r in plan.resources if r.address == "aws_s3_bucket.validbucket1[0]"
    )
    # logging is configured and its target is another bucket's id: truly unknown.
    assert bucket.unknown == {"logging": [{"target_bucket": True}]}


def test_sensitive_markers_are_kept() -> None:
    plan = read_plan(plan_path("tfcompliance__lambda_events_delete_update_drift_tf1_0"))
    parameter = next(
        r for r in plan.resources if r.address == "aws_ssm_parameter.lambda_sg_id"
    )
    assert parameter.sensitive["value"] is True


def test_effective_tags_prefer_tags_all() -> None:
    plan = read_plan(plan_path("tfcompliance__lambda_events_delete_update_drift_tf1_0"))
    for resource in plan.resources:
        tags_all = resource.values.get("tags_all")
        if isinstance(tags_all, dict) and tags_all:
            assert resource.tags == tags_all


def test_values_fall_back_to_planned_values() -> None:
    document = json.loads(plan_path("snyk__s3_count_split_resources_tf1_3").read_text())
    for change in document["resource_changes"]:
        del change["change"]["after"]
    plan = parse_plan(document, "trimmed.json")
    bucket = next(r for r in plan.resources if r.address == "aws_s3_bucket.logbucket1")
    assert bucket.values["bucket"] == "logbucket1-mtu721uc"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not JSON"),
        ("  \n", "empty; produce it with 'terraform show -json plan.out'"),
        ("[1, 2]", "not a Terraform plan"),
        ('{"resource_changes": []}', "no 'format_version'"),
        ('{"format_version": "1.0", "values": {}}', "is a state, not a Terraform"),
        ('{"format_version": "1.0"}', "JSON is not a Terraform plan (no 'resource"),
        ('{"format_version": "2.0", "resource_changes": []}', "not supported"),
        ('{"format_version": "1.2", "resource_changes": {}}', "not a list"),
    ],
)
def test_bad_input_raises_one_line_plan_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(PlanError) as error:
        read_plan(path)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_missing_file_and_directory_are_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        read_plan(tmp_path / "absent.json")
    with pytest.raises(PlanError, match="directory"):
        read_plan(tmp_path)


def test_region_set_from_a_root_variable_is_resolved() -> None:
    plan = read_plan(plan_path("tfcompliance__alb_asg_lambda_modules_updates_tf0_12"))
    assert {r.region for r in plan.resources} == {"us-east-1"}


def test_forgotten_resources_keep_their_prior_values_and_are_removed() -> None:
    plan = parse_plan(forgetting_plan(["forget"]), "forget.json")
    bucket = next(r for r in plan.resources if r.address == "aws_s3_bucket.noop_bucket")
    assert bucket.actions == ("forget",)
    assert bucket.is_removed and not bucket.is_changed
    assert bucket.values["bucket"] == "noop20220817102021848200000001"


def test_create_then_forget_is_judged_on_the_new_object() -> None:
    plan = parse_plan(forgetting_plan(["create", "forget"]), "replace.json")
    bucket = next(r for r in plan.resources if r.address == "aws_s3_bucket.noop_bucket")
    assert not bucket.is_removed and bucket.is_changed
    assert bucket.values["bucket"] == "noop20220817102021848200000001"


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda c: c.clear() or c.update(x=1), "resource_changes[0] has no 'address'"),
        (lambda c: c.pop("type"), "resource_changes[0] has no 'type'"),
        (lambda c: c.update(change=[]), "'change' is not an object"),
        (lambda c: c["change"].update(actions="create"), "'actions' is not a list"),
        (lambda c: c["change"].update(actions=[None]), "'actions' is not a list"),
        (lambda c: c["change"].update(after=[1]), "'after' is not an object"),
        (lambda c: c["change"].update(before="x"), "'before' is not an object"),
    ],
)
def test_malformed_resource_changes_are_one_line_plan_errors(
    mangle: Any, message: str
) -> None:
    document = json.loads(
        plan_path("snyk__s3_create_update_delete_noop_tf1_2").read_text()
    )
    mangle(document["resource_changes"][0])
    with pytest.raises(PlanError) as error:
        parse_plan(document, "mangled.json")
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith("mangled.json: resource_changes[0]")


def test_action_names_from_newer_terraform_versions_are_accepted() -> None:
    # Terraform's format promise: readers accept what later minor versions add.
    document = json.loads(
        plan_path("snyk__s3_create_update_delete_noop_tf1_2").read_text()
    )
    document["resource_changes"][0]["change"]["actions"] = ["some-future-action"]
    plan = parse_plan(document, "newer.json")
    assert plan.resources[0].actions == ("some-future-action",)


def test_a_deposed_object_does_not_hide_its_replacement(
    compiled: list[CompiledPolicy],
) -> None:
    # When create_before_destroy could not destroy an old object, the next plan
    # lists it again, after the current one and under the same address, with
    # a deposed key and a delete. Links to that address mean the current one.
    document = json.loads(
        plan_path("regula__iam_users_groups_policies_tf0_13").read_text()
    )
    options = engine_options_for(RunOptions(), Settings.defaults())

    def outcome(plan: dict[str, Any]) -> set[tuple[str, str, str]]:
        resources = parse_plan(plan, "deposed.json").resources
        found = evaluate(compiled, Inventory(resources), options)
        return {(f.policy_id, f.address, f.status) for f in found}

    before = outcome(document)
    changes = document["resource_changes"]
    position, policy = next(
        (n, c) for n, c in enumerate(changes) if c["type"] == "aws_iam_policy"
    )
    deposed = {
        **policy,
        "deposed": "3f8c2a1e",
        "change": {
            "actions": ["delete"],
            "before": policy["change"]["after"],
            "after": None,
            "after_unknown": {},
            "before_sensitive": {},
            "after_sensitive": False,
        },
    }
    changes.insert(position + 1, deposed)
    assert outcome(document) == before


def test_a_region_from_a_sensitive_variable_is_not_resolved() -> None:
    # Terraform 0.14+ writes "sensitive": true for such a variable in the
    # configuration, and its value in "variables" all the same.
    name = "tfcompliance__alb_asg_lambda_modules_updates_tf0_12"
    document = json.loads(plan_path(name).read_text())
    declared = document["configuration"]["root_module"]["variables"]
    declared["aws_region"]["sensitive"] = True
    plan = parse_plan(document, "sensitive-region.json")
    assert {r.region for r in plan.resources} == {None}


DEFAULT_TAGS = {
    "cost-center": "FIN-4410",
    "environment": "prod",
    "owner": "team-orders",
    "service": "orders",
}


def _trail_with_unknown_tags_all(
    default_tags_from: str = "constant", sensitive: bool = False
) -> Resource:
    """The example trail with one tag value unknown until apply.

    The AWS provider then leaves all of tags_all unknown, which Terraform
    writes as below; the provider's default_tags will still be applied.
    ``default_tags_from="variable"`` sets them as ``tags = var.default_tags``.
    """
    document = json.loads((EXAMPLES / "plans" / "compliant.json").read_text())
    change = next(
        c["change"]
        for c in document["resource_changes"]
        if c["address"] == "aws_cloudtrail.orders"
    )
    del change["after"]["tags_all"]
    change["after"]["tags"] = {"service": "orders"}
    change["after_unknown"].update(tags={"peer": True}, tags_all=True)
    configuration = document["configuration"]
    provider = configuration["provider_config"]["aws"]["expressions"]
    if default_tags_from == "none":
        del provider["default_tags"]
    if default_tags_from == "local":
        provider["default_tags"][0]["tags"] = {"references": ["local.tags"]}
    if default_tags_from == "variable":
        provider["default_tags"][0]["tags"] = {"references": ["var.default_tags"]}
        declared = configuration["root_module"].setdefault("variables", {})
        declared["default_tags"] = {"sensitive": True} if sensitive else {}
        document.setdefault("variables", {})["default_tags"] = {"value": DEFAULT_TAGS}
    return next(
        r
        for r in parse_plan(document, "unknown-tags.json").resources
        if r.address == "aws_cloudtrail.orders"
    )


@pytest.mark.parametrize(
    ("default_tags_from", "status"),
    [
        ("constant", "pass"),
        ("variable", "pass"),
        # default_tags = local.tags: the plan does not show them, so the
        # required tags missing from the resource's own are unknown.
        ("local", "unknown"),
        ("none", "fail"),
    ],
)
def test_default_tags_count_when_a_tag_value_leaves_tags_all_unknown(
    compiled: list[CompiledPolicy], default_tags_from: str, status: str
) -> None:
    trail = _trail_with_unknown_tags_all(default_tags_from)
    expected = DEFAULT_TAGS if status == "pass" else {"service": "orders"}
    assert trail.tags == expected
    assert trail.tags_incomplete is (status == "unknown")
    options = engine_options_for(RunOptions(), Settings.defaults())
    required = [c for c in compiled if c.id == "GOV-0100"]
    (finding,) = evaluate(required, Inventory([trail]), options)
    assert finding.status == status, finding.message
    if status == "unknown":
        assert finding.message.startswith("@tags.owner is unknown until apply")


def test_default_tags_from_a_root_variable_count_unless_it_is_sensitive() -> None:
    assert _trail_with_unknown_tags_all("variable").tags == DEFAULT_TAGS
    hidden = _trail_with_unknown_tags_all("variable", sensitive=True)
    assert hidden.tags == {"service": "orders"}
