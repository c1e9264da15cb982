"""Issue 12.8: run as in production (`streamlit run serve.py`), the log-in cookie is set by the server:
HttpOnly (no script can read it), SameSite=Strict, and it still survives a reload; log-out ends it."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ENTRY, log_in, log_out, running_app, screenshot, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def server(request, demo_path: Path) -> Iterator[str]:
    """Always serve.py, whatever KVALITET_TEST_ENTRY says: the cookie set by the server is what is tested. When the
    suite runs serve.py anyway, the session's shared app (its examinator4 log-in and log-out meet no other test's)."""
    if ENTRY == "serve.py":
        yield request.getfixturevalue("shared_server")
        return
    with running_app(demo_path, entry="serve.py") as url:
        yield url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _route(server: str, query: str):
    try:
        urllib.request.build_opener(_NoRedirect).open(f"{server}/_kvalitet/session?{query}", timeout=10)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers
    raise AssertionError("the route must answer with a redirect")


def test_log_in_cookie_is_http_only_and_survives_a_reload(page, server):
    log_in(page, "examinator4")
    page.get_by_text("bedömningar inskickade").wait_for()
    settle(page)
    cookie = {c["name"]: c for c in page.context.cookies()}["kvalitet_session"]
    assert (cookie["httpOnly"], cookie["sameSite"], len(cookie["value"]) >= 40) == (True, "Strict", True)
    assert "kvalitet_session" not in page.evaluate("document.cookie")          # no script can read it

    page.reload()
    page.get_by_text("bedömningar inskickade").wait_for()
    assert page.get_by_label("Lösenord", exact=True).count() == 0
    screenshot(page, "httponly-kaka-efter-omladdning")

    log_out(page)
    page.reload()
    page.get_by_label("Lösenord", exact=True).wait_for()                                  # the token is ended on the server


def test_cookie_route_refuses_unknown_codes_and_other_sites(server):
    status, headers = _route(server, "code=gissad&next=/bedom")
    assert (status, headers["location"], headers.get("set-cookie")) == (303, "/bedom", None)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        status, headers = _route(server, f"code=x&next={urllib.parse.quote(target)}")
        assert (status, headers["location"]) == (303, "/"), target
