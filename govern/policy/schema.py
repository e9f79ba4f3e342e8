"""The JSON Schema of a policy file, generated from the pydantic models.

``policies/schema.json`` is this module's output (``make generate``); editors use
it for completion, and a test fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from govern.policy.models import Policy


def policy_schema() -> dict[str, Any]:
    schema = Policy.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://govern.dev/schemas/policy.json",
        **schema,
        "title": "govern policy",
    }


def render_schema() -> str:
    return json.dumps(policy_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render_schema(), end="")
