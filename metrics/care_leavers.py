"""Care leavers aged 17 to 21: education, employment or training, accommodation, contact.

Source: the care_leavers dataset, each month's own rows (a snapshot of care leavers aged 17-21 at month
end). Ages are completed years at month end (core.dates.ages_at). Codes are read through their code
lists (reference/codes/): an activity counts as EET by its `group` in care_leaver_activity (both OC3
vintages: F3/P3 to 2021, F4/P4/F5/P5 from 2022), accommodation as suitable by its `suitable` column in
care_leaver_accommodation, bed and breakfast by its `letter` W.

Young people who have died (in_touch DIED) are excluded from every denominator: they have no units at
all. (Units left out with counted False mean "left out for now" and mark a month provisional in
metrics/compute.py; a death is not provisional.) NO, REFU, NREQ and RHOM stay in. A month without a
care leavers file, or with nobody in the band, gives no units: a gap, never 0 %.

Units carry child_id, `age`, `age_band` ("17-18", "19-21", or the band asked for), in_touch, activity,
`activity_group` ("EET", "NEET", "no information"), accommodation, `suitability` ("suitable",
"unsuitable", "no information") and provenance (batch_id, row_number).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.dates import ages_at, month_bounds
from metrics.inputs import Inputs
from metrics.units import UNIT_COLUMNS, units_frame
from reference import code_list

DATASET = "care_leavers"
YOUNGER_BAND = (17, 18)
OLDER_BAND = (19, 21)
BANDS = (YOUNGER_BAND, OLDER_BAND)
ADULT_AGE = 18  # bed and breakfast is counted from 18
IN_TOUCH_YES = "YES"
DIED = "DIED"
BED_AND_BREAKFAST_LETTER = "W"

EET, NEET, NOT_KNOWN = "EET", "NEET", "not_known"
GROUP_WORDS = {EET: "EET", NEET: "NEET", NOT_KNOWN: "no information"}
SUITABLE, UNSUITABLE, NO_INFORMATION = "suitable", "unsuitable", "no information"

COLUMNS = [
    "child_id",
    "age",
    "age_band",
    "in_touch",
    "activity",
    "activity_group",
    "accommodation",
    "suitability",
    "batch_id",
    "row_number",
]


def _extra(code, name: str) -> str:
    return dict(code.extra).get(name, "")


def activity_groups() -> dict[str, str]:
    """OC3 activity code -> its group in words ("EET", "NEET", "no information"), both vintages."""
    return {c.code: GROUP_WORDS.get(_extra(c, "group"), _extra(c, "group")) for c in code_list("care_leaver_activity")}


def accommodation_suitability() -> dict[str, str]:
    """OC3 accommodation code -> "suitable", "unsuitable" or "no information" (code 0)."""
    words = {"true": SUITABLE, "false": UNSUITABLE, "": NO_INFORMATION}
    return {c.code: words[_extra(c, "suitable").lower()] for c in code_list("care_leaver_accommodation")}


def published_activities() -> dict[str, str]:
    """OC3 activity code -> the DfE's published breakdown it falls in ("In an apprenticeship", ...)."""
    return {c.code: _extra(c, "published_as") for c in code_list("care_leaver_activity")}


def accommodation_types() -> dict[str, str]:
    """OC3 accommodation code -> its type in a few words ("independent living", "supported lodgings")."""
    return {c.code: _extra(c, "type") for c in code_list("care_leaver_accommodation")}


def _only_where(flags: np.ndarray, words: pd.Series) -> pd.Series:
    """`words` for the rows flagged, NA for the rest: a split's category, on its numerator's rows only."""
    return words.astype("string").where(pd.Series(flags, index=words.index))


def bed_and_breakfast_codes() -> frozenset[str]:
    """Accommodation codes of bed and breakfast (letter W, suitable or not)."""
    return frozenset(
        c.code for c in code_list("care_leaver_accommodation") if _extra(c, "letter") == BED_AND_BREAKFAST_LETTER
    )


def _codes(column: pd.Series) -> pd.Series:
    return column.astype("string").str.strip().str.upper()


def _band_label(band: Sequence[int]) -> str:
    low, high = band
    return f"{low}-{high}"


def _age_band(ages: pd.Series) -> pd.Series:
    out = pd.Series(pd.NA, index=ages.index, dtype="string")
    for low, high in BANDS:
        out[((ages >= low) & (ages <= high)).fillna(False).astype(bool)] = _band_label((low, high))
    return out


def _care_leavers(inputs: Inputs, month: str) -> pd.DataFrame:
    """The month's rows with ages, bands and code words; empty when the month is not loaded."""
    rows = inputs.month_rows(DATASET, month)
    if rows.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})
    _, month_end = month_bounds(month)
    ages = ages_at(rows["date_of_birth"], month_end)
    activity = _codes(rows["activity"])
    accommodation = _codes(rows["accommodation"])
    frame = pd.DataFrame(
        {
            "child_id": rows["child_id"],
            "age": ages,
            "age_band": _age_band(ages),
            "in_touch": _codes(rows["in_touch"]),
            "activity": activity,
            "activity_group": activity.map(activity_groups()).astype("string"),
            "accommodation": accommodation,
            "suitability": accommodation.map(accommodation_suitability()).astype("string"),
            "batch_id": rows["batch_id"],
            "row_number": rows["row_number"],
        },
        index=rows.index,
    )
    return frame.reset_index(drop=True)


def _units(leavers: pd.DataFrame, numerator: np.ndarray, status: np.ndarray) -> pd.DataFrame:
    """Units of the living: those who have died (in_touch DIED) are in no numerator or denominator."""
    living = ~(leavers["in_touch"] == DIED).fillna(False).to_numpy(dtype=bool) if len(leavers) else []
    if not np.any(living):
        return pd.DataFrame({column: pd.Series(dtype=object) for column in [*COLUMNS, *UNIT_COLUMNS]})
    units = units_frame(leavers[living].reset_index(drop=True), numerator[living])
    units["status"] = pd.Series(status[living], index=units.index, dtype=object)
    return units


def _in_band(leavers: pd.DataFrame, band: Sequence[int]) -> pd.DataFrame:
    low, high = band
    if leavers.empty:
        return leavers
    chosen = leavers[((leavers["age"] >= low) & (leavers["age"] <= high)).fillna(False).astype(bool)]
    return chosen.assign(age_band=pd.Series(_band_label(band), index=chosen.index, dtype="string")).reset_index(
        drop=True
    )


def care_leavers_eet(inputs: Inputs, month: str, band: Sequence[int] = OLDER_BAND) -> pd.DataFrame:
    """Care leavers in education, employment or training (EET).

    Definition (CONTRACT.md "Care leavers in EET"): activity in F1, P1, F2, P2, F3, P3, F4, P4, F5, P5
    / care leavers in the age band (19-21 by default; pass band=(17, 18) for 17-18), including G4-G6
    (NEET) and 0 (no information). Numerator: activity in the code list's EET group (either vintage).
    Denominator: care leavers aged within the band at month end, except those who have died (in_touch
    DIED: no units); NO, REFU, NREQ and RHOM stay in. Polarity: higher is better. Unit: %.
    Source: care_leavers (the month's own rows). Breakdowns: activity_group, in_touch, age, and
    `activity_type`, the DfE's published activity of those in EET (NA for the rest): a split, as the DfE
    publishes "In an apprenticeship" and the rest as shares of all care leavers in the band.
    """
    leavers = _in_band(_care_leavers(inputs, month), band)
    if leavers.empty:
        return _units(leavers, np.array([]), np.array([]))
    group = leavers["activity_group"]
    eet = (group == GROUP_WORDS[EET]).fillna(False).to_numpy(dtype=bool)
    leavers = leavers.assign(activity_type=_only_where(eet, leavers["activity"].map(published_activities())))
    return _units(leavers, eet.astype(float), group.fillna("activity not recognised").to_numpy(dtype=object))


def care_leavers_suitable_accommodation(inputs: Inputs, month: str, band: Sequence[int] = OLDER_BAND) -> pd.DataFrame:
    """Care leavers in suitable accommodation.

    Definition (CONTRACT.md "In suitable accommodation"): accommodation suffix 1 / care leavers in the
    age band (19-21 by default; band=(17, 18) for 17-18), including 0 (no information). Numerator:
    accommodation marked suitable in the code list (the OC3 ACCOM codes ending 1). Denominator: care
    leavers aged within the band at month end, except those who have died. Polarity: higher is better.
    Unit: %. Source: care_leavers. Breakdowns: suitability, in_touch, age, and `accommodation_type`
    of those suitably housed (NA for the rest), a split: each type a share of all care leavers in the band.
    """
    leavers = _in_band(_care_leavers(inputs, month), band)
    if leavers.empty:
        return _units(leavers, np.array([]), np.array([]))
    suitability = leavers["suitability"]
    suitable = (suitability == SUITABLE).fillna(False).to_numpy(dtype=bool)
    types = leavers["accommodation"].map(accommodation_types())
    leavers = leavers.assign(accommodation_type=_only_where(suitable, types))
    status = suitability.fillna("accommodation not recognised").to_numpy(dtype=object)
    return _units(leavers, suitable.astype(float), status)


def care_leavers_in_touch(inputs: Inputs, month: str, band: Sequence[int] = OLDER_BAND) -> pd.DataFrame:
    """Care leavers the authority is in touch with.

    Definition (CONTRACT.md "In touch"): in_touch YES / care leavers in the age band (19-21 by default;
    band=(17, 18) for 17-18). Numerator: in_touch YES. Denominator: care leavers aged within the band at
    month end, except those who have died (in_touch DIED); NO, REFU, NREQ and RHOM stay in.
    Polarity: higher is better. Unit: %. Source: care_leavers. Breakdowns: in_touch, age.
    """
    leavers = _in_band(_care_leavers(inputs, month), band)
    if leavers.empty:
        return _units(leavers, np.array([]), np.array([]))
    in_touch = (leavers["in_touch"] == IN_TOUCH_YES).fillna(False).to_numpy(dtype=bool)
    status = np.where(in_touch, "in touch", "not in touch")
    return _units(leavers, in_touch.astype(float), status)


def care_leavers_bed_and_breakfast(inputs: Inputs, month: str, min_age: int = ADULT_AGE) -> pd.DataFrame:
    """Care leavers aged 18 or over living in bed and breakfast.

    Definition (CONTRACT.md "In bed and breakfast"): the number of care leavers aged 18+ at month end
    with accommodation W1 or W2 (the code list's letter W, suitable or not). Numerator: 1 per young
    person in bed and breakfast. Denominator: 1 per care leaver aged 18+ at month end who has not died,
    so a loaded month with nobody in bed and breakfast is 0, not a gap. Polarity: lower is better.
    Unit: count. Source: care_leavers. Breakdowns: age_band ("17-18" holds the 18-year-olds), age.
    """
    leavers = _care_leavers(inputs, month)
    adults = leavers[(leavers["age"] >= min_age).fillna(False).astype(bool)].reset_index(drop=True)
    if adults.empty:
        return _units(adults, np.array([]), np.array([]))
    bed_and_breakfast = adults["accommodation"].isin(bed_and_breakfast_codes()).fillna(False).to_numpy(dtype=bool)
    status = np.where(bed_and_breakfast, "bed and breakfast", "other accommodation")
    return _units(adults, bed_and_breakfast.astype(float), status)
