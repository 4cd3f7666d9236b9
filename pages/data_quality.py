import streamlit as st

from core.dates import month_label
from core.text import md_table
from ingest.issues import csv_download
from pages import picked_authority, use_router
from pages.parts.audited import audited_download, audited_view
from views.quality import (
    caseload_table,
    changes_table,
    coverage,
    coverage_grid,
    cross_file,
    cross_file_trend,
    gaps_table,
    loaded_month_choices,
    missing_workers_table,
)
from workflows import store

PAGE = "data_quality"
TABLE_ROWS = 50  # up to this many rows show as a plain table screen readers can read

user = use_router()
st.title("Data quality")
st.write(
    "What is loaded for each dataset and month, how the row counts move, which months have no upload, "
    "and where the workforce and allocation files disagree. Cross-file differences are information for "
    "the teams to correct at source: they never stop a file loading."
)
found = coverage(store(), picked_authority(), user)
if found.loaded.empty:
    st.info("Nothing has been loaded yet. Check and load files on the Check and load page.", icon=":material/info:")
    st.stop()

st.header("What is loaded")
st.dataframe(coverage_grid(found.loaded), hide_index=True)
gaps = gaps_table(found.loaded)
st.header(f"Months with no upload ({len(gaps)})")
if gaps.empty:
    st.write("Every dataset has a file for every month from the first loaded to the latest.")
elif len(gaps) <= TABLE_ROWS:
    st.table(md_table(gaps), hide_index=True)
else:
    st.dataframe(gaps, hide_index=True)

st.header("Rows per month and change on the month before")
changes = changes_table(found.loaded)
st.dataframe(changes, hide_index=True)
audited_download(
    "Download rows per month (CSV)", csv_download(changes), "rows_per_month.csv", "text/csv", page=PAGE, shown=changes
)

st.header("Workforce and allocations compared")
trend = cross_file_trend(found.figures)
if not trend.empty:
    st.write("Recomputed whenever a file is loaded, replaced or withdrawn:")
    st.dataframe(trend, hide_index=True)
months = loaded_month_choices(found.loaded)
month = st.selectbox("Month to look into", months, format_func=month_label)
checked = cross_file(store(), picked_authority(), month, user)
if not checked.workforce_loaded or not checked.allocations_loaded:
    missing = [
        name
        for name, ok in (("workforce", checked.workforce_loaded), ("allocations", checked.allocations_loaded))
        if not ok
    ]
    st.info(f"No {' or '.join(missing)} file is loaded for {month_label(month)}, so they cannot be compared.")
else:
    st.subheader(f"Workers in allocations but not in the workforce file ({len(checked.missing_workers)})")
    if checked.missing_workers.empty:
        st.write("None: every worker with an open allocation is in the workforce file.")
    else:
        missing = missing_workers_table(checked.missing_workers)
        audited_view(PAGE, f"Workers in allocations, not in workforce, {month_label(month)}", missing, "missing")
        st.table(md_table(missing), hide_index=True)
    differs = int(checked.caseloads["differs"].sum())
    st.subheader(f"Stated caseload against allocations counted ({differs} workers differ)")
    only = st.toggle("Show only workers whose figures differ", value=True)
    caseloads = caseload_table(checked.caseloads, only)
    audited_view(PAGE, f"Stated caseload against allocations, {month_label(month)}", caseloads, "caseloads")
    st.dataframe(caseloads, hide_index=True)
    name = f"caseloads_{month}.csv"
    audited_download("Download caseload comparison (CSV)", csv_download(caseloads), name, page=PAGE, shown=caseloads)
