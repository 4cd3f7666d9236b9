import streamlit as st

from core.access import may
from core.dates import month_label
from core.text import file_slug, md
from ingest.issues import csv_download
from pages import picked_authority, use_router
from pages.parts.audited import audited_download, audited_view
from pages.parts.cached import rows_behind_for
from pages.parts.stored import show_message
from views import store_version
from views.indicators import (
    POLARITIES,
    UNITS,
    breakdowns_of,
    catalogue_in_force,
    catalogue_table,
    months_with_figures,
    records_that_make,
    stored_figures,
)
from views.wording import figure_note, shown_value, sums_words
from workflows import store
from workflows.targets import add_local, change_target

user = use_router()
st.title("Indicators and the rows behind them")
st.write(
    "Every indicator the dashboard computes, what it counts and where it comes from. Pick a figure to "
    "see the records behind its numerator and denominator: pseudonymous identifiers only."
)
show_message("indicators_message")

engine, authority = store(), picked_authority()
catalogue = catalogue_in_force(engine, authority)
figures = stored_figures(engine, authority)
table = catalogue_table(catalogue, figures)
st.dataframe(table, hide_index=True)
audited_download(
    "Download the catalogue (CSV)", csv_download(table), "indicator_catalogue.csv", "text/csv", shown=table
)

st.header("The rows behind a figure")
codes = list(catalogue.indicators)
code = st.selectbox("Indicator", codes, format_func=lambda c: catalogue.indicators[c].title)
indicator = catalogue.indicators[code]
st.markdown(
    f"**Definition.** {md(indicator.definition)}  \n**Numerator:** {md(indicator.numerator)}.  \n"
    f"**Denominator:** {md(indicator.denominator)}.  \n**Source:** {md(indicator.source)}."
    + (f"  \n**Published comparator:** {md(indicator.dfe_measure)}." if indicator.dfe_measure else "")
)
months = months_with_figures(figures, code)
if not months:
    st.info("No figures yet: the data this indicator needs have not been loaded.", icon=":material/info:")
else:
    left, right = st.columns(2)
    month = left.selectbox("Month", months, format_func=month_label)
    breakdown = right.selectbox(
        "Breakdown", breakdowns_of(figures, code, month), format_func=lambda b: b or "Whole authority"
    )
    chosen = figures[(figures["code"] == code) & (figures["month"] == month) & (figures["breakdown"] == breakdown)]
    row = chosen.iloc[0]
    note = figure_note(row)
    provisional = f" ({md(note)})" if note else ""
    st.markdown(
        f"**{md(shown_value(row['value'], indicator.unit))}** in {month_label(month)}{provisional}: "
        f"{sums_words(row['numerator'], row['denominator'], indicator.unit)}."
    )
    behind = rows_behind_for(authority, store_version(engine, authority), indicator, month, breakdown, user)
    what, records = records_that_make(indicator, behind, breakdown)
    st.markdown(f"**The records that make the number.** {md(what)}.")
    parts = [("Behind the number", records)]
    if records is not behind.numerator:
        parts.append(("In the numerator", behind.numerator))
    parts += [("In the denominator", behind.denominator), ("Left out for now", behind.excluded)]
    for tab, (name, rows) in zip(st.tabs([f"{n} ({len(r)})" for n, r in parts]), parts, strict=True):
        with tab:
            listed = f"{indicator.title}, {month_label(month)}: {name.lower()}"
            audited_view("indicators", listed, rows, f"behind_{name}")
            st.dataframe(rows, hide_index=True)
            audited_download(
                f"Download: {name.lower()} (CSV)",
                csv_download(rows),
                f"{file_slug(code, month, name[:12])}.csv",
                shown=rows,
                key=name,
            )

if not may(user, "set_target"):  # targets and local indicators are an analyst's
    st.stop()
st.header("Targets")
with st.form("target"):
    target_code = st.selectbox("Indicator", codes, format_func=lambda c: catalogue.indicators[c].title)
    value = st.number_input("New target", min_value=0.0, value=None, placeholder="Leave blank for no target")
    reason = st.text_input("Why (recorded with your name)")
    if st.form_submit_button("Set target"):
        text = change_target(engine, authority, target_code, value, user, reason)
        st.session_state["indicators_message"] = (True, text)
        st.rerun()

st.header("Add a local indicator")
st.write("A local indicator's figures come from aggregate values you upload with its code (indicator_values).")
with st.form("local"):
    fields = {
        "code": st.text_input("Code (lower case, digits, underscores)"),
        "title": st.text_input("Title"),
        "theme": st.selectbox("Theme", list(catalogue.themes), format_func=lambda t: catalogue.themes[t].title),
        "polarity": st.selectbox("Better when", POLARITIES),
        "unit": st.selectbox("Unit", UNITS),
        "definition": st.text_area("Definition in plain English"),
        "numerator": st.text_input("Numerator"),
        "denominator": st.text_input("Denominator"),
        "target": st.number_input("Target", min_value=0.0, value=None),
    }
    if st.form_submit_button("Add indicator"):
        st.session_state["indicators_message"] = add_local(engine, authority, fields, user, catalogue)
        st.rerun()
