"""Baselines: accept today's failing findings, fail only on new ones.

A baseline file records the fingerprints of failing findings. With
``--baseline``, a failing finding whose fingerprint is recorded is reported as
``baselined`` and does not fail the gate; anything new still does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govern import __version__
from govern.errors import ConfigError
from govern.findings.finding import Finding

FORMAT = "govern-baseline/1"


def baseline_document(findings: Sequence[Finding]) -> dict[str, Any]:
    """The baseline of a run: its failing findings, sorted for stable diffs."""
    failing = sorted(
        (f for f in findings if f.status == "fail"),
        key=lambda f: (f.origin, f.address, f.policy_id),
    )
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "govern_version": __version__,
        "findings": [
            {
                "fingerprint": f.fingerprint,
                "policy_id": f.policy_id,
                "address": f.address,
                "origin": f.origin,
            }
            for f in failing
        ],
    }


def render_baseline(findings: Sequence[Finding]) -> str:
    return json.dumps(baseline_document(findings), indent=2) + "\n"


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints in a baseline file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: not a baseline file ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ConfigError(
            f"{path}: not a baseline file (create one with 'govern baseline create')"
        )
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise ConfigError(f"{path}: baseline 'findings' must list fingerprints")
    return frozenset(e["fingerprint"] for e in entries)


def apply_baseline(findings: Sequence[Finding], known: frozenset[str]) -> list[Finding]:
    """Mark failing findings already in the baseline as ``baselined``."""
    return [
        f.with_status("baselined", note="accepted in the baseline")
        if f.status == "fail" and f.fingerprint in known
        else f
        for f in findings
    ]
