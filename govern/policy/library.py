"""The set of pillars and policies one run uses, and their compilation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govern import library
from govern.config import Settings
from govern.errors import ConfigError, UsageError
from govern.policy import cache
from govern.policy.loader import load_pillars, load_policies, policy_files
from govern.policy.models import Examples, Pillar, Policy


@dataclass(slots=True)
class PolicySet:
    pillars: dict[str, Pillar]
    policies: list[Policy]

    def by_id(self, policy_id: str) -> Policy | None:
        return next((p for p in self.policies if p.id == policy_id), None)

    def judging(self, source: str) -> PolicySet:
        """The policies that judge resources from ``source`` (plan, aws)."""
        return PolicySet(
            self.pillars, [p for p in self.policies if source in p.sources]
        )


def load_policy_set(
    extra: Sequence[Path] = (),
    *,
    builtin: bool = True,
    pillar_ids: Sequence[str] = (),
    policy_ids: Sequence[str] = (),
    settings: Settings | None = None,
    with_examples: bool = True,
) -> PolicySet:
    """Load pillars and policies: the built-in library plus ``extra`` folders.

    ``with_examples=False`` leaves the policies' examples out: evaluation
    never reads them, and they are a third of what is loaded.
    """
    settings = settings or Settings.defaults()
    folders = [*settings.policies, *extra]
    if builtin and settings.builtin:
        folders.insert(0, library.builtin_policies())
    if not folders:
        raise UsageError("no policies to run: give --policies or drop --no-builtin")
    pillars, policies = _load_validated(
        library.builtin_pillars(), folders, with_examples
    )
    unknown = sorted(set(pillar_ids) - set(pillars))
    if unknown:
        raise UsageError(
            f"unknown pillar {', '.join(unknown)} (known: {', '.join(pillars)})"
        )
    if pillar_ids:
        policies = [p for p in policies if p.pillar in pillar_ids]
    if policy_ids:
        missing = sorted(set(policy_ids) - {p.id for p in policies})
        if missing:
            raise UsageError(f"no such policy: {', '.join(missing)}")
        policies = [p for p in policies if p.id in policy_ids]
    _check_parameters(settings, policies)
    return PolicySet(pillars, policies)


def _load_validated(
    pillars_dir: Path, folders: list[Path], with_examples: bool
) -> tuple[dict[str, Pillar], list[Policy]]:
    """Validate pillars and policies, or take them from the cache when unchanged."""
    files = policy_files(folders)
    key = cache.key_for([*sorted(pillars_dir.glob("*.yaml")), *files])
    key += "" if with_examples else "-lean"
    cached = cache.load(key)
    if cached is not None:
        pillars, policies = cached
        return pillars, policies
    pillars = load_pillars(pillars_dir)
    policies = load_policies(folders, pillars)
    if not with_examples:
        empty = Examples()
        policies = [p.model_copy(update={"examples": empty}) for p in policies]
    cache.store(key, (pillars, policies))
    return pillars, policies


def _check_parameters(settings: Settings, policies: list[Policy]) -> None:
    declared: dict[str, Any] = {}
    for policy in policies:
        for name, parameter in policy.parameters.items():
            declared.setdefault(name, parameter.default)
    where = settings.source or "govern.yaml"
    for name, value in settings.parameters.items():
        if name not in declared:
            continue  # used by a policy that is not loaded in this run
        default = declared[name]
        if default is not None and not _same_shape(default, value):
            raise ConfigError(
                f"{where}: parameters.{name}: expected {type(default).__name__}, "
                f"got {type(value).__name__}"
            )


def _same_shape(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))
