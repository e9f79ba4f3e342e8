"""Governance history: every recorded run, each finding's life, leading indicators.

```
records      RunRecord, FindingRecord, WaiverRecord, RemediationEvent (plain data)
urls         sqlite:///PATH and postgresql://... store URLs
store        HistoryStore: write and read records; shared SQL for both backends
backend      what the store needs from a database; sqlite and postgres fill it
migrations   the numbered schema steps applied on connect
recording    a finished Run -> RunRecord -> the store (record_run)
remediation  record_remediation, for govern remediate --apply
lifecycle    first seen, fixed, reopened, waived periods (pure, no SQL)
metrics      per pillar and team: open, fixed, time to fix, waivers (pure)
```
"""

from __future__ import annotations

from govern.history.recording import Capture, capture_run, record_run
from govern.history.records import (
    CoverageGap,
    FindingRecord,
    PillarInfo,
    RemediationEvent,
    RunRecord,
    ScopeEntry,
    WaiverRecord,
)
from govern.history.remediation import record_remediation
from govern.history.store import HistoryStore, open_store

__all__ = [
    "Capture",
    "CoverageGap",
    "FindingRecord",
    "HistoryStore",
    "PillarInfo",
    "RemediationEvent",
    "RunRecord",
    "ScopeEntry",
    "WaiverRecord",
    "capture_run",
    "open_store",
    "record_remediation",
    "record_run",
]
