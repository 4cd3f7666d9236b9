"""Children's services performance dashboard: the router. Pages live in pages/, one job each."""

import time

import streamlit as st

from core.access import may_see_page
from core.text import md
from pages import signed_in_or_none
from pages.parts.errors import plain_errors
from views.themes import theme_pages
from workflows import la_code, store
from workflows.benchmarks import benchmarks_imported, ensure_shipped_benchmarks
from workflows.first_run import sample_wanted, showing_sample_data, start_sample_load

# An emoji favicon is drawn in the browser; a :material/...: one is fetched from fonts.gstatic.com, and
# nothing this dashboard shows may make a visitor's browser call an outside host.
st.set_page_config(page_title="Children's services performance", page_icon="🧒", layout="wide")

user = signed_in_or_none()  # None: the page asked for shows the sign-in (use_router), at its own address
PAGES = [  # (file in pages/, title, icon, url path); each role's menu holds the pages core/access.py allows it
    ("overview", "Overview", ":material/dashboard:", "overview"),
    *[(file, title, ":material/monitoring:", path) for file, title, path in theme_pages()],
    ("benchmarking", "Benchmarking", ":material/leaderboard:", "benchmarking"),
    ("surgery", "Performance surgery", ":material/groups:", "surgery"),
    ("panel", "Corporate parenting panel", ":material/diversity_3:", "panel"),
    ("easy_read", "Our figures, easy read", ":material/auto_stories:", "easy-read"),
    ("check", "Check and load files", ":material/fact_check:", "check"),
    ("indicators", "Indicators", ":material/list_alt:", "indicators"),
    ("history", "Upload history", ":material/history:", "history"),
    ("audit", "Audit log", ":material/policy:", "audit"),
    ("users", "Users and roles", ":material/manage_accounts:", "users"),
    ("data_quality", "Data quality", ":material/rule:", "data-quality"),
    ("dictionary", "Templates and data dictionary", ":material/menu_book:", "dictionary"),
    ("home", "About this dashboard", ":material/info:", "about"),
    ("accessibility", "Accessibility statement", ":material/accessibility:", "accessibility"),
]
allowed = [entry for entry in PAGES if user is None or may_see_page(user, entry[0])]
# A page the role may not open keeps its address, hidden from the menu: typed or bookmarked, the page itself
# refuses in words (pages/__init__.py use_router), rather than Streamlit's "Page not found".
pages = [
    st.Page(
        f"pages/{file}.py",
        title=title,
        icon=icon,
        url_path=path,
        visibility="visible" if (file, title, icon, path) in allowed else "hidden",
    )
    for file, title, icon, path in PAGES
]


def _open_first_page() -> None:
    """The root address opens the first page at its own address, so every menu link (/overview too) is a real,
    bookmarkable address: a page marked default is served at / only, and typing its own path would say
    "Page not found"."""
    st.switch_page(pages[PAGES.index(allowed[0])])


landing = st.Page(_open_first_page, title="Start", url_path="start", default=True, visibility="hidden")
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
# Flat (axe's list rules); signed out, the menu is hidden and the page asked for shows the sign-in.
navigation = st.navigation([landing, *pages], expanded=True, position="sidebar" if user else "hidden")
with plain_errors():  # a failure (a database out of reach, a bug) shows a reference, never a traceback
    if user is None:
        navigation.run()  # every page checks who is signed in before it shows anything
        st.stop()
    engine, authority = store(), la_code()
    if sample_wanted(engine, authority):
        load = start_sample_load(engine, authority)
        bar = st.progress(0.0, text="First run: loading the synthetic sample authority")
        while not load.finished:
            bar.progress(load.done / load.total, text=f"First run, loading the synthetic sample: {load.step}")
            time.sleep(0.5)
        bar.empty()
        if load.error:
            st.error(f"The sample data could not be loaded: {md(load.error)}", icon=":material/error:")
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
