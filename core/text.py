"""Text from a file is data, never markup: the two ways user text reaches a screen, made safe once.

Every team name, file name, header or free-text cell that a page shows goes through `md` (Streamlit
Markdown: st.markdown, st.header, st.write, labels, table captions) or `plotly_text` (Plotly titles,
category labels, legends and hover text, which render a subset of HTML: <a>, <b>, <br>, <span>...).
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character CommonMark lets a backslash escape, plus ':' (Streamlit's
# :material/icon: and :red[colour] directives) and '$' (Streamlit's LaTeX).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$&:\"'=%^,;?@/")


def md(value: object) -> str:
    """`value` shown as typed inside Streamlit Markdown: no link, image, HTML, emphasis or directive.

    Line breaks become spaces, so a cell cannot start a heading or a list on a new line.
    """
    text = _no_autolink(" ".join(str(value).splitlines()))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


# GitHub-flavoured Markdown turns bare addresses in the *rendered* text into links (after escapes are
# read), so escaping cannot stop it: an invisible word joiner breaks the patterns it looks for.
JOINER = "\u2060"
_AUTOLINKED = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")


def _no_autolink(text: str) -> str:
    """'https://x.org', 'www.x.org' and 'a@x.org' read the same but are no longer found as links."""
    return _AUTOLINKED.sub(JOINER, text)


def plotly_text(value: object) -> str:
    """`value` shown as typed in a Plotly label or hover text: its HTML subset is escaped as entities."""
    return html.escape(" ".join(str(value).splitlines()), quote=True)


def md_table(frame):
    """A copy of `frame` for st.table, which renders every header, index label and cell as Markdown:
    each one escaped with `md`, so a cell holding '[x](http://...)' or '![](...)' shows as typed.

    Numbers and missing values are left as they are (st.table formats them itself).
    """
    import pandas as pd

    def cell(value):
        return md(value) if isinstance(value, str) else value

    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(cell, na_action="ignore").astype(object)
    shown.columns = [cell(c) for c in shown.columns]
    shown.index = shown.index.map(cell)
    shown.index.names = [cell(n) if n is not None else None for n in frame.index.names]
    return shown


_SLUG_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def file_slug(*parts: object, limit: int = 80) -> str:
    """Words from data (a team name, a month) as one safe file-name stem: letters, digits and '-'
    kept, every run of anything else one '_', so '../<b>Hub 1</b>' cannot name a path or carry markup."""
    text = "_".join(str(p) for p in parts)
    out, gap = [], False
    for ch in text:
        if ch in _SLUG_KEEP:
            out.append(ch)
            gap = False
        elif not gap:
            out.append("_")
            gap = True
    return ("".join(out).strip("_-") or "download")[:limit]
