"""Validate policy files one by one, collecting every problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govern import library
from govern.engine.compiler import compile_policy
from govern.errors import PolicyError
from govern.policy.loader import (
    load_extra_examples,
    load_pillars,
    load_policy_file,
    policy_files,
)


def validate_paths(paths: Sequence[Path]) -> tuple[int, list[str]]:
    """Return how many policy files were checked and every problem found.

    Beyond the models, each policy must compile (parameters of the right
    shape), ids must be unique, and examples files beside policies must parse.
    """
    pillars = load_pillars(library.builtin_pillars())
    try:
        files = policy_files(paths)
    except PolicyError as error:
        return 0, error.problems
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            policy = load_policy_file(path, pillars)
            load_extra_examples(path)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        try:
            compile_policy(policy, pillars[policy.pillar])
        except PolicyError as error:
            problems.append(f"{path}:1: {error}")
        if policy.id in seen:
            problems.append(
                f"{path}:1: {policy.id}: id: duplicate policy id, "
                f"also defined in {seen[policy.id]}"
            )
        seen.setdefault(policy.id, path)
    return len(files), problems
