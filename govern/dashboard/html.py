"""Building HTML where escaping is the default.

Every string is escaped when it becomes part of a page unless it is ``Markup``,
which only this module and the chart and page builders create from parts they
escaped themselves.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from importlib import resources


class Markup(str):
    """Text that is already safe HTML."""

    __slots__ = ()


def esc(value: object) -> Markup:
    """``value`` as HTML text: escaped unless it already is ``Markup``."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[object]) -> Markup:
    """The parts, each escaped unless already ``Markup``, side by side."""
    return Markup("".join(esc(part) for part in parts))


def tag(element: str, /, *children: object, **attributes: object) -> Markup:
    """An element; ``class_`` is ``class``, other underscores become dashes.

    Attributes that are None or False are left out; True gives a bare attribute.
    """
    rendered = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        attribute = key.rstrip("_").replace("_", "-")
        if value is True:
            rendered.append(f" {attribute}")
        else:
            rendered.append(f' {attribute}="{esc(value)}"')
    opening = f"<{element}{''.join(rendered)}>"
    if element in _VOID:
        return Markup(opening)
    return Markup(f"{opening}{join(children)}</{element}>")


_VOID = frozenset({"meta", "link", "input", "br", "hr", "img"})


def asset(name: str) -> str:
    """A stylesheet or script shipped inside the package."""
    return (resources.files("govern.dashboard") / "assets" / name).read_text("utf-8")


def csp_hash(source: str) -> str:
    """The Content-Security-Policy hash that allows exactly this inline block."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def page(title: str, body: Markup, *, script: bool = False) -> str:
    """A complete, self-contained page: inline style, optional inline script.

    The page's policy forbids every request (no fonts, scripts, images or
    frames from anywhere) and allows only its own inline style and script.
    """
    style = asset("dashboard.css")
    code = asset("filter.js") if script else ""
    policy = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src {csp_hash(style)}"
        + (f"; script-src {csp_hash(code)}" if script else "")
    )
    head = join(
        [
            tag("meta", charset="utf-8"),
            tag("meta", http_equiv="Content-Security-Policy", content=policy),
            tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
            tag("link", rel="icon", href="data:,"),
            tag("title", title),
            Markup(f"<style>{style}</style>"),
        ]
    )
    tail = Markup(f"<script>{code}</script>") if script else Markup("")
    document = tag("html", tag("head", head), tag("body", body, tail), lang="en")
    return f"<!DOCTYPE html>\n{document}\n"
