"""The page an invitation link opens (`?inbjudan=TOKEN`), without log-in: the invitee chooses a password, or,
where the city's sign-on is configured, only confirms. A reused, expired, replaced or tampered link gets the
core's Swedish message and no form. Also the kansli's invitation section (`invite_section`), shown on Konton
and Utskick."""
from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from scoring import swedish
from scoring.platform import invitations
from scoring.platform.access import AccessDenied, ValidationError
from scoring.ui import mail_text as t
from scoring.ui import cycle_picker, shell, sign_on_login, text, widgets

CONFIRM_TITLE = "Bekräfta din inbjudan"
CONFIRM_WELCOME = ("Välkommen, {name}! Ditt användarnamn är **{username}**. Bekräfta inbjudan; sedan loggar du in "
                   "med ditt konto i staden.")
CONFIRM_BUTTON = "Bekräfta inbjudan"
CONFIRM_DONE = "Inbjudan är bekräftad. Logga in med stadens konto."
INVITE_SIGN_ON_NOTE = ("Stadens inloggning är inkopplad: länken bekräftar bara inbjudan, och examinatorn loggar sedan "
                       "in med sitt konto i staden (matchas mot e-postadressen ovan).")


def render(token: str) -> None:
    db = shell.store()
    try:
        account = invitations.check(db, token)
    except invitations.InvitationError as exc:
        st.title(t.INVITATION_REFUSED_TITLE)
        st.error(str(exc))
        _to_login()
        return
    if sign_on_login.configured():   # the city's sign-on: the link only confirms
        _confirm(db, token, account)
        return
    st.title(t.INVITATION_TITLE)
    st.caption(text.APP_TITLE)
    st.markdown(t.INVITATION_WELCOME.format(name=widgets.escape_md(account.display_name),
                                            username=widgets.escape_md(account.username)))
    with st.form("invitation"):
        password = st.text_input(t.INVITATION_PASSWORD, type="password")
        repeated = st.text_input(t.INVITATION_REPEAT, type="password")
        pressed = st.form_submit_button(t.INVITATION_SAVE, type="primary")
    if pressed:
        try:
            invitations.accept(db, token, password, repeated)
        except ValidationError as exc:
            widgets.errors(exc)
        except invitations.InvitationError as exc:
            st.error(str(exc))
        else:
            widgets.flash(t.INVITATION_DONE.format(username=account.username))
            st.query_params.clear()
            st.rerun()
    _to_login()


def _confirm(db, token: str, account) -> None:
    st.title(CONFIRM_TITLE)
    st.caption(text.APP_TITLE)
    st.markdown(CONFIRM_WELCOME.format(name=widgets.escape_md(account.display_name),
                                       username=widgets.escape_md(account.username)))
    if st.button(CONFIRM_BUTTON, type="primary", icon=":material/how_to_reg:"):
        try:
            invitations.confirm(db, token)
        except invitations.InvitationError as exc:
            st.error(str(exc))
        else:
            widgets.flash(CONFIRM_DONE)
            st.query_params.clear()
            st.rerun()
    _to_login()


def invite_section(db, actor, key: str) -> int | None:
    """The kansli invites one, many, or everyone on the cycle's teams who has not logged in (Konton, Utskick).

    The cycle is the one cycle picker's (`key` is the page's widget key), starting at the cycle in progress;
    returns it (None before the first cycle exists)."""
    year = cycle_picker.pick_cycle(db, actor, key, start=shell.cycle_year(), help=t.INVITE_CYCLE_HELP)
    st.caption(t.INVITE_INTRO)
    if sign_on_login.configured():
        st.caption(INVITE_SIGN_ON_NOTE)
    people = invitations.candidates(db, actor, year)
    people = people.with_columns(pl.Series("state", [_state(r) for r in people.iter_rows(named=True)],
                                           dtype=pl.String))
    widgets.table(people.select(list(t.INVITE_COLUMNS)).rename(t.INVITE_COLUMNS), hide_index=True, width="stretch")
    names = dict(people.select("username", "display_name").iter_rows())
    newcomers = people.filter(pl.col("in_cycle") & ~pl.col("has_logged_in"))["username"].to_list()
    with st.form("invite"):
        picked = st.multiselect(t.INVITE_PICK, list(names), format_func=lambda u: f"{names[u]} ({u})",
                                placeholder=text.CHOOSE)
        if st.form_submit_button(t.INVITE_BUTTON, type="primary"):
            _invite(db, actor, picked)
    if newcomers and st.button(t.INVITE_ALL_BUTTON.format(count=len(newcomers))):
        _invite(db, actor, newcomers)
    return year


def _state(row: dict) -> str:
    if row["created_at"] is None:
        return t.INVITE_STATE["none"]
    if row["used_at"] is not None:
        return t.INVITE_STATE["used"]
    if row["revoked_at"] is not None:
        return t.INVITE_STATE["replaced"]
    if row["expires_at"] is None:
        return t.INVITE_STATE["waiting"]
    if row["expires_at"] <= dt.datetime.now():
        return t.INVITE_STATE["expired"]
    return t.INVITE_STATE["open"].format(until=row["expires_at"].strftime("%Y-%m-%d %H:%M"))


def _invite(db, actor, usernames: list[str]) -> None:
    try:
        result = invitations.invite(db, actor, usernames)
    except (ValidationError, AccessDenied) as exc:
        widgets.errors(exc)
        return
    done = swedish.plural(len(result.invited), *t.INVITE_DONE) + " i utskickskön."
    widgets.flash(widgets.escape_md(" ".join([done, *result.skipped])), "success" if not result.skipped else "warning")
    st.rerun()


def _to_login() -> None:
    if st.button(t.INVITATION_TO_LOGIN):
        st.query_params.clear()
        st.rerun()
