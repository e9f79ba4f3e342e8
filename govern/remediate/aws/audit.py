"""The audit log: JSON Lines, one record before each change and one after.

Every record is flushed and fsynced before the next step, so the log of a
run that was killed says exactly how far it got: an ``intent`` without a
``result`` is a change that may or may not have been made. Running again is
safe, since every action first reads the live setting and skips it when it
is already compliant.

```
{"event": "intent", "run": ..., "time": ..., "account": ..., "region": ...,
 "resource": ARN, "type": ..., "policy": ..., "fingerprint": ...,
 "action": ..., "calls": [{service, operation, parameters, permission}],
 "before": {...}}
{"event": "result", ..., "result": "applied", "verified": true,
 "reason": null, "after": {...}}
```

A resource that needs no change, needs a person or could not be read gets a
single ``result`` record (``skipped``, ``manual``, ``failed``) with the
``before`` values it was decided on.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from govern.errors import UsageError
from govern.remediate.aws.action import Call, State, Target

DEFAULT_AUDIT_LOG = Path("govern-remediation.jsonl")


class AuditLog:
    """Appends records to ``path``; a rerun adds to the same file.

    Raises ``UsageError`` when the file cannot be opened for appending, before
    anything has been changed.
    """

    def __init__(self, path: Path, run: str) -> None:
        self.path = path
        self.run = run
        try:
            self._stream: IO[str] = path.open("a", encoding="utf-8")
        except OSError as error:
            raise UsageError(
                f"--audit-log {path}: cannot write: {error.strerror}"
            ) from None

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._stream.close()

    def intent(
        self, target: Target, action: str, calls: list[Call], before: State
    ) -> None:
        """Record what is about to be called, and the values before."""
        self._write(
            {
                "event": "intent",
                **self._about(target, action),
                "calls": [call.to_json() for call in calls],
                "before": before,
            }
        )

    def result(self, target: Target, action: str, result: str, **details: Any) -> None:
        """Record how it ended: ``details`` carry reason, after, before, verified."""
        self._write(
            {"event": "result", **self._about(target, action), "result": result}
            | details
        )

    def _about(self, target: Target, action: str) -> dict[str, Any]:
        return {
            "run": self.run,
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "account": target.account,
            "region": target.region,
            "resource": target.address,
            "type": target.type,
            "policy": target.policy_id,
            "fingerprint": target.fingerprint,
            "action": action,
        }

    def _write(self, record: dict[str, Any]) -> None:
        # default=str: a boto3 answer may hold a datetime.
        line = json.dumps(record, default=str, ensure_ascii=False)
        self._stream.write(line + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())
