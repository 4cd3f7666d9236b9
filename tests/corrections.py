"""Late, corrected extracts for tests that need data to change the real way (a new file loaded)."""

import csv
import io

from sample_data.generator import generate

DISTANCE = "Distance from Home"


def corrected_placements(
    month: str = "2024-06", children: int = 1, months: int = 15, scale: float = 1.0
) -> tuple[str, bytes]:
    """The sample's placements file for `month` (15-month sample unless `months` and `scale` say otherwise)
    re-extracted with the first `children` placed over 20 miles now recorded at 3.3 miles."""
    chosen = generate(months=months, scale=scale)
    original = next(f for f in chosen if f.dataset == "placements" and f.month == month)
    rows = list(csv.reader(io.StringIO(original.data.decode("utf-8-sig"))))
    column = rows[0].index(DISTANCE)
    for row in [row for row in rows[1:] if row[column] and float(row[column]) > 20][:children]:
        row[column] = "3.3"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return f"placements_{month}_extract_2024-07-10.csv", "\ufeff".encode() + out.getvalue().encode()
