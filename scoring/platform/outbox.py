"""Queuing e-mail in the same transaction as the event that causes it, and the Swedish templates.

Invariants:
- `queue(con, ...)` is called INSIDE the event's own db.write transaction: the message and the event
  land together or not at all. Nothing is sent here; `scoring.platform.mail` delivers what is queued.
- A message never contains scores or another examiner's text: only names of units, dates and links.
- Every user-supplied string is HTML-escaped in the HTML part, and CR/LF are removed from anything that
  can end up in a header (names, subjects), so a name cannot inject headers.
- A message queued under a `key` (e.g. one reminder per examiner and day) is queued once.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from scoring import swedish
from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, audit
from scoring.store import outbox as store

DEFAULT_BASE_URL = "http://localhost:8501"
STATUSES = ("queued", "sending", "sent", "failed", "uncertain")
STATUS_NAMES = {"queued": "I kö", "sending": "Skickas", "sent": "Skickat", "failed": "Misslyckat",
                "uncertain": "Oklart (avbrutet)"}
KIND_NAMES = {"assignment": "Tilldelning", "reminder": "Påminnelse", "consensus_open": "Konsensus öppen",
              "site_visit": "Platsbesök valda", "decision_signed": "Beslut signerat", "invitation": "Inbjudan"}
NOT_RESENDABLE = "Bara ett misslyckat eller oklart utskick kan skickas igen (nummer {id} har status {status})."
UNKNOWN_MESSAGE = "Utskicket nummer {id} finns inte."
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def base_url() -> str:
    """Links in messages start here (`KVALITET_BASE_URL`, default http://localhost:8501)."""
    return (os.environ.get("KVALITET_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def kansli_address() -> str | None:
    """The award's mailbox (`KVALITET_KANSLI_EMAIL`), which gets the notice of a signed decision."""
    return os.environ.get("KVALITET_KANSLI_EMAIL") or None


def one_line(text: str | None) -> str:
    """A name or subject safe for a header: line breaks become spaces, no control characters."""
    cleaned = _LINE_BREAKS.sub(" ", text or "")
    return "".join(ch for ch in cleaned if ch >= " " and ch != "\x7f").strip()


def new_message_id() -> str:
    domain = re.sub(r"[^a-z0-9.-]", "", base_url().split("://")[-1].split("/")[0].split(":")[0].lower()) or "kvalitet"
    return f"<{uuid.uuid4().hex}@{domain}>"


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def compose(subject: str, greeting_name: str, paragraphs: Sequence[str], link: str,
            items: Sequence[str] = ()) -> Message:
    """Plain text and simple HTML from plain strings; every string is escaped for the HTML part."""
    name = one_line(greeting_name)
    text_lines = [f"Hej {name}!", ""]
    html_parts = [f"<p>Hej {html.escape(name)}!</p>"]
    for paragraph in paragraphs:
        text_lines += [paragraph, ""]
        html_parts.append(f"<p>{html.escape(paragraph)}</p>")
    if items:
        text_lines += [f"- {one_line(item)}" for item in items] + [""]
        html_parts.append("<ul>" + "".join(f"<li>{html.escape(one_line(i))}</li>" for i in items) + "</ul>")
    text_lines += [f"Öppna arbetsbänken: {link}", "", "Hälsningar", "Kansliet för Kvalitetsutmärkelsen"]
    html_parts.append(f'<p><a href="{html.escape(link, quote=True)}">Öppna arbetsbänken</a></p>')
    html_parts.append("<p>Hälsningar<br>Kansliet för Kvalitetsutmärkelsen</p>")
    body_html = ("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"></head><body>"
                 + "".join(html_parts) + "</body></html>")
    return Message(one_line(subject), "\n".join(text_lines), body_html)


def queue(con, actor: str, kind: str, recipient: str | None, message: Message, key: str | None = None,
          to_address: str | None = None, message_id: str | None = None) -> int | None:
    """Queue one message inside the caller's transaction. `recipient` is an account (its examiner e-mail is
    used) or None for the award's mailbox. Returns the message's id, or None when `key` was queued before."""
    if key is not None and store.has_key(con, key):
        return None
    address = to_address if to_address is not None else _address(con, recipient)
    outbox_id = store.insert(con, actor, kind, recipient, address, message.subject, message.text, message.html,
                             message_id or new_message_id())
    if key is not None:
        store.add_key(con, key, outbox_id)
    return outbox_id


def _address(con, recipient: str | None) -> str | None:
    if recipient is None:
        return kansli_address()
    found = store.examiner_address(con, recipient)
    return one_line(found[1]) if found and found[1] else None


def _display_name(con, username: str) -> str:
    found = store.examiner_address(con, username)
    return found[0] if found else username


_date = swedish.date    # '30 april 2026', as a Swedish letter writes a date; '–' when none


# ---------------------------------------------------------------- the events


def assignment_made(con, actor: str, places: pl.DataFrame | Sequence[tuple[int, str]]) -> int:
    """One notice per examiner newly placed on teams (`places`: submission_id and examiner). Two reads and one
    insert however many places (a whole cycle's proposal at once)."""
    if not isinstance(places, pl.DataFrame):
        places = pl.DataFrame(list(places), schema={"submission_id": pl.Int64, "examiner": pl.String},
                              orient="row")
    if places.is_empty():
        return 0
    found = store.assigned_places(con, places.select("submission_id", "examiner"))
    cycles = {}
    rows = []
    for (examiner,), subs in found.group_by(["examiner"], maintain_order=True):
        year = int(subs["cycle"][0])
        cycle = cycles.setdefault(year, store.cycle_deadline(con, year))
        items = [f"{row['unit_name']} ({row['class_name']}){' – du är utvärderingsledare' if row['is_lead'] else ''}"
                 for row in subs.iter_rows(named=True)]
        message = compose(f"Du har fått bidrag att bedöma i {one_line(cycle[0]) if cycle else 'omgången'}",
                          subs["display_name"][0] or examiner,
                          [f"Kansliet har gett dig {len(items)} bidrag att bedöma. Den individuella bedömningen "
                           f"ska vara inskickad senast {_date(cycle[1]) if cycle else '–'}."],
                          f"{base_url()}/bedomningar", items)
        email = subs["email"][0]
        rows.append((actor, "assignment", examiner, one_line(email) if email else None, message.subject,
                     message.text, message.html, new_message_id(), None))
    store.insert_many(con, rows)
    return len(rows)


def _to_lead(con, actor: str, submission_id: int, kind: str, subject: str, body: str, path: str) -> int | None:
    """One message to the team's lead about its submission (`{unit}` in subject and body), once per kind."""
    found = store.submission_lead(con, submission_id)
    if found is None or found[0] is None:
        return None
    lead, unit_name, _ = found
    unit = one_line(unit_name)
    message = compose(subject.format(unit=unit), _display_name(con, lead), [body.format(unit=unit)],
                      f"{base_url()}/{path}")
    return queue(con, actor, kind, lead, message, key=f"{kind}/{submission_id}/{lead}")


def consensus_open(con, actor: str, submission_id: int) -> int | None:
    """To the team's lead: the submission's consensus can start."""
    return _to_lead(con, actor, submission_id, "consensus_open", "Konsensus kan börja: {unit}",
                    "Konsensusarbetet för {unit} är öppet. Som utvärderingsledare samlar du teamet och för in "
                    "den gemensamma bedömningen.", "konsensus")


def consensus_open_if_ready(con, actor: str, submission_id: int) -> int | None:
    """After a submit: when the whole team has submitted, consensus opens; tell the lead (once)."""
    return consensus_open(con, actor, submission_id) if store.all_submitted(con, submission_id) else None


def site_visit_chosen(con, actor: str, submission_id: int) -> int | None:
    """To the team's lead: the committee chose the submission for a site visit."""
    return _to_lead(con, actor, submission_id, "site_visit", "Platsbesök: {unit}",
                    "Domarkommittén har valt {unit} för platsbesök. Som utvärderingsledare planerar du besöket "
                    "tillsammans med kansliet.", "platsbesok")


def decision_signed(con, actor: str, year: int) -> int | None:
    """To the award's mailbox: the chair signed the year's decisions."""
    return queue(con, actor, "decision_signed", None, _decision_message(year))


def _decision_message(year: int) -> Message:
    return compose(f"Beslutet för Kvalitetsutmärkelsen {year} är signerat", "kansliet",
                   [f"Stadsdirektören har signerat domarkommitténs beslut för {year}. Vinnarlistan, diplomen "
                    "och återföringsrapporterna kan nu tas fram."], f"{base_url()}/ceremoni")


# ---------------------------------------------------------------- reminders


def reminder_days(db: Store, year: int) -> list[int]:
    with db.read() as con:
        return store.reminder_days(con, year) or [7, 2]


def set_reminder_days(db: Store, actor: User, year: int, days: Sequence[int]) -> None:
    require_role(actor, "admin")
    cleaned = sorted({int(d) for d in days}, reverse=True)
    if not cleaned or any(d < 0 or d > 90 for d in cleaned):
        raise ValidationError("Påminnelsedagar anges som heltal mellan 0 och 90, t.ex. 7 och 2.")

    def write(con) -> None:
        old = store.reminder_days(con, year)
        store.set_reminder_days(con, year, cleaned)
        audit.record(con, actor.username, "set_reminder_days", "cycle", year, old=old, new=cleaned)

    db.write(write)


def remind(db: Store, actor: str, year: int, today: dt.date | None = None) -> int:
    """Queue reminders to examiners with unsubmitted assessments when today is N days before the assessment
    deadline (N from the cycle's reminder days). Idempotent per day: one reminder per examiner and day."""
    today = today or dt.date.today()

    def write(con) -> int:
        cycle = store.cycle_deadline(con, year)
        if cycle is None or cycle[1] is None or cycle[2] != "assessment":
            return 0
        title, deadline, _ = cycle
        if (deadline - today).days not in (store.reminder_days(con, year) or [7, 2]):
            return 0
        days, key = (deadline - today).days, f"reminder/{year}/{{}}/{today.isoformat()}"
        waiting = store.unsubmitted_with_addresses(con, year)       # one read for all, however many
        done = store.existing_keys(con, [key.format(u) for u in waiting["examiner"]])
        rows = []
        for examiner, name, email, open_count in waiting.iter_rows():
            if key.format(examiner) in done:
                continue
            message = compose(f"Påminnelse: bedömningarna ska vara klara {_date(deadline)}", name or examiner,
                              [f"Om {days} dagar, {_date(deadline)}, ska den individuella bedömningen i "
                               f"{one_line(title)} vara inskickad. Du har "
                               f"{swedish.plural(open_count, '{count} bedömning', '{count} bedömningar')} kvar "
                               "att skicka in."],
                              f"{base_url()}/bedomningar")
            rows.append((actor, "reminder", examiner, one_line(email) if email else None, message.subject,
                         message.text, message.html, new_message_id(), key.format(examiner)))
        store.insert_many(con, rows)                                # one statement for the messages and keys
        queued = len(rows)
        if queued:
            audit.record(con, actor, "queue_reminders", "cycle", year, new={"day": today, "queued": queued})
        return queued

    return db.write(write)


# ---------------------------------------------------------------- the kansli's view


def listing(db: Store, actor: User, status: str | None = None, kind: str | None = None,
            limit: int = 500) -> pl.DataFrame:
    require_role(actor, "admin")
    with db.read() as con:
        return store.listing(con, status, kind, limit)


def summary(db: Store, actor: User) -> dict[str, int]:
    require_role(actor, "admin")
    with db.read() as con:
        return store.counts(con)


def kinds(db: Store, actor: User) -> list[str]:
    require_role(actor, "admin")
    with db.read() as con:
        return store.kinds(con)


def resend(db: Store, actor: User, outbox_id: int, now: dt.datetime | None = None) -> None:
    """Put a failed (or uncertain) message back in the queue, with the address resolved again and the SAME
    Message-ID (a receiving system that keeps one copy per Message-ID shows it once)."""
    require_role(actor, "admin")

    def write(con) -> None:
        message = store.get(con, outbox_id)
        if message is None:
            raise ValidationError(UNKNOWN_MESSAGE.format(id=outbox_id))
        if message["status"] not in ("failed", "uncertain"):
            raise ValidationError(NOT_RESENDABLE.format(id=outbox_id, status=STATUS_NAMES[message["status"]]))
        address = _address(con, message["recipient"]) or message["to_address"]
        store.requeue(con, outbox_id, address, now or dt.datetime.now())
        audit.record(con, actor.username, "resend", "outbox", outbox_id,
                     old={"status": message["status"], "to_address": message["to_address"]},
                     new={"status": "queued", "to_address": address})

    db.write(write)


def remind_all(db: Store, actor: str, today: dt.date | None = None) -> int:
    """`remind` for every cycle in the assessment phase (what `kvalitet remind` runs each day)."""
    with db.read() as con:
        years = store.cycles_in_phase(con, "assessment")
    return sum(remind(db, actor, year, today) for year in years)


def seed_demo(con, today: dt.date | None = None) -> None:
    """A realistic outbox for the demo database: the 2026 assignment notices sent, one refused by the
    receiving server, today's reminders still queued (no SMTP in the demo), the 2022 decision notice sent."""
    today = today or dt.date.today()
    places = store.demo_places(con, 2026)
    assignment_made(con, "admin", places)
    ids = store.ids_of_kind(con, "assignment")
    sent_at = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(9, 15))
    for n, outbox_id in enumerate(ids):
        store.set_message_id(con, outbox_id, f"<demo-{outbox_id}@kvalitet.example>")
        if n == 4:
            address = store.get(con, outbox_id)["to_address"]
            store.mark_failed(con, outbox_id, f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
        else:
            store.mark_sent(con, outbox_id, sent_at, "250 2.0.0 Ok: queued as DEMO")
    deadline = store.cycle_deadline(con, 2026)[1]
    for examiner in store.unsubmitted_by_examiner(con, 2026)["examiner"].to_list()[:6]:
        message = compose(f"Påminnelse: bedömningarna ska vara klara {_date(deadline)}",
                          _display_name(con, examiner),
                          [f"Den individuella bedömningen ska vara inskickad senast {_date(deadline)}."],
                          f"{base_url()}/bedomningar")
        queue(con, "cli", "reminder", examiner, message, message_id=f"<demo-reminder-{examiner}@kvalitet.example>")
    decision = queue(con, "stadsdirektor", "decision_signed", None, _decision_message(2022),
                     to_address="kvalitetsutmarkelsen@kvalitet.example")
    if decision is not None:
        store.set_message_id(con, decision, "<demo-beslut-2022@kvalitet.example>")
        store.mark_sent(con, decision, dt.datetime(2022, 11, 30, 14, 2), "250 2.0.0 Ok: queued as DEMO")


def assessment_deadline(db: Store, year: int) -> dt.date | None:
    with db.read() as con:
        found = store.cycle_deadline(con, year)
    return found[1] if found else None
