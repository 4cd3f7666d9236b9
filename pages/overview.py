import streamlit as st

from core.text import md, md_table
from pages import picked_authority, use_router
from pages.parts.cached import published_benchmarks
from views import store_version
from views.themes import read_figures, theme_cards
from views.wording import headline
from workflows import store

use_router()
st.title("Overview: the inspection tracker")
st.write(
    "Where the service stands on each theme its Ofsted inspection asked it to improve. Each card shows the "
    "theme's key indicators: the latest month, the change on the month before and on a year ago, the "
    "target, whether it is met, the SPC signal (is the change real, or noise?) and the latest figures the "
    "DfE has published for us, England and our statistical neighbours. Open a theme for its charts and the "
    "rows behind them."
)
engine, authority = store(), picked_authority()
data = read_figures(engine, authority)
cards = theme_cards(data, published_benchmarks(authority, store_version(engine, authority)))
st.markdown(f"**At a glance:** {md(headline(cards))}")
for card in cards:
    with st.container(border=True):
        st.subheader(md(card.title))
        st.markdown(f"*Inspection: “{md(card.inspection)}”*")
        if card.rows.empty:
            st.write("No indicator measures this theme yet: the data contract has none.")
        else:
            st.table(md_table(card.rows.set_index("Indicator")))
        st.markdown(f"**Data as at:** {md(card.data_as_at)}.")
        if card.page_path:  # a relative link, so it works under any base URL path
            st.markdown(f"[Open the {md(card.page_title)} page: charts, breakdowns and tables]({card.page_path})")
