"""reference/codes/*.csv against reference/datasets.yaml and the definitions in CONTRACT.md."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from reference import code_list, dataset_specs

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
DECLARED = yaml.safe_load((REFERENCE / "datasets.yaml").read_text(encoding="utf-8"))
NAMED = sorted({c["codes"] for d in DECLARED.values() for c in d["columns"].values() if "codes" in c})
FILES = sorted(p.stem for p in (REFERENCE / "codes").glob("*.csv"))


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / "codes" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def codes(name: str) -> list[str]:
    return [c.code for c in code_list(name)]


def test_the_code_lists_named_in_datasets_yaml():
    assert NAMED == [
        "care_leaver_accommodation",
        "care_leaver_activity",
        "care_leaver_in_touch",
        "cohorts",
        "employment_types",
        "placement_types",
    ]


@pytest.mark.parametrize("name", NAMED)
def test_every_named_code_list_exists(name):
    assert (REFERENCE / "codes" / f"{name}.csv").is_file()


def test_every_code_column_names_a_code_list_and_only_code_columns_do():
    for spec in dataset_specs().values():
        for column in spec.columns:
            assert (column.type == "code") == (column.codes is not None), f"{spec.name}.{column.name}"


@pytest.mark.parametrize("name", FILES)
def test_codes_are_unique_and_not_blank(name):
    found = [row["code"] for row in rows(name)]
    assert found, name
    assert all(code.strip() == code and code for code in found), found
    assert len(set(found)) == len(found)
    assert len({c.upper() for c in found}) == len(found), "codes are matched ignoring case"
    assert all(row["meaning"].strip() for row in rows(name))


def test_eet_activities_are_exactly_the_contract_list():
    eet = {c.code for c in code_list("care_leaver_activity") if dict(c.extra)["group"] == "EET"}
    assert eet == {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"}


def test_neet_activities_are_g4_to_g6():
    neet = {c.code for c in code_list("care_leaver_activity") if dict(c.extra)["group"] == "NEET"}
    assert neet == {"G4", "G5", "G6"}


def test_activity_list_is_eet_neet_and_no_information():
    assert sorted(codes("care_leaver_activity")) == sorted(
        ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"]
    )
    assert dict(next(c for c in code_list("care_leaver_activity") if c.code == "0").extra)["group"] == "not_known"


def test_accommodation_suffix_1_is_suitable_and_2_unsuitable():
    for code in code_list("care_leaver_accommodation"):
        extra = dict(code.extra)
        if code.code == "0":
            assert extra["suitable"] == ""
            continue
        assert len(code.code) == 2 and code.code[0].isalpha() and code.code[0] == extra["letter"], code
        assert code.code[1] in {"1", "2"}, code
        assert extra["suitable"] == {"1": "true", "2": "false"}[code.code[1]], code


def test_accommodation_has_no_information_code():
    assert "0" in codes("care_leaver_accommodation")


def test_bed_and_breakfast_codes_exist():
    by_code = {c.code: c for c in code_list("care_leaver_accommodation")}
    assert by_code["W1"].meaning == "Bed and breakfast"
    assert by_code["W2"].meaning == "Bed and breakfast"


def test_in_touch_codes():
    assert sorted(codes("care_leaver_in_touch")) == sorted(["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"])


def test_cohorts():
    assert codes("cohorts") == ["CIN", "CP", "CLA", "CL"]


def test_employment_types():
    assert codes("employment_types") == ["permanent", "agency"]
