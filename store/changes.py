"""What a load or revert changed, in words an analyst can check ("12 more allocation episodes closed").

Pure pandas on the data before and after the change inside the same transaction, so the sentence
describes exactly what was committed.
"""

from __future__ import annotations

import pandas as pd

from reference import DatasetSpec


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.MultiIndex:
    if frame.empty:
        return pd.MultiIndex.from_tuples([], names=key)
    return pd.MultiIndex.from_frame(frame[key].astype(str))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def snapshot_change(before: pd.DataFrame, after: pd.DataFrame, spec: DatasetSpec) -> str:
    """Rows before and after for one month, and how many records were added or are no longer listed."""
    key = list(spec.key)
    old, new = _keys(before, key), _keys(after, key)
    added, gone = len(new.difference(old)), len(old.difference(new))
    changed = 0
    if len(old) and len(new):
        both = new.intersection(old)
        left = before.set_index(key).set_axis(old)[list(c for c in spec.column_names if c not in key)]
        right = after.set_index(key).set_axis(new)[left.columns]
        left, right = left.loc[both].astype(str), right.loc[both].astype(str)
        changed = int((left != right).any(axis=1).sum())
    if before.empty:
        return _plural(len(after), "row")
    return (
        f"{_plural(len(before), 'row')} before, {_plural(len(after), 'row')} now: "
        f"{_plural(added, 'record')} added, {_plural(gone, 'record')} no longer listed, {changed:,} changed"
    )


def episode_change(before: pd.DataFrame, after: pd.DataFrame, spec: DatasetSpec) -> str:
    """New records, and records reaching (or losing) a milestone such as an allocation closing."""
    key = list(spec.key)
    old = before.set_index(key).set_axis(_keys(before, key)) if len(before) else before
    new = after.set_index(key).set_axis(_keys(after, key)) if len(after) else after
    added = len(new.index.difference(old.index)) if len(new) else 0
    gone = len(old.index.difference(new.index)) if len(old) else 0
    parts = [f"{_plural(added, 'new record')}"]
    if gone:
        parts.append(f"{_plural(gone, 'record')} no longer held (their only copy was taken out)")
    for column, words in spec.milestones:
        was = old[column].notna() if len(old) else pd.Series(dtype=bool)
        now = new[column].notna() if len(new) else pd.Series(dtype=bool)
        reached = int((now & ~was.reindex(now.index, fill_value=False)).sum())
        undone = int((was & ~now.reindex(was.index, fill_value=False)).sum()) if len(old) else 0
        if reached or len(old):
            parts.append(f"{reached:,} more {words}")
        if undone:
            parts.append(f"{undone:,} no longer counted as {words} (the date is now blank)")
    return "; ".join(parts)


def keyed_change(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """Aggregate values added, replaced and no longer present."""
    key = ["period", "indicator_code", "breakdown"]
    old = before.assign(breakdown=before["breakdown"].fillna("")) if len(before) else before
    new = after.assign(breakdown=after["breakdown"].fillna("")) if len(after) else after
    old_i, new_i = _keys(old, key), _keys(new, key)
    both = new_i.intersection(old_i)
    replaced = 0
    if len(both):
        left = old.set_axis(old_i).loc[both, ["numerator", "denominator"]].astype(float)
        right = new.set_axis(new_i).loc[both, ["numerator", "denominator"]].astype(float)
        replaced = int((left != right).any(axis=1).sum())
    added, gone = len(new_i.difference(old_i)), len(old_i.difference(new_i))
    text = f"{_plural(added, 'value')} added, {replaced:,} changed"
    return text + (f", {gone:,} no longer present" if gone else "")
