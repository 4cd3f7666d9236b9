"""The stored SPC holds exactly the columns metrics.spc computes, in its order (the store reads them from the table)."""

from metrics.spc import COLUMNS
from store.page_tables import SPC_COLUMNS


def test_the_stored_spc_columns_are_the_ones_metrics_computes():
    assert SPC_COLUMNS == COLUMNS
