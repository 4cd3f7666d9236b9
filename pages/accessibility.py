import streamlit as st

from pages import use_router

use_router()
st.title("Accessibility statement")
st.markdown(
    """
We want everyone who uses this dashboard, including councillors and care-experienced young people on
the corporate parenting panel, to be able to read it and act on it. We aim to meet the Web Content
Accessibility Guidelines (WCAG) 2.2 at level AA.

**How we test**: every page is opened in a real browser and scanned with axe-core for WCAG 2.2 A and
AA failures before each release, and checked at 320 pixels wide (400% zoom).

**What we do**

- Status is always given in words as well as with an icon or colour.
- Every table (problems, upload history, data quality, indicators and the records behind a figure)
  can be downloaded as CSV to read in your own tools.
- Every chart has, directly under it, a sentence saying what it shows (the latest figure, how it sits
  against its average and target, and any special cause), and a table of the same figures, limits and
  signals with a CSV download. Special-cause points differ in shape (triangle for improvement, diamond
  for concern) as well as colour, and targets missed are hatched as well as coloured.
- Status on the overview reads "Meets target" or "Misses target" with a tick or cross, never colour alone.
  In the surgery matrix, shaded cells are also marked ✘ or "concern" in words.
- The surgery and panel packs are tagged PDFs: headings, reading order, tables with header cells, an
  outline, the document language, and alt text on every chart (the chart's own summary sentence). The
  panel pack also comes as a web page.
- The easy-read page gives young people five figures in short sentences.

**Known gaps**

- Streamlit's file drop area is a standard file input: use Tab to reach "Browse files" and Enter
  to open it if you cannot drag and drop.
- At 320 pixels wide (400% zoom) wide tables run past the edge of the screen and the page scrolls
  sideways; interactive tables (the ones you can sort) scroll inside their own box. Every table has a
  CSV download with the same content.
- Charts are drawn with Plotly: a screen reader does not read the chart itself, so the sentence and the
  table under every chart carry the same information.

**Tell us** about a problem by contacting the performance and intelligence team that runs this dashboard.
"""
)
