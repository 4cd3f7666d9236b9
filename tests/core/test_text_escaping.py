"""core/text.py: whatever a file holds, it is shown as typed, never as a link, an image or markup."""

from __future__ import annotations

import html
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import _MARKDOWN_SPECIAL, file_slug, md, md_table, plotly_text
from tests.shown import seen, seen_table

HOSTILE = [
    "[Re-enter your password](https://example.org/login)",
    "![](https://example.org/pixel.png)",
    "<a href='https://example.org'>Hub</a>",
    "<b>Hub</b> <img src=x onerror=alert(1)>",
    "<span style='color:red'>Hub</span>",
    "Hub <br> 1",
    ":red[Hub] :material/warning: $x^2$",
    "# Hub\n- one\n1. two",
    "https://example.org and www.example.org and hub@example.org",
    '=HYPERLINK("https://example.org","Hub")',
    "Hub\\*1\\*",
    "&lt;b&gt; &amp; &#60;",
]
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE))
FAST = settings(max_examples=300, deadline=None)


def unescaped_specials(escaped: str) -> list[str]:
    """Markdown characters in `escaped` that no backslash protects."""
    bare, protected = [], False
    for ch in escaped:
        if protected:
            protected = False
        elif ch == "\\":
            protected = True
        elif ch in _MARKDOWN_SPECIAL:
            bare.append(ch)
    return bare


@FAST
@given(TEXT)
def test_md_leaves_no_markdown_character_unprotected(text):
    assert unescaped_specials(md(text)) == []


@FAST
@given(TEXT)
def test_md_reads_back_as_typed_on_one_line(text):
    assert seen(md(text)) == " ".join(text.splitlines())
    assert "\n" not in md(text) and "\r" not in md(text)


@FAST
@given(TEXT)
def test_plotly_text_holds_no_tag_and_reads_back_as_typed(text):
    shown = plotly_text(text)
    assert "<" not in shown and ">" not in shown and '"' not in shown and "'" not in shown
    assert html.unescape(shown) == " ".join(text.splitlines())


@FAST
@given(TEXT)
def test_file_slug_is_a_plain_file_name(text):
    slug = file_slug("surgery_pack", text, "2025-03")
    assert slug and set(slug) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    assert slug.startswith("surgery_pack") and len(slug) <= 80


def test_file_slug_of_a_team_name():
    assert file_slug("surgery_pack", "Hub 1 (East)", "2025-03") == "surgery_pack_Hub_1_East_2025-03"
    assert file_slug("../../etc/passwd") == "etc_passwd"


def test_md_table_escapes_every_cell_header_and_index_label_and_leaves_numbers():
    frame = pd.DataFrame({"Team": HOSTILE[:3], "Workers": [1, 2, None]}).set_index("Team")
    shown = md_table(frame)
    assert list(shown.index) == [md(t) for t in HOSTILE[:3]]
    assert shown["Workers"].tolist()[:2] == [1, 2]
    assert seen_table(shown).equals(frame)
    wide = md_table(pd.DataFrame({HOSTILE[0]: [HOSTILE[1]]}))
    assert list(wide.columns) == [md(HOSTILE[0])] and wide.iloc[0, 0] == md(HOSTILE[1])


GFM_AUTOLINK = re.compile(r"(?i)https?://|www(?=\.)|[-.\w+]@[-\w]")  # what GitHub-flavoured Markdown links


@FAST
@given(TEXT)
def test_md_leaves_no_bare_address_for_markdown_to_turn_into_a_link(text):
    rendered = re.sub(r"\\(.)", r"\1", md(text))  # the text node after escapes are read, joiners kept
    assert not GFM_AUTOLINK.search(rendered)
