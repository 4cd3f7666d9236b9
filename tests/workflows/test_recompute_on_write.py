"""Recompute on write is complete (issue 18): after any sequence of loads, reverts, withdrawals, change points
and targets, every stored figure and page table equals what a from-scratch recomputation stores.

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

from sample_data.generator import generate
from store.batches import StoreRefused, load, make_current, recompute_all, withdraw
from store.db import open_store
from store.indicator_settings import mark_change_point, remove_change_point, set_target
from store.page_tables import KEY, SPC_COLUMNS
from store.tables import batches, month_figures, spc_points
from workflows.first_run import _checked
from workflows.jobs import RECOMPUTATIONS, REFRESHES

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


def stored(engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every stored figure and every stored SPC row of the authority, in key order, floats rounded."""
    return (
        _table(engine, month_figures, COMPARED, ["numerator", "denominator", "value"]),
        _table(engine, spc_points, KEY + SPC_COLUMNS, ["value", "mean", "lower_limit", "upper_limit", "moving_range"]),
    )


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


steps = st.lists(
    st.tuples(
        st.sampled_from(["load", "load", "load", "revert", "withdraw", "change point", "target"]),
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
        figures, spc = stored(engine)
        recompute_all(engine, LA, RECOMPUTATIONS, "test")
        figures_from_scratch, spc_from_scratch = stored(engine)
        pd.testing.assert_frame_equal(figures, figures_from_scratch)
        pd.testing.assert_frame_equal(spc, spc_from_scratch)
        assert len(figures) == 0 or len(spc) > 0  # the pages' SPC is kept wherever there are figures
    finally:
        engine.dispose()
