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

- **Check and load files**: drop in one or more monthly CSV extracts from the case-management system.
  The dashboard recognises each dataset, shows how each column was matched, and lists every problem by
  row and column with how to fix it. Files with no errors can be loaded into the store after you
  confirm what loading will replace.
- **Upload history**: every file loaded, who loaded it and when; revert a month to an earlier file,
  or withdraw a file loaded by mistake.
- **Data quality**: which months are loaded for each dataset, how row counts move, which months have
  no upload, and where the workforce and allocation files disagree.
- **Indicators**: every indicator, what it counts, its target and latest value, and the records behind
  any figure (pseudonymous identifiers only).
- **Templates and data dictionary**: download a blank template for each of the six datasets and a
  dictionary of what every column must hold.

Charts of each theme, benchmarks against England and statistical neighbours, and the
performance-surgery and corporate parenting panel views are being built; this page will show the
themes at a glance once they are.
"""
)
