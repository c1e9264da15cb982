"""The app frame: open the store, log in, enforce idle time-out, and build navigation for the role."""
from __future__ import annotations

import time

import streamlit as st

from scoring import auth, settings
from scoring.access import ROLE_NAMES, User
from scoring.store import Store, accounts
from scoring.ui import registry, state, text, widgets


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    """One root connection per database file per process; each call takes its own cursor."""
    return Store(path)


def store() -> Store:
    return _store(str(settings.db_path()))


def current_user() -> User | None:
    user = st.session_state.get(state.USER)
    if user is None:
        return None
    now, last = time.monotonic(), st.session_state.get(state.LAST_ACTIVE, time.monotonic())
    if now - last > settings.idle_minutes() * 60:
        log_out()
        widgets.flash(text.LOGGED_OUT_IDLE.format(minutes=settings.idle_minutes()), "warning")
        return None
    if not auth.session_still_valid(store(), user):
        log_out()
        widgets.flash(text.LOGGED_OUT_ACCOUNT_CHANGED, "warning")
        return None
    st.session_state[state.LAST_ACTIVE] = now
    return user


def log_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def login_page() -> None:
    st.title(text.APP_TITLE)
    st.caption(text.APP_SUBTITLE)
    widgets.show_flash()
    with st.form("login"):
        st.subheader(text.LOGIN_HEADER)
        username = st.text_input(text.USERNAME)
        password = st.text_input(text.PASSWORD, type="password")
        pressed = st.form_submit_button(text.LOGIN_BUTTON, type="primary")
    if pressed:
        try:
            user = auth.login(store(), username, password)
        except auth.LoginError as exc:
            st.error(str(exc))
        else:
            st.session_state[state.USER] = user
            st.session_state[state.LAST_ACTIVE] = time.monotonic()
            st.rerun()
    with store().read() as con:
        if accounts.has_demo_accounts(con):
            st.info(text.DEMO_HINT)


def login_pages() -> list[st.Page]:
    """Logged out, every page's address shows the log-in form, so a reload or a deep link
    lands on the log-in and then on the page that was asked for."""
    urls = ["logga-in", *dict.fromkeys(spec.url for spec in registry.PAGES)]
    return [st.Page(login_page, title=text.LOGIN_HEADER, url_path=url, default=i == 0) for i, url in enumerate(urls)]


def sidebar(user: User) -> None:
    with st.sidebar:
        st.markdown(text.SIGNED_IN_AS.format(name=user.display_name, role=ROLE_NAMES[user.role]))
        if st.button(text.LOGOUT, icon=":material/logout:"):
            log_out()
            st.rerun()


def main() -> None:
    st.set_page_config(page_title=text.APP_TITLE, page_icon="🏅", layout="wide")
    user = current_user()
    if user is None:
        st.navigation(login_pages(), position="hidden").run()
        return
    sidebar(user)
    st.navigation(registry.navigation_for(user.role)).run()


def cycle_year() -> int | None:
    """The cycle people work in: the newest one."""
    from scoring import rulebook
    return rulebook.current_year(store())


def user() -> User:
    """The logged-in user; pages only run after log-in."""
    return st.session_state[state.USER]
