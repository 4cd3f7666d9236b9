"""Chart images: PNGs of the requested size, in order, from one browser; a clear error without Chromium."""

import struct

import plotly.graph_objects as go
import pytest

import exports.browser
from exports.browser import ExportUnavailable
from exports.images import chart_images, default_tabs
from tests.exports.export_sample import sample_report


def png_size(image: bytes) -> tuple[int, int]:
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert image[12:16] == b"IHDR"
    return struct.unpack(">II", image[16:24])


def test_each_figure_becomes_a_png_of_the_requested_size_in_order(chromium):
    figures = [chart.figure for chart in sample_report().charts]
    images = chart_images(figures, width=600, height=300, scale=2)
    assert [png_size(image) for image in images] == [(1200, 600)] * 3
    assert len(set(images)) == 3  # three different charts, not one image three times


def test_figures_can_each_have_their_own_size_and_svg_is_offered(chromium):
    figures = [go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), go.Figure(go.Scatter(x=[1, 2], y=[2, 1]))]
    pngs = chart_images(figures, scale=1, sizes=[(400, 200), (300, 300)])
    assert [png_size(image) for image in pngs] == [(400, 200), (300, 300)]
    svg = chart_images(figures[:1], fmt="svg")[0]
    assert b"<svg" in svg[:200]


def test_no_figures_need_no_browser():
    assert chart_images([]) == []


def test_an_unknown_format_is_refused_before_any_browser_starts():
    with pytest.raises(ValueError, match="fmt must be one of"):
        chart_images([go.Figure()], fmt="gif")


def test_short_batches_use_one_tab_and_long_ones_a_few():
    assert default_tabs(3) == 1
    assert 1 <= default_tabs(30) <= 4


def test_without_chromium_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(exports.browser.shutil, "which", lambda name: None)
    monkeypatch.setattr(exports.browser, "DEBIAN_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ExportUnavailable, match="apt-get install -y chromium"):
        chart_images([go.Figure()])
