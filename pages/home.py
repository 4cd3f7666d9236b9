import streamlit as st

from pages import use_router

use_router()
st.title("About this dashboard")
st.markdown(
    """
This dashboard helps the service show that it is fixing what its Ofsted inspection found: social
worker caseloads and workforce stability, changes of social worker, timeliness of initial health
assessments, placement distance and sufficiency for older children, and care leavers' education,
employment, training and accommodation.

**What you can do**

- **Overview**: the inspection tracker. A card per inspection theme with its key indicators: the latest
  month, the change on the month before and on a year ago, the target and whether it is met (in words),
  and the SPC signal, with the date of the data behind it.
- **Theme pages** (workforce and caseloads; changes of social worker; health assessments; placements and
  sufficiency; care leavers; the other themes): a statistical process control chart per indicator with
  its summary sentence, a table and CSV under every chart, breakdowns by team, cohort, age and
  placement, the definition, and change points an analyst marks with a reason. Filters (months, team,
  cohort) live in the web address, so a surgery invite can link to a view.

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

Benchmarks against England and statistical neighbours, and the performance-surgery and corporate
parenting panel views are being built.
"""
)
