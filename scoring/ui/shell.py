"""The app frame: open the store, log in, enforce idle time-out, and build navigation for the role."""
from __future__ import annotations

import copy
import gc
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from scoring.platform import auth
from scoring.platform import mail
from scoring.platform import settings
from scoring.platform import web_sessions
from scoring.platform.access import ROLE_NAMES, User
from scoring.store import Store, accounts
from scoring.ui import navigation, registry, session_cookie, sign_on_login, state, text, widgets


_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def store() -> Store:
    """One root connection per database file per process; each call takes its own cursor. A plain dict, not
    st.cache_resource: pages ask for the store several times per rerun, and hashing the cache key cost more
    than the rest of the examiner's list."""
    path = str(settings.db_path())
    found = _STORES.get(path)
    if found is None:
        with _STORES_LOCK:
            found = _STORES.get(path)
            if found is None:
                found = _STORES[path] = Store(path)
                mail.start_in_app(found)   # the app owns the database file, so it sends the outbox itself
    return found


COOKIE = session_cookie.COOKIE


def current_user() -> User | None:
    user = st.session_state.get(state.USER)
    if user is None:
        user = _resume_from_cookie()
        if user is None:
            return None
    now, last = time.monotonic(), st.session_state.get(state.LAST_ACTIVE, time.monotonic())
    if now - last > settings.idle_minutes() * 60:
        log_out(text.LOGGED_OUT_IDLE.format(minutes=settings.idle_minutes()), "warning")
        return None
    if not _account_still_valid(user, now):
        log_out(text.LOGGED_OUT_ACCOUNT_CHANGED, "warning")
        return None
    token = st.session_state.get(state.WEB_TOKEN)
    if token and not web_sessions.REGISTRY.touch(token, now):
        log_out(text.LOGGED_OUT_ELSEWHERE, "info")   # ended in another tab of the same log-in, or timed out
        return None
    st.session_state[state.LAST_ACTIVE] = now
    return user


def _scope() -> str:
    return store().path


def _resume_from_cookie() -> User | None:
    """After a reload: the log-in named by the browser's cookie, if it is still alive and the account
    unchanged (active, same role and organisation)."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:   # no browser request behind this session (e.g. a test harness)
        return None
    if not isinstance(token, str):   # AppTest answers with a stand-in object
        return None
    now = time.monotonic()
    username = web_sessions.REGISTRY.resume(_scope(), token, now, settings.idle_minutes() * 60)
    if username is None:
        return None
    user = auth.account_user(store(), username)
    if user is None:
        web_sessions.REGISTRY.end(token)
        return None
    st.session_state[state.USER] = user
    st.session_state[state.LAST_ACTIVE] = now
    st.session_state[state.WEB_TOKEN] = token
    return user


def _logged_in(user: User) -> None:
    now = time.monotonic()
    st.session_state[state.USER] = user
    st.session_state[state.LAST_ACTIVE] = now
    if session_cookie.SERVER_SIDE:   # the browser fetches its HttpOnly cookie from the server (serve.py)
        st.session_state[state.COOKIE_PENDING] = "handoff", web_sessions.REGISTRY.handoff(_scope(), user.username, now)
        return
    st.session_state[state.WEB_TOKEN] = web_sessions.REGISTRY.start(_scope(), user.username, now)
    st.session_state[state.COOKIE_PENDING] = "set"


def _tell_browser() -> None:
    """Set or clear the log-in cookie once, with a few lines of script (st.html runs it when it is drawn).
    The token is ours (URL-safe base64), never user input. Strict same-site; Secure over https.
    Under serve.py the script only sends the browser to the server's cookie route with the log-in's one-time
    code (HttpOnly, see scoring.ui.session_cookie), and after a log-out to the route that removes the cookie
    (the token is already ended on the server)."""
    pending = st.session_state.pop(state.COOKIE_PENDING, None)
    if isinstance(pending, tuple):
        st.html(f"""<script>location.replace("{session_cookie.ROUTE}?code={pending[1]}&next="
                + encodeURIComponent(location.pathname + location.search));</script>""", width="content",
                unsafe_allow_javascript=True)
        return
    if session_cookie.SERVER_SIDE:
        if pending == "clear":   # the user's own log-out: the server's route removes the HttpOnly cookie
            st.html(f"""<script>location.replace("{session_cookie.LOGOUT_ROUTE}?next="
                    + encodeURIComponent(location.pathname + location.search));</script>""", width="content",
                    unsafe_allow_javascript=True)
        elif pending == sign_on_login.CLEAR_THEN_PROVIDER:   # a city sign-on: then Streamlit's and the provider's
            st.html(f"""<script>location.replace("{session_cookie.LOGOUT_ROUTE}?next={sign_on_login.LOGOUT_PATH}");
                    </script>""", width="content", unsafe_allow_javascript=True)
        return
    if pending == "set":
        value, age = st.session_state[state.WEB_TOKEN], web_sessions.MAX_HOURS * 3600
    elif pending in ("clear", "ended"):
        value, age = "", 0
    else:
        return
    st.html(f"""<script>document.cookie = "{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict"
            + (location.protocol === "https:" ? "; Secure" : "");</script>""", width="content",
            unsafe_allow_javascript=True)


# The account check (deactivated, removed, new role or organisation → logged out) is a database query. It is
# skipped on a rerun only when no write that can change an account has been committed since the last check
# (the store's data version, scoring.store.database: every committed transaction but an examiner's own draft)
# AND the last check is less than ACCOUNT_RECHECK_SECONDS old. Any such write (e.g. the kansli deactivating the
# account) moves the version, so the next rerun checks at once; the interval is a second line of defence.
ACCOUNT_RECHECK_SECONDS = 30
_ACCOUNT_CHECKED = "account_checked"      # session key: (data version, monotonic time of the check)
_CACHE_PREFIX = "unchanged:"               # session keys of unchanged_or_compute
T = TypeVar("T")


def unchanged_or_compute(key: str, compute: Callable[[], T], slot: str | None = None,
                         examiner: str | None = None, drafts: bool = True) -> T:
    """`compute()`, or this session's last result for `key` when the store's data version is unchanged since
    (Store.data_version: no write that can change the result has been committed; another session's save moves
    it, so the next rerun reads afresh). For reads that a rerun would otherwise repeat unchanged (the cycle year,
    an examiner's list). `key` must name everything the result depends on. With `examiner` (the logged-in
    examiner's username), other examiners' drafts do not count as changes: for what only this examiner's own
    work and the common data decide (their list, their assessment), never for anything that shows others'
    drafts. With drafts=False no examiner's draft, the examiner's own included, counts: for what no draft can
    change (a submission's document, whether the practice case is submitted). With `slot`, the session keeps one
    result per slot (the last key's), e.g. for large values like a PDF."""
    version = store().data_version(examiner, drafts=drafts)
    hit = st.session_state.get(_CACHE_PREFIX + (slot or key))
    if version is not None and hit is not None and hit[0] == version and hit[1] == key:
        return hit[2]
    value = compute()
    st.session_state[_CACHE_PREFIX + (slot or key)] = (version, key, value)
    return value


def _account_still_valid(user: User, now: float) -> bool:
    version = store().data_version(drafts=False)
    checked = st.session_state.get(_ACCOUNT_CHECKED)
    if (version is not None and checked is not None and checked[0] == version
            and now - checked[1] < ACCOUNT_RECHECK_SECONDS):
        return True
    if not auth.session_still_valid(store(), user):
        return False
    st.session_state[_ACCOUNT_CHECKED] = (version, now)
    return True


def log_out(message: str | None = None, kind: str = "info") -> None:
    """End the log-in. With a `message` (the app logged the user out: idle, account changed, ended in another
    tab) it is shown on the log-in form, and under serve.py the page is not reloaded to remove the cookie (the
    reload would lose the message; the cookie names a token that is already ended)."""
    web_sessions.REGISTRY.end(st.session_state.get(state.WEB_TOKEN))
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[state.COOKIE_PENDING] = "clear" if message is None else "ended"
    if message is not None:
        widgets.flash(message, kind)


def _log_in() -> None:
    """The log-in button's callback, run before the script: a success is drawn by this same run as the first
    page, with no st.rerun (issue 16.2: one script run from log-in to the first page)."""
    username = st.session_state.get(state.LOGIN_USERNAME) or ""
    password = st.session_state.pop(state.LOGIN_PASSWORD, None) or ""
    try:
        user = auth.login(store(), username, password)
    except auth.LoginError as exc:
        st.session_state[state.LOGIN_REFUSED] = str(exc)
    else:
        _logged_in(user)


def login_page() -> None:
    st.title(text.APP_TITLE)
    st.caption(text.APP_SUBTITLE)
    widgets.show_flash()
    if sign_on_login.section(store(), _logged_in):   # city sign-on when [auth] is configured; passwords may be off
        with st.form("login"):
            st.subheader(text.LOGIN_HEADER)
            st.text_input(text.USERNAME, key=state.LOGIN_USERNAME)
            st.text_input(text.PASSWORD, type="password", key=state.LOGIN_PASSWORD)
            st.form_submit_button(text.LOGIN_BUTTON, type="primary", on_click=_log_in)
    refused = st.session_state.pop(state.LOGIN_REFUSED, None)
    if refused:
        st.error(refused)
    st.page_link(navigation.statement_page(), label=text.A11Y_TITLE, icon=":material/accessibility_new:")
    with store().read() as con:
        if accounts.has_demo_accounts(con):
            st.info(text.DEMO_HINT)
    _tell_browser()   # last, in the main area: logged out there is no sidebar to put it in


def login_pages() -> list[st.Page]:
    """Logged out, every page's address shows the log-in form, so a reload or a deep link
    lands on the log-in and then on the page that was asked for."""
    urls = ["logga-in", *dict.fromkeys(spec.url for spec in registry.PAGES if spec.url != navigation.STATEMENT_URL)]
    return [*(st.Page(login_page, title=text.LOGIN_HEADER, url_path=url, default=i == 0) for i, url in enumerate(urls)),
            navigation.statement_page()]   # the accessibility statement is open to all


def sidebar(user: User) -> None:
    with st.sidebar:
        st.markdown(text.SIGNED_IN_AS.format(name=widgets.escape_md(user.display_name), role=ROLE_NAMES[user.role]))
        if st.button(text.LOGOUT, icon=":material/logout:"):
            log_out()
            sign_on_login.log_out_of_provider()   # a city sign-on also ends at the provider
            st.rerun()


# Streamlit's full garbage collection after every script run is off (.streamlit/config.toml:
# runner.postScriptGC). Python's own full collections still walk every object the process holds, and most of
# them belong to the modules (Streamlit, Polars, DuckDB, …) that live as long as the process: under load, pauses
# of 60–210 ms that every session waited out (issue 16.4, measured with gc.callbacks). After a run that imported
# modules, one collection and gc.freeze() move what is alive into the permanent generation, which collections
# skip (then ≈ 5 ms). At most MAX_FREEZES times per process (a role's first pages import their libraries), so
# what lived at those moments and later became cyclic garbage is a bounded, one-off amount.
MAX_FREEZES = 4
_FREEZES = {"count": 0, "modules": 0}
_FREEZE_LOCK = threading.Lock()


def _freeze_long_lived() -> None:
    if _FREEZES["count"] >= MAX_FREEZES or len(sys.modules) == _FREEZES["modules"]:
        return
    with _FREEZE_LOCK:
        if _FREEZES["count"] >= MAX_FREEZES or len(sys.modules) == _FREEZES["modules"]:
            return
        _FREEZES["count"] += 1
        _FREEZES["modules"] = len(sys.modules)
        gc.collect()
        gc.freeze()


def main() -> None:
    try:
        _main()
    finally:   # also after st.stop and st.rerun
        _freeze_long_lived()


def _main() -> None:
    st.set_page_config(page_title=text.APP_TITLE, page_icon="🏅", layout="wide")
    st.session_state[state.RUNS] = st.session_state.get(state.RUNS, 0) + 1
    user = current_user()
    if user is None and st.query_params.get("inbjudan"):   # an invitation link: choose a password, no log-in
        from scoring.ui import invitation_form
        invitation_form.render(st.query_params["inbjudan"])
        return
    if user is None:
        pages = login_pages()
        _unknown_address_to_start({p.url_path for p in pages})
        current = st.navigation(pages, position="hidden")
        navigation.frame(current.title)
        current.run()
        return
    # Fresh copies each run of the session's resolved pages: st.navigation marks the page it returns as runnable
    # and run() clears the mark, so a run that a fast rerun left behind must not share that mark with the next.
    sections = {name: [copy.copy(p) for p in pages] for name, pages in _navigation(user.role).items()}
    _unknown_address_to_start({p.url_path for pages in sections.values() for p in pages})
    current = st.navigation(sections, position="hidden")   # Streamlit's own list markup fails WCAG: our links
    navigation.sidebar_links(sections)
    sidebar(user)
    with st.sidebar:
        _tell_browser()
    navigation.frame(current.title)
    current.run()


def _unknown_address_to_start(urls: set[str]) -> None:
    """Streamlit answers an address that names none of the pages given to st.navigation with an English
    modal ("Page not found") over the default page. Before that can happen: forget the address's page name,
    so st.navigation opens the role's start page, and say so in Swedish above it."""
    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:   # a click on a page link names the page's hash
        return
    name = (manager.intended_page_name or "").strip("/")
    if name and name not in urls:
        manager.set_script_intent("", "")
        st.warning(text.PAGE_UNKNOWN, icon=":material/explore_off:")


def query_choice(name: str, allowed: Sequence[Any], notice: str) -> Any | None:
    """The item named by `?name=` in the address when it is one of `allowed` (ids or codes), else None.
    Compared as text with what is allowed, never parsed: '²' (str.isdigit() says yes), 99999999999 or an id
    that is not the user's never reaches the core or the database. An address that names anything else
    shows `notice` (Swedish), and the page opens its default."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return None
    found = {str(item): item for item in allowed}.get(raw)
    if found is None:
        st.warning(notice, icon=":material/link_off:")
    return found


_NAVIGATION = "navigation"                 # session key: (role, the role's sections of st.Page)


def _navigation(role: str) -> dict[str, list[st.Page]]:
    """The role's pages, built once per session: an st.Page resolves its file on disk when it is made,
    which on every rerun cost more than the page content of the examiner's list. Kept per session, never
    shared between sessions, because st.navigation marks the page it returns as runnable."""
    cached = st.session_state.get(_NAVIGATION)
    if cached is None or cached[0] != role:
        cached = (role, registry.navigation_for(role))
        st.session_state[_NAVIGATION] = cached
    return cached[1]


def page(url: str) -> st.Page | str:
    """The page at `url` for st.page_link and st.switch_page: this session's st.Page (cheap, already
    resolved), or its script path before the navigation is built."""
    cached = st.session_state.get(_NAVIGATION)
    for pages in (cached[1].values() if cached else ()):
        for candidate in pages:
            if candidate.url_path == url:
                return candidate
    return registry.page_path(url)


def cycle_year() -> int | None:
    """The cycle people work in: the newest one (the same for everyone: read once per data version)."""
    from scoring import rulebook
    from scoring.ui import shared_cache
    return shared_cache.shared("cycle_year", lambda: rulebook.current_year(store()), drafts=False)


def user() -> User:
    """The logged-in user; pages only run after log-in."""
    return st.session_state[state.USER]
