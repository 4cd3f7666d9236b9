"""The foot of the Check and load page: what loading will do, the explicit confirm, and the load."""

import streamlit as st

from core.text import md, md_table
from ingest.check import CheckResult
from pages import picked_authority, signed_in_user
from workflows import store
from workflows.uploads import load_checked, loadable, plan_load, plans_frame

SHOWN = {"loaded": st.success, "unchanged": st.info, "refused": st.error}
ICON = {"loaded": ":material/check_circle:", "unchanged": ":material/info:", "refused": ":material/error:"}


def uploader_key() -> str:
    """The file uploader's key: a new one after each load, so the loaded files' bytes are let go."""
    return f"uploads:{st.session_state.get('load_round', 0)}"


def show_load_reports() -> None:
    """What the last load did, shown once where the analyst clicked Load (file names from uploads are
    data: escaped)."""
    for level, text in st.session_state.pop("load_reports", []):
        SHOWN[level](md(text), icon=ICON[level])


def load_section(results: list[CheckResult], confirmed: dict[str, bool]) -> None:
    st.header("Load into the store", divider="gray")
    show_load_reports()
    ready = loadable(results, confirmed)
    if not ready:
        st.write("No file is ready to load yet: fix its errors, or tick that you have checked its warnings.")
        return
    engine = store()
    authority = picked_authority()
    plans = [plan_load(engine, authority, r, st.session_state.get(f"extract:{n}:{r.file_name}")) for n, r in ready]
    st.write("Check what loading will do. Nothing is stored until you confirm.")
    st.table(md_table(plans_frame(plans)), hide_index=True)
    round_ = st.session_state.get("load_round", 0)  # a new key after each load clears the tick
    sure = st.checkbox(f"I have checked the table above and want to load {len(plans)} file(s)", key=f"sure:{round_}")
    if st.button("Load into the store", type="primary", disabled=not sure):
        reports = []
        for (_, result), plan in zip(ready, plans, strict=True):
            bar = st.progress(0.0, text=f"Loading {md(result.file_name)}")
            report = load_checked(
                engine,
                picked_authority(),
                result,
                plan,
                signed_in_user(),
                progress=lambda done, total, bar=bar: bar.progress(done / max(total, 1)),
            )
            reports.append((report.level, f"{report.file_name}: {report.message}"))
        st.session_state["load_reports"] = reports
        st.session_state["load_round"] = round_ + 1
        st.session_state.pop("checked", None)  # the loaded files' checked frames are let go with them
        st.rerun()
