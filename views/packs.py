"""Printed packs, declared as exports.document reports: the surgery pack (issue 8), and the panel pack
builds on the same pieces. A pack never lists children: it carries counts, charts and words.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require
from core.dates import month_label, shift_month
from exports.browser import ExportUnavailable as ExportUnavailable  # for pages
from exports.document import Bullets, Callout, Chart, Paragraph, Report, Section, Table
from exports.html import report_html
from exports.pdf import report_pdf
from views.spc_window import SPC_WINDOW
from views.surgery import (
    ACTION_COLUMNS,
    SERVICE,
    action_marks,
    commentary_on,
    exception_counts,
    red_indicators,
    surgery_actions,
    team_beside_service,
)
from views.themes import Figures, action_chart, indicator_view
from views.wording import (
    HOW_TO_READ,
    MATRIX_KEY,
    at_a_glance,
    need_a_look,
    open_actions_line,
    published_line,
    records_line,
    surgery_pack_subtitle,
    surgery_pack_title,
    team_breakdown,
    variation_line,
)

SOURCES = (
    "Monthly extracts from the case-management system, as loaded into this dashboard (see Upload history).",
    "SPC: NHS England, Making Data Count (XmR charts, natural process limits at 2.66 x the mean moving range).",
)


def surgery_pack(
    engine: Engine,
    la_code: str,
    data: Figures,
    cells: pd.DataFrame,
    team: str,
    month: str,
    user: User,
    published: dict | None = None,
    today: date | None = None,
) -> Report:
    """The team's surgery pack: the matrix, each red indicator's chart, sentence, commentary and count of
    records to look at (never the records), the open actions, and how to read the charts."""
    require(user, "surgery_pack")
    today = today or date.today()
    actions = surgery_actions(engine, la_code, team, month, today, user)
    start = shift_month(month, 1 - SPC_WINDOW)
    red = red_indicators(cells, team)
    sections = [_matrix_section(cells, team, data, red)]
    counts = exception_counts(engine, la_code, data, red, month, team, user).set_index("Indicator")
    for code in red:
        indicator = data.catalogue.indicators[code]
        breakdown = "" if team == SERVICE else team_breakdown(team)
        view = indicator_view(data, indicator, breakdown, (start, month))
        blocks = [
            Chart(action_chart(view, action_marks(actions, code)), alt=view.sentence, caption=view.sentence),
            Paragraph(variation_line(view.variation, view.assurance)),
        ]
        if indicator.title in counts.index:
            row = counts.loc[indicator.title]
            blocks.append(Paragraph(records_line(row["Records to look at"], row["Not yet due"])))
        if text := commentary_on(engine, la_code, code, month, team):
            blocks.append(Callout(text, label="Commentary"))
        if published and code in published:
            blocks.append(Paragraph(published_line(published[code].sentence())))
        sections.append(Section(indicator.title, tuple(blocks), level=2))
    sections.append(_actions_section(actions))
    sections.append(Section("How to read the charts", (Paragraph(_plain(HOW_TO_READ)),), level=2))
    return Report(
        title=surgery_pack_title(team),
        subtitle=surgery_pack_subtitle(month, len(red)),
        sections=tuple(sections),
        data_as_at=month_label(month),
        sources=SOURCES,
        footnotes=(
            "Identifiers of children and workers are never printed: the lists behind each figure are in the app.",
        ),
    )


def _matrix_section(cells: pd.DataFrame, team: str, data: Figures, red: list[str]) -> Section:
    if team == SERVICE:
        table = cells[cells["team"] == SERVICE][["indicator", "text"]].rename(
            columns={"indicator": "Indicator", "text": SERVICE}
        )
    else:
        table = team_beside_service(cells, team, data)
    intro = Paragraph(_plain(MATRIX_KEY) + " " + need_a_look(len(red), len(table)))
    return Section("Where to look", (intro, Table(table.reset_index(drop=True), caption=at_a_glance(team))))


def _actions_section(actions: pd.DataFrame) -> Section:
    if actions.empty:
        return Section("Open actions", (Paragraph("No open actions."),), level=2)
    shown = actions[ACTION_COLUMNS].copy()
    shown["About"] = shown["About"].str.replace(r"^(child|worker) .*$", r"a \1 (ID in the app)", regex=True)
    overdue = int((shown["Overdue"] != "").sum())
    return Section(
        "Open actions",
        (
            Paragraph(open_actions_line(len(shown), overdue)),
            Table(shown.reset_index(drop=True), caption="Actions carried into this surgery"),
        ),
        level=2,
    )


def _plain(markdown: str) -> str:
    """Markdown emphasis off: the PDF sets its own type."""
    return " ".join(markdown.replace("**", "").replace("*", "").split())


def pack_pdf(report: Report) -> bytes:
    """The report as a tagged A4 PDF (headings, alt text, outline) through Debian's Chromium."""
    return report_pdf(report)


# --- the corporate parenting panel's pack


def panel_pack(view, glossary: list[tuple[str, str]], user: User) -> Report:
    """The panel pack: a cover with contents, then each priority's table, charts (of the figures as
    shown: hidden months are gaps), sentences, commentary, what we are doing and revisions; the
    glossary, the suppression footnote, sources and the data-as-at date. Only suppressed figures.
    Refused to a role without `panel_pack` (a team manager: it is the panel's, not a team's)."""
    require(user, "panel_pack")
    from figures.spc_chart import spc_figure

    sections = []
    for priority, items in view.priorities:
        heading = priority.title  # the contents numbers the priorities
        if not items:
            sections.append(Section(heading, (Paragraph("No indicator is mapped to this priority yet."),)))
            continue
        blocks = [Table(view.table(items), caption=f"{priority.title}: the figures")]
        for item in items:
            blocks.append(Paragraph(item.sentence))
            if item.revision:
                blocks.append(Callout(item.revision, label="Revised"))
            if item.row.commentary:
                blocks.append(Callout(item.row.commentary, label="Commentary"))
            if item.row.doing:
                blocks.append(Bullets([f"What we are doing: {text}" for text in item.row.doing]))
            if len(item.spc) and item.spc["value"].notna().sum() >= 2:
                figure = spc_figure(item.spc, item.indicator.panel_title, item.indicator.unit, item.indicator.target)
                alt = f"{item.sentence} Change over time: {item.signal}."
                blocks.append(Chart(figure, alt=alt, caption=f"{item.indicator.panel_title}: {item.signal}."))
        sections.append(Section(heading, tuple(blocks)))
    sections.append(
        Section("Words we use", (Table(pd.DataFrame(glossary, columns=["Word", "What it means"]), caption="Glossary"),))
    )
    return Report(
        title="Corporate parenting panel: our children in care and care leavers",
        subtitle=f"Figures for {month_label(view.month)}, under the panel's six priorities.",
        sections=tuple(sections),
        data_as_at=view.data_as_at,
        footnotes=(
            view.footnote,
            "Quarters pool three months: their numerators and denominators are added, never their percentages.",
            "Charts show the monthly figures as published here (a hidden month is a gap) with their average "
            "and the range normal ups and downs stay within (NHS Making Data Count).",
        ),
        sources=(
            *SOURCES[:1],
            "England and statistical neighbours: Department for Education published tables (Explore Education "
            "Statistics), Open Government Licence v3.0.",
        ),
        contents=True,
        cover_page=True,
    )


def pack_html(report: Report) -> str:
    """The same pack as one accessible HTML file (charts embedded as images)."""
    return report_html(report)
