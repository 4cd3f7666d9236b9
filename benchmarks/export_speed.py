"""How fast a 30-chart pack renders: chart images through one kaleido browser (exports.images), against
one figure at a time the way `fig.to_image` does it (`kaleido.calc_fig_sync`: a fresh browser per
figure), and the whole pack as a tagged PDF. Prints seconds, charts per second and the ratio.

    .venv/bin/python benchmarks/export_speed.py [charts] [baseline_charts]

The baseline calls kaleido directly rather than `fig.to_image` only so that it gets the same offline
options (Debian's Chromium, no MathJax from a CDN, no background look-ups); the work per figure is
the same: start a browser, load plotly.js, draw, close.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import kaleido
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exports.browser import chromium_path
from exports.document import Chart, Paragraph, Report, Section
from exports.images import chart_images, default_tabs, offline_options
from exports.pdf import report_pdf
from figures.spc_chart import spc_figure
from metrics.spc import xmr

MONTHS = pd.period_range("2023-04", periods=36, freq="M").strftime("%Y-%m")


def figures(count: int, seed: int = 1) -> list:
    rng = np.random.default_rng(seed)
    out = []
    for number in range(count):
        values = 55 + 0.4 * np.arange(len(MONTHS)) + rng.normal(0, 4, len(MONTHS))
        frame = xmr(pd.Series(values.round(1), index=MONTHS), "higher", bounds=(0, 100))
        out.append(spc_figure(frame, f"Indicator {number + 1}", "%", target=70))
    return out


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    baseline_count = int(sys.argv[2]) if len(sys.argv) > 2 else count
    charts = figures(count)

    tabs = default_tabs(count)
    seconds, images = timed(lambda: chart_images(charts))
    other_tabs = 2 if tabs == 1 else 1
    other, _ = timed(lambda: chart_images(charts, tabs=other_tabs))
    print(f"charts: {count}  cores: {os.cpu_count()}  PNG 900x450 at scale 2")
    print(f"chart_images, one browser, {tabs} tab(s): {seconds:.1f} s ({count / seconds:.1f} charts/s)")
    print(f"  with {other_tabs} tab(s) instead: {other:.1f} s")

    opts = dict(format="png", width=900, height=450, scale=2)
    kopts = offline_options(chromium_path())

    def one_at_a_time() -> list[bytes]:
        return [kaleido.calc_fig_sync(f, opts=opts, kopts=dict(kopts)) for f in charts[:baseline_count]]

    baseline, _ = timed(one_at_a_time)
    per_chart = baseline / baseline_count
    print(f"one figure at a time, as fig.to_image: {baseline:.1f} s for {baseline_count} ({1 / per_chart:.2f}/s)")
    print(f"ratio one-at-a-time / chart_images, per chart: {per_chart / (seconds / count):.1f}")

    report = Report(
        title="Benchmark pack",
        data_as_at=date(2026, 3, 31),
        sections=[
            Section(f"Indicator {n + 1}", [Paragraph("A sentence."), Chart(f, alt="A chart.")])
            for n, f in enumerate(charts)
        ],
    )
    pdf_seconds, pdf = timed(lambda: report_pdf(report))
    print(f"report_pdf, {count} charts drawn and printed: {pdf_seconds:.1f} s, {len(pdf) / 2**20:.1f} MiB")
    assert len(images) == count


if __name__ == "__main__":
    main()
