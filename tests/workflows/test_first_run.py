"""The first run fills an empty store with the synthetic sample, once, all or nothing."""

import threading

import pytest

from store.batches import has_batches
from store.db import open_store
from workflows.first_run import SampleDataFailed, load_sample_data, sample_wanted, showing_sample_data

LA = "E06000039"


@pytest.fixture
def engine(tmp_path):
    return open_store(f"sqlite:///{tmp_path}/store.sqlite")


def test_an_empty_store_gets_the_sample_once_and_pages_are_told_it_is_synthetic(engine, monkeypatch):
    monkeypatch.setenv("CSC_SAMPLE_DATA", "auto")
    assert sample_wanted(engine, LA)
    steps = []
    loaded = load_sample_data(engine, LA, progress=lambda n, total, step: steps.append((n, total)), months=3)
    assert loaded >= 15  # five monthly datasets for three months, plus aggregate values
    assert steps[-1][0] == steps[-1][1] - 1 and showing_sample_data(engine, LA)
    assert not sample_wanted(engine, LA)
    assert load_sample_data(engine, LA, months=3) == 0  # never twice


def test_the_setting_can_start_with_an_empty_store(engine, monkeypatch):
    monkeypatch.setenv("CSC_SAMPLE_DATA", "off")
    assert not sample_wanted(engine, LA)


def test_a_first_run_that_fails_part_way_leaves_the_store_empty(engine, monkeypatch):
    import workflows.first_run as first_run

    real = first_run.generate

    def with_a_broken_last_file(**kwargs):
        files = real(**kwargs)
        broken = files[-1].__class__(**{**files[-1].__dict__, "data": b"not,a,file\n"})
        return [*files[:-1], broken]

    monkeypatch.setattr(first_run, "generate", with_a_broken_last_file)
    with pytest.raises(SampleDataFailed):
        load_sample_data(engine, LA, months=2)
    assert not has_batches(engine, LA)


def test_two_sessions_starting_together_load_the_sample_once(engine):
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(load_sample_data(engine, LA, months=2))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] == 0 and sorted(results)[1] > 0


def test_the_load_runs_in_the_background_once_per_process_whoever_is_watching(engine):
    from workflows.first_run import start_sample_load

    first = start_sample_load(engine, LA, months=2)
    assert start_sample_load(engine, LA, months=2) is first  # a second session watches the same load
    for thread in [t for t in threading.enumerate() if t.name == "first-run-sample"]:
        thread.join(timeout=900)  # the load's own thread: waited on, not polled against a clock
    assert first.finished and first.error is None
    assert first.done == first.total - 1 and showing_sample_data(engine, LA)
