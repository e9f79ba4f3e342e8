"""The record of remediation actions, for the auto-remediated share of fixes.

``govern remediate --apply`` calls ``record_remediation`` once per action it
takes, after the action returns::

    record_remediation(
        "sqlite:///out/history.db",
        fingerprint=finding.fingerprint,
        policy_id=finding.policy_id,
        address=finding.address,
        action="s3:PutPublicAccessBlock",
        result="succeeded",            # or "failed", "skipped"
        account=finding.account,
        region=finding.region,
    )

A fix counts as auto-remediated when a ``succeeded`` event for the finding's
fingerprint falls between the run that saw it failing and the run that saw
it fixed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from govern.errors import UsageError
from govern.history.records import (
    REMEDIATION_RESULTS,
    RemediationEvent,
    RemediationResult,
)
from govern.history.store import open_store


def record_remediation(
    url: str,
    *,
    fingerprint: str,
    policy_id: str,
    address: str,
    action: str,
    result: RemediationResult,
    account: str | None = None,
    region: str | None = None,
    at: datetime | None = None,
) -> int:
    """Store one remediation event in the history at ``url``; return its id.

    Raises ``UsageError`` for an unknown ``result`` or a malformed URL and
    ``HistoryError`` when the store cannot be written.
    """
    if result not in REMEDIATION_RESULTS:
        raise UsageError(
            f"remediation result {result!r} is not one of "
            f"{', '.join(REMEDIATION_RESULTS)}"
        )
    event = RemediationEvent(
        at=at or datetime.now(UTC),
        fingerprint=fingerprint,
        policy_id=policy_id,
        address=address,
        action=action,
        result=result,
        account=account,
        region=region,
    )
    with open_store(url) as store:
        return store.record_remediation(event)
