"""Byt lösenord: every role reaches it; the current password is needed; the new one then logs in."""
import pytest

from scoring.platform import auth
from scoring.ui import registry
from tests.conftest import button, by_label, login, open_page

PAGE = "scoring/ui/pages/change_password.py"


def _fill(at, current: str, new: str, repeated: str):
    by_label(at.text_input, "Nuvarande lösenord").input(current)
    by_label(at.text_input, "Nytt lösenord").input(new)
    by_label(at.text_input, "Nytt lösenord igen").input(repeated)
    return button(at, "Byt lösenord").click().run()


def test_every_role_has_the_page():
    [spec] = [p for p in registry.PAGES if p.path == PAGE]
    assert spec.roles == registry.ALL and spec.title == "Byt lösenord"


@pytest.mark.parametrize("username", ["examinator3", "kommitte1", "stadsdirektor", "admin"])
def test_change_password_then_the_new_one_logs_in(app, db, username):
    at = open_page(app, username, PAGE)
    assert [t.value for t in at.title] == ["Byt lösenord"]
    assert [t.proto.type for t in at.text_input] == [at.text_input[0].proto.PASSWORD] * 3
    _fill(at, "demo", "ett-nytt-lösenord", "ett-nytt-lösenord")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Lösenordet är bytt."]
    with pytest.raises(auth.LoginError):
        auth.login(db, username, "demo")
    assert auth.login(db, username, "ett-nytt-lösenord").username == username


def test_wrong_current_password_is_refused_in_swedish(app, db):
    at = open_page(app, "examinator3", PAGE)
    _fill(at, "inte-demo", "ett-nytt-lösenord", "ett-nytt-lösenord")
    assert [e.value for e in at.error] == [auth.OLD_PASSWORD_WRONG]
    assert not at.success
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_mismatch_and_short_are_listed_together(app):
    at = open_page(app, "examinator3", PAGE)
    _fill(at, "demo", "kort", "annat")
    [shown] = [e.value for e in at.error]
    assert "minst 10 tecken" in shown and "inte likadana" in shown
