"""A report declared as data: a title, sections of blocks, notes and sources.

Packs (the surgery pack, the panel pack) build one of these and hand it to `exports.html.report_html`
or `exports.pdf.report_pdf`; they never write HTML. All text is plain text: the renderer escapes it,
so a cell holding `<script>` or `=SUM(A1)` prints exactly as typed.

    Report(
        title="Front Door Hub North: performance surgery",
        subtitle="April 2026",
        data_as_at=date(2026, 3, 31),
        sections=[
            Section("Caseloads", [Paragraph("..."), Chart(figure, alt="..."), Table(frame, "...")]),
            Section("Workers above the threshold", [Table(counts, "...")], level=3),
        ],
        footnotes=["c: a count of 1 to 5, suppressed."],
        sources=["Workforce extract, March 2026."],
    )
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeAlias

import pandas as pd
import plotly.graph_objects as go

HEADING_LEVELS = (2, 3, 4)  # h1 is the report's title, used once
CHART_WIDTH = 760  # layout px: a chart drawn at this width prints at about 0.86 scale on A4 portrait,
CHART_HEIGHT = 400  # so its 14 px text reads at about 9 pt, and a page holds two charts with their captions


def _required(value: str, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be non-empty text")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Callout:
    """Text set apart in a box, e.g. commentary or "what we are doing"; `label` is its bold lead-in."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items (open actions, exceptions in words)."""

    items: tuple[str, ...] | list[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


@dataclass(frozen=True, eq=False)
class Table:
    """A table of a DataFrame's columns (its index is not shown: reset it first to keep it).

    `caption` is required: it names the table for screen readers and in the PDF's tags. With
    `row_headers`, the first column labels its row (`<th scope="row">`), as the indicator names do in
    a matrix. Values print as given: format numbers first (strings are left alone; other numbers get
    thousands separators; missing values read "no data").
    """

    frame: pd.DataFrame
    caption: str
    row_headers: bool = False

    def __post_init__(self) -> None:
        _required(self.caption, "A table's caption")
        if not isinstance(self.frame, pd.DataFrame):
            raise TypeError("Table.frame must be a pandas DataFrame")


@dataclass(frozen=True, eq=False)
class Chart:
    """A Plotly figure with the text alternative a reader without the image needs.

    `alt` is required: one or two sentences saying what the chart shows (the figure's sentence from
    figures/ serves). `caption` prints under the image for everyone. `width` and `height` are the
    layout pixels the figure is drawn at before it is scaled to the page width.
    """

    figure: go.Figure
    alt: str
    caption: str = ""
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    def __post_init__(self) -> None:
        _required(self.alt, "A chart's alt text")
        if not isinstance(self.figure, go.Figure):
            raise TypeError("Chart.figure must be a plotly.graph_objects.Figure")


@dataclass(frozen=True)
class PageBreak:
    """Start a new page here when printed (no effect on screen)."""


Block: TypeAlias = Paragraph | Callout | Bullets | Table | Chart | PageBreak
BLOCK_TYPES = (Paragraph, Callout, Bullets, Table, Chart, PageBreak)


@dataclass(frozen=True)
class Section:
    """A heading (h2 by default; 3 or 4 for a subsection of the section before) and its blocks."""

    heading: str
    blocks: tuple[Block, ...] | list[Block] = ()
    level: int = 2

    def __post_init__(self) -> None:
        _required(self.heading, "A section's heading")
        object.__setattr__(self, "blocks", tuple(self.blocks))
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"Section level must be one of {HEADING_LEVELS} (h1 is the title), not {self.level}")
        for block in self.blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(
                    f"{type(block).__name__} is not a block: use one of {[t.__name__ for t in BLOCK_TYPES]}"
                )


@dataclass(frozen=True)
class Report:
    """A whole document. `data_as_at` (the latest extract date behind the figures) prints under the
    title and in every page's footer. `contents` lists the sections with links: None = only when there
    are at least exports.html.CONTENTS_MIN_SECTIONS of them. `cover_page` puts the title block and contents on a page
    of their own. `footnotes` print numbered under "Notes"; `sources` under "Sources"."""

    title: str
    sections: tuple[Section, ...] | list[Section]
    data_as_at: date | str
    subtitle: str = ""
    footnotes: tuple[str, ...] | list[str] = ()
    sources: tuple[str, ...] | list[str] = ()
    contents: bool | None = None
    cover_page: bool = False
    language: str = "en-GB"
    charts: tuple[Chart, ...] = field(init=False, repr=False)  # every Chart, in reading order

    def __post_init__(self) -> None:
        _required(self.title, "A report's title")
        for name in ("sections", "footnotes", "sources"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for section in self.sections:
            if not isinstance(section, Section):
                raise TypeError(f"Report.sections holds {type(section).__name__}, not Section")
        charts = tuple(block for section in self.sections for block in section.blocks if isinstance(block, Chart))
        object.__setattr__(self, "charts", charts)

    @property
    def as_at_text(self) -> str:
        """'31 March 2026' for a date; a string as given."""
        if isinstance(self.data_as_at, date):
            return f"{self.data_as_at.day} {self.data_as_at:%B %Y}"
        return str(self.data_as_at)
