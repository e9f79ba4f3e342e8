"""The governance dashboard: static HTML pages built from the history store.

``html`` escapes by default, ``charts`` draws inline SVG, ``pages`` lays out the
overview and the pillar pages, ``site`` writes them. The pages make no request
of any kind; the findings filter is a few lines of inline script on top of a
table that reads fine without it.
"""

from __future__ import annotations

from govern.dashboard.site import build_site

__all__ = ["build_site"]
