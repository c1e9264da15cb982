"""The log-in page with city sign-on configured ([auth] in the secrets): the button is shown, the password
form stays unless the installation turned passwords off; without [auth] nothing changes."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from scoring.platform import sign_on
from scoring.ui import sign_on_login
from tests.conftest import REPO, user_of

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "kvalitet",
        "client_secret": "s", "server_metadata_url": "https://login.example/.well-known/openid-configuration"}


def _login_page(demo_path, monkeypatch, auth: dict | None) -> AppTest:
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if auth is not None:
        at.secrets["auth"] = auth
    return at.run()


def _labels(at) -> list[str]:
    return [b.label for b in at.button]


def test_without_auth_only_the_password_form(demo_path, monkeypatch):
    at = _login_page(demo_path, monkeypatch, None)
    assert not at.exception
    assert sign_on_login.SIGN_ON_BUTTON not in _labels(at) and "Logga in" in _labels(at)


def test_with_auth_the_sign_on_button_and_the_password_form(demo_path, monkeypatch):
    at = _login_page(demo_path, monkeypatch, AUTH)
    assert not at.exception
    assert _labels(at)[0] == sign_on_login.SIGN_ON_BUTTON and "Logga in" in _labels(at)
    assert [c.value for c in at.caption if c.value == sign_on_login.SIGN_ON_OR]


def test_with_passwords_off_only_the_sign_on_button(db, demo_path, monkeypatch):
    sign_on.set_passwords_enabled(db, user_of(db, "admin"), False)
    at = _login_page(demo_path, monkeypatch, AUTH)
    assert not at.exception
    assert _labels(at) == [sign_on_login.SIGN_ON_BUTTON]
    assert not at.text_input                     # no user name or password to type
    assert any(c.value == sign_on_login.SIGN_ON_ONLY for c in at.caption)
