"""Equalities (issue 19): each child's characteristics as breakdowns of every child-level indicator.

The returns carry a child's sex, ethnicity, date of birth, disability and unaccompanied asylum-seeking
status (reference/datasets.yaml `child_characteristics`, one row per child as the latest return gives
them). `with_characteristics` adds them to an indicator's units by child_id, as breakdown columns:

- `sex`: the DfE's sex code in words (Male, Female, Not known, Not stated);
- `ethnic_group`: the DfE's major ethnic group of the child's ethnicity code (WBRI -> White; the code
  list and its major groups are data, reference/standard/codes.yaml); `ethnicity`: the minor group, kept;
- `age_band`: age in completed years at month end in the dashboard's bands (metrics.placements.age_band),
  only where the indicator does not give its own;
- `disability`: "disabled" / "not disabled"; `uasc`: "UASC" / "not UASC".

A child the returns do not describe, or a characteristic they leave blank, is "not recorded" in a
breakdown (metrics.compute), never guessed. Which indicators offer which breakdowns is declared in
metrics/catalogue.yaml.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from core.dates import ages_at, month_bounds
from metrics.placements import age_band
from reference.standard import ethnic_major_groups, standard_code_lists

CHARACTERISTIC_COLUMNS = ("sex", "ethnic_group", "ethnicity", "age_band", "disability", "uasc")
WHITE_BRITISH = "WBRI"
DISABILITY_WORDS = {True: "disabled", False: "not disabled"}
UASC_WORDS = {True: "UASC", False: "not UASC"}


@cache
def sex_words() -> dict[str, str]:
    """The DfE's sex codes in words ("1" -> "Male")."""
    return {c.code: c.meaning for c in standard_code_lists()["sex"]}


@cache
def ethnicity_groups() -> dict[str, str]:
    """Every DfE ethnicity code -> its major group, as declared in codes.yaml (WBRI -> White)."""
    return {c.code: c.major_group for c in standard_code_lists()["ethnicity"]}


@cache
def ethnicity_words() -> dict[str, str]:
    """Every DfE ethnicity code -> its meaning (BCRB -> Caribbean)."""
    return {c.code: c.meaning for c in standard_code_lists()["ethnicity"]}


def major_group(codes: pd.Series) -> pd.Series:
    """The major ethnic group of each DfE code; NA for a blank or a code not in the list."""
    return codes.astype("string").map(ethnicity_groups(), na_action="ignore").astype("string")


def minor_group(codes: pd.Series) -> pd.Series:
    """Each DfE code with its meaning ("BCRB Caribbean"): the minor group, as the breakdown shows it."""
    words = codes.astype("string").map(ethnicity_words(), na_action="ignore")
    return (codes.astype("string") + " " + words.astype("string")).astype("string")


def describe_children(characteristics: pd.DataFrame, month: str) -> pd.DataFrame:
    """One row per child_id with the breakdown columns in words, ages at the month's end."""
    if characteristics.empty or "child_id" not in characteristics:
        return pd.DataFrame(columns=["child_id", *CHARACTERISTIC_COLUMNS]).astype("string")
    _, month_end = month_bounds(month)
    rows = characteristics.drop_duplicates("child_id", keep="last")
    ages = ages_at(pd.to_datetime(rows["date_of_birth"]), month_end)
    return pd.DataFrame(
        {
            "child_id": rows["child_id"].astype("string"),
            "sex": rows["sex"].astype("string").map(sex_words(), na_action="ignore").astype("string"),
            "ethnic_group": major_group(rows["ethnicity"]),
            "ethnicity": minor_group(rows["ethnicity"]),
            "age_band": age_band(ages),
            "disability": rows["disability"].astype("boolean").map(DISABILITY_WORDS, na_action="ignore"),
            "uasc": rows["uasc"].astype("boolean").map(UASC_WORDS, na_action="ignore"),
        }
    ).astype("string")


def with_characteristics(units: pd.DataFrame, characteristics: pd.DataFrame, month: str) -> pd.DataFrame:
    """The units with each child's characteristics added as breakdown columns (see the module's doc).

    A column the units already carry (an indicator's own age band) is kept as the indicator made it.
    The units' index and order are unchanged; a child not described gets blanks ("not recorded"). With
    no characteristics loaded at all (an authority sending only the contract's files) nothing is added.
    """
    if units.empty or "child_id" not in units or characteristics.empty:
        return units  # no return describes any child: no equality breakdown rather than all "not recorded"
    described = describe_children(characteristics, month).set_index("child_id")
    adding = [c for c in CHARACTERISTIC_COLUMNS if c not in units]
    if not adding:
        return units
    found = described.reindex(units["child_id"].astype("string").to_numpy())[adding]
    found.index = units.index
    return pd.concat([units, found], axis=1)


def major_groups() -> tuple[str, ...]:
    """The DfE's major ethnic groups in their published order."""
    return ethnic_major_groups()
