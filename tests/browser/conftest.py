"""Real Chromium against a real `streamlit run serve.py`, on a copy of the demo database.

Playwright's own browser download does not work on these machines; Debian's
Chromium at /usr/bin/chromium is used (scripts/ensure-system-deps.sh installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from scoring.bench import server as app_server

from scoring.bench.browser import CHROMIUM, CHROMIUM_ARGS
SCREENSHOTS = Path(os.environ.get("KVALITET_SCREENSHOTS", "/tmp/kvalitet-screenshots"))
# The entry point the browser tests serve: serve.py, as `make run` does (app.py behind Streamlit's ASGI server, with
# the route that sets the log-in cookie HttpOnly). There a log-in and a log-out reload the page once (the cookie
# route); log_in(), log_out() and cookie_round_trip() wait for that reload. KVALITET_TEST_ENTRY=app.py runs the
# suite on the development entry instead (no reload; the cookie is set by a script).
ENTRY = os.environ.get("KVALITET_TEST_ENTRY", "serve.py")


free_port = app_server.free_port


@contextmanager
def running_app(db_path: Path, *, entry: str = ENTRY, env: dict[str, str] | None = None, port: int | None = None,
                log: Path | None = None) -> Iterator[str]:
    """`streamlit run` the app on `db_path` at a loopback port (a free one unless given); yields its base URL.
    Its output goes to `log` when given (a failure's traceback), else nowhere. (scoring/bench/server.py: the same
    start as `kvalitet bench --browser`.)"""
    with app_server.streamlit(entry, {"KVALITET_DB": str(db_path), **(env or {})}, port=port, log=log) as url:
        try:
            yield url
        finally:   # its log-ins end with it (a later server may get the same port)
            for key in [k for k in _SIGNED_IN if k[0] == url]:
                del _SIGNED_IN[key]


@pytest.fixture
def server(demo_path: Path) -> Iterator[str]:
    """Serve the app on a copy of the demo database; yields its base URL."""
    with running_app(demo_path) as url:
        yield url


@pytest.fixture(scope="session")
def shared_server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app for the whole session on one copy of the demo database, for the test files that opt in with their
    own `server` fixture returning it (`def server(shared_server): return shared_server`): a server start and
    its first, slowest page are paid once.

    Only for tests whose writes never meet: each works on its own accounts, units or submissions, chooses them
    from what the running app shows or from demo_template by a rule no other sharing test changes, and asserts
    nothing another sharing test could alter. A test that prepares the database before the server starts, or
    whose page counts what others add, keeps the per-test `server`."""
    path = tmp_path_factory.mktemp("shared-demo") / "kvalitet.duckdb"
    shutil.copy(demo_template, path)
    with running_app(path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} saknas: kör `make test` som root eller scripts/ensure-system-deps.sh")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


# In every test page, before Streamlit's own scripts: which of the page's websocket messages asked the server for a
# script run (BackMsg.rerun_script, field 11) and which told that a run is over (ForwardMsg.script_finished, field 6,
# an enum: 2 = FINISHED_EARLY_FOR_RERUN, a run that another one replaces). Read by settle(). Only the top-level
# field numbers of each protobuf message are read (scoring's tests pin streamlit < 2).
WATCH_RUNS = """
(() => {
  if (window.__kvRuns) return;
  const runs = window.__kvRuns = {seq: 0, asked: 0, finished: 0};
  const fields = (data) => {
    const b = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    const found = {};
    if (!b) return found;
    let at = 0;
    const varint = () => { let v = 0, m = 1, x; do { x = b[at++]; v += (x & 127) * m; m *= 128; } while (x & 128 && at < b.length); return v; };
    while (at < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) found[field] = varint();
      else if (wire === 2) { const n = varint(); found[field] = null; at += n; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else break;
    }
    return found;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (11 in fields(data)) runs.asked = ++runs.seq;
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const msg = fields(event.data);
        if (6 in msg && msg[6] !== 2) runs.finished = ++runs.seq;
      });
    }
  };
})();
"""
# Idle: Streamlit's app element says its script is not running (the minimal toolbar of .streamlit/config.toml never
# shows the status widget), no element is still waiting to be redrawn, this document has seen a script run end,
# and every run the page asked for since has ended (a widget's rerun is asked for at once, but the app element
# says "running" only when the server's answer arrives).
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const runs = window.__kvRuns;
  return !!app && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')
    && !!runs && runs.finished > 0 && runs.finished > runs.asked;
}"""
# Idle continuously for `quiet` ms: two messages that come back to back (a run's end, the next run's start)
# never look like quiet in between.
IDLE_FOR = "quiet => { const now = performance.now(); const idle = (" + IDLE + """)();
  if (!idle) { window.__kvIdleSince = null; return false; }
  if (window.__kvIdleSince == null) window.__kvIdleSince = now;
  return now - window.__kvIdleSince >= quiet; }"""


# What keeps the page from being idle (a failed settle() says so).
NOT_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {state: app && app.dataset.testScriptState, runs: window.__kvRuns,
          status: !!document.querySelector('[data-testid="stStatusWidget"]'),
          stale: [...document.querySelectorAll('[data-stale="true"]')].map((e) => e.dataset.testid || e.tagName)};
}"""


def new_context(browser, **options):
    """A browser context as the tests use it: 1400 × 1000, Swedish, the page's script runs watched (settle())."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, "locale": "sv-SE", **options})
    context.add_init_script(WATCH_RUNS)
    context.set_default_timeout(45_000)   # generous: CI machines are small and shared
    return context


@pytest.fixture
def page(browser, server, request):
    context = new_context(browser, accept_downloads=True)
    pg = context.new_page()
    pg.goto(server)
    yield pg
    if getattr(request.node, "failed_call", False):
        screenshot(pg, f"FAILED-{request.node.name}")
    context.close()


def settle(page, quiet_ms: int = 100) -> None:
    """Wait until Streamlit has finished every script run the page asked for, and has drawn it.

    Typing into a page while a run is still drawing it may be lost, so tests wait for this before they act. On a
    page made by new_context() the page's own websocket messages say when a run the page asked for (a click, a
    committed field) is over; idle must then hold for `quiet_ms`."""
    watched = page.evaluate("() => { window.__kvIdleSince = null; return !!window.__kvRuns; }")
    assert watched, "settle() needs a page from new_context() (its script runs are watched there)"
    try:
        page.wait_for_function(IDLE_FOR, arg=quiet_ms, polling=25)
    except PlaywrightTimeout:
        raise AssertionError(f"sidan blev aldrig klar: {page.evaluate(NOT_IDLE)}") from None


def sets_cookie_on_server(url: str) -> bool:
    """Whether the app at `url` is serve.py: its cookie route answers with a redirect (app.py has no such route).
    Asked each time, never remembered: a free port can serve app.py in one test and serve.py in the next."""
    parts = urllib.parse.urlsplit(url)

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(_NoRedirect).open(f"{parts.scheme}://{parts.netloc}/_kvalitet/session", timeout=10)
    except urllib.error.HTTPError as answer:
        return answer.code == 303
    return False


@contextmanager
def cookie_round_trip(page) -> Iterator[None]:
    """Around the step that logs in or out (a click, Enter): under serve.py the page then goes to the server's
    cookie route and back, a reload; wait for it, so that nothing is typed into the page that is going away.
    Under app.py there is no reload and this waits for nothing."""
    if sets_cookie_on_server(page.url):
        with page.expect_navigation(url=lambda address: "/_kvalitet/" not in address):
            yield
    else:
        yield


def log_in(page, username: str, password: str = "demo") -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord", exact=True).fill(password)
    with cookie_round_trip(page):
        page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Logga ut").wait_for()
    settle(page)


# (server URL, username) -> the browser storage (the log-in cookie) of a log-in on that running server.
_SIGNED_IN: dict[tuple[str, str], dict] = {}


def remember_log_in(page, server: str, username: str) -> None:
    """Keep the log-in `page` now has on `server` for signed_in(): a later test as the same user need not log in.
    Only for a log-in that is never logged out (log-out ends it on the server)."""
    _SIGNED_IN[(server, username)] = page.context.storage_state()


def signed_in(browser, server: str, username: str, password: str = "demo") -> dict:
    """Browser storage (for new_context(storage_state=…)) that is logged in as `username` on `server`: a log-in
    remembered by an earlier test, else one made now in a context of its own. For tests that are not about
    logging in and never log out."""
    if (server, username) not in _SIGNED_IN:
        context = new_context(browser)
        try:
            page = context.new_page()
            page.goto(server)
            log_in(page, username, password)
            remember_log_in(page, server, username)
        finally:
            context.close()
    return _SIGNED_IN[(server, username)]


def log_out(page) -> None:
    """Press "Logga ut" in the sidebar and wait for the log-in form (under serve.py after the cookie route)."""
    with cookie_round_trip(page):
        page.get_by_role("button", name="Logga ut").click()
    page.get_by_label("Lösenord", exact=True).wait_for()
    settle(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick_criterion(page, number: int) -> None:
    """Show criterion `number` in the scoring form (one criterion at a time) and wait until the switch is
    complete: while the rerun draws the new criterion, the previous one's fields are still on the page
    (dimmed), and typing then would go into them."""
    page.get_by_test_id("stButtonGroup").get_by_role("radio").nth(number - 1).click()
    page.get_by_text(re.compile(rf"^{number}\. ")).first.wait_for()
    settle(page)
    for field in (page.get_by_label(re.compile(r"^Poäng \(0–100")), page.get_by_label("Styrkor"),
                  page.get_by_label("Förbättringsområden")):
        expect(field).to_have_count(1)


def fill_assessment(page, scores, strengths, improvements) -> None:
    """Score every criterion on the scoring page: scores[i], strengths(i), improvements(i) for criterion i+1.
    Each criterion's last field is committed (Tab) and its ✓ in the picker waited for before the next switch:
    a switch straight from typing is what issue 13.3 is about, and test_scoring_slow_server_browser.py covers it."""
    for i, value in enumerate(scores):
        pick_criterion(page, i + 1)
        page.get_by_label(re.compile(r"^Poäng \(0–100")).fill(str(value))
        page.get_by_label("Styrkor").fill(strengths(i))
        page.get_by_label("Förbättringsområden").fill(improvements(i))
        if value is not None and strengths(i) and improvements(i):
            page.get_by_label("Förbättringsområden").press("Tab")
            settle(page)
            expect(page.get_by_test_id("stButtonGroup").get_by_role("radio").nth(i)).to_contain_text("✓")


def fill_consensus(page, scores) -> list[int]:
    """Give the consensus form's criteria, in its picker's order (the criteria in dispute first), these scores;
    the form shows one criterion at a time. Each score is committed (Tab) before the next switch. Returns the
    criterion numbers in the picker's order."""
    radios = page.get_by_test_id("stButtonGroup").get_by_role("radio")
    expect(radios).to_have_count(len(scores))
    order = []
    for i, value in enumerate(scores):
        number = int(radios.nth(i).inner_text().split()[0])
        order.append(number)
        radios.nth(i).click()
        page.get_by_text(re.compile(rf"^{number}\. ")).first.wait_for()
        settle(page)
        field = page.get_by_label(re.compile(rf"^Konsensuspoäng .* · kriterium {number}$"))
        field.fill(str(value))
        field.press("Tab")
        settle(page)
        expect(field).to_have_value(str(value))
    return order


def submit_assessment(page) -> None:
    """Press "Skicka in" on the scoring page and confirm in the dialog that asks once (issue 13.7)."""
    page.get_by_role("button", name="Skicka in").click()
    page.get_by_role("dialog").get_by_role("button", name="Skicka in").click()
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()


# The text of every cell of the page's tables: st.dataframe draws on a canvas; its accessible grid carries the text.
GRID_SHOWS = """wanted => {
  const shown = new Set([...document.querySelectorAll('[data-testid="stDataFrame"] [role="gridcell"]')]
    .map((cell) => cell.textContent));
  return wanted.every((text) => shown.has(text));
}"""


def grid_shows(page, wanted: set[str], timeout_ms: int = 15_000) -> bool:
    """Whether the page's tables come to show every text in `wanted` (False if they do not within the time)."""
    try:
        page.wait_for_function(GRID_SHOWS, arg=sorted(wanted), polling=100, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


def open_first_not_started(page) -> str:
    """On Mina bedömningar: open the first submission marked "Ej påbörjad"; returns its unit's name once the
    scoring page shows it."""
    link = page.get_by_role("link").filter(has_text="Ej påbörjad").first
    unit = link.locator("strong").first.inner_text()
    link.click()
    page.get_by_role("heading", name=unit).wait_for()
    settle(page)
    return unit


def open_list(page, label: str) -> None:
    """Open the drop-down list of the select box or multiselect labelled `label` from the keyboard (ArrowDown).
    Giving it focus scrolls it into view, and the browser tells of that scroll in its next frame: a list already
    open then closes again (BaseWeb closes a list on scroll). So it is scrolled to first, and two frames are let
    pass (the scroll's event delivered) before focus and ArrowDown."""
    field = page.get_by_label(label)
    field.scroll_into_view_if_needed()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    field.focus()
    page.keyboard.press("ArrowDown")


def open_nav(page, title: str) -> None:
    """Click the sidebar's link to the page titled exactly `title` (a page's own links may contain the same
    words, e.g. Översikt's 'Rangordna och besluta')."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
