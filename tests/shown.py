"""What a reader sees of text the app escaped for Markdown (core.text.md): AppTest reports the Markdown
source, so a test that checks the words on screen reads them through `seen`."""

import re

import pandas as pd

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation, as CommonMark reads it


def seen(text: str) -> str:
    """'Hub\\-1 \\(East\\)' -> 'Hub-1 (East)'."""
    return _ESCAPE.sub(r"\1", text).replace("\u2060", "")  # core.text.JOINER, invisible on screen


def seen_table(frame: pd.DataFrame) -> pd.DataFrame:
    """An st.table's value (every text cell, header and index label escaped) as it reads on screen."""
    shown = frame.copy()
    for column in shown.columns:
        shown[column] = shown[column].map(lambda v: seen(v) if isinstance(v, str) else v)
    shown.columns = [seen(c) if isinstance(c, str) else c for c in shown.columns]
    shown.index = shown.index.map(lambda v: seen(v) if isinstance(v, str) else v)
    shown.index.names = [seen(n) if isinstance(n, str) else n for n in frame.index.names]
    return shown
