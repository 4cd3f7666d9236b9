"""The panel on 15 months of the synthetic authority: figures suppressed everywhere a panel member looks,
sentences from the data, priorities an analyst names, revisions beside signed-off figures, and the pack."""

import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from ingest.check import check_file
from metrics.units import shown_value
from tests.corrections import corrected_placements
from tests.roles import ANALYST, PANEL_MEMBER
from views.indicators import stored_figures
from views.packs import pack_html, pack_pdf, panel_pack
from views.panel import easy_read, glossary, panel_view, priorities, quarter_of, suppressed_series
from views.themes import read_figures
from workflows import la_code, store
from workflows.priorities import change_priorities
from workflows.sign_off import sign_off_month
from workflows.uploads import load_checked, plan_load

MONTH = "2024-06"
PANEL = "Corporate parenting panel, 14 July 2024"


pytestmark = pytest.mark.usefixtures("in_fresh_sample_copy")


def view(month: str = MONTH):
    return panel_view(store(), la_code(), read_figures(store(), la_code()), month)


def items():
    return [item for _, chosen in view().priorities for item in chosen]


def test_a_quarter_is_shown_only_when_each_of_its_months_is_shown_in_full():
    months = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    series = pd.DataFrame({"numerator": [3, 10, 12, 20, 20, 20], "denominator": [40] * 6}, index=months)
    shown, quarters = suppressed_series(series.assign(value=series["numerator"] * 2.5), "%", 5)
    assert shown.loc["2024-01", "shown_value"] == "c"  # 3 children
    # The quarter's rate (25 of 120) beside February and March would give 25 - 10 - 12 = 3 away: it is
    # hidden, and no month is hidden for the quarter's sake, so each month reads the same at every meeting.
    assert quarters.loc["2024-03", "shown_value"] == "c"
    assert not shown.loc[["2024-02", "2024-03"], "suppressed"].any()
    assert quarters.loc["2024-06", "shown_value"] == "50.0%"  # every month shown: the quarter adds nothing
    assert quarter_of("2024-05") == ("2024-01", "2024-02", "2024-03")
    assert quarter_of("2024-06") == ("2024-04", "2024-05", "2024-06")


def test_no_figure_the_panel_sees_shows_a_count_from_1_to_5_or_its_complement():
    for item in items():
        unit = item.indicator.unit
        for month, row in item.months.iterrows():
            counts = [row["numerator"]] + (
                [row["denominator"], row["denominator"] - row["numerator"]] if unit == "%" else []
            )
            if any(1 <= c <= 5 for c in counts):
                assert row["shown_value"] == "c", (item.indicator.code, month, row.to_dict())
            if row["shown_value"] == "c":  # and the chart and its limits never see it
                assert pd.isna(row["visible"])
                assert month not in item.spc.index or pd.isna(item.spc.loc[month, "value"])


def test_each_sentence_states_the_stored_figure_and_the_change_on_a_year_ago():
    figures = stored_figures(store(), la_code())
    item = next(i for i in items() if i.indicator.code == "care_leavers_eet_19_21")
    now = figures[
        (figures["code"] == "care_leavers_eet_19_21") & (figures["month"] == MONTH) & (figures["breakdown"] == "")
    ]
    then = figures[
        (figures["code"] == "care_leavers_eet_19_21") & (figures["month"] == "2023-06") & (figures["breakdown"] == "")
    ]
    value, before = now["value"].iloc[0], then["value"].iloc[0]
    way = "up" if value > before else "down"
    expected = (
        f"{shown_value(value, '%')} of care leavers aged 19 to 21 were in education, employment or training in "
        f"June 2024, {way} from {shown_value(before, '%')} a year earlier."
    )
    assert item.sentence == expected


def test_a_hidden_figure_is_not_stated_in_its_sentence():
    for item in items():
        if item.month is not None and item.month["suppressed"]:
            assert "not shown, because it could reveal" in item.sentence
            assert not re.search(r"\d+\.\d%", item.sentence)


def test_the_analyst_names_the_priorities_and_only_panel_indicators_are_allowed():
    catalogue = read_figures(store(), la_code()).catalogue
    chosen = [(f"Priority {n}", []) for n in range(1, 7)]
    chosen[0] = ("Homes close to where I belong", ["placed_over_20_miles"])
    ok, message = change_priorities(store(), la_code(), catalogue, [*chosen[:5], ("Work", ["agency_rate"])], ANALYST)
    assert not ok and "agency_rate" in message
    assert change_priorities(store(), la_code(), catalogue, chosen, ANALYST)[0]
    saved = priorities(store(), la_code(), catalogue)
    assert saved[0].title == "Homes close to where I belong" and saved[0].codes == ("placed_over_20_miles",)
    first, shown = view().priorities[0]
    assert first.title == "Homes close to where I belong" and [i.indicator.code for i in shown] == [
        "placed_over_20_miles"
    ]


def test_a_later_load_shows_as_a_revision_beside_the_signed_off_figure():
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    before = next(i for i in items() if i.indicator.code == "placed_over_20_miles")
    assert before.revision == "" and before.last_meeting == f"{before.month['shown_value']} (June 2024, {PANEL})"
    name, data = corrected_placements(children=3)
    result = check_file(name, data)
    load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)
    after = next(i for i in items() if i.indicator.code == "placed_over_20_miles")
    assert after.revision == (
        f"Revised from {before.month['shown_value']} to {after.month['shown_value']} after later data "
        f"(signed off for {PANEL})."
    )
    untouched = next(i for i in items() if i.indicator.code == "care_leavers_eet_19_21")
    assert untouched.revision == ""


def test_the_easy_read_page_has_five_figures_in_short_sentences():
    figures = easy_read(view())
    assert len(figures) == 5
    for figure in figures:
        assert figure.big == "Not shown" or figure.big.endswith("%")
        assert all(len(sentence.split()) <= 14 for sentence in figure.words.split(". "))


def test_the_pack_reads_back_with_every_priority_the_footnote_and_no_hidden_figure():
    current = view()
    report = panel_pack(current, glossary(), PANEL_MEMBER)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pack_pdf(report))).pages)
    for priority, _ in current.priorities:
        assert priority.title in text
    assert "c = suppressed: fewer than 6 children" in text and "Words we use" in text
    assert "Data as at" in text
    for _, chosen in current.priorities:
        for item in chosen:
            assert item.sentence.split(" in June")[0][:40] in text
            if item.month is not None and item.month["suppressed"]:
                hidden = f"{item.month['numerator']:.0f} of {item.month['denominator']:.0f}"
                assert hidden not in text, (item.indicator.code, hidden)
    html = pack_html(report)
    assert html.count("<h2") >= 6 and 'lang="en-GB"' in html


def test_the_panel_table_and_sentences_name_who_a_figure_counts():
    panel = view()
    for _, chosen in panel.priorities:
        table = panel.table(chosen)
        assert list(table["Indicator"]) == [item.indicator.panel_title for item in chosen]
    three_plus = catalogue_of_store().indicators["three_plus_social_workers"]
    assert three_plus.panel_title == "Children in care with 3 or more social workers in 12 months"


def catalogue_of_store():
    return read_figures(store(), la_code()).catalogue
