"""The first run: an empty store is filled with the synthetic sample authority, and every page says so.

A newcomer running the README's first command sees a full dashboard at once. The sample is generated
(sample_data/generator.py), checked by the same check_file an analyst's upload goes through, and
loaded in the order the files would have arrived, all in one transaction (an interrupted first run
leaves the store empty, to try again), recorded as loaded by SAMPLE_LOADER so History shows where it
came from. Figures are computed once at the end rather than after each file.

The sample also writes the authority's own returns for the same children (sample_data/returns.py): each
month's Annex A workbook and SSDA903 tables, the CIN census each March; the first run loads the last
RETURNS_MONTHS of them (a year of help-and-protection figures). They go through the same
checks as a return loaded on the Check page (ingest.standard.check), and the first run stores from them
what the six contract files do not carry (contacts, referrals, assessments, section 47 enquiries, CP
plans and visits, CIN plans, CLA reviews, child characteristics), so the Help and protection page is
filled; the placements, care leavers, allocations and workforce they also give are the contract files'.
CSC_SAMPLE_DATA=off starts with an empty store instead (what a live deployment wants).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from ingest.check import check_file
from ingest.standard.check import check_standard_files
from reference import dataset_specs
from sample_data.generator import EXPECTED_WARNINGS, ReturnFile, generate
from settings import setting
from store.batches import Upload, current_batches_loaded_by, has_batches, load_many
from store.db import exclusive
from workflows.jobs import RECOMPUTATIONS

SAMPLE_LOADER = "sample data generator (synthetic)"


class SampleDataFailed(Exception):
    """A generated file did not pass the checks: a bug in the generator, never a user's problem."""


def sample_wanted(engine: Engine, la_code: str) -> bool:
    """True when the setting allows it and nothing was ever loaded for this authority."""
    return setting("CSC_SAMPLE_DATA").strip().lower() != "off" and not has_batches(engine, la_code)


def load_sample_data(
    engine: Engine, la_code: str, progress: Callable[[int, int, str], None] | None = None, **generator_args
) -> int:
    """Load the generated sample authority if the store is still empty; returns batches loaded.

    Serialised (store.db.exclusive), and the emptiness is checked again under the lock, so two
    sessions or replicas starting at once load it once.
    """
    with exclusive(engine, f"sample-data:{la_code}"):
        if has_batches(engine, la_code):
            return 0
        files = generate(**({"returns": True, "returns_months": RETURNS_MONTHS} | generator_args))
        files = [f for f in files if f.la_code == files[0].la_code]  # one authority, stored as ours
        returns = _returns_by_month([f for f in files if isinstance(f, ReturnFile)])
        files = [f for f in files if not isinstance(f, ReturnFile)]
        total = len(files) + len(returns) + 1  # the last step computes the indicators

        def step(number: int) -> None:
            if progress:
                done = f"file {number} of {total - 1}" if number < total - 1 else "computing every indicator"
                progress(number, total, done)

        def uploads():
            for number, file in enumerate(files, start=1):
                yield _checked(file, la_code)
                step(number)
            for number, (month, group) in enumerate(returns.items(), start=len(files) + 1):
                yield from _checked_returns(month, group, la_code)
                step(number)

        return load_many(engine, uploads(), SAMPLE_LOADER, la_code, RECOMPUTATIONS)


def _checked(sample, la_code: str) -> Upload:
    """A generated file through the same check an upload gets; a failure is a generator bug."""
    result = check_file(sample.name, sample.data, dataset=sample.dataset, month=sample.month)
    if not result.ready or {w.rule for w in result.warnings} - EXPECTED_WARNINGS:
        problems = [i.message for i in result.issues][:3]
        raise SampleDataFailed(f"{sample.name} did not pass the checks: {problems}")
    present = tuple(m.column for m in result.header_matches if m.column)
    return Upload(
        la_code, sample.dataset, sample.month, sample.extract_date, sample.name, result.sha256, result.frame, present
    )


# A year of returns: the Help and protection page's figures for the sample's last 12 months (each month's
# returns take about as long to check and store as all six contract files, so all 36 would triple the
# first run's time).
RETURNS_MONTHS = 12
# What the first run stores from the returns: the datasets only they carry. The CIN census gives only its
# CIN plans: the month's Annex A lists already give its referrals, assessments, enquiries and plans.
FROM_RETURNS = frozenset(name for name, spec in dataset_specs().items() if spec.from_returns)
FROM_CIN_CENSUS = frozenset({"cin_plans", "child_characteristics"})


def _returns_by_month(files: list[ReturnFile]) -> dict[str, list[ReturnFile]]:
    """Each month's Annex A workbook, SSDA903 tables and CIN census, checked together (the CSWW census's
    workforce is the contract file's)."""
    months: dict[str, list[ReturnFile]] = {}
    for file in files:
        if file.dataset != "csww_census":
            months.setdefault(file.month, []).append(file)
    return months


def _checked_returns(month: str, files: list[ReturnFile], la_code: str) -> list[Upload]:
    """A month's returns through the Check page's checks; a problem or warning is a generator bug."""
    results = check_standard_files([(f.name, f.data) for f in files], month)
    census = {f.name for f in files if f.dataset == "cin_census"}
    extract = max(f.extract_date for f in files)
    uploads = []
    for result in results:
        if not result.ready or result.warnings:
            same = [r for r in results if r.file_name == result.file_name]
            problems = [i.message for r in same for i in r.issues][:3]
            raise SampleDataFailed(f"{result.file_name} did not pass the checks: {problems}")
        if result.dataset not in FROM_RETURNS or (result.file_name in census and result.dataset not in FROM_CIN_CENSUS):
            continue
        present = tuple(m.column for m in result.header_matches if m.column)
        uploads.append(
            Upload(la_code, result.dataset, month, extract, result.file_name, result.sha256, result.frame, present)
        )
    return uploads


@dataclass
class SampleLoad:
    """Progress of the first-run load, shared by every session of this process."""

    done: int = 0
    total: int = 1
    step: str = "starting"
    finished: bool = False
    error: str | None = None


_LOADS: dict[str, SampleLoad] = {}
_STARTING = threading.Lock()


def start_sample_load(engine: Engine, la_code: str, **generator_args) -> SampleLoad:
    """Start the first-run load in a background thread (once per process) and return its progress.

    A session only watches: if the person closes the tab or moves to another page, the load carries
    on, instead of being stopped half way (and rolled back) with their script run.
    """
    key = f"{engine.url}|{la_code}"
    with _STARTING:
        if key in _LOADS and not _LOADS[key].error:
            return _LOADS[key]
        state = _LOADS[key] = SampleLoad()

    def progress(done: int, total: int, step: str) -> None:
        state.done, state.total, state.step = done, total, step

    def run() -> None:
        try:
            load_sample_data(engine, la_code, progress, **generator_args)
        except Exception as err:
            state.error = f"{type(err).__name__}: {err}"
        finally:
            state.finished = True

    threading.Thread(target=run, name="first-run-sample", daemon=True).start()
    return state


def showing_sample_data(engine: Engine, la_code: str) -> bool:
    """Whether any figure on screen comes from the synthetic sample (a sample batch is still current)."""
    return current_batches_loaded_by(engine, la_code, SAMPLE_LOADER) > 0
