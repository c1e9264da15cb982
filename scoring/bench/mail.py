"""`kvalitet bench --mail`: queue and send a large reminder run (4,000 by default) to a local SMTP server.

On a COPY of the scale database (the bench's own file is never written): examiners with unsubmitted
assessments are added until the run reaches `--mail-recipients`, `outbox.remind` queues one reminder each
(timed: one transaction), and `mail.deliver` sends them over one SMTP connection to an aiosmtpd server in
this process (timed). Checked, not only timed: every reminder arrives exactly once (distinct Message-IDs,
as many received as queued) and is marked sent. aiosmtpd is a test dependency (pip install -e '.[test]')."""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from scoring import rulebook
from scoring.platform import mail
from scoring.platform import outbox
from scoring.store import Store
from scoring.store import bench_mail as store
from scoring.store import outbox as outbox_store

RECIPIENTS = 4000
NO_AIOSMTPD = "aiosmtpd saknas: installera testberoendena (pip install -e '.[test]') för att mäta utskicken."
NOT_ASSESSING = "Omgång {year} är inte i den individuella bedömningen med ett slutdatum; påminnelser kan inte mätas."


@dataclass
class _Sink:
    """Counts what the SMTP server accepts (the Message-ID of each, to find a duplicate)."""
    message_ids: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(bytes(envelope.content), policy=policy.default)
        self.message_ids.append(str(parsed["Message-ID"]))
        return "250 2.0.0 Ok"


@dataclass
class MailBench:
    recipients: int
    queued: int
    queue_seconds: float
    sent: int
    received: int
    duplicates: int
    send_seconds: float
    errors: list[str]

    @property
    def ok(self) -> bool:
        return (self.queued == self.recipients == self.sent == self.received and self.duplicates == 0
                and not self.errors)

    def lines(self) -> list[str]:
        rate = self.sent / self.send_seconds if self.send_seconds else 0.0
        return [f"Påminnelser i kön: {self.queued} av {self.recipients} på {self.queue_seconds:.2f} s (en transaktion)",
                f"Skickade till lokal SMTP-server: {self.sent} på {self.send_seconds:.1f} s ({rate:.0f} per sekund)",
                f"Mottagna: {self.received}, dubbletter: {self.duplicates}"
                + ("" if not self.errors else f", fel: {'; '.join(self.errors)}")]


def run(source: Path, recipients: int = RECIPIENTS) -> MailBench:
    """Copy `source`, make `recipients` examiners wait for a reminder, queue and send them; see module doc."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError as exc:
        raise RuntimeError(NO_AIOSMTPD) from exc
    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-mail-") as folder:
        copy = Path(folder) / "mail.duckdb"
        shutil.copy(source, copy)
        db = Store(copy)
        try:
            year, today = _prepare(db, recipients)
            started = time.perf_counter()
            queued = outbox.remind(db, "bench", year, today)
            queue_seconds = time.perf_counter() - started
            sink = _Sink()
            port = _free_port()
            controller = Controller(sink, hostname="127.0.0.1", port=port)
            controller.start()
            try:
                config = mail.config_from_env({"KVALITET_SMTP_URL": f"smtp://127.0.0.1:{port}",
                                               "KVALITET_MAIL_FROM": "kvalitet@bench.example"})
                started = time.perf_counter()
                report = mail.deliver(db, config, limit=recipients + 1000)
                send_seconds = time.perf_counter() - started
            finally:
                controller.stop()
            with db.read() as con:
                _, _, sent = store.reminder_counts(con)
        finally:
            db.close()
    received = len(sink.message_ids)
    return MailBench(recipients, queued, queue_seconds, sent, received, received - len(set(sink.message_ids)),
                     send_seconds, list(report.errors))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(db: Store, recipients: int) -> tuple[int, dt.date]:
    """The cycle in assessment (a scale database is further on; this is a copy), the day a reminder is due
    (the earliest reminder day before its deadline), enough waiting examiners; what the database had queued
    already is set aside."""
    year = rulebook.current_year(db)
    if year is not None:
        db.write(lambda con: store.play_assessment_phase(con, year))   # a copy: the weeks before the deadline
    with db.read() as con:
        cycle = outbox_store.cycle_deadline(con, year) if year is not None else None
        waiting = store.waiting_examiners(con, year) if year is not None else 0
    if cycle is None or cycle[1] is None or cycle[2] != "assessment":
        raise RuntimeError(NOT_ASSESSING.format(year=year))

    def write(con) -> None:
        store.set_aside_queue(con)
        if recipients > waiting:
            store.add_waiting_examiners(con, year, recipients - waiting)

    db.write(write)
    days = outbox.reminder_days(db, year) or [7]
    return year, cycle[1] - dt.timedelta(days=max(days))


def main(args: argparse.Namespace) -> int:
    """`kvalitet bench --mail`: 0 when every reminder was queued, sent and received exactly once."""
    from scoring.bench import run as bench
    recipients = getattr(args, "mail_recipients", None) or RECIPIENTS
    path = Path(args.db) if args.db else bench.ensure_database(bench.cache_path(args.scale, args.dir), args.scale)
    print(f"Mäter utskick på en kopia av {path} (skala {args.scale}, {recipients} påminnelser) …")
    try:
        result = run(path, recipients)
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print("\n".join(result.lines()))
    if not result.ok:
        print("Utskicken stämmer inte: alla påminnelser ska läggas i kön, skickas och tas emot exakt en gång.",
              file=sys.stderr)
        return 1
    return 0
