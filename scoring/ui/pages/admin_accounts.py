"""Konton (kansli): every account, and forms to create one, set a password, deactivate/reactivate and unlock.
The core (scoring.platform.auth) checks the role and validates; this page only reads input and shows the outcome."""
from collections.abc import Callable

import polars as pl
import streamlit as st

from scoring.platform import auth
from scoring.cycle import registration
from scoring.platform.access import ROLE_NAMES, ROLES
from scoring.ui import invitation_form, mail_text, shell, text, widgets

TAB = "accounts-tab"                 # the open tab (a keyed st.tabs)
FORM_ROUND = "accounts_form_round"   # bumped after a success: the forms start empty (no password kept)

db, actor = shell.store(), shell.user()
st.title(text.ACCOUNTS_TITLE)
widgets.show_flash()
st.caption(text.ACCOUNTS_INTRO)
overview = auth.accounts_overview(db, actor)
round_ = st.session_state.get(FORM_ROUND, 0)


def attempt(act: Callable[[], None], done: str) -> None:
    """Call the core; show its refusal, or flash `done` and start over with empty forms."""
    widgets.act(act, done, after=lambda _: st.session_state.update({FORM_ROUND: round_ + 1}))


def label(row: dict) -> str:
    """'Namn (användarnamn) · Roll – saknar lösenord, låst': who it is and what needs doing."""
    state = {"needs_password": row["needs_password"], "inactive": not row["active"], "locked": row["locked"]}
    tags = [word for key, word in text.ACCOUNT_TAGS.items() if state[key]]
    shown = f"{row['display_name']} ({row['username']}) · {row['role_name']}"
    return f"{shown} – {', '.join(tags)}" if tags else shown


def account_table() -> None:
    st.caption(text.ACCOUNTS_COUNTS.format(total=overview.height, inactive=(~overview["active"]).sum(),
                                           locked=overview["locked"].sum(), needs=overview["needs_password"].sum()))
    shown = (overview.with_columns(pl.col("organisation").fill_null("–"))
             .select(list(text.ACCOUNTS_COLUMNS)).rename(text.ACCOUNTS_COLUMNS))
    widgets.table(shown, hide_index=True, width="stretch")


def new_account_form() -> None:
    orgs = registration.organisations(db, actor)
    org_names = {None: text.ACCOUNT_NO_ORG, **dict(zip(orgs["id"], orgs["name"]))}
    with st.form(f"new-account-{round_}"):
        left, right = st.columns(2)
        username = left.text_input(text.USERNAME, help=text.ACCOUNT_USERNAME_HELP)
        name = right.text_input(text.ACCOUNT_NAME, help=text.ACCOUNT_NAME_HELP)
        role = left.selectbox(text.ACCOUNT_ROLE, ROLES, index=ROLES.index("examiner"), format_func=ROLE_NAMES.get)
        org = right.selectbox(text.ACCOUNT_ORG, list(org_names), format_func=org_names.get,
                              help=text.ACCOUNT_ORG_HELP)
        password = left.text_input(text.ACCOUNT_PASSWORD.format(n=auth.MIN_PASSWORD_LENGTH), type="password")
        again = right.text_input(text.ACCOUNT_PASSWORD_AGAIN, type="password")
        pressed = st.form_submit_button(text.ACCOUNT_CREATE, type="primary", icon=":material/person_add:")
    if not pressed:
        return
    if password != again:
        st.error(text.PASSWORDS_DIFFER)
        return
    created = username.strip().lower()
    attempt(lambda: auth.create_account(db, actor, username, name, role, password, org),
            text.ACCOUNT_CREATED.format(username=widgets.escape_md(created), role=ROLE_NAMES[role].lower()))


def password_form() -> None:
    rows = overview.sort("needs_password", descending=True, maintain_order=True)
    labels = {row["username"]: label(row) for row in rows.iter_rows(named=True)}
    needing = int(overview["needs_password"].sum())
    st.caption(text.PASSWORD_HELP)
    with st.form(f"set-password-{round_}"):
        chosen = st.selectbox(text.ACCOUNT_PICK, list(labels), format_func=labels.get, key="password-account",
                              index=0 if needing else None, placeholder=text.ACCOUNT_PICK_PLACEHOLDER)
        left, right = st.columns(2)
        password = left.text_input(text.PASSWORD_NEW.format(n=auth.MIN_PASSWORD_LENGTH), type="password")
        again = right.text_input(text.PASSWORD_NEW_AGAIN, type="password")
        pressed = st.form_submit_button(text.PASSWORD_SET_BUTTON, type="primary", icon=":material/key:")
    if not pressed:
        return
    if chosen is None or password != again:
        st.error(text.ACCOUNT_NOT_PICKED if chosen is None else text.PASSWORDS_DIFFER)
        return
    attempt(lambda: auth.set_password(db, actor, chosen, password), text.PASSWORD_SET_DONE.format(username=widgets.escape_md(chosen)))


def invite_form() -> None:
    """One, many, or everyone imported for the cycle: an e-mail with a one-time link each."""
    invitation_form.invite_section(db, actor, "accounts-cycle-year")


def status_form() -> None:
    labels = {row["username"]: label(row) for row in overview.iter_rows(named=True)}
    st.caption(text.STATUS_HELP.format(minutes=auth.LOCK_MINUTES))
    with st.form("account-status"):
        chosen = st.selectbox(text.ACCOUNT_PICK, list(labels), format_func=labels.get, key="status-account",
                              index=None, placeholder=text.ACCOUNT_PICK_PLACEHOLDER)
        cols = st.columns(3)
        off = cols[0].form_submit_button(text.DEACTIVATE_BUTTON, icon=":material/person_off:", width="stretch")
        on = cols[1].form_submit_button(text.ACTIVATE_BUTTON, icon=":material/person_check:", width="stretch")
        unlock = cols[2].form_submit_button(text.UNLOCK_BUTTON, icon=":material/lock_open:", width="stretch")
    if (off or on or unlock) and chosen is None:
        st.error(text.ACCOUNT_NOT_PICKED)
    elif off or on:
        attempt(lambda: auth.set_active(db, actor, chosen, on),
                (text.ACCOUNT_ACTIVATED if on else text.ACCOUNT_DEACTIVATED).format(username=widgets.escape_md(chosen)))
    elif unlock:
        attempt(lambda: auth.unlock(db, actor, chosen), text.ACCOUNT_UNLOCKED.format(username=widgets.escape_md(chosen)))


account_table()
if needing_password := int(overview["needs_password"].sum()):      # seen whichever tab is open
    st.info(text.ACCOUNTS_NEED_PASSWORD.format(n=needing_password))
# A keyed st.tabs reruns on a switch and tells which tab is open: only that one is built and sent (at scale 10
# each of the pickers lists 400 accounts, and the invitation form every examiner of the cycle).
tabs = st.tabs([*text.ACCOUNTS_TABS, mail_text.INVITE_HEADER], key=TAB, on_change="rerun")
for tab, build in zip(tabs, (new_account_form, password_form, status_form, invite_form), strict=True):
    if tab.open:
        with tab:
            build()
