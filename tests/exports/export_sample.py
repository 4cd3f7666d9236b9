"""The sample report the export tests render: three SPC charts of made-up monthly series, a table with
hostile cells, a commentary, notes and sources. Also Chromium found, or the tests skipped locally and
failed under CI (never skipped there), as tests/databases.py does for PostgreSQL."""

from __future__ import annotations

import os
from datetime import date

import numpy as np
import pandas as pd
import pytest

from exports.browser import ExportUnavailable, chromium_path
from exports.document import Bullets, Callout, Chart, PageBreak, Paragraph, Report, Section, Table
from figures.spc_chart import spc_figure, spc_sentence
from metrics.spc import xmr
from metrics.units import shown_value

SCRIPT_CELL = "<script>alert(1)</script>"
FORMULA_CELL = "=SUM(A1)"
MONTHS = pd.period_range("2023-04", periods=36, freq="M").strftime("%Y-%m")


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_or_skip() -> str:
    """Debian's Chromium; without it, skip locally but fail under CI (the export tests must run there)."""
    try:
        return chromium_path()
    except ExportUnavailable as error:
        if _on_ci():
            pytest.fail(f"{error} Under CI the export tests must run (use `bash scripts/test.sh`).")
        pytest.skip(str(error))


def monthly_series(level: float, drift: float, noise: float, seed: int) -> pd.Series:
    """A made-up monthly indicator, April 2023 to March 2026: a level, a drift per month and noise."""
    rng = np.random.default_rng(seed)
    values = level + drift * np.arange(len(MONTHS)) + rng.normal(0, noise, len(MONTHS))
    return pd.Series(values.round(1), index=MONTHS)


def spc_chart(title: str, series: pd.Series, polarity: str, unit: str, target: float | None) -> Chart:
    frame = xmr(series, polarity, bounds=(0, 100) if unit == "%" else (0, None))
    sentence = spc_sentence(frame, title, unit, target, shown_value)
    return Chart(spc_figure(frame, title, unit, target=target), alt=sentence, caption=f"Figure: {sentence}")


def sample_report() -> Report:
    charts = [
        spc_chart("Average caseload per social worker", monthly_series(21, -0.12, 0.8, 1), "lower", "ratio", 18),
        spc_chart(
            "Initial health assessments within 20 working days", monthly_series(48, 0.9, 4, 2), "higher", "%", 90
        ),
        spc_chart("Children placed more than 20 miles from home", monthly_series(31, -0.1, 1.5, 3), "lower", "%", 25),
    ]
    exceptions = pd.DataFrame(
        {
            "Team": ["Front Door Hub North", "Children in Care 1", "Care Leavers", SCRIPT_CELL],
            "Note": ["Agency worker left in February", FORMULA_CELL, "", "Typed by a user"],
            "Workers above threshold": [3, 1, 0, np.nan],
            "Share of caseload": ["12.5%", "c", "0.0%", "4.0%"],
        }
    )
    return Report(
        title="Front Door Hub North: performance surgery",
        subtitle="Surgery for April 2026 (synthetic figures)",
        data_as_at=date(2026, 3, 31),
        sections=[
            Section(
                "Summary",
                [
                    Paragraph("Caseloads are falling but remain above the target of 18 children per worker."),
                    Callout("Two agency workers start in May; caseloads should fall below 20.", label="Commentary"),
                    Bullets(["Review the 3 workers above the threshold.", "Chase overdue health assessments."]),
                ],
            ),
            Section("Caseloads and workforce", [charts[0], Table(exceptions, "Workers above the threshold by team")]),
            Section("Health assessments", [charts[1]]),
            Section("Placements", [charts[2], Paragraph("Older children are placed furthest away.")], level=3),
            Section("Actions carried forward", [PageBreak(), Paragraph("No overdue actions.")]),
        ],
        footnotes=["c: a count of 1 to 5, suppressed to protect the children it describes."],
        sources=["Workforce and allocations extracts, March 2026 (synthetic)."],
    )
