"""Benchmarking: an authority against England, its region and its statistical neighbours, year by year,
from the DfE's published tables. Arranges what views.benchmarks returns; computes nothing."""

import streamlit as st

from core.text import md, md_table
from ingest.issues import csv_download, issues_frame
from pages import signed_in_user, use_router
from pages.parts.audited import audited_download
from views.benchmarks import (
    ATTRIBUTION,
    OGL_URL,
    authorities,
    benchmark_sources,
    benchmark_view,
    mapped_benchmarks,
    other_measures,
)
from workflows import la_code, store
from workflows.benchmarks import ensure_shipped_benchmarks, import_ees_file

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
SHOWN = {"imported": st.success, "unchanged": st.info, "refused": st.error}

use_router()
st.title("Benchmarking")
st.write(
    "How the authority compares with England, its region and its ten statistical neighbours, year by year, "
    "in the Department for Education's own published tables. Each figure is labelled with its year and "
    "what the DfE measured; where that differs from how this dashboard counts, the published measure is "
    "named beside it. Rank 1 is the best of all authorities with a figure; quartile 1 is the best quarter."
)
engine = store()
with st.spinner("First use: importing the DfE's published tables into the store (once, a few seconds)"):
    for report in ensure_shipped_benchmarks(engine):
        if report.level == "refused":
            st.error(md(report.message), icon=":material/error:")

choices = authorities(engine)
if choices.empty:
    st.info("No published tables are stored yet. Import one at the foot of this page.", icon=":material/info:")
codes = choices["code"].tolist()
labels = dict(zip(codes, choices["label"], strict=True))
home = la_code()
chosen = (
    st.selectbox(
        "Authority",
        codes,
        index=codes.index(home) if home in codes else 0,
        format_func=lambda code: labels[code],
        help="The authority this dashboard is set up for is chosen first; pick any other to compare it.",
    )
    if codes
    else home
)


def show(view, key: str) -> None:
    record = view.benchmark
    with st.container(border=True):
        st.subheader(md(record.title))
        st.markdown(md(record.sentence()))
        st.markdown(f"**Published measure:** {md(record.published_as)}")
        st.plotly_chart(view.figure, width="stretch", config=CHART_CONFIG, key=f"chart_{key}")
        with st.expander("View as table"):
            st.table(md_table(view.table), hide_index=True)
            audited_download(
                "Download this table (CSV)",
                csv_download(view.table),
                view.file_name,
                "text/csv",
                shown=view.table,
                key=f"csv_{key}",
            )
        st.markdown(
            f"**Rank among authorities:** {md(record.rank_text)}. **Latest year:** {md(record.year_text)}. "
            f"**Source:** [{md(record.publication_title)}]({record.source_url}), Department for Education, "
            "Open Government Licence v3.0."
        )


if codes:
    st.header("Our indicators against the published figures")
    for record in mapped_benchmarks(engine, chosen):
        view = benchmark_view(engine, chosen, record.key)
        if view is not None:
            show(view, record.key)

    st.header("Every other published measure")
    st.write(
        "Measures the DfE publishes that none of our indicators counts the same way: shown as published, not ranked."
    )
    others = other_measures(engine)
    other_labels = dict(zip(others["key"], others["label"], strict=True))
    picked = st.selectbox("Published measure", others["key"], format_func=lambda key: other_labels[key])
    if picked:
        view = benchmark_view(engine, chosen, picked)
        if view is None:
            st.info("This measure has no published figures stored.", icon=":material/info:")
        else:
            show(view, "other")

st.header("Sources, and importing next year's tables")
st.markdown(f"{ATTRIBUTION} [Open Government Licence v3.0]({OGL_URL}).")
st.table(md_table(benchmark_sources(engine)), hide_index=True)
st.write(
    "When the DfE publishes a new year, download the table's CSV from Explore Education Statistics and import "
    "it here (or drop it on Check and load files). Its years replace the same years of that table; other years "
    "stay. Importing the same file again changes nothing."
)
upload = st.file_uploader("A DfE published table (EES CSV) or statistical neighbour file", key="benchmark_file")
if upload is not None and st.button("Import as benchmark data", type="primary"):
    report = import_ees_file(engine, upload.name, upload.getvalue(), signed_in_user())
    st.session_state["benchmark_report"] = report
    st.rerun()
if (report := st.session_state.pop("benchmark_report", None)) is not None:
    SHOWN[report.level](md(report.message), icon=":material/info:")
    if report.issues:
        st.dataframe(issues_frame(list(report.issues)), hide_index=True)
