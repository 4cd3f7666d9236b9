"""The stored SPC holds exactly the columns metrics.spc computes, in its order (the store reads them from the table)."""

from metrics.spc import COLUMNS
from store.page_tables import SPC_COLUMNS


def test_the_stored_spc_columns_are_the_ones_metrics_computes():
    assert SPC_COLUMNS == COLUMNS


def test_panel_rows_are_stored_as_given_on_both_backends(engine):
    """write_panel's plain tuples (issue 18) store what the rows say: gaps as NULL, flags as booleans, the
    threshold and sign-off with every row; a second write replaces the first; an empty frame clears them."""
    import math

    import pandas as pd

    from store.db import writing
    from store.page_tables import AT_END, EVERY_MONTH, PANEL_COLUMNS, PANEL_KEY, read_panel, write_panel

    rows = pd.DataFrame(
        {
            "code": ["a", "a", "b"],
            "breakdown": ["", "", "cohort: CLA"],
            "meeting": [EVERY_MONTH, AT_END, EVERY_MONTH],
            "month": ["2026-01", "2026-03", "2026-02"],
            "numerator": [3.0, 40.0, math.nan],
            "denominator": [40.0, 120.0, 12.0],
            "value": [7.5, 100 / 3, math.nan],
            "shown_numerator": ["c", "40", "c"],
            "shown_denominator": ["40", "120", "c"],
            "shown_value": ["c", "33.3%", "c"],
            "suppressed": [True, False, True],
            "state": ["hidden", "shown", "hidden"],
        }
    )
    with writing(engine) as conn:
        write_panel(conn, "E1", 5, 7, rows.iloc[:1])
        write_panel(conn, "E1", 5, 7, rows)
        write_panel(conn, "E2", 5, 7, rows.iloc[:1])
    with writing(engine) as conn:
        stored = read_panel(conn, "E1", 5, 7)
        assert read_panel(conn, "E1", 4, 7).empty and read_panel(conn, "E1", 5, 6).empty
        write_panel(conn, "E2", 5, 7, pd.DataFrame())
        assert read_panel(conn, "E2", 5, 7).empty
    expected = rows.sort_values(PANEL_KEY).reset_index(drop=True)[PANEL_KEY + PANEL_COLUMNS]
    got = stored[PANEL_KEY + PANEL_COLUMNS].reset_index(drop=True)
    assert got["suppressed"].tolist() == [True, False, True]
    assert got["numerator"].isna().tolist() == [False, False, True]
    for name in ("numerator", "denominator", "value"):
        pd.testing.assert_series_equal(got[name].astype("float64"), expected[name], check_exact=True)
    for name in ("code", "breakdown", "meeting", "month", "shown_numerator", "shown_denominator", "shown_value"):
        assert got[name].tolist() == expected[name].tolist(), name
    assert got["state"].tolist() == expected["state"].tolist()
