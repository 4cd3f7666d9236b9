"""Signed-off months: the month's figures copied exactly, refusals leave nothing behind, every sign-off is
kept and the latest per month is in force; on both databases."""

from datetime import UTC, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

import store.sign_off
from store.batches import StoreRefused
from store.sign_off import SIGNED_FAMILY, sign_off, sign_offs_frame, signed_figures
from store.tables import audit_log, month_figures, sign_off_figures, sign_offs
from store.view import StoreView

LA = "E06000039"
OTHER_LA = "E06000040"
MONTH = "2026-03"
PANEL = "Corporate parenting panel, 14 May 2026"
FIGURE = ["month", "code", "breakdown", "numerator", "denominator", "value"]
MARCH = [  # code, breakdown, numerator, denominator, value
    ("placed_over_20_miles", "", 61.0, 100.0, 61.0),
    ("placed_over_20_miles", "team: Children in Care 1", 20.0, 40.0, 50.0),
    ("placed_over_20_miles", "age_band: 16-17", 3.0, 9.0, 100 / 3),
    ("care_leavers_eet_19_21", "", 52.0, 92.0, 52 / 92 * 100),
    ("care_leavers_eet_19_21", "team: 16+ and Leaving Care", 0.0, 0.0, None),  # no one: a gap
    ("distance_not_recorded", "", 4.0, None, 4.0),  # a count has no denominator
]


def put_figures(engine, rows, month=MONTH, la_code=LA, family=SIGNED_FAMILY):
    with engine.begin() as conn:
        conn.execute(
            month_figures.insert(),
            [
                dict(
                    la_code=la_code,
                    family=family,
                    month=month,
                    code=code,
                    breakdown=breakdown,
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    computed_at=datetime.now(UTC),
                )
                for code, breakdown, numerator, denominator, value in rows
            ],
        )


def set_value(engine, code, breakdown, value, month=MONTH):
    with engine.begin() as conn:
        conn.execute(
            month_figures.update()
            .where(month_figures.c.month == month, month_figures.c.code == code, month_figures.c.breakdown == breakdown)
            .values(value=value)
        )


@pytest.fixture
def stored(engine):
    """March's figures, plus figures that must never be signed off with them."""
    put_figures(engine, MARCH)
    put_figures(engine, [("placed_over_20_miles", "", 58.0, 100.0, 58.0)], month="2026-02")
    put_figures(engine, [("placed_over_20_miles", "", 1.0, 2.0, 50.0)], la_code=OTHER_LA)
    put_figures(engine, [("rows_rejected", "", 3.0, None, 3.0)], family="data_quality")
    return engine


def tidy(frame):
    return frame[FIGURE].sort_values(["code", "breakdown"]).reset_index(drop=True)


def counts(engine):
    with engine.connect() as conn:
        return [
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (sign_offs, sign_off_figures, audit_log)
        ]


def test_a_sign_off_copies_exactly_the_months_stored_indicator_figures(stored):
    sign_off_id = sign_off(stored, LA, MONTH, PANEL, "analyst@example.org", note="As in the March pack")
    with stored.connect() as conn:
        now = StoreView(conn, LA).month_figures(SIGNED_FAMILY)
        signed = signed_figures(conn, LA, MONTH)
        history = sign_offs_frame(conn, LA)
    pd.testing.assert_frame_equal(tidy(signed), tidy(now[now["month"] == MONTH]), check_dtype=False)
    assert len(signed) == len(MARCH) and set(signed["sign_off_id"]) == {sign_off_id}
    assert set(signed["meeting"]) == {PANEL} and set(signed["signed_by"]) == {"analyst@example.org"}
    row = history.set_index("id").loc[sign_off_id]
    assert (row["month"], row["meeting"], row["note"], row["figures"]) == (MONTH, PANEL, "As in the March pack", 6)
    assert row["signed_at"].tzinfo is not None
    gap = signed[signed["breakdown"] == "team: 16+ and Leaving Care"].iloc[0]
    assert pd.isna(gap["value"])  # a gap is signed as a gap, not as 0


def test_only_the_chosen_indicators_are_signed_when_codes_are_given(stored):
    sign_off(stored, LA, MONTH, PANEL, "analyst", codes=["placed_over_20_miles"])
    with stored.connect() as conn:
        signed = signed_figures(conn, LA)
    assert set(signed["code"]) == {"placed_over_20_miles"} and len(signed) == 3
    assert set(signed["month"]) == {MONTH}  # February's figure was not signed


def test_the_sign_off_is_audit_logged_with_who(stored):
    sign_off(stored, LA, MONTH, PANEL, "analyst@example.org")
    with stored.connect() as conn:
        entry = StoreView(conn, LA).audit().iloc[0]
    assert (entry["action"], entry["who"]) == ("sign_off", "analyst@example.org")
    assert entry["details"] == f"March 2026 signed off for {PANEL}: 6 figures (every indicator)"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"meeting": "   "}, "Say which meeting"),
        ({"month": "2026-04"}, "no indicator figures stored for April 2026"),
        ({"month": "March 2026"}, "not a reporting month"),
        ({"who": " "}, "name of the person signing off"),
        ({"codes": ["placed_over_20_miles", "no_such_code"]}, "no_such_code has no figures for March 2026"),
        ({"codes": []}, "at least one indicator"),
        ({"meeting": "x" * 201}, "under 200 characters"),
    ],
)
def test_a_refused_sign_off_writes_nothing(stored, changes, message):
    before = counts(stored)
    arguments = {"month": MONTH, "meeting": PANEL, "who": "analyst", **changes}
    with pytest.raises(StoreRefused, match=message):
        sign_off(stored, LA, **arguments)
    assert counts(stored) == before


def test_a_month_of_another_authority_has_nothing_to_sign_off(stored):
    with pytest.raises(StoreRefused, match="no indicator figures stored for February 2026"):
        sign_off(stored, OTHER_LA, "2026-02", PANEL, "analyst")


def test_a_failure_part_way_leaves_nothing_written(stored, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    before = counts(stored)
    monkeypatch.setattr(store.sign_off, "record_audit", broken_audit)  # after both inserts
    with pytest.raises(RuntimeError):
        sign_off(stored, LA, MONTH, PANEL, "analyst")
    assert counts(stored) == before


def test_signing_off_again_keeps_every_sign_off_and_the_latest_is_in_force(stored):
    first = sign_off(stored, LA, MONTH, PANEL, "analyst")
    set_value(stored, "placed_over_20_miles", "", 64.0)  # later data changed the figure
    second = sign_off(stored, LA, MONTH, "Corporate parenting panel, 9 July 2026", "manager", note="Re-signed")
    sign_off(stored, LA, "2026-02", PANEL, "analyst")
    with stored.connect() as conn:
        history = sign_offs_frame(conn, LA)
        in_force = signed_figures(conn, LA, MONTH)
        every_month = signed_figures(conn, LA)
        kept = conn.execute(sa.select(sign_off_figures.c.sign_off_id, sign_off_figures.c.value)).all()
    assert history["id"].tolist()[:2] == [first, second] and history["figures"].tolist() == [6, 6, 1]
    assert set(in_force["sign_off_id"]) == {second} and len(in_force) == len(MARCH)
    assert set(in_force["signed_by"]) == {"manager"} and set(in_force["note"]) == {"Re-signed"}
    whole = in_force[(in_force["code"] == "placed_over_20_miles") & (in_force["breakdown"] == "")].iloc[0]
    assert whole["value"] == 64.0
    assert (first, 61.0) in kept and (second, 64.0) in kept  # the first sign-off's figures are kept as signed
    assert sorted(set(every_month["month"])) == ["2026-02", MONTH] and len(every_month) == len(MARCH) + 1


def test_readers_of_an_authority_with_no_sign_offs_are_empty(stored):
    sign_off(stored, LA, MONTH, PANEL, "analyst")
    with stored.connect() as conn:
        assert sign_offs_frame(conn, OTHER_LA).empty and signed_figures(conn, OTHER_LA).empty
        assert signed_figures(conn, LA, "2026-02").empty
        assert "figures" in sign_offs_frame(conn, OTHER_LA).columns
