"""The document model refuses what would make an inaccessible document: no alt, no caption, no h1 twice."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from exports.document import Chart, Paragraph, Report, Section, Table


def test_a_chart_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        Chart(go.Figure(), alt="  ")


def test_a_table_needs_a_caption():
    with pytest.raises(ValueError, match="caption"):
        Table(pd.DataFrame({"a": [1]}), caption="")


def test_sections_are_h2_to_h4_because_the_title_is_the_only_h1():
    with pytest.raises(ValueError, match="h1 is the title"):
        Section("Twice the title", [], level=1)


def test_a_section_holds_blocks_only():
    with pytest.raises(TypeError, match="not a block"):
        Section("Loose text", ["just a string"])


def test_charts_are_listed_in_document_order():
    first, second = Chart(go.Figure(), alt="first"), Chart(go.Figure(), alt="second")
    report = Report("Pack", [Section("A", [Paragraph("x"), first]), Section("B", [second])], data_as_at="March 2026")
    assert report.charts == (first, second)


def test_data_as_at_reads_as_words():
    assert Report("Pack", [], data_as_at=pd.Timestamp("2026-03-31").date()).as_at_text == "31 March 2026"
