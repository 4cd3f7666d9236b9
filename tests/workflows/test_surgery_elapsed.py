"""Working days elapsed beside an initial health assessment not yet done: counted to the data's "today"
(the extract date of the record's latest copy, CONTRACT.md), not to a month end that has not come yet."""

import pandas as pd

from views.surgery import _with_elapsed


def iha(entered: str, completed: str | None, extract: str | None) -> pd.DataFrame:
    """One IHA row as the drill-down holds it: dates written dd/mm/yyyy."""
    row = {"child_id": "C1", "date_entered_care": entered, "iha_completed_date": completed}
    if extract is not None:
        row["extract_date"] = extract
    return pd.DataFrame([row])


def test_not_done_counts_to_the_extract_date_in_the_current_month():
    # Entered Monday 1 June 2026, extract Wednesday 10 June: 2-5 and 8-10 June are 7 working days
    # (to the month end, 30 June, it would be 21).
    rows = _with_elapsed(iha("01/06/2026", None, "10/06/2026"), "2026-06")
    assert rows["working_days_elapsed"].tolist() == [7]


def test_done_counts_to_completion_whatever_the_extract_date():
    rows = _with_elapsed(iha("01/06/2026", "03/06/2026", "10/06/2026"), "2026-06")
    assert rows["working_days_elapsed"].tolist() == [2]


def test_without_an_extract_date_not_done_counts_to_the_month_end():
    rows = _with_elapsed(iha("01/06/2026", None, None), "2026-06")
    assert rows["working_days_elapsed"].tolist() == [21]
