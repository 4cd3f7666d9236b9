"""The same children written both ways, as the six contract files and as the council's own returns,
give the same stored rows and the same figures: a return is one more way in, not a second system."""

from datetime import date

import pandas as pd
import pytest

from core.access import User
from ingest.check import check_file
from ingest.standard.check import check_standard_files
from reference import dataset_specs
from sample_data.generator import ReturnFile, generate
from store.view import StoreView
from tests.ingest.standard.returns import MONTH, annex_a_workbook, contract_files, csww_xml, ssda903_files
from workflows import la_code, store
from workflows.uploads import load_checked, plan_load

EXTRACT = date(2025, 4, 3)
ANALYST = User("test analyst", "analyst")
FIGURE_COLUMNS = ["family", "month", "code", "breakdown", "numerator", "denominator", "value", "provisional"]


def _contract_results():
    return [check_file(name, data, month=MONTH) for name, data in contract_files()]


def _by_dataset(results) -> dict[str, pd.DataFrame]:
    frames = {}
    for result in results:
        assert result.ready and not result.warnings, [i.message for i in result.issues]
        key = [c for c in ("child_id", "worker_id", "start_date") if c in result.frame]
        frames[result.dataset] = result.frame.sort_values(key).reset_index(drop=True)
    return frames


@pytest.mark.parametrize(
    "returns",
    [
        pytest.param(lambda: [("annex_a.xlsx", annex_a_workbook("ofsted_2023"))], id="annex-a-2023-headings"),
        pytest.param(lambda: [("annex_a.xlsx", annex_a_workbook("export_short"))], id="annex-a-export-headings"),
        pytest.param(lambda: [*ssda903_files(), ("csww.xml", csww_xml())], id="ssda903-and-csww"),
    ],
)
def test_returns_give_the_same_rows_as_the_contract_files(returns):
    from_returns = _by_dataset(check_standard_files(returns(), MONTH))
    from_contract = _by_dataset(_contract_results())
    assert from_returns  # each case makes at least one dataset
    only_in_returns = {d for d, spec in dataset_specs().items() if spec.from_returns}
    assert set(from_returns) - set(from_contract) <= only_in_returns
    for dataset in set(from_returns) & set(from_contract):
        pd.testing.assert_frame_equal(from_returns[dataset], from_contract[dataset], check_names=False)


def _figures_after_loading(results, path, monkeypatch) -> pd.DataFrame:
    monkeypatch.setenv("CSC_STORE_PATH", str(path))
    engine = store()
    for result in results:
        report = load_checked(engine, la_code(), result, plan_load(engine, la_code(), result, EXTRACT), ANALYST)
        assert report.level == "loaded", report.message
    with engine.connect() as conn:
        figures = StoreView(conn, la_code()).month_figures()
    engine.dispose()
    return figures[FIGURE_COLUMNS].sort_values(FIGURE_COLUMNS[:4]).reset_index(drop=True)


# The sample authority written both ways: its contract files and its own returns for the same children
# (sample_data/returns.py lays the returns out from the very tables the contract files were written from).
SAMPLE_MONTH = "2023-06"  # the third month of a three-month sample


@pytest.fixture(scope="module")
def sample_files():
    return [f for f in generate(months=3, returns=True) if f.month == SAMPLE_MONTH]


def _sample_results(files, kind: str, datasets: set[str]):
    chosen = [(f.name, f.data) for f in files if isinstance(f, ReturnFile) and f.dataset == kind]
    results = [r for r in check_standard_files(chosen, SAMPLE_MONTH) if r.dataset in datasets]
    assert {r.dataset for r in results} == datasets
    return results


@pytest.mark.parametrize("kind", ["ssda903", "annex_a"])
def test_figures_from_the_samples_returns_equal_those_from_its_contract_files(
    kind, sample_files, tmp_path, monkeypatch
):
    """Placements (903 header and episodes, or Annex A list 8) and care leavers (OC3, or list 9); both
    stores also hold the month's workforce and allocations files, so team breakdowns are compared too."""
    datasets = {"placements", "care_leavers"}
    contract = [
        check_file(f.name, f.data, dataset=f.dataset, month=SAMPLE_MONTH)
        for f in sample_files
        if not isinstance(f, ReturnFile) and f.dataset in datasets | {"workforce", "allocations"}
    ]
    both = [r for r in contract if r.dataset not in datasets]  # loaded first in both stores
    contract = both + [r for r in contract if r.dataset in datasets]
    returns = both + _sample_results(sample_files, kind, datasets)
    rows_returns, rows_contract = _by_dataset(returns), _by_dataset(contract)
    for dataset in datasets:
        pd.testing.assert_frame_equal(rows_returns[dataset], rows_contract[dataset], check_names=False)
    figures_returns = _figures_after_loading(returns, tmp_path / "returns.sqlite", monkeypatch)
    figures_contract = _figures_after_loading(contract, tmp_path / "contract.sqlite", monkeypatch)
    assert len(figures_contract) > 20  # placed far away, outside the authority, 3+ placements, care leavers ...
    assert figures_contract["value"].notna().sum() > 10
    pd.testing.assert_frame_equal(figures_returns, figures_contract)
