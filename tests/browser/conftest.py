"""Real Chromium against a real `streamlit run serve.py`, on a copy of the demo database.

Playwright's own browser download does not work on these machines; Debian's
Chromium at /usr/bin/chromium is used (scripts/ensure-system-deps.sh installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(os.environ.get("KVALITET_SCREENSHOTS", "/tmp/kvalitet-screenshots"))
# The entry point the browser tests serve: serve.py, as `make run` does (app.py behind Streamlit's ASGI server, with
# the route that sets the log-in cookie HttpOnly). There a log-in and a log-out reload the page once (the cookie
# route); log_in(), log_out() and cookie_round_trip() wait for that reload. KVALITET_TEST_ENTRY=app.py runs the
# suite on the development entry instead (no reload; the cookie is set by a script).
ENTRY = os.environ.get("KVALITET_TEST_ENTRY", "serve.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit avslutades med kod {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit startade inte inom tidsgränsen")


@contextmanager
def running_app(db_path: Path, *, entry: str = ENTRY, env: dict[str, str] | None = None, port: int | None = None,
                log: Path | None = None) -> Iterator[str]:
    """`streamlit run` the app on `db_path` at a loopback port (a free one unless given); yields its base URL.
    Its output goes to `log` when given (a failure's traceback), else nowhere."""
    port = port or _free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", entry, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env={**os.environ, "KVALITET_DB": str(db_path), **(env or {})},
        stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log:
            out.close()


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


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(45_000)  # generous: CI machines are small and shared
    pg.goto(server)
    yield pg
    if getattr(request.node, "failed_call", False):
        screenshot(pg, f"FAILED-{request.node.name}")
    context.close()


def settle(page, quiet_ms: int = 700) -> None:
    """Wait until Streamlit has finished rerunning (its run state) and stays idle for a moment.

    A page can rerun once more after it first appears (e.g. when an embedded component mounts);
    typing before that may be lost, so tests wait for quiet before they act.
    """
    # The minimal toolbar (.streamlit/config.toml) never shows Streamlit's status widget, so the app's own run
    # state is read as well: idle is 'notRunning' with no element still waiting to be redrawn.
    idle = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
            " return !!app && app.dataset.testScriptState === 'notRunning'"
            " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && !document.querySelector('[data-stale=\"true\"]'); }")
    for _ in range(2):
        page.wait_for_function(idle)
        page.wait_for_timeout(quiet_ms)
    page.wait_for_function(idle)


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
    settle(page, 300)
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
            settle(page, 300)
            expect(page.get_by_test_id("stButtonGroup").get_by_role("radio").nth(i)).to_contain_text("✓")


def submit_assessment(page) -> None:
    """Press "Skicka in" on the scoring page and confirm in the dialog that asks once (issue 13.7)."""
    page.get_by_role("button", name="Skicka in").click()
    page.get_by_role("dialog").get_by_role("button", name="Skicka in").click()
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()


def open_nav(page, title: str) -> None:
    """Click the sidebar's link to the page titled exactly `title` (a page's own links may contain the same
    words, e.g. Översikt's 'Rangordna och besluta')."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
