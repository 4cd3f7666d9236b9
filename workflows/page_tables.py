"""Compute on write (issue 18): the SPC the pages show, rewritten in the transaction of the change that moves
it, so a page view reads it by key (store/page_tables.py) instead of computing SPC for every indicator and
team. Run by the store after the figures of a load, revert, withdrawal or recomputation are rewritten
(store.batches.Refresh in workflows/jobs.py RECOMPUTATIONS), and after a change point is marked or removed.

Kept: each indicator x breakdown over the window the pages open on (views.themes.stored_window: the 24
months to the latest month), and each whole-authority series over all its months (the overview's cards).
When the window moves (a new latest month) every series is redone; otherwise only the codes rewritten.
"""

from __future__ import annotations

import pandas as pd

from store.indicator_settings import change_points_in_force
from store.page_tables import KEY, SPC_COLUMNS, spc_windows, write_spc
from store.tables import WHOLE_SERIES
from store.view import StoreView
from views.indicators import FAMILY
from views.inputs import catalogue_for
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
    marked = change_points_in_force(conn, la_code)
    by_code = {code: rows for code, rows in figures.groupby("code")} if len(figures) else {}
    wanted = (
        catalogue.indicators
        if codes is None
        else {c: catalogue.indicators[c] for c in codes if c in catalogue.indicators}
    )
    frames = []
    for code, indicator in wanted.items():
        rows = by_code.get(code)
        if rows is None:
            continue
        for breakdown, series in rows.groupby("breakdown", sort=True):
            data = Figures(catalogue, series, marked, {})  # one series: nothing else to filter out per window
            windows = [(window, window)] + ([(None, WHOLE_WINDOW)] if breakdown == WHOLE else [])
            for months, (start, end) in windows:
                spc = spc_of(data, indicator, breakdown, months)
                if spc is None or spc.empty:
                    continue
                keyed = spc.assign(code=code, breakdown=breakdown, window_start=start, window_end=end)
                frames.append(keyed.assign(month=spc.index).reset_index(drop=True))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=KEY + SPC_COLUMNS)
    write_spc(conn, la_code, None if codes is None else codes, table)
