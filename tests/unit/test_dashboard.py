"""The dashboard's pages without a browser: content, escaping, no requests."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest

from govern.dashboard import build_site
from govern.dashboard.charts import Series, line_chart
from govern.dashboard.html import Markup, esc, tag
from govern.history.lifecycle import derive
from govern.history.reading import Recorded
from tests.unit import history_scenario as story
from tests.unit.history_scenario import AS_OF

HOSTILE = '<script>alert("x")</script> & "quotes"'


def story_site(directory: Path) -> dict[str, str]:
    runs = story.runs()
    last = runs[-1]
    last.findings[0] = replace(last.findings[0], message=HOSTILE, owner="<b>ops</b>")
    build_site(Recorded(derive(runs), story.remediations()), directory, AS_OF)
    return {p.name: p.read_text() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return story_site(tmp_path_factory.mktemp("site"))


def test_text_is_escaped_everywhere(pages: dict[str, str]) -> None:
    security = pages["pillar-security.html"]
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        in (security)
    )
    assert "<b>ops</b>" not in security and "&lt;b&gt;ops&lt;/b&gt;" in security
    assert security.count("<script>") == 1  # the filter, nothing else


def test_markup_is_not_escaped_twice() -> None:
    inner = tag("em", "a < b")
    assert tag("p", inner) == "<p><em>a &lt; b</em></p>"
    assert esc(Markup("<br>")) == "<br>" and esc(None) == ""
    assert tag("input", hidden=True, value=None) == "<input hidden>"


def test_pages_request_nothing_from_anywhere(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        assert not re.search(r"(src|href)=\"(https?:)?//", html), name
        assert "default-src 'none'" in unescape(html), name
        assert '<link rel="stylesheet"' not in html and "@import" not in html, name


def test_index_shows_every_pillar(pages: dict[str, str]) -> None:
    index = pages["index.html"]
    for pillar in ("security", "cost"):
        assert f'data-pillar="{pillar}"' in index
        assert f'href="pillar-{pillar}.html"' in index
    assert "5 recorded runs" in index and "W3" in index  # expiring within 14 days


def test_pillar_page_sections(pages: dict[str, str]) -> None:
    security = pages["pillar-security.html"]
    assert security.count('class="chart"') == 2
    for section in ("by-team", "waivers-oldest", "slowest", "findings"):
        assert f'id="{section}"' in security, section
    assert '<form id="filters" hidden' in security
    assert security.count("<tr data-severity=") == 4  # a, b, c and e


def test_a_chart_has_a_text_alternative() -> None:
    chart = line_chart("t", "Open", ["#1", "#2"], [Series("open", [3, 1], "#000")])
    assert 'role="img"' in chart and 'aria-labelledby="t-title t-desc"' in chart
    assert '<desc id="t-desc">open: 3, 1</desc>' in chart
    assert "<summary>Numbers behind this chart</summary>" in chart


def test_an_empty_history_still_builds(tmp_path: Path) -> None:
    build_site(Recorded(derive([]), []), tmp_path, AS_OF)
    assert "No runs recorded yet." in (tmp_path / "index.html").read_text()
