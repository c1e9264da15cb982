"""The e-mail outbox: queued messages, their delivery state, and per-cycle reminder days."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

MESSAGE_COLUMNS = ("id", "created_at", "actor", "kind", "recipient", "to_address", "subject", "body_text",
                   "body_html", "message_id", "status", "attempts", "next_attempt_at", "last_attempt_at",
                   "sent_at", "server_answer")


def insert(con: duckdb.DuckDBPyConnection, actor: str, kind: str, recipient: str | None, to_address: str | None,
           subject: str, body_text: str, body_html: str, message_id: str) -> int:
    return con.execute(
        "INSERT INTO outbox (actor, kind, recipient, to_address, subject, body_text, body_html, message_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [actor, kind, recipient, to_address, subject, body_text, body_html, message_id],
    ).fetchone()[0]


def has_key(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    return con.execute("SELECT 1 FROM outbox_key WHERE key = ?", [key]).fetchone() is not None


def add_key(con: duckdb.DuckDBPyConnection, key: str, outbox_id: int) -> None:
    """Insert-only: a message queued under a key (e.g. reminder/examiner/day) is queued once."""
    con.execute("INSERT INTO outbox_key (key, outbox_id) VALUES (?, ?)", [key, outbox_id])


def get(con: duckdb.DuckDBPyConnection, outbox_id: int) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(MESSAGE_COLUMNS)} FROM outbox WHERE id = ?", [outbox_id]).fetchone()
    return dict(zip(MESSAGE_COLUMNS, row)) if row else None


def due_ids(con: duckdb.DuckDBPyConnection, now: dt.datetime, limit: int) -> list[int]:
    return [r[0] for r in con.execute(
        "SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        [now, limit]).fetchall()]


def claim_for_sending(con: duckdb.DuckDBPyConnection, outbox_id: int, now: dt.datetime) -> dict[str, Any] | None:
    """queued → sending in one statement; None when someone else took it or it is no longer queued."""
    row = con.execute(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, last_attempt_at = ?"
        f" WHERE id = ? AND status = 'queued' RETURNING {', '.join(MESSAGE_COLUMNS)}",
        [now, outbox_id]).fetchone()
    return dict(zip(MESSAGE_COLUMNS, row)) if row else None


def mark_sent(con: duckdb.DuckDBPyConnection, outbox_id: int, now: dt.datetime, answer: str) -> None:
    con.execute("UPDATE outbox SET status = 'sent', sent_at = ?, server_answer = ? WHERE id = ?",
                [now, answer, outbox_id])


def mark_retry(con: duckdb.DuckDBPyConnection, outbox_id: int, next_at: dt.datetime, answer: str) -> None:
    con.execute("UPDATE outbox SET status = 'queued', next_attempt_at = ?, server_answer = ? WHERE id = ?",
                [next_at, answer, outbox_id])


def mark_failed(con: duckdb.DuckDBPyConnection, outbox_id: int, answer: str) -> None:
    con.execute("UPDATE outbox SET status = 'failed', server_answer = ? WHERE id = ?", [answer, outbox_id])


def mark_stale_sending(con: duckdb.DuckDBPyConnection, answer: str) -> int:
    """Messages left in 'sending' by a sender that died: the server may have accepted them → 'uncertain'."""
    return len(con.execute("UPDATE outbox SET status = 'uncertain', server_answer = ? WHERE status = 'sending'"
                           " RETURNING id", [answer]).fetchall())


def requeue(con: duckdb.DuckDBPyConnection, outbox_id: int, to_address: str | None, now: dt.datetime) -> None:
    con.execute("UPDATE outbox SET status = 'queued', to_address = ?, next_attempt_at = ?, attempts = 0"
                " WHERE id = ?", [to_address, now, outbox_id])


def listing(con: duckdb.DuckDBPyConnection, status: str | None, kind: str | None, limit: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT id, created_at, kind, recipient, to_address, subject, status, attempts, next_attempt_at,"
        " sent_at, server_answer FROM outbox WHERE ($status IS NULL OR status = $status)"
        " AND ($kind IS NULL OR kind = $kind) ORDER BY id DESC LIMIT $limit",
        {"status": status, "kind": kind, "limit": limit})


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())


def kinds(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT kind FROM outbox ORDER BY kind").fetchall()]


def count_message_id(con: duckdb.DuckDBPyConnection, message_id: str) -> int:
    return con.execute("SELECT count(*) FROM outbox WHERE message_id = ?", [message_id]).fetchone()[0]


# ---------------------------------------------------------------- addresses and reminder inputs


def examiner_address(con: duckdb.DuckDBPyConnection, username: str) -> tuple[str, str | None] | None:
    """(display name, e-mail or None) of an active account; None when there is no such account."""
    row = con.execute(
        "SELECT a.display_name, e.email FROM account a LEFT JOIN examiner e ON e.username = a.username"
        " WHERE a.username = ? AND a.active", [username]).fetchone()
    return (row[0], row[1]) if row else None


def reminder_days(con: duckdb.DuckDBPyConnection, year: int) -> list[int] | None:
    row = con.execute("SELECT reminder_days FROM cycle_mail_setting WHERE cycle = ?", [year]).fetchone()
    return list(row[0]) if row else None


def set_reminder_days(con: duckdb.DuckDBPyConnection, year: int, days: list[int]) -> None:
    con.execute("DELETE FROM cycle_mail_setting WHERE cycle = ?", [year])
    con.execute("INSERT INTO cycle_mail_setting (cycle, reminder_days) VALUES (?, ?)", [year, days])


# examiner, open: how many of their assigned submissions in the cycle (the one parameter) are not yet submitted
_OPEN_PER_EXAMINER = (
    "SELECT a.examiner, count(*) AS open FROM assignment a JOIN submission s ON s.id = a.submission_id"
    " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
    " WHERE s.cycle = ? AND coalesce(x.status, 'not_started') <> 'submitted' GROUP BY a.examiner")


def unsubmitted_by_examiner(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """examiner, open (how many of their assigned submissions are not yet submitted) for one cycle."""
    return frame(con, f"{_OPEN_PER_EXAMINER} ORDER BY a.examiner", [year])


def cycle_deadline(con: duckdb.DuckDBPyConnection, year: int) -> tuple[str, dt.date | None, str] | None:
    """(title, assessment_deadline, phase) of a cycle."""
    row = con.execute("SELECT title, assessment_deadline, phase FROM cycle WHERE year = ?", [year]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def submission_lead(con: duckdb.DuckDBPyConnection, submission_id: int) -> tuple[str | None, str, int] | None:
    """(lead username or None, unit name, cycle) of one submission."""
    row = con.execute(
        "SELECT (SELECT examiner FROM assignment WHERE submission_id = s.id AND is_lead LIMIT 1), u.name, s.cycle"
        " FROM submission s JOIN unit u ON u.id = s.unit_id WHERE s.id = ?", [submission_id]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def mark_uncertain(con: duckdb.DuckDBPyConnection, outbox_id: int, answer: str) -> None:
    con.execute("UPDATE outbox SET status = 'uncertain', server_answer = ? WHERE id = ?", [answer, outbox_id])


def cycles_in_phase(con: duckdb.DuckDBPyConnection, phase: str) -> list[int]:
    return [r[0] for r in con.execute("SELECT year FROM cycle WHERE phase = ? ORDER BY year", [phase]).fetchall()]


def all_submitted(con: duckdb.DuckDBPyConnection, submission_id: int) -> bool:
    """Every team member of the submission has submitted (and there is a team)."""
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE coalesce(x.status, 'not_started') = 'submitted')"
        " FROM assignment a LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE a.submission_id = ?", [submission_id]).fetchone()
    return row[0] > 0 and row[0] == row[1]


def ids_of_kind(con: duckdb.DuckDBPyConnection, kind: str) -> list[int]:
    return [r[0] for r in con.execute("SELECT id FROM outbox WHERE kind = ? ORDER BY id", [kind]).fetchall()]


def set_message_id(con: duckdb.DuckDBPyConnection, outbox_id: int, message_id: str) -> None:
    con.execute("UPDATE outbox SET message_id = ? WHERE id = ?", [message_id, outbox_id])


def demo_places(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT a.submission_id, a.examiner FROM assignment a JOIN submission s ON s.id = a.submission_id"
                      " WHERE s.cycle = ? ORDER BY a.examiner, a.submission_id", [year])


def unsubmitted_with_addresses(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """examiner, display_name, email, open — active examiners with unsubmitted assessments in the cycle."""
    return frame(
        con,
        f"SELECT w.examiner, a.display_name, e.email, w.open FROM ({_OPEN_PER_EXAMINER}) w"
        " JOIN account a ON a.username = w.examiner AND a.active"
        " LEFT JOIN examiner e ON e.username = w.examiner ORDER BY w.examiner", [year])


def existing_keys(con: duckdb.DuckDBPyConnection, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return {r[0] for r in con.execute("SELECT key FROM outbox_key WHERE list_contains(?, key)", [keys]).fetchall()}


def insert_many(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Bulk queue: rows of (actor, kind, recipient, to_address, subject, body_text, body_html, message_id, key);
    the messages and their keys in two statements."""
    if not rows:
        return
    columns = ["actor", "kind", "recipient", "to_address", "subject", "body_text", "body_html", "message_id", "key"]
    batch = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    _finish_pending(con)
    con.register("_outbox_batch", batch.to_arrow())
    try:
        con.execute("INSERT INTO outbox (actor, kind, recipient, to_address, subject, body_text, body_html, message_id)"
                    " SELECT actor, kind, recipient, to_address, subject, body_text, body_html, message_id"
                    " FROM _outbox_batch")
        con.execute("INSERT INTO outbox_key (key, outbox_id) SELECT b.key, o.id FROM _outbox_batch b"
                    " JOIN outbox o ON o.message_id = b.message_id WHERE b.key IS NOT NULL")
    finally:
        con.unregister("_outbox_batch")


def assigned_places(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> pl.DataFrame:
    """For (submission_id, examiner) places: the examiner's active account (display_name, email) and each
    submission's unit name, class name, cycle and whether the examiner leads it; sorted by examiner, unit."""
    _finish_pending(con)
    con.register("_notice_places", places.to_arrow())
    try:
        return frame(
            con,
            "SELECT a.examiner, acc.display_name, e.email, s.id AS submission_id, u.name AS unit_name,"
            " c.name AS class_name, a.is_lead, s.cycle"
            " FROM _notice_places p JOIN assignment a ON a.submission_id = p.submission_id AND a.examiner = p.examiner"
            " JOIN account acc ON acc.username = a.examiner AND acc.active"
            " LEFT JOIN examiner e ON e.username = a.examiner"
            " JOIN submission s ON s.id = a.submission_id JOIN unit u ON u.id = s.unit_id"
            " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
            " ORDER BY a.examiner, u.name")
    finally:
        con.unregister("_notice_places")


def _finish_pending(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB refuses register() while an earlier fetchone() left a result open on the cursor: finish it."""
    con.execute("SELECT 1").fetchall()
