"""Every batch ever loaded, and reverting or withdrawing one, for the History page."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from core.dates import month_label
from reference import dataset_specs
from store.read import reading
from store.view import StoreView
from views.wording import BATCH_STATUS_WORDS


def all_batches(engine: Engine, la_code: str) -> pd.DataFrame:
    with reading(engine) as conn:
        return StoreView(conn, la_code).batches(current_only=False)


def history_frame(batches: pd.DataFrame) -> pd.DataFrame:
    """One row per batch, newest first, in words: what, which month, status, who and when."""
    if batches.empty:
        return pd.DataFrame(columns=["Batch", "Dataset", "Month", "File", "Rows", "Status", "Loaded"])
    return pd.DataFrame(
        {
            "Batch": batches["id"].astype(int),
            "Dataset": batches["dataset"].map(lambda d: dataset_specs()[d].short_title),
            "Month": batches["reporting_month"].map(lambda m: month_label(m) if isinstance(m, str) else "Own periods"),
            "File": batches["file_name"],
            "Rows": batches["rows"].astype(int),
            "Extract date": batches["extract_date"].dt.strftime("%d/%m/%Y"),
            "Status": batches["status"].map(BATCH_STATUS_WORDS),
            "Loaded": [
                f"{_local(t)} by {who}" for t, who in zip(batches["loaded_at"], batches["loaded_by"], strict=True)
            ],
            "Status changed": [
                f"{_local(t)} by {who}" if pd.notna(t) else ""
                for t, who in zip(batches["status_changed_at"], batches["status_changed_by"], strict=True)
            ],
            "What changed": batches["change_summary"],
        }
    )


def dataset_choices(batches: pd.DataFrame) -> list[str]:
    return [d for d in dataset_specs() if d in set(batches["dataset"])]


def dataset_name(dataset: str) -> str:
    return dataset_specs()[dataset].short_title


def filtered(batches: pd.DataFrame, datasets: list[str], statuses: list[str]) -> pd.DataFrame:
    """Batches of the chosen datasets and statuses (an empty choice means all)."""
    keep = pd.Series(True, index=batches.index)
    if datasets:
        keep &= batches["dataset"].isin(datasets)
    if statuses:
        keep &= batches["status"].isin(statuses)
    return batches[keep]


def change_of(batches: pd.DataFrame, batch_id: int) -> str:
    return str(batches.set_index("id").loc[batch_id, "change_summary"]) or "not recorded"


def batch_label(batches: pd.DataFrame, batch_id: int) -> str:
    row = batches.set_index("id").loc[batch_id]
    month = month_label(row["reporting_month"]) if isinstance(row["reporting_month"], str) else "own periods"
    title = dataset_specs()[row["dataset"]].title
    return f"Batch {batch_id}: {title}, {month}, {row['file_name']} ({BATCH_STATUS_WORDS[row['status']].lower()})"


def revertible(batches: pd.DataFrame) -> list[int]:
    """Batches that can be made current again: every one not current now."""
    return [int(i) for i in batches.loc[batches["status"] != "current", "id"]]


def withdrawable(batches: pd.DataFrame) -> list[int]:
    return [int(i) for i in batches.loc[batches["status"] == "current", "id"]]


def _local(moment) -> str:
    return pd.Timestamp(moment).tz_convert("Europe/London").strftime("%d/%m/%Y %H:%M")
