"""Invitations: a one-time link by e-mail (through a real aiosmtpd), only its SHA-256 stored, 72 hours, once;
re-inviting replaces the old link; reuse and tampering get a Swedish message."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from scoring.platform import auth
from scoring.platform import invitations
from scoring.platform import mail
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit
from tests.smtp_sink import SmtpServer, demo_queue_set_aside  # noqa: F401 (autouse)

PASSWORD = "ett-långt-lösenord"



def _config(server: SmtpServer) -> mail.SmtpConfig:
    return mail.config_from_env({"KVALITET_SMTP_URL": server.url, "KVALITET_MAIL_FROM": "kvalitet@stockholm.example"})


def _addresses(db) -> None:
    db.write(lambda con: con.execute("UPDATE examiner SET email = username || '@example.se'"))


def _links(server: SmtpServer) -> list[str]:
    found = []
    for received in server.received:
        plain = received.message.get_body(("plain",)).get_content()
        found += re.findall(r"http://localhost:8501/\?inbjudan=([A-Za-z0-9_-]+)", plain)
    return found


def _invite_and_send(db, user, *usernames) -> list[str]:
    invitations.invite(db, user("admin"), list(usernames))
    with SmtpServer() as server:
        report = mail.deliver(db, _config(server))
    assert report.sent == len(usernames)
    return _links(server)


def test_invitation_link_sets_a_password_once_and_only_its_hash_is_stored(db, user):
    _addresses(db)
    (token,) = _invite_and_send(db, user, "examinator2")
    with db.read() as con:
        dump = str(con.execute("SELECT * FROM invitation").fetchall()) + str(con.execute(
            "SELECT body_text, body_html FROM outbox").fetchall())
    assert token not in dump and invitations.token_hash(token) in dump
    assert invitations.check(db, token).username == "examinator2"
    with pytest.raises(ValidationError):
        invitations.accept(db, token, "kort", "kort")
    invitations.accept(db, token, PASSWORD, PASSWORD)
    assert auth.login(db, "examinator2", PASSWORD).role == "examiner"
    with pytest.raises(invitations.InvitationError, match="redan använts"):
        invitations.accept(db, token, PASSWORD + "x", PASSWORD + "x")
    with pytest.raises(invitations.InvitationError, match="ogiltig"):
        invitations.check(db, token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(invitations.InvitationError, match="ogiltig"):
        invitations.check(db, "")
    with db.read() as con:
        assert audit.entries(con, entity="account", action="invite")["entity_key"].to_list() == ["examinator2"]
        assert audit.entries(con, action="accept_invitation")["actor"].to_list() == ["examinator2"]


def test_reinviting_replaces_the_old_link_and_links_expire_after_72_hours(db, user):
    _addresses(db)
    (first,) = _invite_and_send(db, user, "examinator3")
    (second,) = _invite_and_send(db, user, "examinator3")
    with pytest.raises(invitations.InvitationError, match="ersatts"):
        invitations.check(db, first)
    later = dt.datetime.now() + dt.timedelta(hours=73)
    with pytest.raises(invitations.InvitationError, match="gått ut"):
        invitations.accept(db, second, PASSWORD, PASSWORD, now=later)
    assert invitations.check(db, second).username == "examinator3"


def test_an_invitation_replaced_before_sending_is_not_sent(db, user):
    _addresses(db)
    invitations.invite(db, user("admin"), ["examinator4"])
    invitations.invite(db, user("admin"), ["examinator4"])
    with SmtpServer() as server:
        report = mail.deliver(db, _config(server))
    assert (report.sent, report.failed) == (1, 1) and len(_links(server)) == 1


def test_many_at_once_skips_those_without_address_and_only_the_kansli_invites(db, user):
    db.write(lambda con: con.execute("UPDATE examiner SET email = 'a@example.se' WHERE username = 'examinator5'"))
    db.write(lambda con: con.execute("UPDATE examiner SET email = NULL WHERE username = 'examinator6'"))
    result = invitations.invite(db, user("admin"), ["examinator5", "examinator6", "kommitte1", "ingen"])
    assert result.invited == ["examinator5"] and len(result.skipped) == 3
    assert "examinator6: saknar giltig e-postadress." in result.skipped
    with pytest.raises(AccessDenied):
        invitations.invite(db, user("examinator1"), ["examinator5"])
    with pytest.raises(ValidationError):
        invitations.invite(db, user("admin"), [])
    listed = invitations.candidates(db, user("admin"), 2026)
    assert listed.filter(listed["username"] == "examinator5")["created_at"][0] is not None


def test_a_deactivated_account_cannot_use_its_link(db, user):
    _addresses(db)
    (token,) = _invite_and_send(db, user, "examinator7")
    auth.set_active(db, user("admin"), "examinator7", False)
    with pytest.raises(invitations.InvitationError, match="avstängt"):
        invitations.accept(db, token, PASSWORD, PASSWORD)
