"""Recompute on write is complete (issue 18): after any sequence of loads, reverts, withdrawals, change points,
targets and sign-offs, every stored figure and page table (SPC, the panel's suppressed figures) equals what a
from-scratch recomputation stores, and the panel's stored figures equal what it works out live for every month.
The Benchmarking page's stored comparisons read only the DfE's tables: after the shipped import and after a
changed table is imported they equal a fresh computation, and the page's views equal the live ones.

Files come from the sample generator (3 months at a tenth of the size, with the superseded allocations
extract), each also in a trimmed variant (its last rows left out), so a load can replace a month with
different records. Hypothesis picks the sequence; each example starts from an empty store.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from functools import cache

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.access import User
from sample_data.generator import generate
from store.batches import StoreRefused, load, make_current, recompute_all, withdraw
from store.db import open_store
from store.indicator_settings import mark_change_point, remove_change_point, set_target
from store.page_tables import KEY, PANEL_COLUMNS, PANEL_KEY, SPC_COLUMNS
from store.tables import batches, month_figures, panel_figures, spc_points
from views.panel import panel_series, stored_panel_series, threshold
from views.sign_off import signed_figures_frame
from views.themes import months_in, read_figures
from workflows.first_run import _checked
from workflows.jobs import RECOMPUTATIONS, REFRESHES
from workflows.sign_off import sign_off_month

LA = "E06000039"
COMPARED = ["family", "month", "code", "breakdown", "numerator", "denominator", "value", "provisional"]
COMPARED += ["not_yet_due", "months_held", "months_needed"]
CODES = ["caseload_per_fte", "turnover_rate", "three_plus_social_workers", "placed_over_20_miles"]


@cache
def pool() -> tuple[list, list[str]]:
    """Checked uploads: every sample file and a trimmed variant of each monthly one."""
    files = generate(months=3, scale=0.1)
    files = [f for f in files if f.la_code == files[0].la_code]
    uploads = [_checked(f, LA) for f in files]
    trimmed = [
        replace(u, frame=u.frame.iloc[: max(1, len(u.frame) * 3 // 4)], sha256="t" + u.sha256[1:])
        for u in uploads
        if u.reporting_month
    ]
    months = sorted({u.reporting_month for u in uploads if u.reporting_month})
    return uploads + trimmed, months


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    """A migrated, empty SQLite store, copied for each example."""
    path = tmp_path_factory.mktemp("recompute") / "empty.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    return path


def stored(engine) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every stored figure, SPC row and panel figure of the authority, in key order, floats rounded."""
    return (
        _table(engine, month_figures, COMPARED, ["numerator", "denominator", "value"]),
        _table(engine, spc_points, KEY + SPC_COLUMNS, ["value", "mean", "lower_limit", "upper_limit", "moving_range"]),
        _table(
            engine,
            panel_figures,
            PANEL_KEY + PANEL_COLUMNS + ["threshold", "signed"],
            ["numerator", "denominator", "value"],
        ),
    )


def panel_as_computed_live(engine) -> None:
    """The panel's stored figures are what the page worked out live before, for every meeting month."""
    data = read_figures(engine, LA)
    limit, signed = threshold(), signed_figures_frame(engine, LA)
    for month in months_in(data.figures):
        found = stored_panel_series(engine, LA, data.catalogue, month, limit)
        live = panel_series(data, month, limit, signed)
        assert found is not None, month
        assert set(found) == set(live)
        for code, (months, quarters) in live.items():
            pd.testing.assert_frame_equal(found[code][0], months)
            pd.testing.assert_frame_equal(found[code][1], quarters)


def _table(engine, table, columns: list[str], floats: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        query = sa.select(*[table.c[c] for c in columns]).where(table.c.la_code == LA)
        frame = pd.DataFrame([tuple(r) for r in conn.execute(query)], columns=columns)
    frame[floats] = frame[floats].astype(float).round(9)
    return frame.sort_values(columns[:5]).reset_index(drop=True)


def chosen(engine, status: str, index: int) -> int | None:
    with engine.connect() as conn:
        query = sa.select(batches.c.id).where(batches.c.la_code == LA, batches.c.status == status)
        ids = sorted(row[0] for row in conn.execute(query))
    return ids[index % len(ids)] if ids else None


def apply(engine, step: tuple, uploads: list, months: list[str]) -> None:
    kind, a, b = step
    if kind == "load":
        load(engine, uploads[a % len(uploads)], "analyst", RECOMPUTATIONS)
    elif kind in ("revert", "withdraw"):
        batch = chosen(engine, "superseded" if kind == "revert" else "current", a)
        if batch is not None:
            (make_current if kind == "revert" else withdraw)(engine, batch, "analyst", LA, RECOMPUTATIONS)
    elif kind == "change point":
        code, month = CODES[a % len(CODES)], months[b % len(months)]
        try:
            mark_change_point(engine, LA, code, month, "a new front door", "analyst", REFRESHES)
        except StoreRefused:  # already marked: take it away instead
            remove_change_point(engine, LA, code, month, "analyst", REFRESHES)
    elif kind == "target":
        set_target(engine, LA, CODES[a % len(CODES)], float(b * 5) if b else None, "analyst", "reviewed")
    elif kind == "sign off":  # refused (nothing written) for a month with no figures
        sign_off_month(engine, LA, months[b % len(months)], f"Panel {a}", User("analyst", "analyst"))


steps = st.lists(
    st.tuples(
        st.sampled_from(["load", "load", "load", "revert", "withdraw", "change point", "target", "sign off"]),
        st.integers(0, 40),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=5,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # no shrinking: each example loads files
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(sequence=steps)
def test_stored_figures_equal_a_recomputation_from_scratch(empty_store, tmp_path, sequence):
    uploads, months = pool()
    path = tmp_path / f"store-{abs(hash(tuple(sequence)))}.sqlite"
    shutil.copyfile(empty_store, path)
    engine = open_store(f"sqlite:///{path}")
    try:
        for upload in uploads[:2]:  # something to revert, withdraw and mark from the start
            load(engine, upload, "analyst", RECOMPUTATIONS)
        for step in sequence:
            apply(engine, step, uploads, months)
        figures, spc, panel = stored(engine)
        panel_as_computed_live(engine)
        recompute_all(engine, LA, RECOMPUTATIONS, "test")
        figures_from_scratch, spc_from_scratch, panel_from_scratch = stored(engine)
        pd.testing.assert_frame_equal(figures, figures_from_scratch)
        pd.testing.assert_frame_equal(spc, spc_from_scratch)
        pd.testing.assert_frame_equal(panel, panel_from_scratch)
        assert len(figures) == 0 or len(spc) > 0  # the pages' SPC is kept wherever there are figures
        assert len(figures) == 0 or len(panel) > 0  # and the panel's figures
    finally:
        engine.dispose()


def test_stored_benchmark_comparisons_follow_every_import(empty_store, tmp_path, monkeypatch):
    """The Benchmarking page's comparisons are stored on the shipped import, redone when a changed table is
    imported, and always equal a fresh computation; the page's views from them equal the live ones."""
    import io

    import views.benchmarks as benchmarks
    from store.page_tables import benchmarks_in_force, comparisons_version, read_comparisons
    from store.read import reading
    from workflows.benchmarks import SHIPPED_FOLDER, ensure_shipped_benchmarks, import_ees_file

    path = tmp_path / "benchmarks.sqlite"
    shutil.copyfile(empty_store, path)
    engine = open_store(f"sqlite:///{path}")

    def stored_now() -> pd.DataFrame:
        with reading(engine) as conn:
            version = benchmarks_in_force(conn)
            assert comparisons_version(conn, LA) == {version}  # every stored row from the tables in force
            return read_comparisons(conn, LA, version)

    def equals_fresh(stored_rows: pd.DataFrame) -> None:
        fresh = benchmarks.comparisons_to_store(engine, LA).sort_values(["measure", "time_period"])
        assert len(fresh) > 0
        pd.testing.assert_frame_equal(
            stored_rows.reset_index(drop=True).astype(object).where(stored_rows.notna().reset_index(drop=True), None),
            fresh.reset_index(drop=True).astype(object).where(fresh.notna().reset_index(drop=True), None),
            check_dtype=False,
        )
        for code in fresh["measure"].unique():
            stored_view = benchmarks.benchmark_view(engine, LA, code)
            live = benchmarks._stored_years
            benchmarks._stored_years = lambda *args: None
            try:
                live_view = benchmarks.benchmark_view(engine, LA, code)
                live_record = benchmarks.benchmarks_for(engine, LA, code)
            finally:
                benchmarks._stored_years = live
            assert stored_view.benchmark == live_view.benchmark
            assert benchmarks.benchmarks_for(engine, LA, code) == live_record
            pd.testing.assert_frame_equal(stored_view.series, live_view.series)
            pd.testing.assert_frame_equal(stored_view.table, live_view.table)

    try:
        monkeypatch.setenv("CSC_LA_CODE", LA)
        ensure_shipped_benchmarks(engine)
        before = stored_now()
        equals_fresh(before)
        # A newer copy of the workforce table: every authority's caseload one higher in the latest year.
        table = pd.read_csv(SHIPPED_FOLDER / "csww_indicators_2017_to_2025.csv", dtype=str, keep_default_na=False)
        latest = table["time_period"] == table["time_period"].max()
        numbers = pd.to_numeric(table["caseload_fte"], errors="coerce")
        changed = latest & numbers.notna() & (table["geographic_level"] == "Local authority")
        table.loc[changed, "caseload_fte"] = (numbers[changed] + 1).round(1).astype(str)
        data = io.StringIO()
        table.to_csv(data, index=False)
        report = import_ees_file(
            engine, "csww_indicators_2017_to_2025.csv", data.getvalue().encode(), User("analyst", "analyst"), LA
        )
        assert report.level == "imported", report.message
        after = stored_now()
        equals_fresh(after)
        caseloads = [frame[frame["measure"] == "caseload_per_fte"]["value"].tolist() for frame in (before, after)]
        assert caseloads[0] != caseloads[1]  # the import's change reached the stored comparisons
    finally:
        engine.dispose()
