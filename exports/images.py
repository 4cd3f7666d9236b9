"""Plotly figures to static images with kaleido, many figures through one browser.

Kaleido v1 drives a headless Chromium through choreographer. Starting that browser costs a few
seconds, so `chart_images` opens it once and sends every figure through it: a 30-chart pack renders
in seconds, not the minute and a half `fig.to_image` takes one figure at a time
(`benchmarks/export_speed.py` measures both).

Nothing leaves the machine: Chromium is Debian's (never kaleido's download), plotly.js is the copy
inside the plotly package, MathJax is off (kaleido would otherwise fetch it from a CDN) and Chromium's
own background requests are switched off.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

import kaleido
import plotly.graph_objects as go
from choreographer.browsers import BrowserDepsError, BrowserFailedError, Chromium

from exports.browser import QUIET_SWITCHES, ExportUnavailable, chromium_path, run_coroutine

WIDTH = 900  # px: layout pixels, as a figure's own width would be
HEIGHT = 450
SCALE = 2  # device pixels per layout pixel: sharp on paper and on high-density screens
FORMATS = ("png", "jpeg", "webp", "svg")
RENDER_TIMEOUT_SECONDS = 60  # per figure, once the browser is up
MAX_TABS = 4  # tabs (renderers) at most, whatever the core count
FIGURES_PER_EXTRA_TAB = 8  # a tab costs about a second to open: worth it only for longer batches


class QuietChromium(Chromium):
    """choreographer's Chromium launcher plus the switches that stop Chromium's background requests."""

    def get_cli(self):
        return [*super().get_cli(), *QUIET_SWITCHES]


def chart_images(
    figures: Sequence[go.Figure],
    width: int = WIDTH,
    height: int = HEIGHT,
    scale: float = SCALE,
    fmt: str = "png",
    *,
    sizes: Sequence[tuple[int, int]] | None = None,
    tabs: int | None = None,
) -> list[bytes]:
    """One image per figure, in order, all rendered by one Chromium.

    `width` and `height` are layout pixels (a PNG is `width * scale` by `height * scale`); `sizes`
    gives each figure its own (width, height) instead. `tabs` is how many figures render at once
    (default: `default_tabs`). Raises ExportUnavailable when Chromium is missing, and the figure's
    error when one fails to render (no partial list).
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    figures = list(figures)
    if not figures:
        return []
    sizes = list(sizes) if sizes is not None else [(width, height)] * len(figures)
    if len(sizes) != len(figures):
        raise ValueError(f"{len(figures)} figures but {len(sizes)} sizes")
    options = [dict(width=w, height=h, scale=scale, format=fmt) for w, h in sizes]
    tabs = tabs or default_tabs(len(figures))
    path = chromium_path()

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(n=tabs, timeout=RENDER_TIMEOUT_SECONDS, **offline_options(path)) as browser:
            jobs = (browser.calc_fig(figure, opts=opts) for figure, opts in zip(figures, options, strict=True))
            return list(await asyncio.gather(*jobs))

    try:
        return run_coroutine(render)
    except (BrowserFailedError, BrowserDepsError) as error:
        raise ExportUnavailable(
            f"Chromium at {path} would not start to draw the charts ({error}). "
            "Reinstall it with: sudo apt-get install --reinstall -y chromium"
        ) from error


def offline_options(path: str) -> dict:
    """The kaleido.Kaleido options that keep it on the machine: this Chromium, no MathJax (its default
    is a CDN), plotly.js from the plotly package (kaleido's default when plotly is installed), Chromium
    started with QUIET_SWITCHES and no extensions."""
    return dict(path=path, mathjax=False, browser_cls=QuietChromium, enable_extensions=False)


def default_tabs(count: int) -> int:
    """Tabs to render `count` figures with: one per two cores, since each tab keeps a renderer and
    Chromium's software GPU process busy (on 2 cores, 2 tabs measured no faster than 1:
    benchmarks/export_speed.py), up to MAX_TABS, and one for a short batch, which an extra tab's
    start-up would cost more than it saves."""
    if count < FIGURES_PER_EXTRA_TAB:
        return 1
    return max(1, min((os.cpu_count() or 1) // 2, MAX_TABS))
