"""Signed-off months on 15 months of the synthetic authority: June 2024 is signed off, then changed the real
way (a corrected placements file, a withdrawn care leavers batch), and exactly the changed figures show as
revisions beside what was signed."""

import re
from datetime import UTC, datetime

import pandas as pd
import pytest

from core.access import User
from ingest.check import check_file
from metrics.catalogue import catalogue
from metrics.units import shown_value
from store.batches import withdraw
from store.sign_off import SIGNED_FAMILY
from store.tables import month_figures
from store.view import StoreView
from tests.corrections import corrected_placements
from tests.roles import ANALYST
from views.indicators import FAMILY, stored_figures
from views.sign_off import REVISION_COLUMNS, revisions, sign_off_history, signed_off_months
from views.wording import revision_sentence
from workflows import la_code, store
from workflows.jobs import RECOMPUTATIONS
from workflows.sign_off import sign_off_month
from workflows.uploads import load_checked, plan_load

MONTH = "2024-06"  # the last of 15 months from April 2023
PANEL = "Corporate parenting panel, 14 May 2026"


pytestmark = pytest.mark.usefixtures("in_fresh_sample_copy")


def june() -> pd.DataFrame:
    figures = stored_figures(store(), la_code())
    return figures[figures["month"] == MONTH].set_index(["code", "breakdown"]).sort_index()


def unit(code: str) -> str:
    return catalogue().indicators[code].unit


def reads_differently(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple[str, str]]:
    """Figures present before and after whose shown value changed (the stored figures are the oracle)."""
    both = before.index.intersection(after.index)
    return {
        key
        for key in both
        if shown_value(before.loc[key, "value"], unit(key[0])) != shown_value(after.loc[key, "value"], unit(key[0]))
    }


def by_status(found: pd.DataFrame, status: str) -> set[tuple[str, str]]:
    chosen = found[found["status"] == status]
    return set(zip(chosen["code"], chosen["breakdown"], strict=True))


def load_file(name: str, data: bytes) -> None:
    result = check_file(name, data)
    assert result.ready and not result.warnings, [i.message for i in result.issues]
    report = load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)
    assert report.level == "loaded", report.message


def test_the_family_signed_off_is_the_indicators_family():
    assert SIGNED_FAMILY == FAMILY


def test_a_signed_off_month_records_every_figure_and_reads_unchanged():
    ok, message = sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST, note="As in the May pack")
    figures = june()
    assert ok, message
    assert message.startswith(f"June 2024 signed off for {PANEL}: {len(figures):,} figures recorded")
    found = revisions(store(), la_code())
    assert list(found.columns) == REVISION_COLUMNS
    assert len(found) == len(figures) and set(found["status"]) == {"unchanged"}
    assert (
        set(found["month"]) == {MONTH} and set(found["meeting"]) == {PANEL} and set(found["signed_by"]) == {"analyst"}
    )
    assert (found["signed_value"].fillna(-1) == found["current_value"].fillna(-1)).all()
    assert signed_off_months(store(), la_code()) == [MONTH]
    history = sign_off_history(store(), la_code())
    assert history[["Month", "Meeting", "Signed off by", "Figures", "Note", "In force"]].values.tolist() == [
        ["June 2024", PANEL, ANALYST.name, len(figures), "As in the May pack", "yes"]
    ]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d", history["Signed off"].iloc[0])


def test_a_corrected_file_shows_as_revisions_of_exactly_the_figures_it_changed():
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    before = june()
    load_file(*corrected_placements())
    after = june()
    found = revisions(store(), la_code(), MONTH)

    changed = reads_differently(before, after)
    assert ("placed_over_20_miles", "") in changed and len(changed) < len(before)  # the test changes something
    assert by_status(found, "revised") == changed
    assert by_status(found, "unchanged") == set(before.index) - changed
    assert by_status(found, "withdrawn") == by_status(found, "new") == set()
    # Hand-checked: one child fewer over 20 miles, the same children in care.
    whole = found[(found["code"] == "placed_over_20_miles") & (found["breakdown"] == "")].iloc[0]
    assert whole["current_numerator"] == whole["signed_numerator"] - 1
    assert whole["current_denominator"] == whole["signed_denominator"]
    for key, row in found.set_index(["code", "breakdown"]).iterrows():
        assert row["signed_value"] == pytest.approx(before.loc[key, "value"], nan_ok=True), key
        assert row["current_value"] == pytest.approx(after.loc[key, "value"], nan_ok=True), key
    indicator = catalogue().indicators["placed_over_20_miles"]
    was, now = shown_value(whole["signed_value"], "%"), shown_value(whole["current_value"], "%")
    assert (
        revision_sentence(whole, indicator) == f"Revised from {was} to {now} after later data (signed off for {PANEL})."
    )
    older = found[(found["code"] == "placed_over_20_miles_16_plus") & (found["breakdown"] == "")].iloc[0]
    assert older["status"] == "unchanged"  # the child is under 16
    assert revision_sentence(older, indicator).startswith("Unchanged since sign-off:")


def test_a_withdrawn_batch_shows_its_figures_as_withdrawn():
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    before = june()
    with store().connect() as conn:
        batches = StoreView(conn, la_code()).batches()
    care_leavers = batches[(batches["dataset"] == "care_leavers") & (batches["reporting_month"] == MONTH)]
    assert withdraw(store(), int(care_leavers["id"].iloc[0]), "analyst", la_code(), RECOMPUTATIONS).changed
    after = june()
    found = revisions(store(), la_code())

    gone = set(before.index) - set(after.index)
    assert gone and {code for code, _ in gone} == {
        c for c in before.index.get_level_values("code") if "care_leavers" in c
    }
    assert by_status(found, "withdrawn") == gone
    assert by_status(found, "unchanged") == set(before.index) - gone  # other datasets' figures stand
    row = found[(found["code"] == "care_leavers_eet_19_21") & (found["breakdown"] == "")].iloc[0]
    assert pd.isna(row["current_value"]) and row["signed_value"] == pytest.approx(
        before.loc[(row["code"], ""), "value"]
    )
    indicator = catalogue().indicators["care_leavers_eet_19_21"]
    shown = shown_value(row["signed_value"], "%")
    assert revision_sentence(row, indicator) == (
        f"Withdrawn since sign-off: the {shown} signed off for {PANEL} no longer has data behind it."
    )


def nudge(code: str, breakdown: str, by: float) -> None:
    with store().begin() as conn:
        key = (
            (month_figures.c.month == MONTH)
            & (month_figures.c.family == FAMILY)
            & (month_figures.c.code == code)
            & (month_figures.c.breakdown == breakdown)
        )
        conn.execute(month_figures.update().where(key).values(value=month_figures.c.value + by))


def test_a_difference_below_display_precision_is_not_a_revision():
    figures = june()
    value = figures.loc[("placed_over_20_miles", ""), "value"]
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    nudge("placed_over_20_miles", "", 1e-9)
    nudge("caseload_per_fte", "", 1e-9)
    assert set(revisions(store(), la_code())["status"]) == {"unchanged"}
    nudge("placed_over_20_miles", "", 0.1)  # now reads one decimal place higher
    found = revisions(store(), la_code())
    assert by_status(found, "revised") == {("placed_over_20_miles", "")}
    row = found[found["status"] == "revised"].iloc[0]
    assert shown_value(row["current_value"], "%") != shown_value(value, "%")


def test_a_breakdown_that_appeared_since_shows_as_new():
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    with store().begin() as conn:
        conn.execute(
            month_figures.insert(),
            dict(
                la_code=la_code(),
                family=FAMILY,
                month=MONTH,
                code="placed_over_20_miles",
                breakdown="team: New Team",
                numerator=1.0,
                denominator=4.0,
                value=25.0,
                computed_at=datetime.now(UTC),
            ),
        )
    found = revisions(store(), la_code())
    assert by_status(found, "new") == {("placed_over_20_miles", "team: New Team")}
    row = found[found["status"] == "new"].iloc[0]
    assert (row["meeting"], row["signed_by"]) == (PANEL, ANALYST.name) and pd.isna(row["signed_value"])
    indicator = catalogue().indicators["placed_over_20_miles"]
    assert (
        revision_sentence(row, indicator)
        == f"New since sign-off: 25.0% was not among the figures signed off for {PANEL}."
    )


def test_signing_off_again_for_a_later_meeting_puts_the_revised_figures_in_force():
    assert sign_off_month(store(), la_code(), MONTH, PANEL, ANALYST)[0]
    load_file(*corrected_placements())
    assert "revised" in set(revisions(store(), la_code())["status"])
    ok, message = sign_off_month(
        store(), la_code(), MONTH, "Corporate parenting panel, 9 July 2026", User("manager", "analyst")
    )
    assert ok and f"This replaces the sign-off for {PANEL} by analyst" in message
    found = revisions(store(), la_code())
    assert set(found["status"]) == {"unchanged"} and set(found["signed_by"]) == {"manager"}
    history = sign_off_history(store(), la_code())
    assert history["Meeting"].tolist() == ["Corporate parenting panel, 9 July 2026", PANEL]
    assert history["In force"].tolist() == ["yes", "no: signed off again later"]
    assert signed_off_months(store(), la_code()) == [MONTH]


def test_a_sign_off_that_cannot_be_made_says_why():
    ok, message = sign_off_month(store(), la_code(), MONTH, "  ", ANALYST)
    assert not ok and message.startswith("Say which meeting")
    ok, message = sign_off_month(store(), la_code(), "2030-01", PANEL, ANALYST)
    assert not ok and "no indicator figures stored for January 2030" in message
    assert signed_off_months(store(), la_code()) == [] and sign_off_history(store(), la_code()).empty
    assert revisions(store(), la_code()).empty


def test_the_sentence_reads_as_the_panel_expects():
    row = {"status": "revised", "signed_value": 61.0, "current_value": 64.0, "meeting": PANEL}
    indicator = catalogue().indicators["placed_over_20_miles"]
    assert revision_sentence(row, indicator) == (
        "Revised from 61.0% to 64.0% after later data (signed off for Corporate parenting panel, 14 May 2026)."
    )
