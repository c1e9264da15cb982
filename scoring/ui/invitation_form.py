"""The page an invitation link opens (`?inbjudan=TOKEN`), without log-in: the invitee chooses a password.
A reused, expired, replaced or tampered link gets the core's Swedish message and no form."""
from __future__ import annotations

import streamlit as st

from scoring import invitations
from scoring.access import ValidationError
from scoring.ui import mail_text as t
from scoring.ui import shell, text, widgets


def render(token: str) -> None:
    db = shell.store()
    try:
        account = invitations.check(db, token)
    except invitations.InvitationError as exc:
        st.title(t.INVITATION_REFUSED_TITLE)
        st.error(str(exc))
        _to_login()
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


def _to_login() -> None:
    if st.button(t.INVITATION_TO_LOGIN):
        st.query_params.clear()
        st.rerun()
