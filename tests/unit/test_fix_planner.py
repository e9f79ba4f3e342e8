"""Placing the fixes of a whole plan: shared blocks, conflicts, companions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from govern.findings.finding import Finding
from govern.model.resource import Resource
from govern.policy.models import Fix
from govern.remediate.terraform.declarations import SourceTree
from govern.remediate.terraform.fixes import render_fix
from govern.remediate.terraform.planner import FixPlan, plan_fixes
from tests.unit.reporting import make_finding

SOURCE = (
    'resource "aws_ebs_volume" "disk" {\n  count = 2\n  size  = 1\n}\n\n'
    'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\n'
    'module "vendor" {\n  source   = "acme/storage/aws"\n  for_each = var.envs\n}\n'
)
ENCRYPT = Fix.model_validate({"set": {"encrypted": True}})
DECRYPT = Fix.model_validate({"set": {"encrypted": False}})
PAB = Fix.model_validate(
    {"add": {"type": "aws_s3_bucket_public_access_block", "body": "bucket = {ref}.id"}}
)


def resource(address: str, module: str = "", index: int | None = None) -> Resource:
    """A plan resource; ``address`` includes the module path and instance key."""
    local = address.removeprefix(f"{module}.") if module else address
    resource_type, name = local.split("[")[0].split(".")
    return Resource(
        address=address,
        type=resource_type,
        name=name,
        values={},
        module=module,
        index=index,
    )


def failing(policy_id: str, fix: Fix, item: Resource) -> Finding:
    finding = make_finding(address=item.address)
    return dataclasses.replace(
        finding, policy_id=policy_id, fix=render_fix(fix, item, {})
    )


def plan(tmp_path: Path, findings: list[Finding], resources: list[Resource]) -> FixPlan:
    (tmp_path / "main.tf").write_text(SOURCE)
    return plan_fixes(findings, resources, SourceTree(tmp_path))


def test_a_fix_every_instance_needs_is_placed_once(tmp_path: Path) -> None:
    disks = [resource(f"aws_ebs_volume.disk[{n}]", index=n) for n in (0, 1)]
    result = plan(tmp_path, [failing("P-1", ENCRYPT, d) for d in disks], disks)
    (change,) = result.changes.values()
    assert result.listed == [] and result.placed == change.settings == 1
    assert "".join(change.after()).count("encrypted = true") == 1


def test_policies_that_want_different_values_are_both_listed(tmp_path: Path) -> None:
    disks = [resource(f"aws_ebs_volume.disk[{n}]", index=n) for n in (0, 1)]
    findings = [
        failing(p, f, d) for p, f in (("P-1", ENCRYPT), ("P-2", DECRYPT)) for d in disks
    ]
    result = plan(tmp_path, findings, disks)
    assert result.changes == {}
    assert [(item.address, item.policy_id, item.reason) for item in result.listed] == [
        ("aws_ebs_volume.disk", "P-1", "policies P-1, P-2 want different values"),
        ("aws_ebs_volume.disk", "P-2", "policies P-1, P-2 want different values"),
    ]


def test_companions_are_offered_for_single_resources_only(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket.logs")
    disk = resource("aws_ebs_volume.disk[0]", index=0)
    result = plan(
        tmp_path, [failing("P-1", PAB, bucket), failing("P-1", PAB, disk)], []
    )
    (to_add,) = result.to_add
    assert to_add.address == "aws_s3_bucket.logs" and to_add.next_to.block.start == 6
    (listed,) = result.listed
    assert listed.address == "aws_ebs_volume.disk[0]"
    assert listed.reason.startswith("one instance of several")


def test_a_registry_module_is_listed_once_for_all_its_instances(tmp_path: Path) -> None:
    keys = [
        resource(
            f'module.vendor["{env}"].aws_ebs_volume.disk', f'module.vendor["{env}"]'
        )
        for env in "ab"
    ]
    result = plan(tmp_path, [failing("P-1", ENCRYPT, k) for k in keys], keys)
    (listed,) = result.listed
    assert listed.address == "module.vendor.aws_ebs_volume.disk"
    assert "registry or remote module" in listed.reason


def test_failing_findings_without_a_fix_are_counted(tmp_path: Path) -> None:
    result = plan(tmp_path, [make_finding(), make_finding(status="pass")], [])
    assert result.without_fix == 1 and not result.changes and not result.listed
