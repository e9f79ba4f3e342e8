"""Benchmark ``govern plan``: wall time, peak memory and resources per second.

Runs the installed ``govern`` on generated plans (see generate_plan.py) as a
separate process, the way CI runs it, and checks the targets:

- a 20,000-resource plan: well under 10 s and under 800 MB;
- a small plan: under 0.5 s;
- a 1,000-resource plan: at least 50 times faster than Checkov, when Checkov is
  installed (``CHECKOV=/path/to/checkov`` or ``bench/.venv-checkov/bin/checkov``).

It also prints the start-up floor: how long Python takes to import typer and
pydantic and build one model, which every ``govern`` run pays before it reads
a byte of plan. Set beside Checkov's time it shows how much of a 50x budget
is left for govern's own work.

    python -m bench.plan_bench [--runs 3] [--skip-checkov]

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate_plan import write_plan

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
GOVERN = [sys.executable, "-m", "govern"]


@dataclass
class Measure:
    label: str
    resources: int
    megabytes: float
    seconds: float
    peak_mb: float

    @property
    def per_second(self) -> float:
        return self.resources / self.seconds if self.seconds else 0.0


# Measure what users run: an installed govern whose bytecode is cached. Some
# sandboxes set PYTHONDONTWRITEBYTECODE, which would recompile every module on
# every run.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=ENVIRONMENT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} exited {code}: {error.strip()}")
    return seconds, usage.ru_maxrss / 1024


def measure_govern(label: str, plan: Path, resources: int, runs: int) -> Measure:
    with tempfile.TemporaryDirectory() as scratch:
        report = str(Path(scratch) / "report.json")
        command = [*GOVERN, "plan", str(plan), "-f", "json", "-o", report]
        timed(command)  # warm the bytecode and policy caches, as CI's second run
        results = [timed(command) for _ in range(runs)]
    return Measure(
        label,
        resources,
        plan.stat().st_size / 1e6,
        statistics.median(r[0] for r in results),
        max(r[1] for r in results),
    )


def measure_cold(plan: Path) -> float:
    """Seconds of a run with no policy cache, as in a fresh CI job."""
    with tempfile.TemporaryDirectory() as scratch:
        ENVIRONMENT["GOVERN_CACHE_DIR"] = scratch
        try:
            seconds, _ = timed(
                [
                    *GOVERN,
                    "plan",
                    str(plan),
                    "-f",
                    "json",
                    "-o",
                    str(Path(scratch) / "report.json"),
                ]
            )
        finally:
            del ENVIRONMENT["GOVERN_CACHE_DIR"]
        return seconds


# What a typer CLI with one pydantic model costs before doing anything; typer
# 0.29 and later import pydantic themselves to convert parameters.
FLOOR = [
    sys.executable,
    "-c",
    "import typer.main, pydantic\nclass Floor(pydantic.BaseModel):\n    seconds: float",
]


def measure_floor(runs: int) -> float:
    """Fastest of ``runs`` start-ups of Python with govern's CLI libraries."""
    timed(FLOOR)
    return min(timed(FLOOR)[0] for _ in range(runs))


def measure_checkov(checkov: str, plan: Path, resources: int) -> Measure:
    seconds, peak = timed(
        [
            checkov,
            "-f",
            str(plan),
            "--framework",
            "terraform_plan",
            "--quiet",
            "-o",
            "json",
            "--skip-download",
        ]
    )
    return Measure("checkov", resources, plan.stat().st_size / 1e6, seconds, peak)


def find_checkov() -> str | None:
    for candidate in (
        os.environ.get("CHECKOV"),
        str(HERE / ".venv-checkov" / "bin" / "checkov"),
        shutil.which("checkov"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def cached_plan(resources: int) -> Path:
    path = CACHE / f"plan-{resources}.json"
    return path if path.exists() else write_plan(resources, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-checkov", action="store_true")
    arguments = parser.parse_args()

    small = REPO / "examples" / "plans" / "noncompliant.json"
    measures = [
        measure_govern("small", small, _count(small), arguments.runs),
        measure_govern("1k", cached_plan(1000), 1000, arguments.runs),
        measure_govern("20k", cached_plan(20000), 20000, arguments.runs),
    ]
    cold = measure_cold(small)
    floor = measure_floor(max(arguments.runs, 5))
    checkov = None if arguments.skip_checkov else find_checkov()
    checkov_run = measure_checkov(checkov, cached_plan(1000), 1000) if checkov else None
    if checkov_run:
        measures.append(checkov_run)

    header = ("resources", "MB", "seconds", "peak MB", "res/s")
    print(f"{'run':<8}" + "".join(f"{h:>10}" for h in header))
    for m in measures:
        print(
            f"{m.label:<8}{m.resources:>10}{m.megabytes:>10.1f}{m.seconds:>10.2f}"
            f"{m.peak_mb:>10.0f}{m.per_second:>10.0f}"
        )
    print(f"small plan with no policy cache (first run in a fresh job): {cold:.2f} s")
    print(f"start-up floor (Python, typer, pydantic, one model): {floor:.2f} s")
    if checkov_run:
        budget = checkov_run.seconds / 50
        print(
            f"50x Checkov leaves {budget:.2f} s per 1k run; the start-up floor "
            f"takes {floor / budget:.0%} of it"
        )
    return 0 if _targets_met(measures) else 1


def _count(plan: Path) -> int:
    from govern.inputs.terraform.plan import read_plan

    return len(read_plan(plan).resources)


def _targets_met(measures: list[Measure]) -> bool:
    by_label = {m.label: m for m in measures}
    checks = [
        ("20k plan under 10 s", by_label["20k"].seconds < 10),
        ("20k plan under 800 MB", by_label["20k"].peak_mb < 800),
        ("small plan under 0.5 s", by_label["small"].seconds < 0.5),
    ]
    if "checkov" in by_label:
        ratio = by_label["checkov"].seconds / by_label["1k"].seconds
        checks.append(
            (f"1k plan {ratio:.0f}x faster than Checkov (>= 50x)", ratio >= 50)
        )
    else:
        print("checkov not installed: comparison skipped")
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return all(ok for _, ok in checks)


if __name__ == "__main__":
    sys.exit(main())
