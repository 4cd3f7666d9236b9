import streamlit as st

from core.text import md, md_table
from pages import use_router
from pages.parts.audited import audited_view
from workflows import store
from workflows.users import FAILURE_WINDOW, MAX_FAILURES_PER_ACCOUNT, role_table, roles_view

PAGE = "users"

user = use_router()
st.title("Users and roles")
st.write(
    "Who can sign in to this dashboard and what each of them may see and do. This page only shows them: "
    "local accounts change on the server with `python -m workflows.users add|remove`, and sign-in through the "
    "council's identity provider follows the roles file. Looking at this page is recorded in the audit log."
)
view = roles_view(store(), user)  # refuses anyone but an analyst, whatever reached this page

st.header("The four roles")
st.table(md_table(role_table().set_index("Role")))

st.header(f"Local accounts ({len(view.accounts)})")
st.write(
    "Used where no identity provider is configured. A removed account is kept, so the audit's names keep "
    f"meaning someone. An account is locked for {FAILURE_WINDOW.seconds // 60} minutes after "
    f"{MAX_FAILURES_PER_ACCOUNT} failed sign-ins."
)
audited_view(PAGE, "Users and roles", view.accounts, "users", same_as=(view.accounts.to_csv(), view.mapping.to_csv()))
if view.accounts.empty:
    st.write("No local accounts.")
else:
    st.table(md_table(view.accounts.set_index("Account")))
if not view.refused_addresses.empty:
    st.subheader("Addresses refused for too many failed sign-ins")
    st.table(md_table(view.refused_addresses.set_index("Address")))

st.header(f"Identity provider sign-in: the roles file ({len(view.mapping)} entries)")
st.markdown(
    f"Read from **{md(view.roles_file)}** (the `CSC_ROLES_FILE` setting) at every sign-in. An e-mail address "
    "is matched first; otherwise the first group in the file's order that the person holds, read from the "
    f"claims {md(', '.join(view.group_claims))}. Nobody gets a role by default."
)
if view.problem:
    st.error(md(view.problem), icon=":material/error:")
if view.mapping.empty:
    st.write("The roles file maps nobody, so every sign-in through the identity provider is refused.")
else:
    st.table(md_table(view.mapping.set_index("E-mail address or group")))
