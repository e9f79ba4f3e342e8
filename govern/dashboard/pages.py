"""The dashboard's pages: an overview of every pillar and one page per pillar."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from govern.dashboard.charts import (
    BLUE,
    GREEN,
    GREY,
    VERMILLION,
    Series,
    bar_chart,
    line_chart,
    sparkline,
)
from govern.dashboard.html import Markup, join, page, tag
from govern.history.lifecycle import FIXED, History, Lifecycle
from govern.history.metrics import (
    Metrics,
    PillarMetrics,
    Posture,
    RunPoint,
    WaiverAge,
    slowest_fixes,
)
from govern.severity import SEVERITIES

SEVERITY_ORDER = tuple(reversed(SEVERITIES))
STATUS_ORDER = ("fail", "waived", "baselined", "unknown", FIXED)
MAX_TABLE_ROWS = 5000
TOP_ROWS = 10


def pillar_file(pillar_id: str) -> str:
    """A safe file name for a pillar's page, whatever the id holds."""
    return f"pillar-{re.sub(r'[^a-z0-9_-]', '-', pillar_id.lower())}.html"


def index_page(metrics: Metrics) -> str:
    """Every pillar's posture at a glance, expiring waivers and coverage gaps."""
    cards = join(_card(p) for p in metrics.pillars)
    body = join(
        [
            tag("h1", "Governance posture"),
            _meta(metrics),
            _nav(metrics.pillars),
            tag("section", tag("div", cards, class_="cards"), aria_label="Pillars"),
            tag("h2", "Waivers expiring within 14 days"),
            _waiver_table([w for w in metrics.waivers if w.expiring_soon], "expiring"),
            tag("h2", "Coverage gaps in the last scan"),
            _gaps(metrics),
        ]
    )
    return page("Governance posture", tag("main", body))


def pillar_page(pillar: PillarMetrics, metrics: Metrics, history: History) -> str:
    """One pillar: trends, open findings by team, waivers, fixes, all findings."""
    lifecycles = [
        lc for lc in history.lifecycles.values() if lc.latest.pillar == pillar.id
    ]
    body = join(
        [
            tag("p", tag("a", "All pillars", href="index.html")),
            tag("h1", pillar.name),
            tag(
                "p", f"Owning team: {pillar.team}. ", _meta_text(metrics), class_="meta"
            ),
            _nav(metrics.pillars),
            _summary(pillar.posture),
            tag("h2", "Posture over time"),
            _charts(pillar),
            tag("h2", "Open findings by team and severity"),
            _team_table(pillar),
            tag("h2", "Oldest waivers"),
            _waiver_table(pillar.waivers[:TOP_ROWS], "oldest"),
            tag("h2", "Slowest fixes"),
            _slowest(lifecycles),
            tag("h2", "Findings", id="all-findings"),
            _findings(lifecycles),
        ]
    )
    return page(f"{pillar.name}: governance posture", tag("main", body), script=True)


def _meta(metrics: Metrics) -> Markup:
    return tag("p", _meta_text(metrics), class_="meta")


def _meta_text(metrics: Metrics) -> str:
    if metrics.runs == 0:
        return "No runs recorded yet."
    return (
        f"{metrics.runs} recorded runs from {_day(metrics.first_run)} to "
        f"{_day(metrics.last_run)}; generated {metrics.as_of:%Y-%m-%d %H:%M} UTC."
    )


def _nav(pillars: Sequence[PillarMetrics]) -> Markup:
    links = join(tag("a", p.name, href=pillar_file(p.id)) for p in pillars)
    return tag("nav", links, aria_label="Pillars")


def _card(pillar: PillarMetrics) -> Markup:
    posture = pillar.posture
    severities = join(
        tag("li", _severity(s), " ", n) for s, n in posture.open.items() if n
    )
    return tag(
        "article",
        tag("h2", tag("a", pillar.name, href=pillar_file(pillar.id))),
        tag("p", pillar.team, class_="muted"),
        tag(
            "p", tag("span", posture.open_total, class_="big"), " open failing findings"
        ),
        tag("ul", severities) if severities else Markup(""),
        tag(
            "p",
            f"waived {posture.waived} · fixed {posture.fixed} · median time to fix "
            f"{_days(posture.time_to_fix.median_days)}",
        ),
        sparkline(
            f"Open findings over the last {len(pillar.trend)} runs",
            [p.open for p in pillar.trend],
        ),
        class_="card",
        data_pillar=pillar.id,
    )


def _summary(posture: Posture) -> Markup:
    share = posture.auto_remediated_share
    items = [
        ("Open failing", posture.open_total),
        ("Waived", posture.waived),
        ("Fixed", posture.fixed),
        ("Median time to fix", _days(posture.time_to_fix.median_days)),
        ("90th percentile time to fix", _days(posture.time_to_fix.p90_days)),
        ("Fixed by auto-remediation", "n/a" if share is None else f"{share:.0%}"),
    ]
    return tag(
        "div",
        join(
            tag(
                "div",
                tag("div", label, class_="muted"),
                tag("div", value, class_="big"),
                class_="card",
            )
            for label, value in items
        ),
        class_="cards",
    )


def _charts(pillar: PillarMetrics) -> Markup:
    points = pillar.trend
    if not points:
        return tag("p", "No runs recorded yet.")
    labels = [_run_label(p) for p in points]
    return join(
        [
            line_chart(
                f"open-{pillar.id}",
                "Open and waived findings after each run",
                labels,
                [
                    Series("open", [p.open for p in points], BLUE),
                    Series("waived", [p.waived for p in points], GREY, dashed=True),
                ],
            ),
            bar_chart(
                f"churn-{pillar.id}",
                "New and fixed findings per run",
                labels,
                [
                    Series(
                        "new or reopened",
                        [p.new + p.reopened for p in points],
                        VERMILLION,
                    ),
                    Series("fixed", [p.fixed for p in points], GREEN),
                ],
            ),
        ]
    )


def _team_table(pillar: PillarMetrics) -> Markup:
    teams = {t: p for t, p in pillar.teams.items() if p.open_total}
    if not teams:
        return tag("p", "No open failing findings.")
    header = tag(
        "tr",
        tag("th", "team", scope="col"),
        join(
            tag("th", _severity(s), scope="col", class_="num") for s in SEVERITY_ORDER
        ),
        tag("th", "total", scope="col", class_="num"),
    )
    rows = join(
        tag(
            "tr",
            tag("th", team, scope="row"),
            join(tag("td", p.open.get(s, 0), class_="num") for s in SEVERITY_ORDER),
            tag("td", p.open_total, class_="num"),
        )
        for team, p in sorted(teams.items(), key=lambda item: -item[1].open_total)
    )
    return tag("table", tag("thead", header), tag("tbody", rows), id="by-team")


def _waiver_table(waivers: Sequence[WaiverAge], ident: str) -> Markup:
    if not waivers:
        return tag("p", "None.")
    header = tag(
        "tr",
        *(tag("th", h, scope="col") for h in ("waiver", "owner", "policies")),
        tag("th", "age (days)", scope="col", class_="num"),
        tag("th", "expires", scope="col"),
        tag("th", "days left", scope="col", class_="num"),
    )
    rows = join(
        tag(
            "tr",
            tag("td", w.id),
            tag("td", w.owner),
            tag("td", ", ".join(w.policies)),
            tag("td", w.age_days, class_="num"),
            tag(
                "td", w.expires.isoformat(), class_="soon" if w.expiring_soon else None
            ),
            tag("td", w.days_left, class_="num"),
        )
        for w in waivers
    )
    return tag("table", tag("thead", header), tag("tbody", rows), id=f"waivers-{ident}")


def _slowest(lifecycles: Sequence[Lifecycle]) -> Markup:
    fixes = slowest_fixes(lifecycles, TOP_ROWS)
    if not fixes:
        return tag("p", "No fixes recorded yet.")
    header = tag(
        "tr",
        *(
            tag("th", h, scope="col")
            for h in ("policy", "resource", "team", "first seen", "fixed")
        ),
        tag("th", "days", scope="col", class_="num"),
    )
    rows = join(
        tag(
            "tr",
            tag("td", lc.latest.policy_id),
            tag("td", lc.latest.address, class_="address"),
            tag("td", lc.team),
            tag("td", _day(episode.opened)),
            tag("td", _day(episode.fixed)),
            tag("td", _days(episode.days_to_fix, unit=False), class_="num"),
        )
        for lc, episode in fixes
    )
    return tag("table", tag("thead", header), tag("tbody", rows), id="slowest")


def _findings(lifecycles: Sequence[Lifecycle]) -> Markup:
    ordered = sorted(
        lifecycles,
        key=lambda lc: (
            STATUS_ORDER.index(lc.status) if lc.status in STATUS_ORDER else 99,
            SEVERITY_ORDER.index(lc.latest.severity)
            if lc.latest.severity in SEVERITY_ORDER
            else 99,
            lc.first_seen,
        ),
    )
    shown = ordered[:MAX_TABLE_ROWS]
    note = (
        tag("p", f"Showing the first {MAX_TABLE_ROWS} of {len(ordered)}.")
        if len(ordered) > MAX_TABLE_ROWS
        else Markup("")
    )
    if not shown:
        return tag("p", "No findings recorded for this pillar.")
    header = tag(
        "tr",
        *(
            tag("th", h, scope="col")
            for h in (
                "status",
                "severity",
                "policy",
                "resource",
                "team",
                "first seen",
                "last seen",
                "message",
            )
        ),
    )
    rows = join(_finding_row(lc) for lc in shown)
    table = tag(
        "table",
        tag("caption", "Every finding recorded for this pillar, worst first"),
        tag("thead", header),
        tag("tbody", rows),
        id="findings",
    )
    return join(
        [_filters(shown), tag("p", "", id="shown", aria_live="polite"), note, table]
    )


def _finding_row(lc: Lifecycle) -> Markup:
    f = lc.latest
    return tag(
        "tr",
        tag("td", lc.status, class_=f"status-{lc.status}"),
        tag("td", _severity(f.severity)),
        tag("td", f.policy_id),
        tag("td", f.address, class_="address"),
        tag("td", lc.team),
        tag("td", _day(lc.first_seen)),
        tag("td", _day(lc.last_seen)),
        tag("td", f.message, class_="message"),
        data_severity=f.severity,
        data_status=lc.status,
        data_team=lc.team,
    )


def _filters(lifecycles: Sequence[Lifecycle]) -> Markup:
    def choice(name: str, label: str, values: Sequence[str]) -> Markup:
        options = join(
            [
                tag("option", "any", value=""),
                *(tag("option", v, value=v) for v in values),
            ]
        )
        return tag("label", label, tag("select", options, name=name))

    severities = [
        s for s in SEVERITY_ORDER if any(lc.latest.severity == s for lc in lifecycles)
    ]
    statuses = [s for s in STATUS_ORDER if any(lc.status == s for lc in lifecycles)]
    teams = sorted({lc.team for lc in lifecycles})
    return tag(
        "form",
        tag(
            "label",
            "Search",
            tag(
                "input",
                type="search",
                name="q",
                placeholder="policy, resource, message",
            ),
        ),
        choice("severity", "Severity", severities),
        choice("status", "Status", statuses),
        choice("team", "Team", teams),
        id="filters",
        hidden=True,
        role="search",
        aria_label="Filter findings",
    )


def _gaps(metrics: Metrics) -> Markup:
    scan = metrics.last_scan
    if scan is None:
        return tag("p", "No scan recorded.")
    if not scan.gaps:
        return tag("p", f"None in the scan of {_day(scan.started)}.")
    header = tag(
        "tr",
        *(
            tag("th", h, scope="col")
            for h in ("account", "region", "service", "error", "message")
        ),
    )
    rows = join(
        tag(
            "tr",
            *(tag("td", v or "any") for v in (g.account, g.region, g.service)),
            tag("td", g.error),
            tag("td", g.message),
        )
        for g in scan.gaps
    )
    return tag(
        "table",
        tag("caption", f"Scan of {_day(scan.started)}"),
        tag("thead", header),
        tag("tbody", rows),
        id="gaps",
    )


def _severity(severity: str) -> Markup:
    return tag("span", severity, class_=f"sev sev-{severity}")


def _run_label(point: RunPoint) -> str:
    return f"#{point.run_id} {point.started:%m-%d}"


def _day(value: datetime | None) -> str:
    return "-" if value is None else f"{value:%Y-%m-%d}"


def _days(value: float | None, unit: bool = True) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} days" if unit else f"{value:.1f}"
