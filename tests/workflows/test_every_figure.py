"""Every figure on the sample means what its label says (issue 14; CONTRACT.md "Breakdowns" and "The
records behind a figure"), walked over every indicator, every breakdown (each team is one) and month:

- the parts of a split add up to the whole: their numerators sum to the whole's and each part shares the
  whole's denominator;
- no group is defined by the numerator's own condition (such a group could only read 0% or 100%);
- the records listed behind a figure are as many as the count they explain: the numerator for a count, a
  rate per 100 and a lower-is-better percentage; the denominator minus the numerator for a higher-is-better
  percentage.

Aggregate indicators are left out: their breakdowns and sums are as uploaded, with no records behind them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from metrics.catalogue import Indicator
from metrics.compute import part_keys, rows_behind, units_for
from metrics.inputs import Inputs
from store.view import StoreView
from tests.roles import ANALYST
from views.indicators import Behind, catalogue_in_force, is_split_part, records_that_make, stored_figures
from views.inputs import inputs_from
from views.surgery import SERVICE, exception_rows
from workflows import la_code, store

pytestmark = pytest.mark.usefixtures("in_sample_store")

DRILL_MONTHS = 3  # the latest months whose every figure is drilled into
GROUP_MONTHS = 6  # the months pooled when looking for a group pinned at 0% or 100%
EXPECTED = 10  # records expected on each side of a group's rate before "never 0% or 100%" is asked


@pytest.fixture(scope="module")
def sample(sample_store):
    """(inputs, catalogue, stored figures) of the sample store, read once for the module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(sample_store))
        engine = store()
        with engine.connect() as conn:
            inputs = inputs_from(StoreView(conn, la_code()))
        return inputs, catalogue_in_force(engine, la_code()), stored_figures(engine, la_code())


def computed(catalogue) -> list[Indicator]:
    return [i for i in catalogue.indicators.values() if not i.is_aggregate]


# --- splits


def test_the_parts_of_every_split_add_up_to_the_whole(sample):
    _, catalogue, figures = sample
    checked = set()
    for indicator in computed(catalogue):
        mine = figures[figures["code"] == indicator.code]
        for column in indicator.splits:
            for month, in_month in mine.groupby("month"):
                whole = in_month[in_month["breakdown"] == ""].iloc[0]
                parts = in_month[in_month["breakdown"].str.startswith(f"{column}: ")]
                where = (indicator.code, column, month)
                assert parts["numerator"].sum() == pytest.approx(whole["numerator"]), where
                assert (parts["denominator"] == whole["denominator"]).all(), where
                checked.add((indicator.code, column))
    assert checked == {
        ("placed_outside_la", "distance_band"),
        ("placed_over_20_miles", "inside_la"),
        ("placed_over_20_miles_16_plus", "inside_la"),
        ("care_leavers_eet_19_21", "activity_type"),
        ("care_leavers_eet_17_18", "activity_type"),
        ("care_leavers_suitable_accommodation_19_21", "accommodation_type"),
        ("care_leavers_suitable_accommodation_17_18", "accommodation_type"),
    }


def test_placed_outside_the_authority_splits_into_the_dfe_comparator_and_the_rest(sample):
    _, _, figures = sample
    latest = figures[(figures["code"] == "placed_outside_la") & (figures["month"] == figures["month"].max())]
    labels = set(latest["breakdown"])
    assert {
        "distance_band: more than 20 miles",  # the DfE's published comparator
        "distance_band: 20 miles or less",
        "distance_band: distance not recorded",
    } <= labels


# --- groups


def scrambled(inputs: Inputs, seed: int = 14) -> Inputs:
    """The inputs with every recorded field shuffled across each month's records (identifiers, months and
    provenance kept), so nothing in the data ties one field to another: a group still pinned at 0% or
    100% afterwards is pinned by how it is defined, not by the sample."""
    rng = np.random.default_rng(seed)
    keep = {"month", "child_id", "worker_id", "batch_id", "row_number", "extract_date", "first_month", "la_code"}

    def shuffle(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return frame
        out = frame.copy()
        months = out["month"] if "month" in out else pd.Series(0, index=out.index)
        for index in out.groupby(months).groups.values():
            for column in out.columns.difference(sorted(keep)):
                values = out.loc[index, column].to_numpy(copy=True)
                out.loc[index, column] = values[rng.permutation(len(values))]
        return out

    shuffled = {f.name: shuffle(getattr(inputs, f.name)) for f in dataclasses.fields(inputs) if f.name != "loaded"}
    return replace(inputs, **shuffled)


def pinned_groups(inputs: Inputs, indicator: Indicator, months: list[str]) -> list[str]:
    """Group parts of a rate pooled over `months` at 0% or 100% although, at the whole's rate, at least
    EXPECTED records were expected on each side (in the numerator and out of it)."""
    frames = [f for f in (units_for(inputs, indicator, month) for month in months) if len(f)]
    if not frames:  # no records in these months (the help-and-protection returns the sample does not write)
        return []
    units = pd.concat(frames, ignore_index=True)
    units = units[units["counted"]]
    rate = units["numerator"].sum() / units["denominator"].sum()
    pinned = []
    for column in indicator.breakdowns:
        if indicator.breakdown_kind(column) != "group" or column not in units:
            continue
        keys = part_keys(units, indicator, column)
        sums = units.groupby(keys)[["numerator", "denominator"]].sum()
        expected_in, expected_out = sums["denominator"] * rate, sums["denominator"] * (1 - rate)
        wide_enough = (expected_in >= EXPECTED) & ((expected_out >= EXPECTED) | (indicator.unit != "%"))
        at_edge = (sums["numerator"] == 0) | ((sums["numerator"] >= sums["denominator"]) & (indicator.unit == "%"))
        pinned += [f"{column}: {key}" for key in sums.index[wide_enough & at_edge]]
    return pinned


def test_no_group_is_defined_by_the_numerators_own_condition(sample):
    inputs, catalogue, figures = sample
    months = sorted(set(figures["month"]))[-GROUP_MONTHS:]
    shuffled = scrambled(inputs)
    rates = [i for i in computed(catalogue) if i.unit in ("%", "per 100")]
    for indicator in rates:
        assert pinned_groups(shuffled, indicator, months) == [], indicator.code


def test_the_group_check_finds_the_defect_issue_14_reported(sample):
    """Placed outside the authority broken down by location as a *group*: outside is always 100%."""
    inputs, catalogue, figures = sample
    months = sorted(set(figures["month"]))[-GROUP_MONTHS:]
    wrong = replace(catalogue.indicators["placed_outside_la"], breakdowns=("inside_la",), splits=())
    assert pinned_groups(scrambled(inputs), wrong, months) == ["inside_la: inside", "inside_la: outside"]


# --- the records behind a figure


def lists_those_not_in_it(indicator: Indicator, breakdown: str) -> bool:
    """A higher-is-better percentage (not a part of a split, which lists its own numerator)."""
    return indicator.unit == "%" and indicator.polarity == "higher" and not is_split_part(indicator, breakdown)


def explains(indicator: Indicator, figure) -> float:
    """The count the drill-down explains: denominator minus numerator when it lists those not in the
    numerator, else the numerator."""
    if lists_those_not_in_it(indicator, figure["breakdown"]):
        return figure["denominator"] - figure["numerator"]
    return figure["numerator"]


def test_the_records_behind_every_figure_are_the_count_they_explain(sample):
    inputs, catalogue, figures = sample
    walked = 0
    for month in sorted(set(figures["month"]))[-DRILL_MONTHS:]:
        for indicator in computed(catalogue):
            units = units_for(inputs, indicator, month)
            one_each = units["numerator"].isin([0.0, 1.0]).all()  # a child, a change: not FTE
            stored = figures[(figures["code"] == indicator.code) & (figures["month"] == month)]
            for figure in stored.to_dict("records"):
                where = (indicator.code, month, figure["breakdown"])
                parts = rows_behind(units, indicator, figure["breakdown"])
                _, records = records_that_make(indicator, Behind(**parts), figure["breakdown"])
                if indicator.unit == "ratio":  # caseload per FTE: every worker, each adding caseload and FTE
                    assert records["numerator"].sum() == pytest.approx(figure["numerator"]), where
                    assert records["denominator"].sum() == pytest.approx(figure["denominator"]), where
                elif lists_those_not_in_it(indicator, figure["breakdown"]):
                    assert len(records) == explains(indicator, figure), where
                    assert (records["numerator"] < records["denominator"]).all(), where
                else:
                    assert records["numerator"].sum() == pytest.approx(figure["numerator"]), where
                    assert (records["numerator"] > 0).all(), where
                    if one_each:
                        assert len(records) == explains(indicator, figure), where
                walked += 1
    drilled = figures["month"].isin(sorted(set(figures["month"]))[-DRILL_MONTHS:])
    assert walked == (drilled & figures["code"].isin([i.code for i in computed(catalogue)])).sum() > 500


@pytest.mark.parametrize(
    ("code", "is_the_record"),
    [
        ("worker_changes_in_month", lambda rows: rows["previous_worker_ids"].notna()),
        ("worker_changes_per_100_children", lambda rows: rows["previous_worker_ids"].notna()),
        ("care_leavers_bed_and_breakfast", lambda rows: rows["accommodation"].str.startswith("W")),
        ("distance_not_recorded", lambda rows: rows["distance_miles"].isna()),
    ],
)
def test_the_surgery_lists_the_changes_the_bed_and_breakfasts_and_the_blank_distances(sample, code, is_the_record):
    """The three lists issue 14 found wrong (the open caseload, every care leaver, every child)."""
    _, catalogue, figures = sample
    indicator = catalogue.indicators[code]
    mine = figures[(figures["code"] == code) & (figures["numerator"] > 0)]
    month = mine["month"].max()
    teams = mine[(mine["month"] == month) & mine["breakdown"].str.startswith("team: ")]
    team = teams.sort_values("numerator")["breakdown"].iloc[-1].removeprefix("team: ")
    for who, breakdown in ((SERVICE, ""), (team, f"team: {team}")):
        figure = mine[(mine["month"] == month) & (mine["breakdown"] == breakdown)].iloc[0]
        found = exception_rows(store(), la_code(), indicator, month, who, ANALYST)
        assert len(found.rows) == figure["numerator"] > 0, (code, who)
        assert is_the_record(found.rows).all(), (code, who)
