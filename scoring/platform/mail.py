"""Delivering the outbox through SMTP (`kvalitet send-mail`), at most once per message.

Configuration: `KVALITET_SMTP_URL` = smtp://user:password@host:port (STARTTLS whenever the server offers it;
a password is never sent over a connection without TLS except to localhost) or smtps://… (TLS from the start),
and `KVALITET_MAIL_FROM`, the sender address. Without a URL nothing is sent and nothing is lost: messages
stay queued.

Invariants (see docs/security.md):
- Each message has a stable Message-ID, stored when it was queued.
- Before the SMTP conversation a message is marked 'sending' in its own committed transaction; after the
  server's 250 it is marked 'sent' with the server's answer. A message found in 'sending' when a run starts
  was being sent by a run that died (one process owns the database), so the server may have it: it becomes
  'uncertain' and is NEVER sent again automatically (the kansli may resend it, with the same Message-ID).
- Answers before DATA (MAIL FROM, RCPT TO) are definite: 5xx → 'failed', 4xx → retried with backoff. A
  connection lost during DATA is not: → 'uncertain'. A server that cannot be reached leaves everything queued.
"""
from __future__ import annotations

import datetime as dt
import email.policy
import html
import os
import re
import smtplib
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import unquote, urlsplit

from scoring.platform.outbox import one_line
from scoring.store import Store
from scoring.store import outbox as store

MAX_ATTEMPTS = 8                      # temporary (4xx) refusals before a message is given up as failed
FIRST_BACKOFF_SECONDS = 60
MAX_BACKOFF_SECONDS = 6 * 3600
TIMEOUT_SECONDS = 30
ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")

NOT_CONFIGURED = ("E-post är inte konfigurerad (KVALITET_SMTP_URL saknas): inga meddelanden skickas, de "
                  "ligger kvar i kön tills en e-postserver är inställd.")
BAD_URL = "KVALITET_SMTP_URL måste se ut som smtp://användare:lösenord@server:587 eller smtps://…:465."
NO_FROM = "KVALITET_MAIL_FROM (avsändaradressen) saknas eller är ogiltig."
NO_ADDRESS = "Mottagaren saknar e-postadress."
BAD_ADDRESS = "Ogiltig e-postadress: {address}"
UNREACHABLE = "E-postservern kunde inte nås: {error}"
CLEAR_PASSWORD = "Servern erbjuder inte STARTTLS; lösenordet skickas inte okrypterat."
INTERRUPTED = ("Sändningen avbröts efter att meddelandet lämnats till servern men innan svaret registrerades; "
               "det skickas inte om automatiskt.")
SUPERSEDED = "Inbjudan har ersatts av en nyare eller redan använts; den skickas inte."
LOST_DURING_DATA = "Förbindelsen bröts under överföringen ({error}); servern kan ha tagit emot meddelandet."

_RUN_LOCK = threading.Lock()          # one sender per process; one process owns the database


class MailConfigError(ValueError):
    """The SMTP settings cannot be used; the message is Swedish."""


@dataclass(frozen=True)
class SmtpConfig:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None
    mail_from: str


@dataclass
class Report:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    left_queued: int = 0
    errors: list[str] = field(default_factory=list)


def valid_address(address: str | None) -> bool:
    return bool(address) and len(address) <= 254 and ADDRESS.match(address) is not None


def config_from_env(env: dict[str, str] | None = None) -> SmtpConfig | None:
    """None when KVALITET_SMTP_URL is not set; MailConfigError when it is set but unusable."""
    env = os.environ if env is None else env
    url = env.get("KVALITET_SMTP_URL", "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError(BAD_URL)
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError as exc:
        raise MailConfigError(BAD_URL) from exc
    mail_from = env.get("KVALITET_MAIL_FROM", "").strip()
    if not valid_address(mail_from):
        raise MailConfigError(NO_FROM)
    return SmtpConfig(parts.scheme, parts.hostname, port, unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None, mail_from)


def build(row: dict, mail_from: str) -> EmailMessage:
    """The MIME message of one outbox row: plain text plus HTML, its stored Message-ID."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = mail_from
    msg["To"] = row["to_address"]
    msg["Subject"] = one_line(row["subject"])
    msg["Message-ID"] = row["message_id"]
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(row["body_text"])
    msg.add_alternative(row["body_html"], subtype="html")
    return msg


def connect(config: SmtpConfig) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if config.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT_SECONDS, context=context)
        smtp.ehlo()
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        elif config.username and config.host not in ("localhost", "127.0.0.1", "::1"):
            smtp.close()
            raise MailConfigError(CLEAR_PASSWORD)
    if config.username:
        smtp.login(config.username, config.password or "")
    return smtp


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(FIRST_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _answer(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return one_line(f"{code} {text}")[:1000]


def deliver(db: Store, config: SmtpConfig | None, now: dt.datetime | None = None, limit: int = 5000) -> Report:
    """Send what is due, once. Safe to run again at any time (and after a crash)."""
    report = Report()
    with _RUN_LOCK:
        report.uncertain += db.write(lambda con: store.mark_stale_sending(con, INTERRUPTED))
        now = now or dt.datetime.now()
        with db.read() as con:
            due = store.due_ids(con, now, limit)
        if config is None:
            report.left_queued = len(due)
            report.errors.append(NOT_CONFIGURED)
            return report
        if not due:
            return report
        try:
            smtp = connect(config)
        except (OSError, smtplib.SMTPException, MailConfigError) as exc:
            report.left_queued = len(due)
            report.errors.append(UNREACHABLE.format(error=one_line(str(exc)) or type(exc).__name__))
            return report
        try:
            for index, outbox_id in enumerate(due):
                if not _deliver_one(db, smtp, config, outbox_id, report):
                    report.left_queued += len(due) - index - 1
                    break
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    return report


def _deliver_one(db: Store, smtp: smtplib.SMTP, config: SmtpConfig, outbox_id: int, report: Report) -> bool:
    """One message; False when the connection is gone (the rest of the run waits for the next one)."""
    row = db.write(lambda con: _claim(con, outbox_id, dt.datetime.now()))
    if row is None:
        return True
    if row.get("superseded"):
        report.failed += 1
        return True
    address = row["to_address"]
    if not valid_address(address):
        problem = NO_ADDRESS if not address else BAD_ADDRESS.format(address=one_line(address)[:200])
        db.write(lambda con: store.mark_failed(con, outbox_id, problem))
        report.failed += 1
        return True
    try:
        code, text = smtp.mail(config.mail_from)
        if code == 250:
            code, text = smtp.rcpt(address)
        if code not in (250, 251):
            smtp.rset()
            _refused(db, row, _answer(code, text), code, report)
            return True
    except (OSError, smtplib.SMTPException) as exc:       # nothing was handed over: safe to retry
        _retry(db, row, UNREACHABLE.format(error=one_line(str(exc)) or type(exc).__name__), report)
        return False
    try:
        code, text = smtp.data(build(row, config.mail_from).as_bytes())
    except smtplib.SMTPDataError as exc:                  # the server answered: definite
        _refused(db, row, _answer(exc.smtp_code, exc.smtp_error), exc.smtp_code, report)
        return True
    except (OSError, smtplib.SMTPException, socket.timeout) as exc:
        db.write(lambda con: store.mark_uncertain(con, outbox_id, LOST_DURING_DATA.format(error=one_line(str(exc)))))
        report.uncertain += 1
        return False
    db.write(lambda con: store.mark_sent(con, outbox_id, dt.datetime.now(), _answer(code, text)))
    report.sent += 1
    return True


def _claim(con, outbox_id: int, now: dt.datetime) -> dict | None:
    """queued → sending; an invitation gets its one-time link now, in the same transaction (the token exists
    only in the message that goes out; its hash is stored)."""
    from scoring.platform import invitations
    row = store.claim_for_sending(con, outbox_id, now)
    if row is None or row["kind"] != "invitation":
        return row
    token = invitations.issue_for_message(con, outbox_id, now)
    if token is None:
        store.mark_failed(con, outbox_id, SUPERSEDED)
        return {**row, "superseded": True}
    link = invitations.link(token)
    return {**row, "body_text": row["body_text"].replace(invitations.PLACEHOLDER, link),
            "body_html": row["body_html"].replace(invitations.PLACEHOLDER, html.escape(link, quote=True))}


def _refused(db: Store, row: dict, answer: str, code: int, report: Report) -> None:
    if 400 <= code < 500:
        _retry(db, row, answer, report)
    else:
        db.write(lambda con: store.mark_failed(con, row["id"], answer))
        report.failed += 1


def _retry(db: Store, row: dict, answer: str, report: Report) -> None:
    if row["attempts"] >= MAX_ATTEMPTS:
        db.write(lambda con: store.mark_failed(con, row["id"], answer))
        report.failed += 1
        return
    next_at = dt.datetime.now() + _backoff(row["attempts"])
    db.write(lambda con: store.mark_retry(con, row["id"], next_at, answer))
    report.retried += 1


def describe(report: Report) -> str:
    """One Swedish line for the command line."""
    line = (f"Skickade {report.sent}, försöker igen senare {report.retried}, misslyckade {report.failed}, "
            f"oklara {report.uncertain}, kvar i kön {report.left_queued}.")
    return " ".join([line, *report.errors])


# ---------------------------------------------------------------- the sender inside the app

_IN_APP: dict[str, threading.Event] = {}
_IN_APP_LOCK = threading.Lock()


def start_in_app(db: Store) -> bool:
    """DuckDB lets one process own the database file, so while the app runs it is the app that sends: a daemon
    thread delivers the queue every KVALITET_MAIL_INTERVAL seconds (default 60; the first run after one
    interval) and queues the day's reminders (idempotent per day). Only when KVALITET_SMTP_URL is set and
    KVALITET_MAIL_IN_APP is not '0'. One thread per database file per process. True when started."""
    if os.environ.get("KVALITET_MAIL_IN_APP", "1") == "0" or not os.environ.get("KVALITET_SMTP_URL"):
        return False
    with _IN_APP_LOCK:
        if db.path in _IN_APP:
            return False
        stop = _IN_APP[db.path] = threading.Event()
    interval = max(int(os.environ.get("KVALITET_MAIL_INTERVAL", "60") or 60), 1)
    threading.Thread(target=_in_app_loop, args=(db, interval, stop), name="kvalitet-mail", daemon=True).start()
    return True


def stop_in_app(db: Store) -> None:
    with _IN_APP_LOCK:
        stop = _IN_APP.pop(db.path, None)
    if stop is not None:
        stop.set()


def _in_app_loop(db: Store, interval: int, stop: threading.Event) -> None:
    import logging

    from scoring.platform import outbox
    log = logging.getLogger("kvalitet.mail")
    while not stop.wait(interval):
        try:
            outbox.remind_all(db, "system")
            report = deliver(db, config_from_env())
            if report.sent or report.failed or report.uncertain or report.errors:
                log.info(describe(report))
        except Exception:                      # the app keeps running; the queue is kept for the next round
            log.exception("Utskicket misslyckades; kön finns kvar till nästa försök.")
