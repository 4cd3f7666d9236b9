"""Children's services performance dashboard: the router. Pages live in pages/, one job each."""

import time

import streamlit as st

from workflows import la_code, store
from workflows.benchmarks import benchmarks_imported, ensure_shipped_benchmarks
from workflows.first_run import sample_wanted, showing_sample_data, start_sample_load
from workflows.themes import theme_pages

st.set_page_config(page_title="Children's services performance", page_icon=":material/child_care:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    *[
        st.Page(f"pages/{file}.py", title=title, icon=":material/monitoring:", url_path=path)
        for file, title, path in theme_pages()
    ],
    st.Page("pages/benchmarking.py", title="Benchmarking", icon=":material/leaderboard:", url_path="benchmarking"),
    st.Page("pages/surgery.py", title="Performance surgery", icon=":material/groups:", url_path="surgery"),
    st.Page("pages/panel.py", title="Corporate parenting panel", icon=":material/diversity_3:", url_path="panel"),
    st.Page("pages/easy_read.py", title="Our figures, easy read", icon=":material/auto_stories:", url_path="easy-read"),
    st.Page("pages/check.py", title="Check and load files", icon=":material/fact_check:", url_path="check"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/list_alt:", url_path="indicators"),
    st.Page("pages/history.py", title="Upload history", icon=":material/history:", url_path="history"),
    st.Page("pages/data_quality.py", title="Data quality", icon=":material/rule:", url_path="data-quality"),
    st.Page(
        "pages/dictionary.py",
        title="Templates and data dictionary",
        icon=":material/menu_book:",
        url_path="dictionary",
    ),
    st.Page("pages/home.py", title="About this dashboard", icon=":material/info:", url_path="about"),
    st.Page(
        "pages/accessibility.py",
        title="Accessibility statement",
        icon=":material/accessibility:",
        url_path="accessibility",
    ),
]
st.sidebar.markdown(
    "**Data protection.** Treat every file as personal data about children. Files you check are read in "
    "memory on this server; files you load are kept in this dashboard's own database. Nothing is sent "
    "elsewhere. Identifiers must be pseudonymous: never upload names."
)
# Narrow screens (320 px, 400% zoom): a wide static table runs past the page edge and the page scrolls
# sideways, rather than scrolling inside a box a keyboard cannot reach (axe-core scrollable-region-focusable).
st.markdown(
    "<style>@media (max-width: 640px) { .stTable, .stTable > div { overflow: visible !important; } }</style>",
    unsafe_allow_html=True,
)
navigation = st.navigation(pages, expanded=True)  # flat: sections break axe's list rules
engine, authority = store(), la_code()
if sample_wanted(engine, authority):
    load = start_sample_load(engine, authority)
    bar = st.progress(0.0, text="First run: loading the synthetic sample authority")
    while not load.finished:
        bar.progress(load.done / load.total, text=f"First run, loading the synthetic sample: {load.step}")
        time.sleep(0.5)
    bar.empty()
    if load.error:
        st.error(f"The sample data could not be loaded: {load.error}", icon=":material/error:")
if not benchmarks_imported(engine):
    with st.spinner("First run: importing the DfE's published tables (benchmarks), a few seconds, once"):
        ensure_shipped_benchmarks(engine)
if showing_sample_data(engine, authority):
    st.info(
        "**These figures are synthetic.** They come from a made-up sample authority generated for "
        "demonstration, not from real children. Load your own files on Check and load files; each one "
        "replaces the sample for its month.",
        icon=":material/science:",
    )
navigation.run()
