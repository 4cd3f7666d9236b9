import streamlit as st

from ingest.dictionary import data_dictionary, template_csv
from ingest.issues import csv_download
from pages import use_router
from pages.parts.audited import audited_download
from reference import dataset_specs

use_router()
st.title("Templates and data dictionary")
st.write(
    "Each monthly extract is one of six datasets. Download a blank template to see the headers the "
    "dashboard expects, and the data dictionary for what each column must hold. Headers are matched "
    "ignoring case, spaces and punctuation, and the SSDA903 and other common names listed are also "
    "recognised."
)
specs = dataset_specs()
chosen = st.selectbox("Dataset", list(specs), format_func=lambda d: specs[d].title)
spec = specs[chosen]
st.write(f"One row per {spec.one_row_per}. Rows are identified by: {', '.join(spec.key)}.")
left, right = st.columns(2)
template = f"{chosen}_template.csv"
audited_download("Download blank template (CSV)", template_csv(chosen), template, "text/csv", shown=0, container=left)
dictionary = data_dictionary(chosen)
audited_download(
    "Download data dictionary (CSV)",
    csv_download(dictionary),
    f"{chosen}_data_dictionary.csv",
    "text/csv",
    shown=dictionary,
    container=right,
)
st.dataframe(dictionary, hide_index=True)
