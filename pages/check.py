from datetime import date

import streamlit as st

from core.dates import month_label
from core.text import file_slug, md, md_table
from ingest.check import check_file
from ingest.issues import csv_download, issues_frame
from ingest.report import (
    dataset_title,
    file_facts,
    first_problems,
    header_mapping_frame,
    preview_frame,
    status,
    summary_frame,
)
from pages import signed_in_user, use_router
from pages.parts.audited import audited_download, audited_view
from pages.parts.loading import load_section, show_load_reports, uploader_key
from reference import dataset_specs
from sample_data.check_examples import example_files
from settings import max_upload_bytes, megabytes, transport_limit_mib
from workflows import store
from workflows.benchmarks import import_ees_file, is_published_table
from workflows.load_files import check_returns, split_returns

ALERT = {"ready": st.success, "confirm": st.warning, "fix": st.error}
IMPORTED = {"imported": st.success, "unchanged": st.info, "refused": st.error}
ICON = {"ready": ":material/check_circle:", "confirm": ":material/help:", "fix": ":material/error:"}
DATASETS = list(dataset_specs())
TABLE_ROWS = 100  # up to this many problems show as a plain table screen readers can read

use_router()
st.title("Check and load files")
st.write(
    "Drop monthly extracts here to see whether they are ready to load. Each file is read in memory for "
    "your session only until you load it. Every problem is listed with its row as Excel numbers it (the "
    f"header is row 1), its column and how to fix it. Files over {megabytes(max_upload_bytes())} are "
    "refused. Files with no errors can then be loaded into the store at the foot of the page."
)

uploads = st.file_uploader(
    "Monthly extract files (CSV or tab-separated text), or the council's returns (Annex A .xlsx, SSDA903 "
    "tables as CSV, CIN or CSWW census XML)",
    accept_multiple_files=True,
    max_upload_size=transport_limit_mib(),  # Streamlit refuses far larger files before they reach memory
    key=uploader_key(),  # a new key once files are loaded: their bytes are released
)
if st.button("Try the example files", help="Four small synthetic files: three messy but valid, one with problems."):
    st.session_state["examples"] = True
files = [(u.name, u.getvalue()) for u in uploads or []]
if not files and st.session_state.get("examples"):
    files = example_files()
if not files:
    show_load_reports()
    st.info("No files yet. Drag files onto the area above, or use Browse files.", icon=":material/upload_file:")
    st.stop()

# Results of this session's current files only: nothing about a removed file is kept in memory.
earlier = st.session_state.get("checked", {})
memo, published = {}, {}
returns, files = split_returns(files)  # the council's own returns are read together (903 tables need each other)
for number, (name, data) in enumerate(files):
    choice = st.session_state.get(f"dataset:{number}:{name}")
    month = st.session_state.get(f"month:{number}:{name}") or None
    key = (name, hash(data), choice, month)
    memo[key] = earlier.get(key) or check_file(name, data, dataset=choice, month=month)
    if memo[key].dataset is None and is_published_table(data):  # a DfE table: the benchmark importer takes it
        published[memo[key].sha256] = data
if returns:
    returns_month = st.text_input(
        "Reporting month of the returns (YYYY-MM)",
        key="month:returns",
        help="The month end the returns are read at: who is looked after, allocated or a care leaver then.",
    )
    key = ("returns", tuple((n, hash(d)) for n, d in returns), returns_month)
    memo[key] = earlier.get(key) or tuple(check_returns(returns, returns_month or None))
st.session_state["checked"] = memo
from_returns = {r.file_name for r in memo.get(key, ())} if returns else set()
results = [r for value in memo.values() for r in (value if isinstance(value, tuple) else (value,))]

confirmed = {r.sha256: st.session_state.get(f"confirm:{n}:{r.file_name}", False) for n, r in enumerate(results)}
st.header("Summary")
st.table(md_table(summary_frame(results, confirmed)), hide_index=True)

for number, result in enumerate(results):
    name = result.file_name
    widget = f"{number}:{name}"  # two uploads may share a file name
    st.header(md(name), divider="gray")
    st.markdown(md(file_facts(result)))
    left, right = st.columns(2)
    left.selectbox(
        "Dataset",
        DATASETS,
        index=DATASETS.index(result.dataset) if result.dataset else None,
        format_func=lambda d: dataset_specs()[d].title,
        key=f"dataset:{widget}",
        placeholder="Choose the dataset",
        disabled=name in from_returns,  # a return's lists or tables say which datasets it gives
        help=f"Recognised: {md(dataset_title(result))}, {md(result.recognition)}. Change it if this is wrong.",
    )
    right.text_input(
        "Reporting month (YYYY-MM)",
        value=result.reporting_month or "",
        key=f"month:{widget}",
        help="Read from the file name where it holds one; rows are checked against this month.",
        disabled=name in from_returns,  # set once for all returns, above
    )
    if result.warnings and not result.errors:
        st.checkbox("I have checked the warnings and this file is right", key=f"confirm:{widget}")
    level, sentence = status(result, confirmed.get(result.sha256, False))
    ALERT[level](sentence, icon=ICON[level])
    for problem in first_problems(result) if level != "ready" else ():
        st.markdown(f"- {md(problem)}")
    if result.sha256 in published:
        st.info(
            "This is a DfE published table: benchmark data, kept by year and authority.", icon=":material/leaderboard:"
        )
        if st.button("Import as benchmark data", key=f"ees:{widget}"):
            st.session_state[f"ees_report:{widget}"] = import_ees_file(
                store(), name, published[result.sha256], signed_in_user()
            )
        if (report := st.session_state.get(f"ees_report:{widget}")) is not None:
            IMPORTED[report.level](md(report.message), icon=ICON["ready" if report.level != "refused" else "fix"])
    for issue in result.issues:
        if issue.row is None:
            st.markdown(f"**Whole file:** {md(issue.message)}")
    if result.reporting_month:
        st.write(f"Reporting month: {month_label(result.reporting_month)}")
    if result.ready:
        st.date_input(
            "Extract date (when the data were taken from the case-management system)",
            value=result.extract_date or date.today(),
            max_value=date.today(),
            format="DD/MM/YYYY",
            key=f"extract:{widget}",
            help="Read from the file name when it holds a full date; otherwise today. Overdue and "
            "not-yet-due figures are judged at this date.",
        )
    tabs = st.tabs([f"Problems ({len(result.issues)})", "Header mapping", "Preview"])
    with tabs[0]:
        if result.issues:
            problems = issues_frame(list(result.issues))
            show = st.table if len(problems) <= TABLE_ROWS else st.dataframe
            shown = problems.drop(columns="File")  # the heading names the file; the download keeps it
            show(md_table(shown) if show is st.table else shown, hide_index=True)
            audited_download(
                "Download problems (CSV)",
                csv_download(problems),
                f"problems_{file_slug(name)}.csv",
                "text/csv",
                shown=problems,
                key=f"dl:{widget}",
            )
        else:
            st.write("No problems found.")
    with tabs[1]:
        if result.header_matches:
            st.table(md_table(header_mapping_frame(result)), hide_index=True)
        else:
            st.write("The headers could not be read.")
    with tabs[2]:
        if result.frame is not None:
            preview = preview_frame(result)
            audited_view("check", f"Preview of {name}", preview, f"preview:{widget}")
            st.dataframe(preview, hide_index=True)
        else:
            st.write("The preview shows once the file has no errors.")

load_section(results, confirmed)
