"""The log-in page's city sign-on: a "Logga in med stadens konto" button when `[auth]` is configured in
.streamlit/secrets.toml (Streamlit's st.login), and the identity Streamlit hands back in st.user.

The core (scoring.platform.sign_on) decides which account the identity is, refuses in Swedish, and counts a sign-on
once and only fresh; this module only reads st.user and shows the outcome. After a match the log-in goes on
exactly as after a password (shell's _logged_in: web session, idle time-out, log-out)."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from scoring.platform import sign_on
from scoring.platform.access import User
from scoring.store import Store
from scoring.ui import session_cookie, state, widgets

SIGN_ON_BUTTON = "Logga in med stadens konto"
SIGN_ON_HELP = "Du loggas in via stadens inloggningstjänst och kommer sedan tillbaka hit."
SIGN_ON_OR = "eller med användarnamn och lösenord"
SIGN_ON_ONLY = "Inloggning med lösenord är avstängd här; använd stadens konto."

def configured() -> bool:
    """Whether .streamlit/secrets.toml (or the `secrets.files` it is read from) has an [auth] section."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:   # no secrets file at all
        return False


def identity_present() -> bool:
    """Streamlit holds a provider identity for this browser (its cookie), used or not."""
    return configured() and bool(st.user.get("is_logged_in"))


def section(db: Store, logged_in: Callable[[User], None]) -> bool:
    """On the log-in page: log in a fresh identity from st.user (then rerun), or show why it is refused;
    draw the sign-on button. Returns whether passwords are offered below it."""
    if not configured():
        return True
    if st.user.get("is_logged_in"):
        try:
            user = sign_on.sign_in(db, st.user.to_dict())
        except sign_on.Stale:        # the identity cookie from an earlier sign-on: sign on again
            pass
        except sign_on.SignOnRefused as exc:   # quotes the provider's e-mail claim: shown as text
            widgets.errors(exc)
        else:
            logged_in(user)
            st.rerun()
    if st.button(SIGN_ON_BUTTON, type="primary", icon=":material/login:", help=SIGN_ON_HELP):
        st.login()
    passwords = sign_on.passwords_enabled(db)
    st.caption(SIGN_ON_OR if passwords else SIGN_ON_ONLY)
    return passwords


CLEAR_THEN_PROVIDER = "clear_then_provider"   # state.COOKIE_PENDING under serve.py, see log_out_of_provider
LOGOUT_PATH = "%2Fauth%2Flogout"               # Streamlit's log-out route (st.logout sends the browser there)


def log_out_of_provider() -> None:
    """After the app's own log-out: also forget Streamlit's identity cookie and end the provider's session
    (Streamlit's /auth/logout sends the browser through the provider's end-session page and back). Under
    serve.py the browser first visits the route that removes the HttpOnly log-in cookie, which then forwards
    to /auth/logout: two navigations started at once would race, and one would be lost."""
    if not identity_present():
        return
    if session_cookie.SERVER_SIDE:
        st.session_state[state.COOKIE_PENDING] = CLEAR_THEN_PROVIDER
    else:
        st.logout()
