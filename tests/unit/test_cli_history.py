"""``govern plan --record``, ``govern metrics`` and ``govern dashboard`` end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govern.cli.app import main
from govern.history import open_store
from govern.history.urls import parse_store_url, redact
from tests.conftest import plan_path
from tests.services import free_port
from tests.unit import history_scenario as story

BUCKETS = plan_path("checkov__s3_nested_child_modules_count_tf1_2")
MIXED = plan_path("snyk__s3_create_update_delete_noop_tf1_2")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plan_record_stores_the_run_and_its_findings(
    capsys: pytest.CaptureFixture[str], workdir: Path, store_url: str
) -> None:
    shutil.copy(BUCKETS, workdir / "plan.json")
    code, out, _ = run(capsys, "plan", "plan.json", "--record", store_url)
    assert code == 1 and "FAIL" in out.upper()
    with open_store(store_url) as store:
        (recorded,) = store.runs()
    assert recorded.kind == "plan" and recorded.exit_code == 1
    assert recorded.command.startswith("govern plan plan.json --record ")
    assert [s.origin for s in recorded.scope] == ["plan.json"]
    assert {f.origin for f in recorded.findings} == {"plan.json"}
    assert any(f.status == "fail" for f in recorded.findings)
    assert len(recorded.policies) > 100 and "security" in recorded.pillars


def test_a_plan_fixed_in_place_shows_up_as_fixed(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    url = "sqlite:///history.db"
    for plan in (BUCKETS, MIXED, BUCKETS):
        shutil.copy(plan, workdir / "plan.json")
        run(capsys, "plan", "plan.json", "--record", url)
    code, out, _ = run(capsys, "metrics", "--store", url, "-f", "json")
    document = json.loads(out)
    trend = document["trend"]
    assert code == 0 and document["runs"]["count"] == 3
    assert trend[1]["fixed"] > 0 and trend[2]["reopened"] > 0
    assert document["overall"]["fixed"] == trend[1]["fixed"] + trend[2]["fixed"]


def test_changed_only_runs_are_recorded_as_partial(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    shutil.copy(MIXED, workdir / "plan.json")
    run(capsys, "plan", "plan.json", "--changed-only", "--record", "sqlite:///h.db")
    with open_store("sqlite:///h.db") as store:
        assert store.runs()[0].partial


def test_record_default_uses_the_store_in_govern_yaml(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    (workdir / "config").mkdir()
    (workdir / "config" / "govern.yaml").write_text("record: sqlite:///history.db\n")
    shutil.copy(BUCKETS, workdir / "plan.json")
    config = ["--config", "config/govern.yaml"]
    code, _, err = run(capsys, "plan", "plan.json", "--record", "default", *config)
    assert code == 1 and err == ""
    # A relative SQLite path in govern.yaml is relative to that file.
    assert (workdir / "config" / "history.db").is_file()
    code, out, _ = run(capsys, "metrics", *config)
    assert code == 0 and "1 runs" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "plan.json", "--record"],
        ["plan", "--record", "plan.json"],
    ],
    ids=["at the end", "before the plan"],
)
def test_a_bare_record_uses_the_store_in_govern_yaml(
    capsys: pytest.CaptureFixture[str], workdir: Path, argv: list[str]
) -> None:
    (workdir / "govern.yaml").write_text("record: sqlite:///history.db\n")
    shutil.copy(BUCKETS, workdir / "plan.json")
    code, _, err = run(capsys, *argv)
    assert code == 1 and err == ""
    with open_store("sqlite:///history.db") as store:
        assert len(store.runs()) == 1


def test_record_default_without_a_configured_store_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    shutil.copy(BUCKETS, workdir / "plan.json")
    code, out, err = run(capsys, "plan", "plan.json", "--record", "default")
    assert code == 2 and out == ""
    assert "set 'record:' in govern.yaml" in one_line_error(err)


@pytest.mark.parametrize(
    ("case", "url", "code", "message"),
    [
        ("not a store URL", "mysql://db/x", 2, "is not a store URL"),
        ("a file in a missing directory", "sqlite:///missing/h.db", 2, "is missing"),
        ("sqlite URL without a file", "sqlite:///", 2, "names no file"),
        ("a file that is not a database", "sqlite:///junk.db", 3, "not a database"),
    ],
)
def test_bad_stores_fail_before_any_report(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    case: str,
    url: str,
    code: int,
    message: str,
) -> None:
    (workdir / "junk.db").write_text("this is not SQLite\n" * 100)
    shutil.copy(BUCKETS, workdir / "plan.json")
    got, out, err = run(capsys, "plan", "plan.json", "--record", url)
    assert (got, out) == (code, ""), case
    assert message in one_line_error(err), case


def test_an_unreachable_server_is_exit_3_and_hides_the_password(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    url = f"postgresql://govern:s3cret@127.0.0.1:{free_port()}/history"
    for argv in (["plan", str(BUCKETS), "--record", url], ["metrics", "--store", url]):
        code, out, err = run(capsys, *argv)
        line = one_line_error(err)
        assert (code, out) == (3, "")
        assert "cannot connect to history store" in line and "s3cret" not in line


def test_the_stored_command_hides_a_password() -> None:
    url = (
        "postgresql://govern:s3cret@db.internal:5432/history?password=x&sslmode=require"
    )
    assert redact(url) == (
        "postgresql://govern:***@db.internal:5432/history?password=***&sslmode=require"
    )
    assert str(parse_store_url(url)) == redact(url)


def test_metrics_text_and_json_carry_the_same_numbers(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    url = "sqlite:///h.db"
    with open_store(url) as store:
        for recorded in story.runs():
            store.record(recorded)
    code, text, _ = run(capsys, "metrics", "--store", url, "--pillar", "security")
    assert code == 0
    assert "Security (security), Security Engineering" in text
    assert "open 1 (high 1)" in text and "fixed 4" in text
    assert "team team-web:" in text
    # The story's waivers expired long before today, the date metrics use.
    assert "Waivers in force: none" in text
    code, out, _ = run(capsys, "metrics", "--store", url, "-f", "json", "--runs", "2")
    document = json.loads(out)
    assert [p["id"] for p in document["pillars"]] == ["security", "cost"]
    assert len(document["trend"]) == 2
    security = document["pillars"][0]
    assert security["open"]["high"] == 1 and security["fixed"] == 4
    assert security["time_to_fix_days"] == {
        "count": 4,
        "median_days": 8.5,
        "p90_days": 19.0,
    }


def test_metrics_since_a_date(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    url = "sqlite:///h.db"
    with open_store(url) as store:
        for recorded in story.runs():
            store.record(recorded)
    code, out, _ = run(
        capsys, "metrics", "--store", url, "--since", "2026-01-06", "-f", "json"
    )
    document = json.loads(out)
    assert code == 0 and document["runs"]["count"] == 3


def test_metrics_of_an_unknown_pillar_and_an_empty_store(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    code, out, _ = run(capsys, "metrics", "--store", "sqlite:///empty.db")
    assert code == 0 and "No runs recorded yet" in out
    with open_store("sqlite:///h.db") as store:
        store.record(story.runs()[0])
    code, _, err = run(capsys, "metrics", "--store", "sqlite:///h.db", "--pillar", "x")
    assert code == 2 and "no pillar 'x'" in one_line_error(err)


def test_dashboard_writes_a_page_per_pillar(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    with open_store("sqlite:///h.db") as store:
        for recorded in story.runs():
            store.record(recorded)
    code, out, _ = run(capsys, "dashboard", "--store", "sqlite:///h.db", "-o", "site")
    assert code == 0 and "file://" in out
    names = sorted(p.name for p in (workdir / "site").iterdir())
    assert names == ["index.html", "pillar-cost.html", "pillar-security.html"]
    assert (workdir / "site" / "index.html").stat().st_mode & 0o777 == 0o644


def test_sqlite_history_never_imports_the_postgresql_driver(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from govern.cli.app import main\n"
        f"main(['metrics', '--store', 'sqlite:///{tmp_path / 'h.db'}'])\n"
        "assert 'psycopg' not in sys.modules, 'psycopg was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
