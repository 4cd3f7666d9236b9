import streamlit as st

from pages import use_router

use_router()
st.title("Children's services performance dashboard")
st.markdown(
    """
This dashboard helps the service show that it is fixing what its Ofsted inspection found: social
worker caseloads and workforce stability, changes of social worker, timeliness of initial health
assessments, placement distance and sufficiency for older children, and care leavers' education,
employment, training and accommodation.

**What you can do now**

- **Check a file**: drop in one or more monthly CSV extracts from the case-management system. The
  dashboard recognises each dataset, shows how each column was matched, and lists every problem by
  row and column with how to fix it.
- **Templates and data dictionary**: download a blank template for each of the six datasets and a
  dictionary of what every column must hold.

Loading checked files into the store, the indicators, and the performance-surgery and corporate
parenting panel views are being built; this page will show the themes at a glance once data are loaded.
"""
)
