"""Equalities through the store (issue 19): characteristics loaded from the returns become breakdowns;
an analyst loads a newer population table (checked, audited, refused to other roles); the panel's
table by ethnic group hides small counts and every figure that would reveal them."""

import pandas as pd
import pytest

from core.access import NotAllowed
from ingest.population import read_population
from reference.population import Population, ethnic_groups, shipped_population
from store.population import population_in_force
from store.view import StoreView
from tests.ingest.standard.returns import MONTH, cin_xml, ssda903_files
from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER
from views.equalities import disproportionality_view, panel_table, population_for
from workflows import la_code, store
from workflows.load_files import load_paths
from workflows.population import load_population

GOOD = (
    b"ethnic_group,children\n"
    b'"White: English, Welsh, Scottish, Northern Irish or British",5000\n'
    b"Other White,1000\nMixed,800\nAsian,3000\nBlack,1200\nOther ethnic group (including Chinese),400\n"
)


@pytest.fixture(autouse=True)
def empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    yield
    store().dispose()


def _load(tmp_path, files):
    folder = tmp_path / "nightly"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    return load_paths([folder], MONTH, "test")


def test_the_903_and_the_cin_census_loaded_together_give_one_characteristics_batch(tmp_path):
    outcomes = _load(tmp_path, [*ssda903_files(), ("cin.xml", cin_xml())])
    assert [o.level for o in outcomes if "child_characteristics" in o.message] == ["loaded"]
    with store().connect() as conn:
        view = StoreView(conn, la_code())
        people = view.resolved("child_characteristics").set_index("child_id")
        figures = view.month_figures("indicators")
    # the 903 header's four children looked after and the census's K1 and N1
    assert sorted(people.index) == ["C1", "C2", "C3", "C4", "K1", "N1"]
    assert (people.loc["C2", "ethnicity"], people.loc["C2", "sex"]) == ("BAFR", "2")
    assert people.loc["K1", "disability"] == False  # noqa: E712 - Disability NONE in the census
    march = figures[(figures["month"] == MONTH) & (figures["code"] == "placed_over_20_miles")]
    # C1 (WBRI) and C4 (WBRI) are placed over 20 miles, C2 (BAFR) has no distance: White 2 of 2
    white = march[march["breakdown"] == "ethnic_group: White"].iloc[0]
    assert (white["numerator"], white["denominator"]) == (2.0, 2.0)
    assert "ethnic_group: Black African Caribbean or Black British" in set(march["breakdown"])


def test_an_analyst_loads_a_population_table_which_is_then_in_force_and_audited():
    assert population_for(store(), la_code())[1]  # nothing loaded: the shipped sample table
    report = load_population(store(), la_code(), ANALYST, "pop.csv", GOOD, "Test area", "2021", "ONS", "OGL v3.0")
    assert report.level == "loaded", report.message
    with store().connect() as conn:
        loaded = population_in_force(conn, la_code())
        audit = StoreView(conn, la_code()).audit()
    assert loaded.children["White British"] == 5000 and loaded.children["Other ethnic groups"] == 400
    assert (loaded.area, loaded.licence, loaded.loaded_by) == ("Test area", "OGL v3.0", "analyst")
    assert "load_population" in set(audit["action"])


def test_a_population_table_with_problems_names_each_row_and_column_and_stores_nothing():
    bad = b"ethnic_group,children\nWhite British,0\nOther White,1000\nMartian,5\nBlack,many\nBlack,3\n"
    report = load_population(store(), la_code(), ANALYST, "bad.csv", bad, "Area", "2021", "ONS", "OGL")
    assert report.level == "refused"
    found = {(i.row, i.column, i.rule) for i in report.issues}
    assert (4, "ethnic_group", "unknown_group") in found
    assert (5, "children", "not_a_count") in found
    assert (6, "ethnic_group", "duplicate_group") in found
    assert (2, "children", "no_comparison") in found  # White British must be more than 0
    assert any(i.rule == "missing_group" and "Asian or Asian British" in i.message for i in report.issues)
    with store().connect() as conn:
        assert population_in_force(conn, la_code()) is None


def test_only_an_analyst_may_load_a_population_table_and_the_panel_may_not_see_the_full_view():
    with pytest.raises(NotAllowed):
        load_population(store(), la_code(), SERVICE_MANAGER, "pop.csv", GOOD, "Area", "2021", "ONS", "OGL")
    with pytest.raises(NotAllowed):
        disproportionality_view(store(), la_code(), PANEL_MEMBER, MONTH)


def test_the_population_reader_needs_the_tables_area_year_source_and_licence():
    read = read_population("pop.csv", GOOD, "", "2021", " ", "OGL")  # the file itself is good
    assert read.population is None and {i.rule for i in read.issues} == {"blank_area", "blank_source"}


def _full(children: dict[str, int]) -> pd.DataFrame:
    names = list(ethnic_groups().groups)
    rows = [(g, children.get(g, 0), shipped_population().children[g]) for g in names]
    rows.append(("not recorded", children.get("not recorded", 0), None))
    return pd.DataFrame(rows, columns=["group", "children", "population"])


def test_the_panel_sees_small_counts_hidden_and_no_rate_or_comparison_that_would_reveal_them():
    # 40 White British, 3 Other White (1 to 5: hidden), 12 Mixed, 30 Asian, 25 Black, 0 Other.
    # With no child "not recorded", the groups add up to the whole (110), which a reader knows from the
    # panel's count of children in care: Other White alone hidden would be 110 - 107 = 3, so a second
    # count is hidden beside it (the smallest shown one, Mixed's 12), with its rate.
    population = shipped_population()
    children = {"White British": 40, "Other White": 3, "Mixed or multiple ethnic groups": 12}
    children |= {"Asian or Asian British": 30, "Black African Caribbean or Black British": 25}
    table, sentences, _ = panel_table(_full(children), population, MONTH, 5)
    shown = dict(zip(table["Ethnic group"], table["Children looked after"], strict=True))
    rates = dict(zip(table["Ethnic group"], table["Rate per 10,000"], strict=True))
    assert shown["Other White"] == "c" and rates["Other White"] == "c"
    assert shown["Mixed or multiple ethnic groups"] == "c" and rates["Mixed or multiple ethnic groups"] == "c"
    assert shown["Other ethnic groups"] == "0"  # 0 is shown
    assert shown["White British"] == "40" and rates["White British"] == "44.4"  # 10,000 x 40 / 9,000
    said = [s.split(" were ")[0] for s in sentences]
    assert said == [
        "Asian or Asian British children",
        "Black or Black British children",
        "No children of other ethnic groups",
    ]
    black = sentences[1]
    # 25 / 3,500 against 40 / 9,000: 0.0071429 / 0.0044444 = 1.607
    assert black.startswith("Black or Black British children were 1.6 times as likely as White British children")


def test_children_not_recorded_are_an_unshown_remainder_that_protects_a_single_hidden_count():
    # The same, with 2 children whose ethnicity is not recorded: a reader knows only that Other White
    # and the not recorded add up to 5, so Other White alone is hidden (the panel's rule: two unknowns).
    children = {"White British": 40, "Other White": 3, "Mixed or multiple ethnic groups": 12, "not recorded": 2}
    children |= {"Asian or Asian British": 30, "Black African Caribbean or Black British": 25}
    table, _, _ = panel_table(_full(children), shipped_population(), MONTH, 5)
    assert list(table["Children looked after"]) == ["40", "c", "12", "30", "25", "0"]


def test_a_loaded_population_table_replaces_the_shipped_one_in_the_view(tmp_path):
    load_population(store(), la_code(), ANALYST, "pop.csv", GOOD, "Test area", "2021", "ONS", "OGL v3.0")
    population, shipped = population_for(store(), la_code())
    assert (
        not shipped
        and isinstance(population, Population)
        and population.children["Black African Caribbean or Black British"] == 1200
    )


def test_the_panel_table_is_withheld_in_a_month_whose_number_of_children_in_care_the_panel_hides(monkeypatch):
    import views.equalities as equalities

    shown = {("placed_over_20_miles", ""): ("c", "c", "c"), ("placed_outside_la", ""): ("4", "c", "c")}
    monkeypatch.setattr(equalities, "shown_to_panel", lambda engine, la, month: shown)
    view = equalities.panel_disproportionality(store(), la_code(), PANEL_MEMBER, MONTH)
    assert set(view.table["Children looked after"]) == {"c"} and set(view.table["Rate per 10,000"]) == {"c"}
    assert view.sentences == [equalities.WITHHELD]
    shown = {("placed_over_20_miles", ""): ("12", "40", "30.0%")}
    monkeypatch.setattr(equalities, "shown_to_panel", lambda engine, la, month: shown)
    view = equalities.panel_disproportionality(store(), la_code(), PANEL_MEMBER, MONTH)
    assert set(view.table["Children looked after"]) == {"0"}  # nothing loaded: every group 0, shown


def test_the_rows_behind_an_ethnic_group_list_each_childs_characteristics_and_only_for_roles_that_see_rows(
    tmp_path,
):
    from metrics.catalogue import catalogue
    from views.indicators import figure_rows

    _load(tmp_path, [*ssda903_files(), ("cin.xml", cin_xml())])
    indicator = catalogue().indicators["placed_over_20_miles"]
    behind = figure_rows(store(), la_code(), indicator, MONTH, "ethnic_group: White", user=ANALYST)
    rows = behind.numerator.set_index("child_id")
    assert sorted(rows.index) == ["C1", "C4"]
    assert set(rows["ethnicity"]) == {"WBRI White British"}  # the minor code kept beside the major group
    assert list(rows.loc[["C1", "C4"], "sex"]) == ["Male", "Female"]
    with pytest.raises(NotAllowed):
        figure_rows(store(), la_code(), indicator, MONTH, "ethnic_group: White", user=PANEL_MEMBER)


def test_the_panels_other_breakdowns_are_suppressed_in_one_table_with_the_ethnic_groups():
    # 110 children looked after (no ethnicity "not recorded"); by sex 107 boys and 3 girls. The whole is
    # known, so 3 girls hidden alone would be 110 - 107: the boys are hidden too. UASC 20 of the 110 with
    # 90 not UASC: nothing small, both shown. Age bands: 60, 46 and 4 (hidden) with 0 in the fourth, and
    # the next smallest (46) hidden beside it.
    children = {"White British": 40, "Other White": 10, "Mixed or multiple ethnic groups": 12}
    children |= {"Asian or Asian British": 30, "Black African Caribbean or Black British": 18}
    others = {
        "sex": pd.Series({"Female": 3, "Male": 107}),
        "uasc": pd.Series({"UASC": 20, "not UASC": 90}),
        "age_band": pd.Series({"10-15": 60, "16+": 46, "5-9": 4, "under 5": 0}),
    }
    table, _, breakdowns = panel_table(_full(children), shipped_population(), MONTH, 5, others)
    shown = {c: dict(zip(t["Group"], t["Children looked after"], strict=True)) for c, t in breakdowns.items()}
    assert shown["sex"] == {"Female": "c", "Male": "c"}
    assert shown["uasc"] == {"UASC": "20", "not UASC": "90"}
    assert shown["age_band"] == {"10-15": "60", "16+": "c", "5-9": "c", "under 5": "0"}
    assert "c" not in set(table["Children looked after"])  # the ethnic groups: nothing small
