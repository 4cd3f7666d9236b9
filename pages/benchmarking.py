"""Benchmarking: an authority against England, its region and its statistical neighbours, year by year,
from the DfE's published tables. Arranges what views.benchmarks returns; computes nothing."""

import streamlit as st

from core.access import may
from core.text import md, md_table
from ingest.issues import csv_download, issues_frame
from pages import picked_authority, signed_in_user, use_router
from pages.parts.audited import audited_download
from pages.parts.authority_comparison import comparison_section
from pages.parts.cached import benchmark_sources_of, benchmark_view_of, mapped_benchmarks_of
from views.benchmarks import ATTRIBUTION, OGL_URL, authorities, benchmarks_version, other_measures
from views.equalities import population_words
from workflows import store
from workflows.benchmarks import ensure_shipped_benchmarks, import_ees_file
from workflows.population import load_population

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
home = picked_authority()
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


version = benchmarks_version(engine)  # the page's reads are cached per benchmark version
if codes:
    st.header("Our indicators against the published figures")
    for record in mapped_benchmarks_of(chosen, version):
        view = benchmark_view_of(chosen, record.key, version)
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
        view = benchmark_view_of(chosen, picked, version)
        if view is None:
            st.info("This measure has no published figures stored.", icon=":material/info:")
        else:
            show(view, "other")

comparison_section(engine, signed_in_user(), picked_authority())

st.header("Sources, and importing next year's tables")
st.markdown(f"{ATTRIBUTION} [Open Government Licence v3.0]({OGL_URL}).")
st.table(md_table(benchmark_sources_of(version)), hide_index=True)
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

st.header("Child population by ethnic group")
st.write(
    "The disproportionality view on the Help and protection page divides by the number of children aged 0 to 17 "
    "of each ethnic group living in the area. Load a newer table here: a CSV with one row per group, a column "
    "'ethnic_group' (White British, Other White, Mixed or multiple ethnic groups, Asian or Asian British, Black "
    "African Caribbean or Black British, Other ethnic groups; the census's own headings are accepted) and a column "
    "'children'. Count Chinese children in Other ethnic groups, as the DfE does."
)
st.markdown(md(population_words(engine, picked_authority())))
if may(signed_in_user(), "import_benchmarks"):
    with st.form("population_form"):
        population_file = st.file_uploader("Child population table (CSV)", type=["csv"], key="population_file")
        area = st.text_input("Area the figures are for", key="population_area")
        year = st.text_input("Year counted or estimated", value="2021", key="population_year")
        source = st.text_input(
            "Source", value="Office for National Statistics, Census 2021, ethnic group by age", key="population_source"
        )
        licence = st.text_input("Licence", value="Open Government Licence v3.0", key="population_licence")
        submitted = st.form_submit_button("Load this population table", type="primary")
    if submitted and population_file is not None:
        st.session_state["population_report"] = load_population(
            engine,
            picked_authority(),
            signed_in_user(),
            population_file.name,
            population_file.getvalue(),
            area,
            year,
            source,
            licence,
        )
        st.rerun()
    if (loaded := st.session_state.pop("population_report", None)) is not None:
        (st.success if loaded.level == "loaded" else st.error)(md(loaded.message), icon=":material/info:")
        if loaded.issues:
            st.dataframe(issues_frame(list(loaded.issues)), hide_index=True)
