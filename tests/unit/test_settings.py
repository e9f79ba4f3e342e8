"""govern.yaml: found upwards, validated, and defaults that match validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from govern.config import Settings, load_settings
from govern.errors import ConfigError


def test_defaults_without_validation_equal_validated_defaults() -> None:
    # The no-file path skips validation for speed; it must not change a value.
    assert Settings.defaults() == Settings()
    assert Settings.defaults().model_dump() == Settings().model_dump()


def test_no_file_gives_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert load_settings() == Settings()


def test_the_nearest_file_upwards_is_read_and_paths_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "govern.yaml").write_text(
        "owner_tags: [team]\npolicies: [extra]\nfail_on: high\n"
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")

    settings = load_settings()

    assert settings.owner_tags == ["team"]
    assert settings.policies == [tmp_path.resolve() / "extra"]
    assert settings.source == tmp_path.resolve() / "govern.yaml"


def test_an_invalid_file_is_one_line_naming_the_field(tmp_path: Path) -> None:
    config = tmp_path / "govern.yaml"
    config.write_text("fail_on: sometimes\n")

    with pytest.raises(ConfigError) as raised:
        load_settings(config)

    message = str(raised.value)
    assert message.startswith(f"{config}: fail_on:")
    assert "\n" not in message
