"""The cookie route only ever sends the browser back to a path on this server."""
import pytest

from scoring.ui.session_cookie import _back_to


@pytest.mark.parametrize("target, expected", [
    ("/bedom?bidrag=3", "/bedom?bidrag=3"), ("/", "/"), (None, "/"), ("", "/"), ("bedom", "/"),
    ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
])
def test_back_to_stays_on_this_server(target, expected):
    assert _back_to(target) == expected
