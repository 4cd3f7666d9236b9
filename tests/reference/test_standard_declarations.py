"""The returns' declarations load and cover what the DfE and Ofsted files hold."""

import pytest

from reference.standard import annex_a, cin_census, csww_census, ethnic_major_groups, ssda903, standard_code_lists


def test_annex_a_declares_lists_1_to_11_each_with_a_source():
    lists = annex_a().lists
    assert sorted(spec.number for spec in lists.values()) == list(range(1, 12))
    assert "Ofsted" in annex_a().source


@pytest.mark.parametrize("name", list(annex_a().lists))
def test_each_list_has_a_child_or_adopter_id_and_at_least_two_heading_variants(name):
    spec = annex_a().lists[name]
    assert spec.fields[0].type == "id" and spec.fields[0].required
    assert len(spec.variants) >= 2
    assert all(len(headings) == len(spec.fields) for headings in spec.variants.values())


@pytest.mark.parametrize(
    "sheet, expected",
    [
        ("List 1 - Contacts", "contacts"),
        ("List 6 CIN", "children_in_need"),
        ("List 7", "child_protection"),
        ("Children in care", "children_in_care"),
        ("List 10 Adoption", "adoption"),
        ("List 11 Adopters", "adopters"),
    ],
)
def test_sheet_names_are_recognised_by_their_patterns(sheet, expected):
    hits = [n for n, spec in annex_a().lists.items() if any(p.search(sheet) for p in spec.sheet_patterns)]
    assert hits[0] == expected


def test_ssda903_declares_every_table_of_the_return_with_child_first():
    tables = ssda903().tables
    assert set(tables) == {
        "header", "episodes", "uasc", "reviews", "oc2", "oc3", "ad1",
        "placed_for_adoption", "previous_permanence", "missing", "social_worker",
    }  # fmt: skip
    assert all(table.fields[0].name == "CHILD" for table in tables.values())
    assert [f.name for f in tables["oc3"].fields] == ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"]
    assert set(ssda903().new_period_reasons) <= set(ssda903().new_placement_reasons)


def test_census_xml_declarations_name_element_paths():
    cin = cin_census()
    assert set(cin.records) == {"children", "referrals", "assessments", "cin_plans", "section_47", "cp_plans"}
    assert cin.records["children"].fields[0].path == "ChildIdentifiers/LAchildID"
    csww = {f.name: f.path for f in csww_census().fields}
    assert csww["worker_id"] == "SWENo" and csww["cases_30_sept"] == "Cases30"


def test_ethnicity_keeps_the_minor_codes_under_the_dfes_major_groups():
    codes = standard_code_lists()["ethnicity"]
    assert len(codes) == 20
    assert {c.major_group for c in codes} == set(ethnic_major_groups())
    assert next(c for c in codes if c.code == "WBRI").major_group == "White"


def test_coded_lists_give_the_forms_files_use():
    sex = {c.code: c for c in standard_code_lists()["sex"]}
    assert sex["1"].meaning == "Male" and "M" in sex["1"].forms
    assert {c.code for c in standard_code_lists()["activity"]} >= {"F1", "G4", "0"}  # the contract's own list
