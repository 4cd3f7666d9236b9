"""How stored batches become the data the indicators read (pure pandas, no SQL).

Snapshot datasets are complete per month: a month's rows are its current batch's rows. Episode
datasets accumulate: a record (identified by its key across months) takes each field from its copy in
the latest reporting month whose file had that column, so a later file can close an allocation or
complete an assessment, and a column a later file lacks does not blank earlier values. Point-in-time
fields are read from each month's own file. Keyed aggregate values take the latest activated batch.
"""

from __future__ import annotations

import pandas as pd

from reference import DatasetSpec

PROVENANCE = ["month", "extract_date", "batch_id", "row_number"]


def resolve_episodes(copies: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """One row per key: the latest known state of every episode record.

    `copies` holds every stored copy with the batch's `month`, `extract_date`, `batch_id`,
    `row_number` and `columns_present` (the columns that batch's file had, comma-separated). The result
    carries the provenance of the latest copy, `first_month` (the month the record first appeared) and
    `columns_present`: the columns any of its copies' files had, so an optional column that no file
    for the record carried reads as "not recorded" (a gap), not as blank dates.
    """
    key = list(spec.key)
    out_columns = [*spec.column_names, *PROVENANCE, "first_month", "columns_present"]
    if copies.empty:
        return pd.DataFrame(columns=out_columns)
    ordered = copies.sort_values(["month", "batch_id", "row_number"])
    latest = ordered.drop_duplicates(key, keep="last").set_index(key)
    first = ordered.drop_duplicates(key, keep="first").set_index(key)["month"].rename("first_month")
    result = latest[[c for c in spec.column_names if c not in key] + PROVENANCE].copy()
    present = ordered.drop_duplicates("batch_id").set_index("batch_id")["columns_present"].str.split(",")
    record_columns = pd.Series(",".join(c for c in spec.column_names if spec.column(c).required), index=result.index)
    for column in spec.column_names:
        if column in key:
            continue
        lacking = [batch for batch, columns in present.items() if column not in columns]
        if not lacking:
            if not spec.column(column).required:
                record_columns = record_columns + f",{column}"
            continue
        had = ~ordered["batch_id"].isin(lacking)
        carried = ordered[had].drop_duplicates(key, keep="last").set_index(key)[column]
        result[column] = carried.reindex(result.index).astype(ordered[column].dtype)
        if not spec.column(column).required:
            any_copy = had.groupby([ordered[k] for k in key]).any().reindex(result.index, fill_value=False)
            record_columns = record_columns + any_copy.map({True: f",{column}", False: ""})
    result["columns_present"] = record_columns
    return result.join(first).reset_index()[out_columns]


def monthly_rows(copies: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """Each month's own rows; for episode datasets, episode fields come from the resolved record."""
    columns = [*spec.column_names, *PROVENANCE]
    if copies.empty:
        return pd.DataFrame(columns=columns)
    own = copies.sort_values(["month", "row_number"])[columns].reset_index(drop=True)
    if spec.kind != "episode":
        return own
    key = list(spec.key)
    carried = [c for c in spec.column_names if c not in key and c not in spec.point_in_time]
    resolved = resolve_episodes(copies, spec).set_index(key)[carried]
    merged = own.drop(columns=carried).join(resolved, on=key)
    return merged[columns]


def latest_keyed_values(copies: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """indicator_values: per (period, indicator_code, breakdown) the row of the latest activated batch."""
    columns = [*spec.column_names, "batch_id", "row_number"]
    if copies.empty:
        return pd.DataFrame(columns=columns)
    keyed = copies.assign(_breakdown=copies["breakdown"].fillna(""))
    ordered = keyed.sort_values(["activated_at", "batch_id", "row_number"])
    latest = ordered.drop_duplicates(["period", "indicator_code", "_breakdown"], keep="last")
    return latest.sort_values(["period", "indicator_code", "_breakdown"])[columns].reset_index(drop=True)
