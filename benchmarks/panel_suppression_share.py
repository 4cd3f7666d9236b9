"""How much of the panel is hidden (issue 17): the share of panel cells shown as `c`, over 24 monthly
meetings, each month signed off at its meeting, for the sample authority and one a fifth of its size, at
thresholds 5 and 10, under two quarter rules:

    coarse   a quarter only beside three months shown in full (metrics.panel_disclosure.quarters_of)
    checked  a quarter also beside hidden or withheld months where metrics.panel_reader finds every hidden
             count of those months protected (metrics.panel_disclosure.panel_quarters, what the panel does)

One walk of the meetings gives both: months, sign-offs and the other columns do not depend on the
quarter rule. Cells are the month, quarter, year-earlier and last-panel columns of every panel row that hold a figure
("no figure", "not signed off yet" and "no cases" are left out). "withheld" is a month or year-earlier
cell showing its rate without "(x of y)". Prints one line per authority, threshold and rule.

    python benchmarks/panel_suppression_share.py            # 24 meetings (several minutes)
    python benchmarks/panel_suppression_share.py --months 12 --authority sample --threshold 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AUTHORITIES = {"sample": 1.0, "small": 0.2}  # small: a fifth of the sample
QUARTER = "Quarter (3 months pooled)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--authority", choices=list(AUTHORITIES), action="append", help="default: both")
    parser.add_argument("--threshold", type=int, action="append", help="default: 5 and 10")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="panel_share_"))
    try:
        for name in args.authority or list(AUTHORITIES):
            scale = AUTHORITIES[name]
            built = folder / f"{scale}.sqlite"
            _with_store(built, lambda s=scale: _build(s, args.months))
            for threshold in args.threshold or (5, 10):
                path = folder / "run.sqlite"
                shutil.copyfile(built, path)
                os.environ["CSC_SUPPRESSION_THRESHOLD"] = str(threshold)
                counts = _with_store(path, _meetings)
                for rule in ("coarse", "checked"):
                    print(_line(name, threshold, rule, counts[rule]), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _with_store(path: Path, run):
    from workflows import store

    os.environ["CSC_STORE_PATH"] = str(path)
    try:
        return run()
    finally:
        store().dispose()


def _build(scale: float, months: int) -> None:
    from workflows import la_code, store
    from workflows.first_run import load_sample_data

    load_sample_data(store(), la_code(), months=months, scale=scale, returns=False)  # the panel reads no returns


def _meetings() -> dict[str, dict[str, int]]:
    """Every meeting's panel, signed off after it is read: the counts of cells by kind under each rule.
    Months, sign-offs and the other columns do not depend on the quarter rule, so one walk gives both:
    under the coarse rule a quarter is hidden unless its three months are shown in full."""
    from core.dates import month_label
    from tests.roles import ANALYST
    from views.panel import panel_view, quarter_of
    from views.themes import months_in, read_figures
    from workflows import la_code, store
    from workflows.sign_off import sign_off_month

    kinds = ("cells", "hidden", "withheld", "quarters", "quarters hidden")
    counts = {rule: dict.fromkeys(kinds, 0) for rule in ("coarse", "checked")}
    data = read_figures(store(), la_code())
    for month in months_in(data.figures):
        view = panel_view(store(), la_code(), data, month)
        three = list(quarter_of(month))
        for _, items in view.priorities:
            for item, cells in zip(items, view.table(items).to_dict("records") if items else [], strict=True):
                _count(counts["checked"], cells, month_label(month))
                shown = item.months.reindex(three)["state"]
                if item.indicator.unit != "count" and not (shown == "shown").all():
                    cells = {**cells, QUARTER: "c" if cells[QUARTER] != "no figure" else "no figure"}
                _count(counts["coarse"], cells, month_label(month))
        assert sign_off_month(store(), la_code(), month, f"Panel, {month_label(month)}", ANALYST)[0]
    return counts


def _count(counts: dict[str, int], cells: dict, this_month: str) -> None:
    for column in (this_month, QUARTER, "A year earlier", "Last panel"):
        text = str(cells[column])
        first = text.split(",")[0].split(" (")[0].strip()
        if not (first == "c" or first[:1].isdigit()):
            continue  # no figure, not signed off yet, no cases
        counts["cells"] += 1
        counts["hidden"] += first == "c"
        counts["withheld"] += column in (this_month, "A year earlier") and first != "c" and " of " not in text
        if column == QUARTER:
            counts["quarters"] += 1
            counts["quarters hidden"] += first == "c"


def _line(name: str, threshold: int, rule: str, counts: dict[str, int]) -> str:
    share = counts["hidden"] / counts["cells"] if counts["cells"] else 0
    quarters = counts["quarters hidden"] / counts["quarters"] if counts["quarters"] else 0
    return (
        f"{name:12} t{threshold:<3} {rule:8} cells {counts['cells']:5}  hidden {share:6.1%}  "
        f"withheld (rate only) {counts['withheld'] / max(counts['cells'], 1):6.1%}  "
        f"quarters hidden {quarters:6.1%} of {counts['quarters']}"
    )


if __name__ == "__main__":
    main()
