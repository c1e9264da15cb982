"""The mail bench's set-up: enough examiners with unsubmitted assessments for a large reminder run
(only ever on a copy of a bench database)."""
from __future__ import annotations

import duckdb


def waiting_examiners(con: duckdb.DuckDBPyConnection, year: int) -> int:
    """Active examiners with an unsubmitted assessment in the cycle (who a reminder run would reach)."""
    return con.execute(
        "SELECT count(DISTINCT a.examiner) FROM assignment a JOIN submission s ON s.id = a.submission_id"
        " JOIN account u ON u.username = a.examiner AND u.active"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE s.cycle = ? AND coalesce(x.status, 'not_started') <> 'submitted'", [year]).fetchone()[0]


def add_waiting_examiners(con: duckdb.DuckDBPyConnection, year: int, count: int) -> None:
    """`count` more examiners (bench-mail-N, with an address each), each on one team of the cycle without
    having submitted, spread over the cycle's submissions."""
    con.execute("INSERT INTO account (username, display_name, role, password_hash)"
                " SELECT 'bench-mail-' || i, 'Bänkexaminator ' || i, 'examiner', '!' FROM range(?) t(i)", [count])
    con.execute("INSERT INTO examiner (username, email)"
                " SELECT 'bench-mail-' || i, 'bench-mail-' || i || '@kvalitet.example' FROM range(?) t(i)", [count])
    con.execute("INSERT INTO assignment (submission_id, examiner)"
                " SELECT s.id, 'bench-mail-' || t.i FROM range(?) t(i)"
                " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total"
                "       FROM submission WHERE cycle = ?) s ON s.n = t.i % s.total", [count, year])


def set_aside_queue(con: duckdb.DuckDBPyConnection) -> int:
    """Mark what is already queued as failed, so the bench sends only its own reminders."""
    rows = con.execute("UPDATE outbox SET status = 'failed', server_answer = 'bänk: undantagen'"
                       " WHERE status = 'queued' RETURNING 1").fetchall()
    return len(rows)


def reminder_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """(reminders, distinct Message-IDs, sent) in the outbox."""
    return con.execute("SELECT count(*), count(DISTINCT message_id), count(*) FILTER (WHERE status = 'sent')"
                       " FROM outbox WHERE kind = 'reminder' AND message_id NOT LIKE '<demo-%'").fetchone()


def play_assessment_phase(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """On the bench's copy only: the cycle back in the individual assessment (a scale database is built
    further on), so that a reminder run has a deadline to remind of."""
    con.execute("UPDATE cycle SET phase = 'assessment' WHERE year = ? AND assessment_deadline IS NOT NULL", [year])
