"""Blank templates and data dictionaries, generated from the same declarations the checks use."""

from __future__ import annotations

import pandas as pd

from ingest.issues import csv_download
from ingest.parse import DATE_FORMAT_HELP, MONTH_FORMAT_HELP
from ingest.schemas import bounds_text
from reference import ColumnSpec, code_list, dataset_specs

TYPE_WORDS = {
    "id": "Identifier (text; pseudonymous, never a name)",
    "text": "Text",
    "code": "Code from a list",
    "date": f"Date ({DATE_FORMAT_HELP[4:]}; ISO 2025-03-31 also read)",
    "flag": "Yes/no (Y or N; Yes/No, True/False, 1/0 also read)",
    "integer": "Whole number",
    "decimal": "Number",
    "month": f"Month ({MONTH_FORMAT_HELP[4:]})",
}


def template_csv(dataset: str) -> bytes:
    """A blank file with the dataset's headers in contract order, ready for Excel (UTF-8 with BOM)."""
    spec = dataset_specs()[dataset]
    return csv_download(pd.DataFrame(columns=list(spec.column_names)))


def allowed_values(column: ColumnSpec) -> str:
    if column.codes:
        return "; ".join(f"{c.code} = {c.meaning}" for c in code_list(column.codes))
    parts = [bounds_text(column)] if bounds_text(column) else []
    if column.true_words:
        parts.append(
            f"also {' or '.join(w.upper() for w in column.true_words)} = yes, "
            f"{' or '.join(w.upper() for w in column.false_words)} = no"
        )
    return ", ".join(parts)


def data_dictionary(dataset: str) -> pd.DataFrame:
    """One row per column: what it holds, its type, whether required, allowed values and aliases."""
    spec = dataset_specs()[dataset]
    rows = [
        {
            "Column": c.name,
            "Description": c.description,
            "Type": TYPE_WORDS[c.type],
            "Column required": "Yes" if c.required else "No (optional column)",
            "Blank allowed": "Yes" if c.nullable else "No",
            "Allowed values": allowed_values(c),
            "Example": c.example,
            "Also recognised as": ", ".join(c.aliases),
            "Part of the key": "Yes" if c.name in spec.key else "",
        }
        for c in spec.columns
    ]
    return pd.DataFrame(rows)
