"""The catalogue: every indicator declared once, with a function, a definition and a test."""

import re
from pathlib import Path

import pytest

from metrics.catalogue import Indicator, catalogue, check_indicator, function_of

TESTS = Path(__file__).parent
ENTRIES = list(catalogue().indicators.values())
INSPECTION_THEMES = {
    "plans",
    "strategy",
    "private_fostering_homeless",
    "health",
    "exploitation",
    "sufficiency",
    "workforce",
}


@pytest.mark.parametrize("indicator", ENTRIES, ids=lambda i: i.code)
def test_every_entry_has_a_definition_a_function_and_a_test(indicator):
    assert len(indicator.definition) > 40 and indicator.numerator and indicator.denominator
    function = function_of(indicator)
    assert callable(function)
    if indicator.is_aggregate:
        return  # one generic function, tested in test_compute.py on uploaded aggregate values
    name = indicator.function.rsplit(".", 1)[1]
    tested = [p.name for p in TESTS.glob("test_*.py") if re.search(rf"\b{name}\b", p.read_text(encoding="utf-8"))]
    assert tested, f"no test in tests/metrics calls {name}"
    assert function.func.__doc__ and "numerator" in function.func.__doc__.lower(), f"{name} docstring"


def test_the_seven_things_the_inspection_said_to_improve_are_themes_and_each_has_an_indicator():
    themes = catalogue().themes
    assert set(themes) >= INSPECTION_THEMES
    for theme in INSPECTION_THEMES:
        assert catalogue().in_theme(theme), f"no indicator for {themes[theme].title}"


def test_an_entry_a_page_could_not_show_honestly_is_refused():
    good = dict(
        code="x",
        title="X",
        theme="workforce",
        polarity="higher",
        unit="%",
        definition="A definition long enough.",
        numerator="n",
        denominator="d",
        source="indicator_values",
    )
    check_indicator(Indicator(**good), catalogue().themes)
    for change in ({"unit": "percent"}, {"polarity": "up"}, {"definition": " "}, {"theme": "nowhere"}):
        with pytest.raises(ValueError):
            check_indicator(Indicator(**{**good, **change}), catalogue().themes)
    with pytest.raises(ValueError, match="needs a function"):
        check_indicator(Indicator(**{**good, "source": "placements"}))


def test_local_indicators_and_targets_merge_in_but_cannot_replace_a_built_in_one():
    local = Indicator(
        "local_visits", "Visits", "neglect", "higher", "%", "Visits on time.", "n", "d", "indicator_values"
    )
    merged = catalogue().with_local([local], {"caseload_per_fte": 15.0})
    assert merged.indicators["local_visits"] is local
    assert merged.indicators["caseload_per_fte"].target == 15.0
    assert catalogue().indicators["caseload_per_fte"].target == 16  # the built-in entry is untouched
    clash = Indicator("agency_rate", "Mine", "workforce", "lower", "%", "Mine.", "n", "d", "indicator_values")
    with pytest.raises(ValueError, match="built-in"):
        catalogue().with_local([clash])


def test_every_theme_is_on_one_page_and_changes_of_social_worker_has_its_own():
    built_in = catalogue()
    on_pages = [theme for page in built_in.pages.values() for theme in page.themes]
    assert sorted(on_pages) == sorted(built_in.themes)
    changes = [i.code for i in built_in.on_page("social-worker-changes")]
    assert changes == ["three_plus_social_workers", "worker_changes_in_month", "worker_changes_per_100_children"]
    assert "caseload_per_fte" in [i.code for i in built_in.on_page("workforce")]


def test_a_panel_figure_read_for_children_in_care_is_titled_for_them_not_for_all_children():
    for indicator in catalogue().indicators.values():
        if indicator.panel_field("breakdown") == "cohort: CLA":
            assert indicator.panel_title != indicator.title
            assert "children in care" in indicator.panel_title.lower(), indicator.code
        else:
            assert indicator.panel_title == indicator.title
