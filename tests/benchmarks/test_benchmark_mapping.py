"""reference/benchmark_measures.yaml is checked against the catalogue and against the shipped files, so a
typo in a code, a measure column or a breakdown value fails here rather than showing no benchmark."""

from functools import cache

import pytest

from ingest.ees import PublishedFile, publication_from_name, read_published_file
from metrics.benchmarks import authority_rows, benchmark_mappings, benchmark_publications, measure_series
from metrics.catalogue import catalogue
from tests.benchmarks.ees_rows import DFE, shipped

MAPPED = sorted(benchmark_mappings())
NEIGHBOURS = "statistical_neighbours"


@cache
def _read(publication: str) -> PublishedFile:
    file = benchmark_publications()[publication].file
    return read_published_file(file, shipped(file))


def test_every_shipped_file_is_described_and_named_as_the_importer_names_it():
    described = {p.file for p in benchmark_publications().values()}
    on_disk = {path.name for path in DFE.glob("*.csv")} - {"suppression_symbols.csv"}
    assert described == on_disk
    for key, publication in benchmark_publications().items():
        if key != NEIGHBOURS:
            assert publication_from_name(publication.file) == key
        assert publication.title and publication.url.startswith("https://")


@pytest.mark.parametrize("code", MAPPED)
def test_every_mapped_code_is_a_catalogue_indicator_with_a_direction_and_the_same_unit(code):
    indicator = catalogue().indicators[code]
    assert indicator.polarity in ("higher", "lower")
    assert benchmark_mappings()[code].unit == indicator.unit
    assert indicator.dfe_measure, f"{code} is mapped, so the catalogue should name its dfe_measure"


@pytest.mark.parametrize("code", MAPPED)
def test_every_mapped_measure_and_breakdown_exists_in_its_file(code):
    spec = benchmark_mappings()[code]
    read = _read(spec.publication)
    for selection in spec.selections:
        assert selection.measure in read.measures
        for column, values in selection.filters:
            assert column in read.filters
            published = set(read.values["breakdown"].str.extract(f'"{column}": "([^"]*)"')[0].dropna())
            assert set(values) <= published, f"{code}: {set(values) - published} not in {column}"


@pytest.mark.parametrize("code", MAPPED)
def test_every_mapping_picks_one_figure_per_area_and_year_and_slough_has_one(code):
    spec = benchmark_mappings()[code]
    series = measure_series(_read(spec.publication).values, spec)
    assert not series.duplicated(["time_period", "geographic_level", "area_code"]).any()
    assert len(authority_rows(series, "E06000039")) >= 1
    assert spec.published_as, f"{code} needs published_as wording"


def test_published_measures_that_differ_from_ours_say_so():
    for code in ("placed_over_20_miles", "placed_outside_la", "three_plus_social_workers"):
        assert "ours" in benchmark_mappings()[code].published_as
    assert "more than 20 miles" in benchmark_mappings()["placed_over_20_miles"].published_as
