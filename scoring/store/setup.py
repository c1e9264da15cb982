"""Setting up a cycle: copy the previous one, edit its dates, classes and criteria."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

# The cycle fields the kansli edits on the Omgång page (never `year`, `phase` or `created_at`).
EDITABLE_FIELDS = ("title", "approval_deadline", "submission_deadline", "assessment_deadline",
                   "consensus_deadline", "decision_date", "ceremony_date", "ceremony_place", "chair_title")


def update_cycle(con: duckdb.DuckDBPyConnection, year: int, values: dict[str, Any]) -> None:
    names = [n for n in EDITABLE_FIELDS if n in values]
    if not names:
        return
    assignments = ", ".join(f"{n} = ?" for n in names)  # names come from EDITABLE_FIELDS, never from input
    con.execute(f"UPDATE cycle SET {assignments} WHERE year = ?", [*(values[n] for n in names), year])


def class_usage(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, int]:
    """Submissions per class code in a cycle (classes without any are absent)."""
    rows = con.execute("SELECT class_code, count(*) FROM submission WHERE cycle = ? GROUP BY class_code",
                       [year]).fetchall()
    return {code: n for code, n in rows}


def delete_class(con: duckdb.DuckDBPyConnection, year: int, code: str) -> None:
    con.execute("DELETE FROM competition_class WHERE cycle = ? AND code = ?", [year, code])


def upsert_class(con: duckdb.DuckDBPyConnection, year: int, code: str, name: str, position: int,
                 prize_amount: int | None) -> None:
    con.execute(
        "INSERT INTO competition_class (cycle, code, name, position, prize_amount) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (cycle, code) DO UPDATE SET name = excluded.name, position = excluded.position,"
        " prize_amount = excluded.prize_amount",
        [year, code, name, position, prize_amount],
    )


def update_criterion(con: duckdb.DuckDBPyConnection, year: int, number: int, title: str, description: str,
                     guidance: list[str], weight: float) -> None:
    con.execute(
        "UPDATE criterion SET title = ?, description = ?, guidance = ?, weight = ? WHERE cycle = ? AND number = ?",
        [title, description, guidance, weight, year, number],
    )


def copy_classes(con: duckdb.DuckDBPyConnection, source: int, target: int) -> None:
    con.execute("INSERT INTO competition_class (cycle, code, name, position, prize_amount, presenter)"
                " SELECT ?, code, name, position, prize_amount, presenter FROM competition_class WHERE cycle = ?",
                [target, source])


def copy_criteria(con: duckdb.DuckDBPyConnection, source: int, target: int) -> None:
    con.execute("INSERT INTO criterion (cycle, number, title, description, guidance, weight)"
                " SELECT ?, number, title, description, guidance, weight FROM criterion WHERE cycle = ?",
                [target, source])


def copy_bands(con: duckdb.DuckDBPyConnection, source: int, target: int) -> None:
    con.execute("INSERT INTO scale_band (cycle, low, high, descriptor)"
                " SELECT ?, low, high, descriptor FROM scale_band WHERE cycle = ?", [target, source])


def copy_targets(con: duckdb.DuckDBPyConnection, source: int, target: int) -> int:
    con.execute("INSERT INTO participation_target (cycle, organisation_id, target)"
                " SELECT ?, organisation_id, target FROM participation_target WHERE cycle = ?", [target, source])
    return con.execute("SELECT count(*) FROM participation_target WHERE cycle = ?", [target]).fetchone()[0]


def cycle_table(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every cycle with its phase and how many submissions it has, newest first."""
    return frame(con, "SELECT c.year, c.title, c.phase, (SELECT count(*) FROM submission s WHERE s.cycle = c.year)"
                      " AS submissions FROM cycle c ORDER BY c.year DESC")


def open_work(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, int]:
    """Counts of what is still open in a cycle, for the phase-change advice."""
    row = con.execute(
        "SELECT"
        " (SELECT count(*) FROM submission WHERE cycle = $y AND registration_status = 'registered'),"
        " (SELECT count(*) FROM submission s WHERE cycle = $y"
        "    AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.submission_id = s.id)),"
        " (SELECT count(*) FROM assignment a JOIN submission s ON s.id = a.submission_id"
        "    LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        "    WHERE s.cycle = $y AND coalesce(x.status, 'not_started') <> 'submitted'),"
        " (SELECT count(*) FROM submission s LEFT JOIN consensus c ON c.submission_id = s.id"
        "    WHERE s.cycle = $y AND coalesce(c.status, 'open') <> 'done'),"
        " (SELECT count(*) FROM decision_signature WHERE cycle = $y AND status = 'signed'),"
        " (SELECT count(*) FROM submission WHERE cycle = $y)",
        {"y": year},
    ).fetchone()
    return dict(zip(("unapproved", "unstaffed", "open_assessments", "open_consensus", "signed", "submissions"), row))


def first_steps(con: duckdb.DuckDBPyConnection, year: int | None) -> dict[str, int]:
    """Counts behind the year's first steps on Översikt: registered submissions, those with a board decision,
    a PDF and a team, and the active examiner accounts and those with a password (year None: no cycle yet)."""
    row = con.execute(
        "SELECT"
        " (SELECT count(*) FROM submission WHERE cycle = $y),"
        " (SELECT count(*) FROM submission WHERE cycle = $y AND registration_status <> 'registered'),"
        " (SELECT count(*) FROM submission s WHERE s.cycle = $y"
        "    AND EXISTS (SELECT 1 FROM submission_document d WHERE d.submission_id = s.id)),"
        " (SELECT count(*) FROM submission s WHERE s.cycle = $y"
        "    AND EXISTS (SELECT 1 FROM assignment a WHERE a.submission_id = s.id)),"
        " (SELECT count(*) FROM account WHERE role IN ('examiner', 'lead') AND active),"
        " (SELECT count(*) FROM account WHERE role IN ('examiner', 'lead') AND active"
        "    AND NOT starts_with(password_hash, '!'))",   # '!': imported, no password yet (unit_import)
        {"y": year},
    ).fetchone()
    return dict(zip(("submissions", "decided", "documents", "staffed", "examiners", "with_password"), row))
