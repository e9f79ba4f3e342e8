"""Runs the work items one by one: read, plan, and with ``apply`` act.

Each resource is read again right before acting, because the scan may be
hours old: a resource fixed meanwhile is skipped, one deleted meanwhile
fails, and neither stops the others. With ``apply``, a change is recorded
in the audit log before the first call and its result after the last one,
and the setting is read once more to check that the change shows.

``max_changes`` caps the changes of one run. Resources past the cap are
still read, so the run can say how many changes it held back.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from govern.inputs.aws.errors import CALL_ERRORS, describe
from govern.remediate.aws.access import Access, NoAccess
from govern.remediate.aws.action import Action, Call, Gone, ManualFix, State, Target
from govern.remediate.aws.audit import AuditLog
from govern.remediate.aws.work import WorkItem

Result = Literal["pending", "applied", "failed", "skipped", "manual", "held"]
RESULTS: tuple[Result, ...] = (
    "pending",
    "applied",
    "failed",
    "manual",
    "held",
    "skipped",
)
ALREADY_COMPLIANT = "already compliant"


@dataclass(slots=True)
class Outcome:
    """What became of one work item.

    Attributes:
        result: ``pending`` (a dry run would change it), ``applied``,
            ``failed``, ``skipped`` (nothing to change), ``manual`` (needs a
            person) or ``held`` (past ``--max-changes``).
        reason: Why it failed, was skipped, needs a person or was held.
        calls: The calls planned (and, when applied, made).
        verified: For ``applied``: whether a fresh read shows the fix.
    """

    item: WorkItem
    result: Result
    reason: str | None = None
    calls: list[Call] = field(default_factory=list)
    before: State | None = None
    after: State | None = None
    verified: bool | None = None


Recorder = Callable[[Outcome], None]
"""Receives every change attempted, applied or failed (the history)."""


class Accounts(Protocol):
    """Where actions get their calls: a ``Connection`` outside tests."""

    def access(self, target: Target, action: Action) -> Access:
        """Calls for ``action`` on ``target``; raises ``NoAccess``."""
        ...


class Remediator:
    """Works through items in order; see the module docstring.

    Args:
        accounts: The entered accounts.
        apply: Make the changes; otherwise only plan them.
        max_changes: Most changes to attempt in this run.
        audit: Where ``apply`` records intents and results.
        recorder: Told of every attempted change.
    """

    def __init__(
        self,
        accounts: Accounts,
        *,
        apply: bool,
        max_changes: int,
        audit: AuditLog | None = None,
        recorder: Recorder | None = None,
    ) -> None:
        self._accounts = accounts
        self._apply = apply
        self._max_changes = max_changes
        self._audit = audit
        self._recorder = recorder
        self._changes = 0
        self._planned: dict[str, WorkItem] = {}

    def run(self, items: Iterable[WorkItem]) -> list[Outcome]:
        """The outcome of every item, in order."""
        return [self._one(item) for item in items]

    def _one(self, item: WorkItem) -> Outcome:
        target, action = item.target, item.action
        try:
            aws = self._accounts.access(target, action)
            before = action.read(target, aws)
        except (NoAccess, Gone, *CALL_ERRORS) as error:
            return self._settled(Outcome(item, "failed", _message(error)))
        try:
            calls = action.plan(target, before, item.settings)
        except ManualFix as error:
            return self._settled(Outcome(item, "manual", str(error), before=before))
        if not calls:
            return self._settled(
                Outcome(item, "skipped", ALREADY_COMPLIANT, before=before)
            )
        if not self._apply:
            # Applying reads each setting after the change before it, so a
            # change two findings share is made once; a dry run says so.
            signature = _signature(item, calls)
            same = self._planned.setdefault(signature, item)
            if same is not item:
                reason = f"the change for {same.target.policy_id} above fixes it too"
                return Outcome(item, "skipped", reason, calls, before)
        if self._changes >= self._max_changes:
            reason = f"--max-changes {self._max_changes} reached"
            return Outcome(item, "held", reason, calls, before)
        self._changes += 1
        if not self._apply:
            return Outcome(item, "pending", None, calls, before)
        return self._change(item, aws, calls, before)

    def _change(
        self, item: WorkItem, aws: Access, calls: list[Call], before: State
    ) -> Outcome:
        target, action = item.target, item.action
        if self._audit is not None:
            self._audit.intent(target, action.name, calls, before)
        outcome = Outcome(item, "applied", None, calls, before)
        try:
            action.apply(calls, aws)
        except CALL_ERRORS as error:
            outcome.result, outcome.reason = "failed", describe(error)
            # What a failed change left behind, for whoever reads the log.
            with contextlib.suppress(Gone, *CALL_ERRORS):
                outcome.after = action.read(target, aws)
        else:
            self._verify(outcome, aws)
        if self._audit is not None:
            self._audit.result(
                target,
                action.name,
                outcome.result,
                reason=outcome.reason,
                verified=outcome.verified,
                after=outcome.after,
            )
        if self._recorder is not None:
            self._recorder(outcome)
        return outcome

    def _verify(self, outcome: Outcome, aws: Access) -> None:
        """Read the setting again: does the change show?"""
        item = outcome.item
        try:
            outcome.after = item.action.read(item.target, aws)
        except (Gone, *CALL_ERRORS) as error:
            outcome.verified = False
            outcome.reason = f"made, but reading it again failed: {_message(error)}"
            return
        outcome.verified = _fixed(item, outcome.after)
        if not outcome.verified:
            # Many settings take a while to show (RDS applies changes in the
            # background, IAM is eventually consistent): the next scan judges.
            outcome.reason = "made, but a fresh read does not show it yet"

    def _settled(self, outcome: Outcome) -> Outcome:
        """Record an outcome that needed no change in the audit log."""
        if self._apply and self._audit is not None:
            item = outcome.item
            self._audit.result(
                item.target,
                item.action.name,
                outcome.result,
                reason=outcome.reason,
                before=outcome.before,
            )
        return outcome


def _message(error: Exception) -> str:
    return str(error) if isinstance(error, (NoAccess, Gone)) else describe(error)


def _fixed(item: WorkItem, state: State) -> bool:
    try:
        return not item.action.plan(item.target, state, item.settings)
    except ManualFix:
        return False


def _signature(item: WorkItem, calls: Sequence[Call]) -> str:
    target = item.target
    made = [call.to_json() for call in calls]
    return json.dumps([target.account, target.region, made], sort_keys=True)


def exit_code(outcomes: Sequence[Outcome], applied: bool) -> int:
    """0 when a dry run, or when every change needed was made; 1 otherwise."""
    unfinished = ("failed", "manual", "held")
    if applied and any(o.result in unfinished for o in outcomes):
        return 1
    return 0
