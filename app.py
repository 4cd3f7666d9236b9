"""Children's services performance dashboard: the router. Pages live in pages/, one job each."""

import streamlit as st

st.set_page_config(page_title="Children's services performance", page_icon=":material/child_care:", layout="wide")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/check.py", title="Check and load files", icon=":material/fact_check:", url_path="check"),
    st.Page("pages/history.py", title="Upload history", icon=":material/history:", url_path="history"),
    st.Page("pages/data_quality.py", title="Data quality", icon=":material/rule:", url_path="data-quality"),
    st.Page(
        "pages/dictionary.py", title="Templates and data dictionary", icon=":material/menu_book:", url_path="dictionary"
    ),
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
st.navigation(pages).run()
