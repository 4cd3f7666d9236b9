"""benchmarks/authorities_speed.py at its smallest: CI proves the script works; the README holds full-size
results. Timed tests would fail on a busy machine, so these check the ratios exist, never their size, and
that the many-authority store is the one-authority store copied under other codes."""

import importlib.util
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "authorities_speed.py"
spec = importlib.util.spec_from_file_location("authorities_speed", SCRIPT)
authorities_speed = importlib.util.module_from_spec(spec)
sys.modules["authorities_speed"] = authorities_speed
spec.loader.exec_module(authorities_speed)

pytestmark = pytest.mark.usefixtures("in_sample_store")  # restores CSC_STORE_PATH the script points elsewhere


def test_small_run_gives_a_cold_and_warm_ratio_per_page(sample_store, tmp_path):
    lines = authorities_speed.main(
        ["--small", "--store", str(sample_store), "--stores", str(tmp_path), "--no-postgres"]
    )
    rows = [line for line in lines if line.startswith("| overview |")]
    assert len(rows) == 1
    cold, warm = (float(cell) for cell in rows[0].strip("|").split("|")[1:])
    assert cold > 0 and warm > 0
    assert any(line.startswith("worst ") and "goal <= 1.2x" in line for line in lines)


def test_the_many_authority_store_holds_the_one_authoritys_rows_under_each_code(sample_store, tmp_path):
    from store.db import open_store
    from workflows import la_code

    many = authorities_speed.many_store(tmp_path, sample_store, "its", 3)
    one_engine, many_engine = open_store(f"sqlite:///{sample_store}"), open_store(f"sqlite:///{many}")
    counted = "SELECT la_code, count(*) FROM {} GROUP BY la_code ORDER BY la_code"
    for table in ("batches", "month_figures", "rows_allocations", "rows_workforce"):
        with one_engine.connect() as one, many_engine.connect() as conn:
            (home,) = one.execute(sa.text(counted.format(table))).all()
            assert conn.execute(sa.text(counted.format(table))).all() == sorted(
                [home, *((code, home[1]) for code in authorities_speed.other_codes(2))]
            )
    with many_engine.connect() as conn:  # each copied row points at its own authority's copied batch
        strays = (
            "SELECT count(*) FROM rows_allocations r JOIN batches b ON b.id = r.batch_id WHERE b.la_code <> r.la_code"
        )
        assert conn.execute(sa.text(strays)).scalar() == 0
    one_engine.dispose()
    many_engine.dispose()
    assert home[0] == la_code()
