"""What a load or revert changed, in words an analyst can check ("12 more allocation episodes closed").

Pure pandas on the data before and after the change inside the same transaction, so the sentence
describes exactly what was committed. Two blank cells are the same value: a file loaded again with
nothing different says "no change", however many optional cells it leaves blank.
"""

from __future__ import annotations

import pandas as pd

from reference import DatasetSpec

NO_CHANGE = "no change"


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.MultiIndex:
    if frame.empty:
        return pd.MultiIndex.from_tuples([], names=key)
    return pd.MultiIndex.from_frame(frame[key].astype(str))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _keyed(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.set_axis(_keys(frame, key)) if len(frame) else frame


def same_cells(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Cell by cell, True where both hold the same value or both are blank (NaN, NaT, None, <NA>)."""
    both_blank = left.isna() & right.isna()
    equal = left.astype(object).where(left.notna()).eq(right.astype(object).where(right.notna()))
    return both_blank | equal


def changed_records(before: pd.DataFrame, after: pd.DataFrame, key: list[str], columns: list[str]) -> int:
    """Records present before and after whose data columns differ (blank and blank are equal)."""
    old, new = _keyed(before, key), _keyed(after, key)
    if not len(old) or not len(new):
        return 0
    both = new.index.intersection(old.index)
    columns = [c for c in columns if c in old.columns and c in new.columns]
    same = same_cells(old.loc[both, columns].reset_index(drop=True), new.loc[both, columns].reset_index(drop=True))
    return int((~same.all(axis=1)).sum())


def _data_columns(spec: DatasetSpec) -> list[str]:
    return [c for c in spec.column_names if c not in spec.key]


def snapshot_change(before: pd.DataFrame, after: pd.DataFrame, spec: DatasetSpec) -> str:
    """Rows before and after for one month, and how many records were added or are no longer listed."""
    key = list(spec.key)
    old, new = _keys(before, key), _keys(after, key)
    added, gone = len(new.difference(old)), len(old.difference(new))
    changed = changed_records(before, after, key, _data_columns(spec))
    if before.empty:
        return _plural(len(after), "row")
    if not (added or gone or changed):
        return f"{_plural(len(after), 'row')}, {NO_CHANGE} to any record"
    return (
        f"{_plural(len(before), 'row')} before, {_plural(len(after), 'row')} now: "
        f"{_plural(added, 'record')} added, {_plural(gone, 'record')} no longer listed, {changed:,} changed"
    )


def episode_change(before: pd.DataFrame, after: pd.DataFrame, spec: DatasetSpec) -> str:
    """New records, and records reaching (or losing) a milestone such as an allocation closing."""
    key = list(spec.key)
    old, new = _keyed(before, key), _keyed(after, key)
    added = len(new.index.difference(old.index)) if len(new) else 0
    gone = len(old.index.difference(new.index)) if len(old) else 0
    changed = changed_records(before, after, key, _data_columns(spec))
    if len(old) and not (added or gone or changed):
        return f"{_plural(len(new), 'record')}, {NO_CHANGE} to any record"
    parts = [_plural(added, "new record")]
    if gone:
        parts.append(f"{_plural(gone, 'record')} no longer held (their only copy was taken out)")
    for column, one, many in spec.milestones:
        was = old[column].notna() if len(old) else new[column].notna().iloc[:0] if len(new) else pd.Series(dtype=bool)
        now = new[column].notna() if len(new) else was.iloc[:0]  # the same kind of index (every copy withdrawn)
        reached = int((now & ~was.reindex(now.index, fill_value=False)).sum())
        undone = int((was & ~now.reindex(was.index, fill_value=False)).sum()) if len(old) else 0
        if reached or len(old):
            parts.append(f"{reached:,} more {one if reached == 1 else many}")
        if undone:
            parts.append(f"{undone:,} no longer counted as {one if undone == 1 else many} (the date is now blank)")
    return "; ".join(parts)


def keyed_change(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """Aggregate values added, replaced and no longer present."""
    key = ["period", "indicator_code", "breakdown"]
    old = before.assign(breakdown=before["breakdown"].fillna("")) if len(before) else before
    new = after.assign(breakdown=after["breakdown"].fillna("")) if len(after) else after
    old_i, new_i = _keys(old, key), _keys(new, key)
    replaced = changed_records(old, new, key, ["numerator", "denominator"])
    added, gone = len(new_i.difference(old_i)), len(old_i.difference(new_i))
    if len(old) and not (added or gone or replaced):
        return f"{_plural(len(new), 'value')}, {NO_CHANGE} to any value"
    text = f"{_plural(added, 'value')} added, {replaced:,} changed"
    return text + (f", {gone:,} no longer present" if gone else "")
