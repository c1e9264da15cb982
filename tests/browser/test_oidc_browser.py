"""City sign-on in real Chromium against a real OpenID Connect provider (npm package oidc-provider, run with
node from tests/oidc; `make test` installs it): the whole redirect flow with Streamlit's st.login.

The app reads its [auth] secrets from a temporary secrets.toml (STREAMLIT_SECRETS_FILES), never from the
working tree's .streamlit/."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring.platform import sign_on
from scoring.store import Store
from tests.browser.conftest import free_port, new_context, running_app, screenshot, settle
from tests.conftest import REPO, user_of

PROVIDER = REPO / "tests" / "oidc"
IDENTITIES = {   # provider log-in name (= subject) → claims
    "kansli": {"email": "kansli@stad.example", "email_verified": True, "name": "Kansliet"},
    "eva": {"email": "Examinator2@kvalitet.example", "email_verified": True, "name": "Eva Examinator"},
    "okand": {"email": "okand@stad.example", "email_verified": True, "name": "Okänd Person"},
}


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """The provider on a free port, its one client pointing back at a free app port; yields (issuer, app port)."""
    if shutil.which("node") is None or not (PROVIDER / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("tests/oidc saknar node eller oidc-provider: kör `make browser-deps` (npm ci i tests/oidc)")
    port, app_port = free_port(), free_port()
    config = tmp_path / "oidc.json"
    config.write_text(json.dumps({"port": port, "identities": IDENTITIES, "client": {
        "client_id": "kvalitet", "client_secret": "test-secret",
        "redirect_uri": f"http://127.0.0.1:{app_port}/oauth2callback"}}))
    proc = subprocess.Popen(["node", "provider.mjs", str(config)], cwd=PROVIDER, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}", app_port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def app_env(provider, demo_path: Path, tmp_path: Path) -> tuple[int, dict[str, str]]:
    """The app's port and environment: [auth] in a temporary secrets.toml."""
    issuer, app_port = provider
    db = Store(demo_path)
    sign_on.set_email(db, user_of(db, "admin"), "admin", "kansli@stad.example")   # the kansli has no examiner e-mail
    db.close()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "test-only-cookie-secret-for-the-oidc-browser-test"
client_id = "kvalitet"
client_secret = "test-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
client_kwargs = {{ prompt = "login" }}
""")
    return app_port, {"STREAMLIT_SECRETS_FILES": str(secrets)}


def _context(browser):
    context = new_context(browser)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())   # no internet
    return context


def _sign_on(page, url: str, name: str) -> None:
    """From the app's log-in page through the provider's own log-in form and back."""
    page.goto(url)
    page.get_by_role("button", name="Logga in med stadens konto").click()
    page.locator("input[name=login]").fill(name)
    page.locator("input[name=password]").fill("valfritt")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(re.compile(re.escape(url)))
    settle(page)


def _sidebar_links(page) -> list[str]:
    """The page titles in the sidebar's navigation (each link's last line: the icon's name comes first)."""
    return [text.split("\n")[-1] for text in page.get_by_test_id("stSidebar").get_by_role("link").all_inner_texts()]


def test_city_sign_on_whole_flow(browser, app_env, demo_path: Path, tmp_path: Path):
    port, env = app_env
    accounts_before = _count_accounts(demo_path)
    with running_app(demo_path, port=port, env=env, log=tmp_path / "app.log") as url:
        _walk(browser, url)
    db = Store(demo_path)   # the server has stopped: what the sign-ons wrote
    with db.read() as con:
        linked = con.execute("SELECT username, subject FROM account_sign_on WHERE subject IS NOT NULL"
                             " ORDER BY username").fetchall()
        logins = con.execute("SELECT entity_key FROM audit_log WHERE action = 'login' AND new_value LIKE '%sign_on%'"
                             " ORDER BY id").fetchall()
    db.close()
    assert linked == [("admin", "kansli"), ("examinator2", "eva")]   # "okand" left nothing behind
    assert _count_accounts(demo_path) == accounts_before
    assert [k for (k,) in logins] == ["examinator2", "admin"]       # the refused ones are no log-ins


def _count_accounts(path: Path) -> int:
    db = Store(path)
    with db.read() as con:
        found = con.execute("SELECT count(*) FROM account").fetchone()[0]
    db.close()
    return found


def _walk(browser, url: str) -> None:
    kansli, examiner, stranger = _context(browser), _context(browser), _context(browser)
    admin_page, eva, other = kansli.new_page(), examiner.new_page(), stranger.new_page()

    # The examiner signs on by her verified e-mail and lands on her own pages; roles come from our database.
    _sign_on(eva, url, "eva")
    eva.get_by_role("heading", name="Mina bedömningar").wait_for()
    assert "Examinator 2" in eva.get_by_test_id("stSidebar").inner_text()
    assert "Mina bedömningar" in _sidebar_links(eva) and "Konton" not in _sidebar_links(eva)
    screenshot(eva, "oidc-examiner-signed-on")

    # Log-out ends the app's log-in and the provider's session; a reload does not log in again.
    eva.get_by_role("button", name="Logga ut").click()
    eva.get_by_role("button", name="Yes, sign me out").click()
    eva.get_by_role("button", name="Logga in med stadens konto").wait_for()
    eva.reload()
    settle(eva)
    eva.get_by_role("button", name="Logga in med stadens konto").wait_for()
    assert eva.get_by_role("button", name="Logga ut").count() == 0

    # An identity with no account is refused in Swedish; nothing is created.
    _sign_on(other, url, "okand")
    other.get_by_text("inte kopplat till något konto i arbetsbänken").wait_for()
    assert other.get_by_role("button", name="Logga ut").count() == 0
    screenshot(other, "oidc-no-account")

    # The kansli signs on (an e-mail set for sign-on) and deactivates the examiner on Konton.
    _sign_on(admin_page, url, "kansli")
    admin_page.get_by_role("button", name="Logga ut").wait_for()
    admin_page.get_by_test_id("stSidebar").get_by_role("link", name="Konton").wait_for()   # drawn after the button
    assert "Konton" in _sidebar_links(admin_page)
    admin_page.get_by_test_id("stSidebar").get_by_role("link", name="Konton", exact=True).click()
    admin_page.get_by_role("heading", name="Konton").wait_for()
    settle(admin_page)
    admin_page.get_by_role("tab", name="Stäng av, aktivera eller lås upp").click()
    panel = admin_page.get_by_role("tabpanel").filter(has=admin_page.get_by_role("button", name="Stäng av"))
    panel.get_by_label("Konto", exact=True).click()
    admin_page.get_by_role("option", name=re.compile(r"\(examinator2\)")).click()
    panel.get_by_role("button", name="Stäng av").click()
    admin_page.get_by_text("Kontot examinator2 är avstängt.").wait_for()

    # The deactivated account is refused at its next sign-on.
    _sign_on(eva, url, "eva")
    eva.get_by_text("Kontot är avstängt. Kontakta kansliet.").wait_for()
    assert eva.get_by_role("button", name="Logga ut").count() == 0
    screenshot(eva, "oidc-deactivated")
    for context in (kansli, examiner, stranger):
        context.close()

