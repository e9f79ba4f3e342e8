"""Charts as inline SVG, drawn here: no script, no library, no network.

Each chart is a ``figure`` with a title and description for screen readers, a
caption, and its numbers in a table underneath, so nothing depends on seeing
colour or on the picture at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from govern.dashboard.html import Markup, join, tag

# Okabe-Ito colours: told apart with every common colour-vision deficiency.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#595959"

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 44
MAX_X_LABELS = 8


@dataclass(frozen=True, slots=True)
class Series:
    """One line or one set of bars."""

    label: str
    values: Sequence[int]
    colour: str
    dashed: bool = False


def line_chart(
    ident: str, title: str, labels: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Values over runs as lines with a marker per run."""
    top = _top(series)
    shapes = []
    for line in series:
        points = [(_x(i, len(labels)), _y(v, top)) for i, v in enumerate(line.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        shapes.append(
            tag(
                "polyline",
                points=path,
                fill="none",
                stroke=line.colour,
                stroke_width=2,
                # A dash tells the lines apart without relying on colour.
                stroke_dasharray="6 4" if line.dashed else None,
            )
        )
        shapes.extend(
            tag(
                "circle",
                tag("title", f"{labels[i]}: {line.label} {line.values[i]}"),
                cx=f"{x:.1f}",
                cy=f"{y:.1f}",
                r=3.5,
                fill=line.colour,
            )
            for i, (x, y) in enumerate(points)
        )
    return _figure(ident, title, labels, series, top, join(shapes))


def bar_chart(
    ident: str, title: str, labels: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Values per run as grouped bars, one bar per series."""
    top = _top(series)
    band = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    bar = band * 0.8 / max(len(series), 1)
    shapes = []
    for s, group in enumerate(series):
        for i, value in enumerate(group.values):
            x = LEFT + i * band + band * 0.1 + s * bar
            y = _y(value, top)
            shapes.append(
                tag(
                    "rect",
                    tag("title", f"{labels[i]}: {group.label} {value}"),
                    x=f"{x:.1f}",
                    y=f"{y:.1f}",
                    width=f"{max(bar - 1, 1):.1f}",
                    height=f"{HEIGHT - BOTTOM - y:.1f}",
                    fill=group.colour,
                )
            )
    return _figure(ident, title, labels, series, top, join(shapes), bands=True)


def sparkline(label: str, values: Sequence[int], colour: str = BLUE) -> Markup:
    """A small line without axes, for the overview; its numbers in its label."""
    width, height = 120, 32
    top = max(max(values, default=0), 1)
    count = len(values)
    points = [
        (
            2 + (width - 4) * (i / (count - 1) if count > 1 else 0.5),
            height - 2 - (height - 4) * v / top,
        )
        for i, v in enumerate(values)
    ]
    summary = f"{label}: " + (", ".join(str(v) for v in values) or "no runs")
    return tag(
        "svg",
        tag("title", summary),
        tag(
            "polyline",
            points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            fill="none",
            stroke=colour,
            stroke_width=2,
        ),
        role="img",
        aria_label=summary,
        class_="sparkline",
        width=width,
        height=height,
        viewBox=f"0 0 {width} {height}",
    )


def _figure(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    top: int,
    shapes: Markup,
    bands: bool = False,
) -> Markup:
    description = "; ".join(
        f"{s.label}: " + ", ".join(str(v) for v in s.values) for s in series
    )
    svg = tag(
        "svg",
        tag("title", title, id=f"{ident}-title"),
        tag("desc", description, id=f"{ident}-desc"),
        _axes(labels, top, bands),
        shapes,
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        class_="chart",
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        data_chart=ident,
    )
    return tag(
        "figure",
        svg,
        tag("figcaption", title, " ", _legend(series)),
        _data_table(title, labels, series),
        class_="chart-figure",
    )


def _axes(labels: Sequence[str], top: int, bands: bool) -> Markup:
    parts = []
    for tick in sorted({0, top // 2, top}):
        y = _y(tick, top)
        parts.append(
            tag(
                "line",
                x1=LEFT,
                x2=WIDTH - RIGHT,
                y1=f"{y:.1f}",
                y2=f"{y:.1f}",
                class_="grid",
            )
        )
        parts.append(tag("text", tick, x=LEFT - 6, y=f"{y + 4:.1f}", text_anchor="end"))
    step = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    band = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for i in range(0, len(labels), step):
        x = LEFT + band * (i + 0.5) if bands else _x(i, len(labels))
        parts.append(
            tag(
                "text",
                labels[i],
                x=f"{x:.1f}",
                y=HEIGHT - BOTTOM + 18,
                text_anchor=_anchor(i, len(labels), bands),
            )
        )
    return join(parts)


def _anchor(index: int, count: int, bands: bool) -> str:
    # Points sit on the plot's edges; their labels must not run off the picture.
    if bands or count < 2:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


def _legend(series: Sequence[Series]) -> Markup:
    return join(
        tag(
            "span",
            tag(
                "svg",
                tag(
                    "line",
                    x1=0,
                    x2=18,
                    y1=5,
                    y2=5,
                    stroke=s.colour,
                    stroke_width=4,
                    stroke_dasharray="6 4" if s.dashed else None,
                ),
                width=18,
                height=10,
                viewBox="0 0 18 10",
                aria_hidden="true",
            ),
            " ",
            s.label,
            class_="legend",
        )
        for s in series
    )


def _data_table(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    header = tag(
        "tr",
        tag("th", "run", scope="col"),
        join(tag("th", s.label, scope="col") for s in series),
    )
    rows = join(
        tag(
            "tr",
            tag("th", label, scope="row"),
            join(tag("td", s.values[i], class_="num") for s in series),
        )
        for i, label in enumerate(labels)
    )
    return tag(
        "details",
        tag("summary", "Numbers behind this chart"),
        tag("table", tag("caption", title), tag("thead", header), tag("tbody", rows)),
    )


def _top(series: Sequence[Series]) -> int:
    highest = max((v for s in series for v in s.values), default=0)
    if highest <= 4:
        return 4
    # A round top keeps the axis readable: 1, 2 or 5 times a power of ten.
    magnitude = int(10 ** math.floor(math.log10(highest)))
    for factor in (1, 2, 5, 10):
        if highest <= factor * magnitude:
            return factor * magnitude
    return highest


def _x(index: int, count: int) -> float:
    plot = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + plot / 2
    return LEFT + plot * index / (count - 1)


def _y(value: float, top: int) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (1 - value / top)
