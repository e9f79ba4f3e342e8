"""Meta-tests over the whole built-in library, and every policy's examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from govern.authoring.testing import missing_examples, run_examples
from govern.engine.compiler import CompiledPolicy
from govern.policy.library import PolicySet
from govern.policy.models import POLICY_ID_PATTERN
from govern.policy.schema import render_schema
from tests.conftest import REPO

POLICY_FILES = sorted(
    p
    for p in (REPO / "policies").rglob("*.yaml")
    if not p.name.endswith(".examples.yaml")
)


def test_every_policy_passes_its_own_examples(compiled: list[CompiledPolicy]) -> None:
    failures = [
        f"{o.policy_id} [{o.label}]: expected {o.expected}, got {o.got}: {o.message}"
        for policy in compiled
        for o in run_examples(policy)
        if not o.ok
    ]
    assert not failures, "\n".join(failures)


def test_every_policy_has_a_passing_and_a_failing_example(
    compiled: list[CompiledPolicy],
) -> None:
    lacking = {p.id: missing_examples(p) for p in compiled if missing_examples(p)}
    assert not lacking


def test_policy_ids_are_unique_opaque_and_well_formed(policy_set: PolicySet) -> None:
    ids = [p.id for p in policy_set.policies]
    assert len(ids) == len(set(ids))
    for policy in policy_set.policies:
        assert re.fullmatch(POLICY_ID_PATTERN, policy.id), policy.id
        for word in (policy.pillar, policy.severity):
            assert word.upper() not in policy.id, f"{policy.id} encodes {word}"


def test_every_pillar_has_policies(policy_set: PolicySet) -> None:
    counts = dict.fromkeys(policy_set.pillars, 0)
    for policy in policy_set.policies:
        counts[policy.pillar] += 1
    assert all(counts.values()), counts


def test_every_policy_lives_in_its_pillars_folder() -> None:
    for path in POLICY_FILES:
        if path.parent.name == "policies":
            continue
        data = yaml.safe_load(path.read_text())
        assert data["pillar"] == path.parent.name, path


def test_committed_schema_is_fresh() -> None:
    committed = (REPO / "policies" / "schema.json").read_text()
    assert committed == render_schema(), "run 'make generate'"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_policy_file_matches_the_json_schema(path: Path) -> None:
    schema = json.loads((REPO / "policies" / "schema.json").read_text())
    document = yaml.safe_load(path.read_text())
    errors = [
        e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)
    ]
    assert not errors, errors


def test_committed_catalogue_is_fresh(policy_set: PolicySet) -> None:
    from govern.authoring.catalogue import render_catalogue

    committed = (REPO / "docs" / "policies.md").read_text()
    assert committed == render_catalogue(policy_set), "run 'make generate'"


def test_committed_bundle_is_fresh() -> None:
    from govern.policy.bundle import render_bundle

    committed = (REPO / "policies" / "library.json").read_text()
    assert committed == render_bundle(REPO / "policies"), "run 'make generate'"


def test_an_edited_policy_is_read_from_its_yaml_not_the_bundle(tmp_path: Path) -> None:
    from govern import library
    from govern.policy.loader import load_pillars, load_policies

    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "library.json").write_text(
        (REPO / "policies" / "library.json").read_text()
    )
    source = REPO / "policies" / "security" / "s3-public-access-block.yaml"
    (folder / "security").mkdir()
    edited = source.read_text().replace("severity: high", "severity: critical")
    (folder / "security" / source.name).write_text(edited)
    pillars = load_pillars(library.builtin_pillars())
    [policy] = load_policies([folder], pillars)
    assert policy.severity == "critical"
