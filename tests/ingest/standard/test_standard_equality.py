"""The same children written both ways, as the six contract files and as the council's own returns,
give the same stored rows and the same figures: a return is one more way in, not a second system."""

from datetime import date

import pandas as pd
import pytest

from core.access import User
from ingest.check import check_file
from ingest.standard.check import check_standard_files
from metrics.catalogue import catalogue
from reference import dataset_specs
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


def test_figures_from_the_returns_equal_those_from_the_contract_files(tmp_path, monkeypatch):
    returns = [("annex_a.xlsx", annex_a_workbook()), *ssda903_files(), ("csww.xml", csww_xml())]
    from_returns = check_standard_files(returns, MONTH)
    # Annex A and the 903 both give placements and care leavers: load each dataset once, from the 903.
    chosen = {r.dataset: r for r in from_returns if r.dataset}
    chosen["allocations"] = next(r for r in from_returns if r.dataset == "allocations")
    figures_returns = _figures_after_loading(list(chosen.values()), tmp_path / "returns.sqlite", monkeypatch)
    figures_contract = _figures_after_loading(_contract_results(), tmp_path / "contract.sqlite", monkeypatch)
    assert len(figures_contract) > 20  # caseloads, changes of worker, placements, care leavers ...
    # List 7 also fills the CP plans dataset, which no contract file carries: its figures come on top.
    only_in_returns = {
        code
        for code, indicator in catalogue().indicators.items()
        if indicator.source in dataset_specs() and dataset_specs()[indicator.source].from_returns
    }
    extra = figures_returns["code"].isin(only_in_returns)
    assert set(figures_returns.loc[extra, "code"]) == {
        "cp_plans_second_or_later",
        "cp_plans_again_within_2_years",
        "cp_plans_lasting_2_years",
    }
    pd.testing.assert_frame_equal(figures_returns[~extra].reset_index(drop=True), figures_contract)
