"""Byt lösenord (every role): the current password, a new one twice; the other log-ins of the account end."""
import streamlit as st

from scoring.platform import auth
from scoring.platform.access import ValidationError
from scoring.ui import shell, state, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.CHANGE_PW_TITLE)
st.caption(text.CHANGE_PW_HELP.format(length=auth.MIN_PASSWORD_LENGTH))
widgets.show_flash()

with st.form("change_password", clear_on_submit=True, enter_to_submit=True):
    current = st.text_input(text.CHANGE_PW_CURRENT, type="password", autocomplete="current-password")
    new = st.text_input(text.CHANGE_PW_NEW, type="password", autocomplete="new-password")
    repeated = st.text_input(text.CHANGE_PW_REPEAT, type="password", autocomplete="new-password")
    pressed = st.form_submit_button(text.CHANGE_PW_BUTTON, type="primary", icon=":material/key:")
if pressed:
    try:
        ended = auth.change_password(db, actor, current, new, repeated,
                                     keep_token=st.session_state.get(state.WEB_TOKEN))
    except ValidationError as exc:
        widgets.errors(exc)
    else:
        widgets.flash(text.CHANGE_PW_DONE if not ended else text.CHANGE_PW_DONE_ENDED.format(count=ended))
        st.rerun()
