"""Equality breakdowns (issue 19): the DfE's ethnicity codes in every form the returns write them, their
major groups as declared data, and each child's characteristics as breakdowns of an indicator."""

import pandas as pd
import pytest

from ingest.standard import contract
from ingest.standard.fields import read_code
from metrics.catalogue import catalogue
from metrics.compute import indicator_figures
from metrics.equalities import describe_children, major_group, with_characteristics
from metrics.inputs import Inputs
from reference.standard import ethnic_major_groups, standard_code_lists

MONTH = "2025-03"


@pytest.mark.parametrize(
    "written, code",
    [
        ("a) WBRI", "WBRI"),  # Annex A drop-down
        ("WBRI", "WBRI"),  # the code
        ("White British", "WBRI"),  # its meaning
        ("white british", "WBRI"),
        ("(b) White - Irish", "WIRI"),
        ("MWBC", "MWBC"),
        ("Indian", "AIND"),
        ("Black Caribbean", "BCRB"),
        ("c) CHNE", "CHNE"),
        ("Any other ethnic group", "OOTH"),
        ("Refused", "REFU"),
        ("Information not yet obtained", "NOBT"),
    ],
)
def test_an_ethnicity_is_read_as_its_code_in_each_form_the_returns_write_it(written, code):
    assert read_code(written, "ethnicity") == code


def test_a_word_that_is_no_ethnicity_is_not_read_as_one():
    assert read_code("Martian", "ethnicity") is None


def test_each_minor_code_has_one_of_the_dfe_major_groups():
    groups = set(ethnic_major_groups())
    assert {c.major_group for c in standard_code_lists()["ethnicity"]} == groups
    codes = pd.Series(["WBRI", "WIRI", "MWBC", "AIND", "BCRB", "BAFR", "CHNE", "OOTH", "REFU", "NOBT", None, "XXXX"])
    assert list(major_group(codes).fillna("-")) == [
        "White",
        "White",
        "Mixed or multiple ethnic groups",
        "Asian or Asian British",
        "Black African Caribbean or Black British",
        "Black African Caribbean or Black British",
        "Other ethnic groups",  # Chinese sits in "Other" in the DfE's CIN and CLA tables
        "Other ethnic groups",
        "Refused or not obtained",
        "Refused or not obtained",
        "-",  # blank: not recorded
        "-",  # not a DfE code: not guessed
    ]


def _characteristics():
    return pd.DataFrame(
        {
            "child_id": ["C1", "C2", "C3"],
            "sex": ["1", "2", None],
            "ethnicity": ["WBRI", "BCRB", None],
            "date_of_birth": pd.to_datetime(["2015-03-31", "2009-04-01", None]),
            "disability": pd.array([True, False, None], dtype="boolean"),
            "uasc": pd.array([None, True, None], dtype="boolean"),
        }
    )


def test_a_childs_characteristics_are_described_in_words_with_the_age_at_month_end():
    described = describe_children(_characteristics(), MONTH).set_index("child_id")
    c1, c2 = described.loc["C1"], described.loc["C2"]
    assert (c1["sex"], c1["ethnic_group"], c1["ethnicity"]) == ("Male", "White", "WBRI White British")
    assert c1["age_band"] == "10-15"  # 10 on 31 March 2025, the day of the birthday
    assert (c2["sex"], c2["ethnic_group"], c2["age_band"]) == (
        "Female",
        "Black African Caribbean or Black British",
        "10-15",
    )
    assert (c1["disability"], c2["disability"], c2["uasc"]) == ("disabled", "not disabled", "UASC")
    assert described.loc["C3"].isna().all()  # a child the return leaves blank: nothing guessed


def test_units_keep_their_own_age_band_and_a_child_no_return_describes_is_blank():
    units = pd.DataFrame({"child_id": ["C1", "C9"], "age_band": ["own", "own"], "numerator": [1.0, 0.0]}, index=[7, 8])
    out = with_characteristics(units, _characteristics(), MONTH)
    assert list(out.index) == [7, 8] and list(out["age_band"]) == ["own", "own"]
    assert out.loc[7, "ethnic_group"] == "White" and pd.isna(out.loc[8, "ethnic_group"])


def test_without_any_characteristics_loaded_no_equality_column_is_added():
    units = pd.DataFrame({"child_id": ["C1"], "numerator": [1.0]})
    assert list(with_characteristics(units, pd.DataFrame(), MONTH).columns) == ["child_id", "numerator"]


def test_an_indicator_is_broken_down_by_ethnic_group_each_group_its_own_rate():
    # Three assessments authorised in March 2025: C1 (White) in time, C2 (Black) late, C4 (no return
    # describes C4) in time. White 1 of 1, Black 0 of 1, not recorded 1 of 1; the whole 2 of 3.
    assessments = pd.DataFrame(
        {
            "child_id": ["C1", "C2", "C4"],
            "assessment_start_date": pd.to_datetime(["2025-02-20", "2024-12-01", "2025-03-01"]),
            "assessment_authorised_date": pd.to_datetime(["2025-03-10", "2025-03-10", "2025-03-20"]),
            "batch_id": 1,
            "row_number": [1, 2, 3],
        }
    )
    inputs = Inputs(
        assessments=assessments,
        child_characteristics=_characteristics(),
        loaded={"assessments": frozenset({MONTH})},
    )
    one = catalogue().indicators["assessments_within_45_working_days"]
    figures = indicator_figures(inputs, [MONTH], catalogue().__class__(catalogue().themes, {one.code: one}))
    got = {row.breakdown: (row.numerator, row.denominator) for row in figures.itertuples()}
    assert got[""] == (2.0, 3.0)
    assert got["ethnic_group: White"] == (1.0, 1.0)
    assert got["ethnic_group: Black African Caribbean or Black British"] == (0.0, 1.0)
    assert got["ethnic_group: not recorded"] == (1.0, 1.0)
    assert got["sex: Male"] == (1.0, 1.0) and got["disability: not disabled"] == (0.0, 1.0)


def test_the_903_header_and_uasc_table_give_sex_ethnicity_birth_and_uasc():
    header = pd.DataFrame({"CHILD": ["C1", "C2"], "SEX": ["1", "2"], "ETHNIC": ["WBRI", "BAFR"], "DOB": [None, None]})
    uasc = pd.DataFrame({"CHILD": ["C2"]})
    frame = contract.characteristics_from_903(header, uasc)
    assert list(frame["uasc"]) == [False, True] and frame["disability"].isna().all()
    assert contract.characteristics_from_903(header, None)["uasc"].isna().all()  # no table: not known


def test_the_cin_census_disability_codes_mean_disabled_unless_none():
    children = pd.DataFrame(
        {"child_id": ["K1", "K2", "K3"], "disability": ["NONE", "MOB; HAND", None], "sex": ["1", "2", "1"]}
    )
    frame = contract.characteristics_from_cin(children)
    assert list(frame["disability"].astype(object).fillna("-")) == [False, True, "-"]


def test_returns_merged_take_each_characteristic_from_the_first_that_gives_it():
    first = pd.DataFrame({"child_id": ["C1"], "sex": ["1"], "ethnicity": [None], "uasc": [True]})
    second = pd.DataFrame({"child_id": ["C1", "C2"], "sex": ["2", "2"], "ethnicity": ["AIND", "BCRB"]})
    merged = contract.merged_characteristics(
        [contract.characteristics_from_list(first), contract.characteristics_from_list(second)]
    )
    assert list(merged["child_id"]) == ["C1", "C2"] and list(merged.index) == [1, 2]
    assert (merged.loc[1, "sex"], merged.loc[1, "ethnicity"], merged.loc[1, "uasc"]) == ("1", "AIND", True)
