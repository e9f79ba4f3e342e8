"""Organisation settings from ``govern.yaml``.

The file is found from the current directory upwards, or given with
``--config``. Relative paths inside it are relative to the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govern.errors import ConfigError, PolicyError, UsageError
from govern.severity import Severity

CONFIG_NAME = "govern.yaml"


class Settings(BaseModel):
    """Validated contents of ``govern.yaml``; every field has a default."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description="Values for policy parameters, by parameter name.",
    )
    policies: list[Path] = Field(
        default_factory=list, description="Extra policy folders to load."
    )
    builtin: bool = Field(default=True, description="Load the built-in library.")
    owner_tags: list[str] = Field(
        default_factory=lambda: ["owner", "Owner", "OWNER", "team", "Team"],
        description="Tag keys that name a resource's owner, first match wins.",
    )
    fail_on: Severity | None = Field(
        default=None, description="Threshold for every pillar, unless --fail-on."
    )
    waivers: Path | None = Field(
        default=None, description="Waivers file (default: govern.waivers.yaml)."
    )
    record: str | None = Field(
        default=None,
        description="History store that '--record default' and 'govern metrics' "
        "use: sqlite:///PATH (relative to this file) or postgresql://...",
    )
    source: Path | None = Field(default=None, exclude=True)

    @classmethod
    def defaults(cls) -> Settings:
        """Settings when there is no file: the declared defaults, unvalidated.

        Validating our own defaults would first build the model's validator,
        which costs a CI gate with no ``govern.yaml`` about 40 ms at start-up.
        """
        return cls.model_construct()

    @field_validator("record")
    @classmethod
    def _store_url(cls, value: str | None) -> str | None:
        if value is not None:
            from govern.history.urls import parse_store_url

            try:
                parse_store_url(value)
            except UsageError as error:
                raise ValueError(str(error)) from None
        return value


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``govern.yaml`` in ``start`` or its parents."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(explicit: Path | None = None) -> Settings:
    """Read ``explicit`` or the nearest ``govern.yaml``; defaults when none."""
    path = explicit if explicit is not None else find_config()
    if path is None:
        return Settings.defaults()
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    from govern.policy.loader import read_yaml

    try:
        data = read_yaml(path)
    except PolicyError as error:
        raise ConfigError(str(error)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None
    base = path.parent
    waivers = settings.waivers
    return settings.model_copy(
        update={
            "record": _relative_store(settings.record, base),
            "policies": [p if p.is_absolute() else base / p for p in settings.policies],
            "waivers": base / waivers
            if waivers and not waivers.is_absolute()
            else waivers,
            "source": path,
        }
    )


def _relative_store(url: str | None, base: Path) -> str | None:
    """A relative SQLite path in the file is relative to the file, like others."""
    prefix = "sqlite:///"
    if url is None or not url.startswith(prefix):
        return url
    path = Path(url[len(prefix) :])
    return url if path.is_absolute() else f"{prefix}{(base / path).as_posix()}"
