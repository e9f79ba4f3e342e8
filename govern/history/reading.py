"""Read a store back into a ``History`` and its remediation events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from govern.errors import UsageError
from govern.history.lifecycle import History, derive
from govern.history.records import RemediationEvent
from govern.history.store import open_store


@dataclass(slots=True)
class Recorded:
    """All a store holds from ``since`` on, with lifecycles derived."""

    history: History
    remediations: Sequence[RemediationEvent]

    def pillar_ids(self) -> list[str]:
        """Every pillar the runs or their findings name."""
        known = {p for run in self.history.runs for p in run.pillars}
        known |= {lc.latest.pillar for lc in self.history.lifecycles.values()}
        return sorted(known)

    def check_pillar(self, pillar: str | None) -> None:
        """``UsageError`` when the history knows no such pillar."""
        known = self.pillar_ids()
        if pillar is not None and known and pillar not in known:
            raise UsageError(
                f"no pillar {pillar!r} in the history; known: {', '.join(known)}"
            )


def read_history(url: str, since: datetime | None = None) -> Recorded:
    """Runs from ``since`` on (all when None), replayed into lifecycles."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    with open_store(url) as store:
        history = derive(store.stream_runs(since=since))
        events = store.remediations(since=since)
    return Recorded(history, events)
