"""A Report as one self-contained, accessible HTML page: the panel pack's HTML and the PDF's source.

Semantic and screen-reader friendly: lang="en-GB", a <title>, one <h1>, sections under h2/h3/h4, a
contents list with links for long reports, charts as <figure> with alt text and a caption, tables with
a <caption> and <th scope>. Every piece of text is escaped, so user data prints as text. Charts are
embedded as data: URIs and the stylesheet inline: the page loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from exports.document import Bullets, Callout, Chart, PageBreak, Paragraph, Report, Section, Table
from figures.theme import plain_number

PAGE_SIZE = "A4"
PAGE_MARGINS_MM = {"top": 16, "right": 16, "bottom": 20, "left": 16}  # the footer sits in the bottom margin
CONTENTS_MIN_SECTIONS = 4  # a report with this many sections or more gets a contents list
CONTENTS_DEPTH = 3  # h2 and h3 sections are listed; h4 are not
WIDE_TABLE_COLUMNS = 8  # tables with more columns print in a smaller type
MISSING = "no data"  # how an empty cell reads (a gap is never 0)
STYLESHEET = Path(__file__).with_name("report.css")
_NUMBER_LIKE = re.compile(r"^[-+−]?£?\d[\d,]*(\.\d+)?\s?(%|pp)?$|^c$")  # 1,204 · 61.5% · -3.2pp · £40 · c


def report_html(report: Report, images: Sequence[bytes] | None = None) -> str:
    """The report as an HTML document (a string).

    `images` are the charts' images in the order of `report.charts` (as `report_images` returns them);
    None renders them now with kaleido. PNG, JPEG, WebP and SVG are recognised from their bytes.
    """
    if images is None:
        images = report_images(report)
    images = list(images)
    if len(images) != len(report.charts):
        raise ValueError(f"the report has {len(report.charts)} charts but {len(images)} images were given")
    image_of = {id(chart): image for chart, image in zip(report.charts, images, strict=True)}
    ids = [f"section-{number}" for number in range(1, len(report.sections) + 1)]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f'<meta name="description" content="{escape(report.subtitle or report.title)}">',
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        _title_block(report, ids),
        "<main>",
    ]
    for section, section_id in zip(report.sections, ids, strict=True):
        parts.append(_section(section, section_id, image_of))
    if report.footnotes:
        parts.append(_end_list("notes", "Notes", "ol", report.footnotes))
    if report.sources:
        parts.append(_end_list("sources", "Sources", "ul", report.sources))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _end_list(anchor: str, heading: str, tag: str, items) -> str:
    listed = "".join(f"<li>{escape(item)}</li>" for item in items)
    return (
        f'<section class="{anchor}" aria-labelledby="{anchor}"><h2 id="{anchor}">{heading}</h2>'
        f"<{tag}>{listed}</{tag}></section>"
    )


def report_images(report: Report, scale: float = 2) -> list[bytes]:
    """PNG images of the report's charts, in order, at each chart's own size, through one browser."""
    from exports.images import chart_images  # kaleido only when charts are drawn here

    charts = report.charts
    return chart_images([c.figure for c in charts], scale=scale, sizes=[(c.width, c.height) for c in charts])


def stylesheet() -> str:
    """The page rule (from PAGE_SIZE and PAGE_MARGINS_MM) and exports/report.css."""
    margins = " ".join(f"{PAGE_MARGINS_MM[side]}mm" for side in ("top", "right", "bottom", "left"))
    return f"@page {{\n  size: {PAGE_SIZE} portrait;\n  margin: {margins};\n}}\n\n" + STYLESHEET.read_text("utf-8")


def _wants_contents(report: Report) -> bool:
    if report.contents is not None:
        return report.contents
    return len(report.sections) >= CONTENTS_MIN_SECTIONS


def _title_block(report: Report, ids: list[str]) -> str:
    as_at = escape(report.as_at_text)
    if isinstance(report.data_as_at, date):
        as_at = f'<time datetime="{report.data_as_at.isoformat()}">{as_at}</time>'
    lines = [f'<header class="title-block"><h1>{escape(report.title)}</h1>']
    if report.subtitle:
        lines.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    lines.append(f'<p class="as-at">Data as at {as_at}</p></header>')
    if _wants_contents(report):
        lines.append(_contents(report, ids))
    block = "\n".join(lines)
    return f'<div class="cover-page">\n{block}\n</div>' if report.cover_page else block


def _contents(report: Report, ids: list[str]) -> str:
    """A list of links to the sections, h3 entries nested under the h2 before them; Notes and Sources last."""
    tree: list[tuple[str, str, list]] = []
    for section, anchor in zip(report.sections, ids, strict=True):
        if section.level > CONTENTS_DEPTH:
            continue
        if section.level > 2 and tree:
            tree[-1][2].append((section.heading, anchor, []))
        else:
            tree.append((section.heading, anchor, []))
    tree += [("Notes", "notes", [])] if report.footnotes else []
    tree += [("Sources", "sources", [])] if report.sources else []

    def listed(nodes: list) -> str:
        items = "".join(
            f'<li><a href="#{anchor}">{escape(heading)}</a>{listed(children) if children else ""}</li>'
            for heading, anchor, children in nodes
        )
        return f"<ol>{items}</ol>"

    return f'<nav class="contents" aria-labelledby="contents"><h2 id="contents">Contents</h2>{listed(tree)}</nav>'


def _section(section: Section, section_id: str, image_of: dict[int, bytes]) -> str:
    """A <section> with its heading. A page break that opens a section breaks before the heading, so a
    heading is never left alone at the foot of a page."""
    tag = f"h{section.level}"
    blocks = list(section.blocks)
    opens_page = bool(blocks) and isinstance(blocks[0], PageBreak)
    while blocks and isinstance(blocks[0], PageBreak):
        blocks.pop(0)
    parts = [_block(PageBreak(), image_of)] if opens_page else []
    parts += [
        f'<section aria-labelledby="{section_id}">',
        f'<{tag} id="{section_id}">{escape(section.heading)}</{tag}>',
    ]
    parts += [_block(block, image_of) for block in blocks]
    parts.append("</section>")
    return "\n".join(parts)


def _block(block, image_of: dict[int, bytes]) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Callout):
        label = f"<strong>{escape(block.label)}:</strong> " if block.label else ""
        return f'<div class="callout" role="note"><p>{label}{escape(block.text)}</p></div>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Chart):
        return _figure(block, image_of[id(block)])
    if isinstance(block, PageBreak):
        return '<div class="page-break" aria-hidden="true"></div>'
    raise TypeError(f"cannot render {type(block).__name__}")


def _figure(chart: Chart, image: bytes) -> str:
    source = f"data:{image_mime_type(image)};base64,{base64.b64encode(image).decode('ascii')}"
    caption = f"<figcaption>{escape(chart.caption)}</figcaption>" if chart.caption else ""
    return (
        f'<figure><img src="{source}" alt="{escape(chart.alt)}" width="{chart.width}" height="{chart.height}">'
        f"{caption}</figure>"
    )


def image_mime_type(image: bytes) -> str:
    """The MIME type of a chart image from its first bytes."""
    if image.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if image.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in image[:512]:
        return "image/svg+xml"
    raise ValueError("a chart image must be PNG, JPEG, WebP or SVG")


def table_html(table: Table) -> str:
    """A real <table>: caption, header cells with scope="col", optional row headers, numbers right-aligned."""
    frame = table.frame
    columns = [str(column) for column in frame.columns]
    numeric = [_is_numeric(frame.iloc[:, i]) for i in range(frame.shape[1])]
    classes = ' class="wide"' if len(columns) > WIDE_TABLE_COLUMNS else ""
    head = "".join(
        f'<th scope="col"{_num(is_number and not (table.row_headers and i == 0))}>{escape(name)}</th>'
        for i, (name, is_number) in enumerate(zip(columns, numeric, strict=True))
    )
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for i, value in enumerate(values):
            text = escape(cell_text(value))
            if table.row_headers and i == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f"<td{_num(numeric[i])}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{max(len(columns), 1)}">No rows.</td></tr>')
    return (
        f"<table{classes}><caption>{escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _num(is_number: bool) -> str:
    return ' class="num"' if is_number else ""


def cell_text(value) -> str:
    """A table cell as text: strings as given, numbers with separators, dates in words, gaps as 'no data'."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return MISSING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):  # datetimes and pandas Timestamps too
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, (int, float)) or pd.api.types.is_number(value):
        return plain_number(value)
    return str(value)


def _is_numeric(column: pd.Series) -> bool:
    """Right-align a column of numbers, or of text that reads as numbers ('61.5%', '1,204', 'c')."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    texts = [str(v).strip() for v in column if isinstance(v, str) and v.strip()]
    return bool(texts) and all(_NUMBER_LIKE.match(text) for text in texts)
