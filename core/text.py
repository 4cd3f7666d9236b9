"""Text from a file is data, never markup: the two ways user text reaches a screen, made safe once.

Every team name, file name, header or free-text cell that a page shows goes through `md` (Streamlit
Markdown: st.markdown, st.header, st.write, labels, table captions) or `plotly_text` (Plotly titles,
category labels, legends and hover text, which render a subset of HTML: <a>, <b>, <br>, <span>...).
"""

from __future__ import annotations

import html

# Every ASCII punctuation character CommonMark lets a backslash escape, plus ':' (Streamlit's
# :material/icon: and :red[colour] directives) and '$' (Streamlit's LaTeX).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$&:\"'=%^,;?@/")


def md(value: object) -> str:
    """`value` shown as typed inside Streamlit Markdown: no link, image, HTML, emphasis or directive.

    Line breaks become spaces, so a cell cannot start a heading or a list on a new line.
    """
    text = " ".join(str(value).splitlines())
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def plotly_text(value: object) -> str:
    """`value` shown as typed in a Plotly label or hover text: its HTML subset is escaped as entities."""
    return html.escape(" ".join(str(value).splitlines()), quote=True)
