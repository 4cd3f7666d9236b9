"""A seeded, deterministic synthetic authority the size of Slough, as the monthly files its analysts receive.

    .venv/bin/python -m sample_data.generator --out DIR [--months 36] [--start 2023-04] [--scale 1.0]
        [--authorities 1] [--seed 2026] [--broken] [--returns]

`generate()` returns the files in the order they would arrive (by extract date, then dataset in
contract order), so loading them in that order replays the period. The same seed gives byte-identical
files. Authority 1 is E06000039 (Slough); further authorities get other real English codes and their
own seeds. `scale` multiplies children and workers.

The story, calibrated to the DfE figures for Slough and the themes of Ofsted's inspection (levels in
sample_data/story.py): caseloads about 17 per case-holding FTE, a quarter to a third of assessment-hub
workers above 20; agency staff falling from about a third of FTE to a fifth; permanent turnover in the
20s per cent a year; so many children (about 40%, slowly falling) have 3 or more social workers in 12
months, helped by the many transfer points (duty worker, assessing hub, family support and protection
team, children in care team, the 16+ team). Initial health assessments are often late, worse for
children placed outside the authority, improving over the period. About a third of children in care
are placed more than 20 miles from home at the start, about a quarter by the end. Care leavers aged
19-21 in education, employment or training rise from about 40% to the mid 50s; every month a few
care leavers aged 18+ are in bed and breakfast.

The re-organisation: half way through the period (October 2024 for the default 36 months from April
2023), "Assessment Hub 1" and "Assessment Hub 2" become "Front Door Hub North" and "Front Door Hub
South" (same workers and children, new names in the workforce and allocations files). The HR
system changes at the same time, so the workforce files change encoding, headers, date style and name.

Deliberate oddities: one month's placements and health assessments files are extracted weeks late;
one month's first allocations extract lacks the 16+ team's rows and is followed a week later by a
corrected re-extract (two files for the same dataset and month); each month about 3% of workers'
stated caseloads differ from their allocations by 1 to 3; the health assessments export lacks the
optional IHA request date column for the first three months. The first allocations file also carries
the 12 months of ended episodes before it, so "3+ social workers in 12 months" can be counted from
the first month. File shapes (encodings, delimiters, headers, names) are in sample_data/exports.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from core.dates import shift_month
from reference import dataset_specs
from sample_data import story
from sample_data.aggregates import indicator_rows
from sample_data.broken import broken_files
from sample_data.exports import INDICATOR_BACKFILL, INDICATOR_QUARTERLY, cells, file_name, render, shape_for
from sample_data.files import BrokenFile, SampleFile
from sample_data.returns import ReturnFile, Returns, return_files
from sample_data.simulation import Draws, World, date_of, month_last_day, simulate
from sample_data.snapshots import Snapshots, new_ids

__all__ = ["BrokenFile", "ReturnFile", "SampleFile", "broken_files", "generate", "write"]

MONTHLY = ("workforce", "allocations", "health_assessments", "placements", "care_leavers")
# Working days after month end that each extract is usually taken.
EXTRACT_AFTER = {"workforce": 4, "allocations": 2, "health_assessments": 3, "placements": 3, "care_leavers": 5}
INDICATOR_EXTRACT_AFTER = 8
RETURNS_EXTRACT_AFTER = 6  # the performance team runs its returns a little after the monthly extracts
BACKFILL_MONTHS = 12
DATASET_ORDER = {name: i for i, name in enumerate(dataset_specs())}
LEAVING_CARE_TEAM_NAME = next(t.name for t in story.TEAMS if t.key == story.LEAVING_CARE_TEAM)


def generate(
    seed: int = 2026,
    start: str = "2023-04",
    months: int = 36,
    scale: float = 1.0,
    authorities: int = 1,
    returns: bool = False,
    returns_months: int | None = None,
) -> list[SampleFile]:
    """Every file of `authorities` synthetic authorities over `months` reporting months, in arrival order.

    With `returns`, also the authority's own returns for the same children (sample_data/returns.py):
    each month's Annex A workbook and SSDA903 tables, the CIN census each March and the CSWW census
    each September, as ReturnFile (their `dataset` is the kind of return); `returns_months`: only
    for that many last months (all months when None).
    """
    if months < 1 or scale <= 0 or authorities < 1:
        raise ValueError("months and authorities must be at least 1 and scale more than 0")
    if authorities > len(story.LA_CODES):
        raise ValueError(f"at most {len(story.LA_CODES)} authorities")
    keyed = []
    for index in range(authorities):
        written = 0 if not returns else months if returns_months is None else min(returns_months, months)
        for file in _authority_files(seed, index, story.LA_CODES[index], start, months, scale, written):
            order = DATASET_ORDER.get(file.dataset, len(DATASET_ORDER))
            keyed.append(((file.extract_date, order, index, file.month or "", file.name), file))
    return [file for _, file in sorted(keyed, key=lambda pair: pair[0])]


def _authority_files(
    seed: int, index: int, la_code: str, start: str, months: int, scale: float, returns: int = 0
) -> list[SampleFile]:
    """The authority's files; `returns`: how many last months also get the council's returns."""
    seeds = np.random.SeedSequence([seed, index]).spawn(6)  # spawned children do not depend on how many
    world_seed, id_seed, snapshot_seed, extract_seed, aggregate_seed, returns_seed = seeds
    world = simulate(world_seed, la_code, start, months, scale)
    ids = np.random.default_rng(id_seed)
    child_ids = new_ids(ids, "C", len(world.child_dob), 6)
    worker_ids = new_ids(ids, "W", len(world.w_team), 4)
    reorganised = shift_month(start, round(story.REORGANISATION_AT * months))
    snapshots = Snapshots(world, child_ids, worker_ids, Draws(np.random.default_rng(snapshot_seed)), reorganised, scale)
    timing = Draws(np.random.default_rng(extract_seed))
    late = round(story.LATE_DATA_AT * months)
    superseded = round(story.SUPERSEDED_AT * months)
    files: list[SampleFile] = []
    tables: dict[tuple[str, str], dict] = {}  # (dataset, month) -> the table its (last) file was written from
    for i, month in enumerate(world.months):
        for dataset in MONTHLY:
            after = EXTRACT_AFTER[dataset] + timing.between(-1, 1)
            note = ""
            if i == late and dataset in ("health_assessments", "placements"):
                after += story.LATE_BY_WORKING_DAYS
                note = (
                    f"late data: extracted about {round(story.LATE_BY_WORKING_DAYS / 5)} weeks after the usual date "
                    "(the case-management system was down for an upgrade)"
                )
            extract = _working_day_after(world, month, after)
            if dataset == "allocations" and i == superseded:
                files.append(
                    _monthly_file(
                        world,
                        snapshots,
                        dataset,
                        i,
                        month,
                        extract,
                        "first extract, incomplete (the 16+ and Leaving Care team's allocations are missing); "
                        "superseded by a corrected re-extract",
                        without_team=LEAVING_CARE_TEAM_NAME,
                    )
                )
                extract = _working_day_after(world, month, after + story.REEXTRACT_AFTER_WORKING_DAYS)
                note = "corrected re-extract, complete; replaces the incomplete first extract of this month"
            again = dataset == "allocations" and i == superseded
            files.append(
                _monthly_file(world, snapshots, dataset, i, month, extract, note, corrected=again, kept=tables)
            )
    files += _indicator_files(world, np.random.default_rng(aggregate_seed), scale, reorganised)
    if returns:
        drawn = Returns(world, child_ids, returns_seed, reorganised, scale)
        extracts = {month: date_of(_working_day_after(world, month, RETURNS_EXTRACT_AFTER)) for month in world.months}
        files += return_files(drawn, world.months[-returns:], tables, extracts)
    return files


def _working_day_after(world: World, month: str, count: int) -> int:
    return int(world.workdays.after(np.asarray([month_last_day(month)]), np.asarray([count]))[0])


def _monthly_file(
    world: World,
    snapshots: Snapshots,
    dataset: str,
    index: int,
    month: str,
    extract: int,
    note: str,
    without_team: str | None = None,
    corrected: bool = False,
    kept: dict | None = None,
) -> SampleFile:
    if dataset == "workforce":
        table = snapshots.workforce(month, extract)
    elif dataset == "allocations":
        table = snapshots.allocations(month, extract, history=index == 0, without_team=without_team)
    elif dataset == "health_assessments":
        table = snapshots.health_assessments(month, extract)
    elif dataset == "placements":
        table = snapshots.placements(month)
    else:
        table = snapshots.care_leavers(month)
    if kept is not None:
        kept[(dataset, month)] = table
    shape = shape_for(dataset, index, len(world.months))
    extract_date = date_of(extract)
    name = file_name(shape, month, extract_date)
    if corrected and not shape.extract_in_name:  # the re-extract's name must differ from the first one's
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem} corrected{dot}{suffix}"
    return SampleFile(
        name, render(cells(table, dataset, shape), shape), dataset, month, world.la_code, extract_date, note
    )


def _indicator_files(world: World, rng: np.random.Generator, scale: float, reorganised: str) -> list[SampleFile]:
    """A back-fill of the first year, then one file a quarter, each sent a week or two after it ends."""
    rows = indicator_rows(world, rng, scale, reorganised)
    months = world.months
    chunks = [months[:BACKFILL_MONTHS]] + [months[i : i + 3] for i in range(BACKFILL_MONTHS, len(months), 3)]
    files = []
    for number, chunk in enumerate(chunks):
        chosen = [row for row in rows if chunk[0] <= row["period"] <= chunk[-1]]
        extract = date_of(_working_day_after(world, chunk[-1], INDICATOR_EXTRACT_AFTER))
        if number == 0:
            shape = INDICATOR_BACKFILL
            name = file_name(shape, chunk[-1], extract, first=chunk[0], last=chunk[-1])
            if len(chunk) == 1:  # a name with one month in it would read as a reporting month
                name = f"indicator_values_backfill_extract_{extract.isoformat()}.csv"
            note = f"back-fill of {len(chunk)} months"
        else:
            shape = INDICATOR_QUARTERLY
            year, month = int(chunk[0][:4]), int(chunk[0][5:7])
            fy = year if month >= 4 else year - 1
            quarter = (month - 4) % 12 // 3 + 1
            name = file_name(shape, chunk[-1], extract, quarter=str(quarter), fy=f"{fy}-{(fy + 1) % 100:02d}")
            chosen = [{**row, "period": _month_abbreviated(row["period"])} for row in chosen]
            note = f"quarterly return, {len(chunk)} months"
        table = {column: [row[column] for row in chosen] for column, _ in shape.headers}
        data = render(cells(table, "indicator_values", shape), shape)
        files.append(SampleFile(name, data, "indicator_values", None, world.la_code, extract, note))
    return files


# The one warning the sample earns on purpose: its quarterly returns give months as Excel shows them
# ('Apr-24'), which the Check page reads as 20YY and names in a warning with the rows counted.
EXPECTED_WARNINGS = frozenset({"two_digit_year"})


def _month_abbreviated(month: str) -> str:
    """'2024-07' as 'Jul-24', as Excel shows a month."""
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(month[5:7]) - 1]}-{month[2:4]}"


def write(files: list[SampleFile], out_dir: Path) -> list[Path]:
    """Write files under out_dir/<la_code>/ (broken files under out_dir/<la_code>/broken/, the council's
    returns under out_dir/<la_code>/returns/<month>/, one folder per month to load at once)."""
    paths = []
    for file in files:
        folder = Path(out_dir) / file.la_code
        if isinstance(file, BrokenFile):
            folder = folder / "broken"
        elif isinstance(file, ReturnFile):
            folder = folder / "returns" / str(file.month)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file.name
        path.write_bytes(file.data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generator", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files under")
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--start", default="2023-04", help="first reporting month, YYYY-MM")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies children and workers")
    parser.add_argument("--authorities", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--broken", action="store_true", help="also write the deliberately broken files")
    parser.add_argument(
        "--returns", action="store_true", help="also write the Annex A, SSDA903, CIN and CSWW census returns"
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    files = generate(args.seed, args.start, args.months, args.scale, args.authorities, returns=args.returns)
    if args.broken:
        files = files + list(broken_files(args.seed))
    paths = write(files, args.out)
    size = sum(len(f.data) for f in files)
    print(
        f"{len(paths)} files ({size / 2**20:,.1f} MB) written under {args.out} in {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
