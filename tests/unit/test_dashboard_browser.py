"""The dashboard in headless Chromium: charts drawn, filter working, no errors.

Debian's Chromium is driven by Playwright through ``executable_path``;
Playwright never downloads a browser of its own here. Pages are opened from
``file://`` URLs, so nothing listens on any port.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govern.dashboard import build_site
from govern.history.lifecycle import derive
from govern.history.reading import Recorded
from tests.conftest import REPO
from tests.services import CHROMIUM, CHROMIUM_ARGS, unavailable
from tests.unit import history_scenario as story
from tests.unit.history_scenario import AS_OF

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PILLARS = ("security", "cost")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        unavailable(
            f"Chromium is not installed at {CHROMIUM}", "GOVERN_REQUIRE_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("dashboard")
    build_site(Recorded(derive(story.runs()), story.remediations()), directory, AS_OF)
    return directory


class Watched:
    """A page that remembers console errors, script errors and requests."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.requests: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def check_clean(self) -> None:
        assert self.problems == []
        foreign = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert foreign == []


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield Watched(context.new_page())
    context.close()


def test_index_shows_every_pillar_without_errors(
    watched: Watched, site: Path, tmp_path: Path
) -> None:
    page = watched.open(site / "index.html")
    assert page.locator("article.card").count() == len(PILLARS)
    assert page.locator("svg.sparkline").count() == len(PILLARS)
    page.get_by_role("link", name="Security").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("pillar-security.html")
    page.goto((site / "index.html").as_uri())
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    (REPO / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "out" / "dashboard.png"), full_page=True)
    assert shot.stat().st_size > 10_000
    watched.check_clean()


@pytest.mark.parametrize("pillar", PILLARS)
def test_every_pillar_page_has_its_charts(
    watched: Watched, site: Path, pillar: str
) -> None:
    page = watched.open(site / f"pillar-{pillar}.html")
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    # One marker per run on each of the two lines, open and waived.
    assert page.locator("svg.chart circle").count() == 2 * len(story.runs())
    assert page.locator("svg.chart rect").count() > 0
    assert page.locator("#findings tbody tr").count() > 0
    watched.check_clean()


def test_the_findings_table_filters_as_you_type(watched: Watched, site: Path) -> None:
    page = watched.open(site / "pillar-security.html")
    rows = page.locator("#findings tbody tr")
    visible = page.locator("#findings tbody tr:visible")
    shown = page.locator("#shown")
    assert page.locator("#filters").is_visible()
    assert rows.count() == 4 and shown.inner_text() == "4 of 4 findings shown"

    page.get_by_label("Search").fill("legacy")
    assert visible.count() == 1 and "aws_s3_bucket.legacy" in visible.inner_text()
    assert shown.inner_text() == "1 of 4 findings shown"

    page.get_by_label("Search").fill("")
    page.get_by_label("Severity").select_option("medium")
    assert visible.count() == 2
    page.get_by_label("Status").select_option("fixed")
    assert visible.count() == 2
    page.get_by_label("Severity").select_option("")
    page.get_by_label("Team").select_option("team-web")
    assert visible.count() == 1 and "aws_s3_bucket.web" in visible.inner_text()

    page.get_by_label("Search").fill("no such finding")
    assert visible.count() == 0 and shown.inner_text() == "0 of 4 findings shown"
    watched.check_clean()


def test_without_script_the_whole_table_shows(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "pillar-security.html").as_uri())
        assert not page.locator("#filters").is_visible()
        assert page.locator("#findings tbody tr:visible").count() == 4
        assert page.locator("svg.chart").count() == 2
    finally:
        context.close()
