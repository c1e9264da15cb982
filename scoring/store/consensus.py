"""The team's consensus per submission: state, scores and texts; the team's facts for visibility."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store import cycles
from scoring.store.database import frame


def cycle_phase(con: duckdb.DuckDBPyConnection, year: int) -> str:
    return cycles.require_cycle(con, year)["phase"]


def team_state(con: duckdb.DuckDBPyConnection, submission_id: int) -> list[dict[str, Any]]:
    """Each member of the team: examiner, display name, is_lead and assessment status."""
    rows = con.execute(
        "SELECT a.examiner, acc.display_name, a.is_lead, coalesce(x.status, 'not_started'), x.submitted_at"
        " FROM assignment a JOIN account acc ON acc.username = a.examiner"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE a.submission_id = ? ORDER BY a.is_lead DESC, a.examiner",
        [submission_id],
    ).fetchall()
    keys = ("examiner", "display_name", "is_lead", "status", "submitted_at")
    return [dict(zip(keys, r)) for r in rows]


def member_scores(con: duckdb.DuckDBPyConnection, submission_id: int) -> pl.DataFrame:
    """Every member's saved scores and texts (drafts included; the caller shows only submitted ones)."""
    return frame(
        con,
        "SELECT sc.examiner, sc.criterion, sc.score, sc.strengths, sc.improvements"
        " FROM score sc JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner"
        " WHERE sc.submission_id = ? ORDER BY sc.criterion, a.is_lead DESC, sc.examiner",
        [submission_id],
    )


def state(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any] | None:
    row = con.execute("SELECT status, version, done_by, done_at FROM consensus WHERE submission_id = ?",
                      [submission_id]).fetchone()
    return dict(zip(("status", "version", "done_by", "done_at"), row)) if row else None


def scores(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[int, dict[str, Any]]:
    rows = con.execute(
        "SELECT criterion, score, strengths, improvements FROM consensus_score"
        " WHERE submission_id = ? ORDER BY criterion", [submission_id],
    ).fetchall()
    return {r[0]: {"score": r[1], "strengths": r[2], "improvements": r[3]} for r in rows}


def upsert_score(con: duckdb.DuckDBPyConnection, submission_id: int, criterion: int, score: int | None,
                 strengths: str, improvements: str) -> None:
    con.execute(
        "INSERT INTO consensus_score (submission_id, criterion, score, strengths, improvements)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (submission_id, criterion) DO UPDATE SET score = excluded.score,"
        " strengths = excluded.strengths, improvements = excluded.improvements",
        [submission_id, criterion, score, strengths, improvements],
    )


def bump_version(con: duckdb.DuckDBPyConnection, submission_id: int, expected_version: int, status: str,
                 actor: str) -> int | None:
    """Move to `status` and the next version, only from `expected_version` (optimistic lock).

    The consensus row is created by its first save (version 0 → 1). Returns the
    new version, or None when someone saved in between.
    """
    row = con.execute(
        "UPDATE consensus SET version = version + 1, status = ?,"
        " done_by = CASE WHEN ? = 'done' THEN ? END, done_at = CASE WHEN ? = 'done' THEN current_timestamp END"
        " WHERE submission_id = ? AND version = ? RETURNING version",
        [status, status, actor, status, submission_id, expected_version],
    ).fetchone()
    if row:
        return row[0]
    if expected_version != 0:
        return None
    row = con.execute(
        "INSERT INTO consensus (submission_id, status, version, done_by, done_at)"
        " VALUES (?, ?, 1, CASE WHEN ? = 'done' THEN ? END, CASE WHEN ? = 'done' THEN current_timestamp END)"
        " ON CONFLICT DO NOTHING RETURNING version",
        [submission_id, status, status, actor, status],
    ).fetchone()
    return row[0] if row else None


def set_opened_by_admin(con: duckdb.DuckDBPyConnection, submission_id: int, opened: bool) -> None:
    con.execute("UPDATE submission SET consensus_opened_by_admin = ? WHERE id = ?", [opened, submission_id])


def _overview(scope: str) -> str:
    """Submissions with team progress and consensus status, for the submission ids that `scope` selects.

    The team counts are grouped over the scope's assignments only, so a page reads the rows it shows,
    not every team of every earlier cycle.
    """
    return (
        "WITH subs AS (" + scope + "),"
        " team AS ("
        "  SELECT a.submission_id, count(*) AS members,"
        "   count(*) FILTER (WHERE x.status = 'submitted') AS submitted,"
        "   any_value(acc.display_name) FILTER (WHERE a.is_lead) AS lead_name,"
        "   any_value(a.examiner) FILTER (WHERE a.is_lead) AS lead"
        "  FROM assignment a JOIN subs ON subs.id = a.submission_id JOIN account acc ON acc.username = a.examiner"
        "  LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        "  GROUP BY a.submission_id)"
        " SELECT s.id AS submission_id, u.id AS unit_id, u.name AS unit_name, o.name AS organisation,"
        " c.code AS class_code, c.name AS class_name, c.position AS class_position,"
        " coalesce(t.members, 0) AS members, coalesce(t.submitted, 0) AS submitted, t.lead, t.lead_name,"
        " s.consensus_opened_by_admin AS opened_by_admin,"
        " coalesce(k.status, 'none') AS consensus_status, coalesce(k.version, 0) AS consensus_version,"
        " k.done_at AS consensus_done_at"
        " FROM subs JOIN submission s ON s.id = subs.id JOIN unit u ON u.id = s.unit_id"
        " JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " LEFT JOIN team t ON t.submission_id = s.id LEFT JOIN consensus k ON k.submission_id = s.id"
    )


def overview_for_cycle(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every submission in a cycle with its team's progress and consensus status."""
    return frame(con, _overview("SELECT id FROM submission WHERE cycle = $year") + " ORDER BY c.position, u.name",
                 {"year": year})


def overview_for_examiner(con: duckdb.DuckDBPyConnection, examiner: str, year: int) -> pl.DataFrame:
    """The examiner's teams in a cycle, with their own status and role added."""
    mine = ("SELECT a.submission_id AS id FROM assignment a JOIN submission s ON s.id = a.submission_id"
            " WHERE a.examiner = $examiner AND s.cycle = $year")
    return frame(
        con,
        "SELECT o.*, me.is_lead, coalesce(x.status, 'not_started') AS own_status FROM (" + _overview(mine) +
        ") o JOIN assignment me ON me.submission_id = o.submission_id AND me.examiner = $examiner"
        " LEFT JOIN assessment x ON x.submission_id = o.submission_id AND x.examiner = me.examiner"
        " ORDER BY me.is_lead DESC, o.class_position, o.unit_name",
        {"year": year, "examiner": examiner},
    )
