"""Every test runs against a throwaway, empty store, never the developer's own data.

Set before any test module imports the app: pages, AppTest runs and the browser tests' Streamlit
server (which inherits the environment) all use a SQLite file in a fresh temporary folder, and a
DATABASE_URL in the developer's shell is ignored.
"""

import os
import tempfile

os.environ.pop("DATABASE_URL", None)
os.environ["CSC_SAMPLE_DATA"] = "off"  # tests that want the first-run sample load it themselves
os.environ["CSC_STORE_PATH"] = os.path.join(tempfile.mkdtemp(prefix="csc-test-store-"), "store.sqlite")


import shutil
import time
from pathlib import Path

import pytest
from filelock import FileLock

SAMPLE_MONTHS = 15  # April 2023 to June 2024: enough for a year-ago comparison and 12-point SPC limits


def shared_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this run sees (the run's base temp folder), or this
    process's own when the tests run in one process."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(path)` run by the first worker to ask, under a lock; the others wait for the lock and
    reuse the file. Marked done only once complete, so a worker never copies a half-built store."""
    folder = shared_folder(tmp_path_factory) / name
    folder.mkdir(exist_ok=True)
    path, done = folder / "store.sqlite", folder / "done"
    with FileLock(str(folder / "lock")):
        if not done.exists():
            path.unlink(missing_ok=True)
            build(path)
            done.touch()
    return path


def _build_sample(path: Path) -> None:
    from workflows import la_code, store
    from workflows.benchmarks import ensure_shipped_benchmarks
    from workflows.first_run import load_sample_data

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(path))
        load_sample_data(store(), la_code(), months=SAMPLE_MONTHS)
        ensure_shipped_benchmarks(store())
        store().dispose()  # closing the last connection checkpoints the WAL into the file we copy


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory):
    """The synthetic authority (15 months) and the shipped DfE tables, loaded once per test run (once
    for all pytest-xdist workers); tests use copies of it."""
    return built_once(tmp_path_factory, "sample_template", _build_sample)


@pytest.fixture(scope="module")
def sample_store(sample_template, tmp_path_factory):
    """A copy of the sample store for one test module (modules may add actions, sign-offs...)."""
    path = tmp_path_factory.mktemp("sample_store") / "store.sqlite"
    shutil.copyfile(sample_template, path)
    return path


@pytest.fixture
def in_sample_store(sample_store, monkeypatch):
    """Use with `pytestmark = pytest.mark.usefixtures("in_sample_store")`: the module's sample store."""
    monkeypatch.setenv("CSC_STORE_PATH", str(sample_store))


@pytest.fixture
def in_fresh_sample_copy(sample_template, tmp_path, monkeypatch):
    """A copy of the sample store for one test (tests that change data: loads, withdrawals, sign-offs)."""
    from workflows import store

    path = tmp_path / "store.sqlite"
    shutil.copyfile(sample_template, path)
    monkeypatch.setenv("CSC_STORE_PATH", str(path))
    yield
    store().dispose()


TEST_ANALYST_NAME = "test analyst"


@pytest.fixture(autouse=True)
def apptests_start_signed_in(monkeypatch):
    """Every AppTest starts as if its user had just signed in with a local analyst account.

    Test-only: the session holds what pages/__init__.py stores after a successful sign-in, which a
    browser cannot set. Tests of other roles replace it (tests/pages/roles.py); tests of sign-in itself
    start from `signed_out_apptest`.
    """
    from streamlit.testing.v1 import AppTest

    from core.access import User
    from pages import SESSION_KEY, Session

    original = AppTest.from_file.__func__

    def from_file(cls, *args, **kwargs):
        at = original(cls, *args, **kwargs)
        at.session_state[SESSION_KEY] = Session(User(TEST_ANALYST_NAME, "analyst"), time.time(), "local")
        return at

    monkeypatch.setattr(AppTest, "from_file", classmethod(from_file))


POSTGRES_FIXTURES = {"postgres_server", "postgres_template", "postgres_app_url"}


def pytest_collection_modifyitems(items):
    """Mark `postgres` every test that needs PostgreSQL: one asking for a PostgreSQL fixture, or a case
    of a test parametrised over the two stores (a parameter whose value is "postgresql"), so
    `pytest -m "not browser and not postgres"` is the SQLite-only tier.

    Files marked `long` go first: pytest-xdist hands out files in this order, so the longest start at
    once and run beside the rest instead of last, alone on one core."""
    for item in items:
        params = getattr(item, "callspec", None)
        values = params.params.values() if params else ()
        if POSTGRES_FIXTURES & set(item.fixturenames) or "postgresql" in values:
            item.add_marker(pytest.mark.postgres)
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: the order within stays
