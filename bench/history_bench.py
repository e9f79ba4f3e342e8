"""How long ``govern metrics`` takes, and how much memory, on a long history.

Records nightly scans into a fresh SQLite store (by default 60 runs of 5,000
failing findings, a tenth of which change from one night to the next), then
runs the installed ``govern metrics`` on it as a separate process and prints
wall time and peak memory. Lifecycles are replayed one run at a time, so
memory should follow the distinct findings, not the runs times the findings.

    python -m bench.history_bench [--runs 60] [--findings 5000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from govern.history import open_store
from govern.history.records import FindingRecord, PillarInfo, RunRecord, ScopeEntry

ACCOUNT = "123456789012"
PILLARS = {
    p: PillarInfo(p, p.title(), f"team-{p}")
    for p in ("ownership", "security", "cost", "compliance", "operations")
}
POLICIES = {f"GOV-{n:04d}": list(PILLARS)[n % len(PILLARS)] for n in range(150)}
CHURN = 0.1
START = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)


def nightly_scan(night: int, findings: int, rng: random.Random) -> RunRecord:
    """One scan: mostly the same findings as every night, some new ones."""
    started = START + timedelta(days=night)
    records = []
    for n in range(findings):
        key = n if rng.random() > CHURN else n + findings * (night + 1)
        policy = f"GOV-{key % len(POLICIES):04d}"
        pillar = POLICIES[policy]
        records.append(
            FindingRecord(
                fingerprint=f"{key:012d}",
                policy_id=policy,
                pillar=pillar,
                team=PILLARS[pillar].team,
                severity="high",
                status="fail",
                address=f"arn:aws:s3:::bucket-{key}",
                type="aws_s3_bucket",
                origin=f"{ACCOUNT}/eu-west-1",
                account=ACCOUNT,
                region="eu-west-1",
                service="s3",
            )
        )
    return RunRecord(
        kind="scan",
        started=started,
        finished=started + timedelta(minutes=20),
        command="govern scan",
        exit_code=1,
        scope=[ScopeEntry(account=ACCOUNT, region="*", service="*")],
        policies=dict(POLICIES),
        findings=records,
        pillars=dict(PILLARS),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--findings", type=int, default=5000)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'history.db'}"
        rng = random.Random(7)
        started = time.perf_counter()
        with open_store(url) as store:
            for night in range(arguments.runs):
                store.record(nightly_scan(night, arguments.findings, rng))
        recorded = time.perf_counter() - started

        command = [sys.executable, "-m", "govern", "metrics", "--store", url]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed")

    rows = arguments.runs * arguments.findings
    print(f"recorded {arguments.runs} runs, {rows} finding rows in {recorded:.1f} s")
    print(f"govern metrics: {seconds:.2f} s, {usage.ru_maxrss / 1024:.0f} MB peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
