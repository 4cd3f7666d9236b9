"""The first run: an empty store is filled with the synthetic sample authority, and every page says so.

A newcomer running the README's first command sees a full dashboard at once. The sample is generated
(sample_data/generator.py), checked by the same check_file an analyst's upload goes through, and
loaded in the order the files would have arrived, all in one transaction (an interrupted first run
leaves the store empty, to try again), recorded as loaded by SAMPLE_LOADER so History shows where it
came from. Figures are computed once at the end rather than after each file.
CSC_SAMPLE_DATA=off starts with an empty store instead (what a live deployment wants).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from ingest.check import check_file
from sample_data.generator import EXPECTED_WARNINGS, generate
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
        files = generate(**generator_args)
        files = [f for f in files if f.la_code == files[0].la_code]  # one authority, stored as ours
        total = len(files) + 1  # the last step computes the indicators

        def step(number: int) -> None:
            if progress:
                done = f"file {number} of {len(files)}" if number < len(files) else "computing every indicator"
                progress(number, total, done)

        return load_many(engine, (_checked(f, la_code) for f in files), SAMPLE_LOADER, la_code, RECOMPUTATIONS, step)


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
