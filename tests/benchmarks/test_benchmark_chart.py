"""The benchmark chart: four lines told apart by shape and dash as well as colour, each colour readable
against the background, gaps left as gaps; and the sentence beside it."""

import pandas as pd

from figures.benchmark_chart import SERIES_STYLE, benchmark_figure, benchmark_sentence, ordinal
from figures.theme import COLOURS, GRAPHIC_CONTRAST, contrast_ratio
from metrics.benchmarks import Comparison


def _shown(value, unit):
    return f"{value:.1f}%" if unit == "%" else f"{value:.1f}"


def _meaning(symbol):
    return {"c": "confidential"}.get(symbol, "")


def _comparison(**changes) -> Comparison:
    values = dict(
        time_period="2025",
        year_label="2025",
        area_code="E06000039",
        area_name="Slough",
        value=16.7,
        symbol=None,
        england=15.2,
        england_symbol=None,
        region_code="E12000008",
        region_name="South East",
        region=15.6,
        region_symbol=None,
        neighbours_mean=15.02,
        neighbours_with_values=10,
        neighbours_total=10,
        rank=111,
        ranked=149,
        quartile=3,
    )
    return Comparison(**(values | changes))


def test_each_line_differs_in_shape_and_dash_not_colour_alone_and_is_readable():
    styles = list(SERIES_STYLE.values())
    assert len({s[1] for s in styles}) == len(styles) and len({s[2] for s in styles}) == len(styles)
    for colour, *_ in styles:
        assert contrast_ratio(COLOURS[colour]) >= GRAPHIC_CONTRAST


def test_the_figure_has_a_line_per_comparator_with_gaps_kept():
    frame = pd.DataFrame(
        {
            "year_label": ["2023", "2024", "2025"],
            "authority": [17.6, None, 16.7],
            "england": [16.0, 15.4, 15.2],
            "region": [16.5, 15.5, 15.6],
            "neighbours_mean": [15.9, 15.3, 15.0],
        }
    )
    figure = benchmark_figure(frame, "Caseload", "ratio", "Slough", "South East")
    assert [t.name for t in figure.data] == ["Slough", "England", "South East", "Statistical neighbours (mean)"]
    assert [t.marker.symbol for t in figure.data] == ["circle", "square", "diamond", "triangle-up"]
    assert figure.data[0].connectgaps is False and pd.isna(figure.data[0].y[1])


def test_the_sentence_names_year_comparators_rank_and_quartile():
    sentence = benchmark_sentence(
        _comparison(), "Caseload", "ratio", "lower", _shown, "2025 (at 30 September)", _meaning
    )
    assert sentence == (
        "Caseload, 2025 (at 30 September): Slough 16.7; England 15.2, South East 15.6, statistical neighbours "
        "15.0 (mean of the 10 of 10 with a published figure). Ranked 111th of 149 authorities (lower is "
        "better; 1st is best), quartile 3 of 4 (1 = best quarter)."
    )


def test_the_sentence_says_a_suppressed_figure_is_not_published_and_why():
    c = _comparison(value=None, symbol="c", rank=None, quartile=None, ranked=95, neighbours_with_values=4)
    sentence = benchmark_sentence(c, "Placed far", "%", "lower", _shown, "2025", _meaning)
    assert "Slough's figure is not published (c: confidential)" in sentence
    assert "mean of the 4 of 10" in sentence and "Not ranked this year" in sentence


def test_the_sentence_for_a_joint_figure_and_no_neighbours():
    c = _comparison(
        area_code="E06000061 / E06000062",
        area_name="North Northamptonshire / West Northamptonshire",
        neighbours_total=0,
        neighbours_mean=None,
        neighbours_with_values=0,
    )
    sentence = benchmark_sentence(c, "Caseload", "ratio", "neither", _shown, "2025", _meaning, "West Northamptonshire")
    assert sentence.startswith("Caseload, 2025: West Northamptonshire 16.7 (published jointly for North")
    assert "no statistical neighbours are listed" in sentence and sentence.endswith(
        "Not ranked: neither a higher nor a lower figure is better."
    )


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112, 142)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "112th", "142nd"
    ]  # fmt: skip
