"""Delivery through a real SMTP server (aiosmtpd) started in the test: parse what arrives, and show that no
message is ever sent twice — not even when the sender is killed between the server's acceptance and the
recording of it."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scoring.platform import mail
from scoring.platform import outbox
from scoring.store import Store
from scoring.store import outbox as outbox_store
from tests.smtp_sink import SmtpServer, demo_queue_set_aside, free_port  # noqa: F401 (autouse)

ROOT = Path(__file__).resolve().parents[2]



def _config(url: str) -> mail.SmtpConfig:
    return mail.config_from_env({"KVALITET_SMTP_URL": url, "KVALITET_MAIL_FROM": "kvalitet@stockholm.example"})


def _give_addresses(db: Store, addresses: dict[str, str]) -> None:
    def write(con):
        for username, address in addresses.items():
            con.execute("UPDATE examiner SET email = ? WHERE username = ?", [address, username])
    db.write(write)


def _queue(db: Store, recipient: str, subject: str = "Ämne", name: str = "Examinator") -> int:
    message = outbox.compose(subject, name, ["Första stycket."], "http://localhost:8501/bedomningar", ["Enhet A"])
    return db.write(lambda con: outbox.queue(con, "admin", "assignment", recipient, message))


def _row(db: Store, outbox_id: int) -> dict:
    with db.read() as con:
        return outbox_store.get(con, outbox_id)


def test_deliver_sends_each_message_once_with_its_stored_message_id(db):
    _give_addresses(db, {"examinator1": "ex1@example.se", "examinator2": "ex2@example.se"})
    ids = [_queue(db, "examinator1", "Bidrag att bedöma – Åsögatan"), _queue(db, "examinator2")]
    with SmtpServer() as server:
        first = mail.deliver(db, _config(server.url))
        again = mail.deliver(db, _config(server.url))
    assert (first.sent, again.sent) == (2, 0)
    assert len(server.received) == 2
    got = server.received[0].message
    row = _row(db, ids[0])
    assert got["Message-ID"] == row["message_id"]
    assert got["Subject"] == "Bidrag att bedöma – Åsögatan"
    assert got["To"] == "ex1@example.se" and server.received[0].rcpt_tos == ["ex1@example.se"]
    assert got["From"] == "kvalitet@stockholm.example"
    plain = got.get_body(("plain",)).get_content()
    html = got.get_body(("html",)).get_content()
    assert "Hej Examinator!" in plain and "http://localhost:8501/bedomningar" in plain
    assert '<a href="http://localhost:8501/bedomningar">' in html
    assert row["status"] == "sent" and row["server_answer"].startswith("250") and row["attempts"] == 1


def test_hostile_names_are_escaped_and_cannot_inject_headers(db):
    _give_addresses(db, {"examinator1": "ex1@example.se"})
    hostile = "Eva <script>alert(1)</script>\r\nBcc: victim@evil.example"
    _queue(db, "examinator1", subject="Hej\r\nBcc: victim@evil.example", name=hostile)
    with SmtpServer() as server:
        mail.deliver(db, _config(server.url))
    got = server.received[0].message
    assert got["Bcc"] is None and server.received[0].rcpt_tos == ["ex1@example.se"]
    assert "\n" not in got["Subject"] and got["Subject"].startswith("Hej")
    html = got.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Bcc: victim" not in got.get_body(("plain",)).get_content().splitlines()


def test_refused_recipient_fails_with_the_servers_answer_and_temporary_refusal_waits(db):
    _give_addresses(db, {"examinator1": "refused@example.se", "examinator2": "later@example.se",
                         "examinator3": "ex3@example.se"})
    refused, later, fine = _queue(db, "examinator1"), _queue(db, "examinator2"), _queue(db, "examinator3")
    with SmtpServer() as server:
        report = mail.deliver(db, _config(server.url))
        mail.deliver(db, _config(server.url))          # nothing is due again yet
    assert (report.sent, report.failed, report.retried) == (1, 1, 1)
    assert [r.rcpt_tos for r in server.received] == [["ex3@example.se"]]
    assert _row(db, refused)["status"] == "failed" and "550" in _row(db, refused)["server_answer"]
    waiting = _row(db, later)
    assert waiting["status"] == "queued" and "451" in waiting["server_answer"]
    assert waiting["next_attempt_at"] > dt.datetime.now() and waiting["attempts"] == 1
    assert _row(db, fine)["status"] == "sent"


def test_malformed_or_missing_address_fails_without_smtp(db):
    _give_addresses(db, {"examinator1": "inte en adress", "examinator2": "a@b.se\r\nBcc: x@evil.example",
                         "examinator3": None})
    bad, injected, missing = _queue(db, "examinator1"), _queue(db, "examinator2"), _queue(db, "examinator3")
    with SmtpServer() as server:
        report = mail.deliver(db, _config(server.url))
    assert report.failed == 3 and server.received == []
    assert _row(db, bad)["server_answer"].startswith("Ogiltig e-postadress")
    assert _row(db, missing)["server_answer"] == mail.NO_ADDRESS
    assert _row(db, injected)["status"] == "failed"


def test_server_down_or_not_configured_leaves_everything_queued(db):
    _give_addresses(db, {"examinator1": "ex1@example.se"})
    outbox_id = _queue(db, "examinator1")
    down = mail.deliver(db, _config(f"smtp://127.0.0.1:{free_port()}"))
    unset = mail.deliver(db, None)
    assert down.left_queued == 1 and down.errors[0].startswith("E-postservern kunde inte nås")
    assert unset.left_queued == 1 and unset.errors == [mail.NOT_CONFIGURED]
    row = _row(db, outbox_id)
    assert (row["status"], row["attempts"]) == ("queued", 0)
    with SmtpServer() as server:
        assert mail.deliver(db, _config(server.url)).sent == 1


def test_config_from_env():
    config = _config("smtp://user%40city:p%C3%A5ss@mail.example:2525")
    assert (config.host, config.port, config.username, config.password) == ("mail.example", 2525, "user@city", "påss")
    assert _config("smtps://mail.example").port == 465
    assert mail.config_from_env({}) is None
    with pytest.raises(mail.MailConfigError):
        _config("http://mail.example")
    with pytest.raises(mail.MailConfigError):
        mail.config_from_env({"KVALITET_SMTP_URL": "smtp://mail.example"})   # no sender address


def test_sender_killed_after_acceptance_never_sends_twice(demo_path):
    db = Store(demo_path)
    _give_addresses(db, {"examinator1": "ex1@example.se", "examinator2": "ex2@example.se"})
    first, second = _queue(db, "examinator1"), _queue(db, "examinator2")
    db.close()
    with SmtpServer() as server:
        env = {**os.environ, "KVALITET_SMTP_URL": server.url, "KVALITET_MAIL_FROM": "kvalitet@stockholm.example"}
        sender = subprocess.Popen([sys.executable, "-m", "scoring", "send-mail", "--db", str(demo_path)],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # The server has the message; the sender dies before it hears the 250 and can record it.
        server.sink.on_data = lambda envelope: (sender.kill(), sender.wait())
        sender.wait(timeout=60)
        assert sender.returncode != 0 and len(server.received) == 1
        server.sink.on_data = None
        db = Store(demo_path)
        try:
            assert _row(db, first)["status"] == "sending"
            report = mail.deliver(db, _config(server.url))
            rows = _row(db, first), _row(db, second)
        finally:
            db.close()
    assert report.uncertain == 1 and report.sent == 1
    assert rows[0]["status"] == "uncertain" and rows[1]["status"] == "sent"
    ids = [r.message["Message-ID"] for r in server.received]
    assert ids.count(rows[0]["message_id"]) == 1 and ids.count(rows[1]["message_id"]) == 1


def test_the_app_sends_the_queue_itself_when_smtp_is_configured(db, monkeypatch):
    _give_addresses(db, {"examinator1": "ex1@example.se"})
    outbox_id = _queue(db, "examinator1")
    monkeypatch.delenv("KVALITET_SMTP_URL", raising=False)
    assert not mail.start_in_app(db)                           # not configured: no thread, the queue stays
    with SmtpServer() as server:
        monkeypatch.setenv("KVALITET_SMTP_URL", server.url)
        monkeypatch.setenv("KVALITET_MAIL_FROM", "kvalitet@stockholm.example")
        monkeypatch.setenv("KVALITET_MAIL_INTERVAL", "1")
        assert mail.start_in_app(db) and not mail.start_in_app(db)   # one sender per database
        try:
            for _ in range(600):
                if _row(db, outbox_id)["status"] == "sent":
                    break
                threading.Event().wait(0.05)
        finally:
            mail.stop_in_app(db)
    assert _row(db, outbox_id)["status"] == "sent"
    assert [r.message["Message-ID"] for r in server.received] == [_row(db, outbox_id)["message_id"]]


def test_commands_remind_and_send_mail_without_smtp_keep_the_queue(demo_path, monkeypatch, capsys):
    from scoring.cli import main
    monkeypatch.delenv("KVALITET_SMTP_URL", raising=False)
    assert main(["remind", "--db", str(demo_path)]) == 0
    assert "påminnelser lagda i utskickskön" in capsys.readouterr().out
    db = Store(demo_path)
    try:
        outbox_id = _queue(db, "examinator1")
    finally:
        db.close()
    assert main(["send-mail", "--db", str(demo_path)]) == 1
    assert mail.NOT_CONFIGURED in capsys.readouterr().out
    db = Store(demo_path)
    try:
        assert _row(db, outbox_id)["status"] == "queued"
    finally:
        db.close()
