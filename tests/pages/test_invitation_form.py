"""The invitation link (`?inbjudan=TOKEN`) opens without log-in: the invitee chooses a password once; a reused
or tampered link gets a Swedish message and no form."""
from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from scoring.platform import auth
from scoring.platform import invitations
from scoring.platform import mail
from scoring.ui import mail_text as t
from tests.conftest import REPO, button
from tests.smtp_sink import SmtpServer

PASSWORD = "ett-långt-lösenord"


def _token(db, user) -> str:
    invitations.invite(db, user("admin"), ["examinator2"])
    with SmtpServer() as server:
        mail.deliver(db, mail.config_from_env({"KVALITET_SMTP_URL": server.url,
                                               "KVALITET_MAIL_FROM": "kvalitet@stockholm.example"}))
    plain = next(r.message for r in server.received if "Inbjudan" in r.message["Subject"]).get_body(("plain",))
    return re.search(r"\?inbjudan=([A-Za-z0-9_-]+)", plain.get_content()).group(1)


def _open(token: str, demo_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["inbjudan"] = token
    return at.run()


def test_link_sets_the_password_once_then_login_works(db, user, demo_path, monkeypatch):
    token = _token(db, user)
    at = _open(token, demo_path, monkeypatch)
    assert not at.exception and [x.value for x in at.title] == [t.INVITATION_TITLE]
    assert any("examinator2" in m.value for m in at.markdown)
    fields = {f.label: f for f in at.text_input}
    fields[t.INVITATION_PASSWORD].input(PASSWORD)
    fields[t.INVITATION_REPEAT].input(PASSWORD)
    button(at, t.INVITATION_SAVE).click().run()
    assert not at.exception
    assert any("Lösenordet är sparat" in s.value for s in at.success)
    assert "Användarnamn" in [f.label for f in at.text_input]          # the log-in form
    assert auth.login(db, "examinator2", PASSWORD).username == "examinator2"
    again = _open(token, demo_path, monkeypatch)
    assert any("redan använts" in e.value for e in again.error) and not again.text_input


def test_tampered_or_mismatched_input_gets_swedish_messages(db, user, demo_path, monkeypatch):
    token = _token(db, user)
    tampered = _open(token[:-2] + "xx", demo_path, monkeypatch)
    assert any("Länken är ogiltig" in e.value for e in tampered.error) and not tampered.text_input
    at = _open(token, demo_path, monkeypatch)
    fields = {f.label: f for f in at.text_input}
    fields[t.INVITATION_PASSWORD].input(PASSWORD)
    fields[t.INVITATION_REPEAT].input(PASSWORD + "!")
    button(at, t.INVITATION_SAVE).click().run()
    assert any("inte likadana" in e.value for e in at.error)
    assert invitations.check(db, token).username == "examinator2"      # still usable


def test_link_only_confirms_where_sign_on_is_configured(db, user, demo_path, monkeypatch):
    from scoring.ui import invitation_form
    token = _token(db, user)
    hash_before = _hash(db)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "kvalitet", "client_secret": "s",
                          "server_metadata_url": "https://login.example/.well-known/openid-configuration"}
    at.query_params["inbjudan"] = token
    at.run()
    assert not at.exception and [x.value for x in at.title] == [invitation_form.CONFIRM_TITLE]
    assert not at.text_input                       # no password to choose
    button(at, invitation_form.CONFIRM_BUTTON).click().run()
    assert any(invitation_form.CONFIRM_DONE in s.value for s in at.success)
    assert any(b.label == "Logga in med stadens konto" for b in at.button)
    assert _hash(db) == hash_before               # confirming sets no password
    try:
        invitations.confirm(db, token)
    except invitations.InvitationError as exc:
        assert str(exc) == invitations.USED
    else:
        raise AssertionError("a confirmed link worked twice")


def _hash(db) -> str:
    with db.read() as con:
        return con.execute("SELECT password_hash FROM account WHERE username = 'examinator2'").fetchone()[0]
