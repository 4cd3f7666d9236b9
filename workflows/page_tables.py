"""Compute on write (issue 18): the SPC the pages show, rewritten in the transaction of the change that moves
it, so a page view reads it by key (store/page_tables.py) instead of computing SPC for every indicator and
team. Run by the store after the figures of a load, revert, withdrawal or recomputation are rewritten
(store.batches.Refresh in workflows/jobs.py RECOMPUTATIONS), and after a change point is marked or removed.

Kept: each indicator x breakdown over the window the pages open on (views.themes.stored_window: the 24
months to the latest month), and each whole-authority series over all its months (the overview's cards).
When the window moves (a new latest month) every series is redone; otherwise only the codes rewritten.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from store.db import writing
from store.indicator_settings import change_points_in_force
from store.page_tables import (
    KEY,
    SPC_COLUMNS,
    benchmarks_in_force,
    comparisons_version,
    latest_sign_off,
    spc_windows,
    write_comparisons,
    write_panel,
    write_spc,
)
from store.read import reading
from store.sign_off import SIGNED, signed_figures
from store.tables import WHOLE_SERIES
from store.view import StoreView
from views.benchmarks import comparisons_to_store
from views.indicators import FAMILY
from views.inputs import catalogue_for
from views.panel import panel_figures_to_store, panel_indicators, threshold
from views.spc_window import WHOLE, spc_of, stored_window
from views.themes import Figures, months_in

SETTINGS = None  # the `rewritten` key of codes whose settings (change points) changed, whatever the family
WHOLE_WINDOW = (WHOLE_SERIES, WHOLE_SERIES)


def refresh_spc(view: StoreView, rewritten: dict[str | None, set[str] | None]) -> None:
    """Recompute the stored SPC of the codes whose figures or change points were rewritten."""
    if FAMILY not in rewritten and SETTINGS not in rewritten:
        return
    conn, la_code = view.conn, view.la_code
    figures = view.month_figures(FAMILY)
    window = stored_window(months_in(figures))
    codes = rewritten.get(FAMILY, set())
    if codes is not None:
        codes = set(codes) | set(rewritten.get(SETTINGS) or ())
    if spc_windows(conn, la_code) - {WHOLE_WINDOW} != ({window} if window else set()):
        codes = None  # the window moved (or nothing is kept yet): every series
    if codes is not None and not codes:
        return
    catalogue = catalogue_for(conn, la_code)
    data = Figures(catalogue, figures, change_points_in_force(conn, la_code), {})  # series_of groups it once
    held: dict[str, list[str]] = {}
    for code, breakdown in sorted(set(zip(figures["code"].tolist(), figures["breakdown"].tolist(), strict=True))):
        held.setdefault(code, []).append(breakdown)
    wanted = (
        catalogue.indicators
        if codes is None
        else {c: catalogue.indicators[c] for c in codes if c in catalogue.indicators}
    )
    frames, keys = [], []
    for code, indicator in wanted.items():
        for breakdown in held.get(code, ()):
            windows = [(window, window)] + ([(None, WHOLE_WINDOW)] if breakdown == WHOLE else [])
            for months, (start, end) in windows:
                spc = spc_of(data, indicator, breakdown, months)
                if spc is not None and not spc.empty:
                    frames.append(spc)
                    keys.append((code, breakdown, start, end))
    table = _keyed(frames, keys)
    write_spc(conn, la_code, None if codes is None else codes, table)


def _keyed(frames: list[pd.DataFrame], keys: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """The series' SPC frames as one table (KEY + SPC_COLUMNS): each row with its series' code, breakdown
    and window, and its month, set once for the whole table rather than frame by frame."""
    if not frames:
        return pd.DataFrame(columns=KEY + SPC_COLUMNS)
    table = pd.concat(frames)
    sizes = [len(frame) for frame in frames]
    for position, name in enumerate(KEY[:4]):
        table[name] = np.repeat(np.array([key[position] for key in keys], dtype=object), sizes)
    table["month"] = table.index
    return table.reset_index(drop=True)


def refresh_panel(view: StoreView, rewritten: dict[str | None, set[str] | None]) -> None:
    """Store the panel's figures after suppression (every month, and the quarter each meeting month reads)
    when the figures of a panel indicator or the sign-offs they start from were rewritten. With a threshold
    that is not a whole number of 1 or more nothing is kept (the panel page stops with a message)."""
    if FAMILY not in rewritten and SIGNED not in rewritten:
        return
    conn, la_code = view.conn, view.la_code
    codes = rewritten.get(FAMILY)
    panel_codes = {i.code for i in panel_indicators(catalogue_for(conn, la_code))}
    if SIGNED not in rewritten and codes is not None and not set(codes) & panel_codes:
        return  # no panel indicator's figures moved
    try:
        limit = threshold()
    except ValueError:
        write_panel(conn, la_code, 0, 0, pd.DataFrame())
        return
    data = Figures(catalogue_for(conn, la_code), view.month_figures(FAMILY), pd.DataFrame(), {})
    rows = panel_figures_to_store(data, limit, signed_figures(conn, la_code))
    write_panel(conn, la_code, limit, latest_sign_off(conn, la_code), rows)


def refresh_benchmark_comparisons(engine: Engine, la_code: str, *, always: bool = False) -> bool:
    """Store the Benchmarking page's comparisons of the authority (every mapped measure, year by year) when
    those stored were worked out from another benchmark version than the one in force, or none are (or
    `always`); True when it wrote them. They read only the DfE's tables, so a benchmark import brings them
    up to date (workflows.benchmarks), in a transaction of its own: they are worked out before it begins
    (from the tables, read on connections of their own) and written only if no import came in between.
    Until then pages work them out as they did before (a stored row of another version is never read)."""
    with reading(engine) as conn:
        version = benchmarks_in_force(conn)
        if not always and comparisons_version(conn, la_code) == ({version} if version else set()):
            return False
    rows = comparisons_to_store(engine, la_code) if version else pd.DataFrame()
    with writing(engine) as conn:
        if benchmarks_in_force(conn) != version:
            return False  # another import came in: its own refresh stores the comparisons
        write_comparisons(conn, la_code, version, rows)
    return True
