"""Organisations and their targets, units, registrations (submissions) and board decisions."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

UNIT_FIELDS = ("id", "name", "organisation_id", "manager_budget_responsibility", "manager_staff_responsibility",
               "has_plan_with_goals", "employees", "operator_type", "stockholm_share", "budget_kept")
APPROVED = ("board_decided", "protocol_received")


# ---------------------------------------------------------------- organisations and targets


def organisation(con: duckdb.DuckDBPyConnection, org_id: int) -> dict[str, Any] | None:
    row = con.execute("SELECT id, name, kind, board FROM organisation WHERE id = ?", [org_id]).fetchone()
    return dict(zip(("id", "name", "kind", "board"), row)) if row else None


UNKNOWN_ORGANISATION = "Förvaltningen eller bolaget (nummer {organisation_id}) finns inte."


def require_organisation(con: duckdb.DuckDBPyConnection, org_id: int) -> dict[str, Any]:
    """organisation()'s row; LookupError with the one Swedish message when there is none."""
    found = organisation(con, org_id)
    if found is None:
        raise LookupError(UNKNOWN_ORGANISATION.format(organisation_id=org_id))
    return found


def organisation_named(con: duckdb.DuckDBPyConnection, name: str, other_than: int | None = None) -> int | None:
    row = con.execute("SELECT id FROM organisation WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?",
                      [name, other_than]).fetchone()
    return row[0] if row else None


def organisation_ids(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute("SELECT name, id FROM organisation").fetchall())


def update_organisation(con: duckdb.DuckDBPyConnection, org_id: int, name: str, kind: str, board: str) -> None:
    con.execute("UPDATE organisation SET name = ?, kind = ?, board = ? WHERE id = ?", [name, kind, board, org_id])


def target(con: duckdb.DuckDBPyConnection, year: int, org_id: int) -> int | None:
    row = con.execute("SELECT target FROM participation_target WHERE cycle = ? AND organisation_id = ?",
                      [year, org_id]).fetchone()
    return row[0] if row else None


def set_target(con: duckdb.DuckDBPyConnection, year: int, org_id: int, value: int | None) -> None:
    if value is None:
        con.execute("DELETE FROM participation_target WHERE cycle = ? AND organisation_id = ?", [year, org_id])
        return
    con.execute("INSERT INTO participation_target (cycle, organisation_id, target) VALUES (?, ?, ?)"
                " ON CONFLICT (cycle, organisation_id) DO UPDATE SET target = excluded.target", [year, org_id, value])


# ---------------------------------------------------------------- units


def unit(con: duckdb.DuckDBPyConnection, unit_id: str) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(UNIT_FIELDS)} FROM unit WHERE id = ?", [unit_id]).fetchone()
    return dict(zip(UNIT_FIELDS, row)) if row else None


def units_by_id(con: duckdb.DuckDBPyConnection, unit_ids: list[str]) -> list[dict[str, Any]]:
    """The stored rows of these units (one query, for imports), in no particular order."""
    return frame(con, f"SELECT {', '.join(UNIT_FIELDS)} FROM unit WHERE list_contains(?, id)", [unit_ids]).to_dicts()


def unit_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Lower-cased id -> stored id, to match ids case-insensitively."""
    return {uid.lower(): uid for (uid,) in con.execute("SELECT id FROM unit").fetchall()}


def upsert_unit(con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> None:
    names = [n for n in UNIT_FIELDS if n in values]
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "id")
    con.execute(f"INSERT INTO unit ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}", [values[n] for n in names])


def units(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every unit with its organisation and, if registered in `year`, its registration and board decision;
    `previous_class` is the class code of its latest earlier participation."""
    return frame(
        con,
        "SELECT u.id, u.name, u.organisation_id, o.name AS organisation, u.manager_budget_responsibility,"
        " u.manager_staff_responsibility, u.has_plan_with_goals, u.employees, u.operator_type,"
        " u.stockholm_share, u.budget_kept, s.id AS submission_id, s.class_code, c.name AS class_name,"
        " s.registration_status, s.registered_on, s.eligibility_override, s.board_decision_id,"
        " b.decided_on, b.protocol_ref, b.protocol_received_on,"
        " (SELECT p.class_code FROM submission p WHERE p.unit_id = u.id AND p.cycle < $y"
        "   ORDER BY p.cycle DESC LIMIT 1) AS previous_class"
        " FROM unit u JOIN organisation o ON o.id = u.organisation_id"
        " LEFT JOIN submission s ON s.unit_id = u.id AND s.cycle = $y"
        " LEFT JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " LEFT JOIN board_decision b ON b.id = s.board_decision_id"
        " ORDER BY o.name, u.name, u.id",
        {"y": year},
    )


# ---------------------------------------------------------------- registrations


def registration(con: duckdb.DuckDBPyConnection, year: int, unit_id: str) -> dict[str, Any] | None:
    cols = ("id", "class_code", "registration_status", "board_decision_id", "eligibility_override")
    row = con.execute(f"SELECT {', '.join(cols)} FROM submission WHERE cycle = ? AND unit_id = ?",
                      [year, unit_id]).fetchone()
    return dict(zip(cols, row)) if row else None


def insert_registration(con: duckdb.DuckDBPyConnection, year: int, unit_id: str, class_code: str,
                        override: str | None, registered_on: dt.date) -> int:
    return con.execute(
        "INSERT INTO submission (cycle, unit_id, class_code, eligibility_override, registered_on)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id", [year, unit_id, class_code, override, registered_on],
    ).fetchone()[0]


def set_class(con: duckdb.DuckDBPyConnection, submission_id: int, class_code: str) -> None:
    con.execute("UPDATE submission SET class_code = ? WHERE id = ?", [class_code, submission_id])


def set_override(con: duckdb.DuckDBPyConnection, submission_id: int, reason: str | None) -> None:
    con.execute("UPDATE submission SET eligibility_override = ? WHERE id = ?", [reason, submission_id])


def set_status(con: duckdb.DuckDBPyConnection, submission_ids: list[int], status: str) -> None:
    """Set the registration status directly (demo data; the app moves it through approve/mark_received)."""
    con.execute("UPDATE submission SET registration_status = ?, board_decision_id = CASE WHEN ? = 'registered'"
                " THEN NULL ELSE board_decision_id END WHERE list_contains(?, id)", [status, status, submission_ids])


def set_registered_on(con: duckdb.DuckDBPyConnection, submission_ids: list[int], day: dt.date) -> None:
    con.execute("UPDATE submission SET registered_on = ? WHERE list_contains(?, id)", [day, submission_ids])


def work_on(con: duckdb.DuckDBPyConnection, submission_id: int) -> int:
    """How many team places and documents a submission has (it cannot be withdrawn silently then)."""
    return con.execute(
        "SELECT (SELECT count(*) FROM assignment WHERE submission_id = $s)"
        " + (SELECT count(*) FROM submission_document WHERE submission_id = $s)", {"s": submission_id},
    ).fetchone()[0]


def delete_registration(con: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    con.execute("DELETE FROM submission WHERE id = ?", [submission_id])


# ---------------------------------------------------------------- board decisions


def insert_board_decision(con: duckdb.DuckDBPyConnection, year: int, org_id: int, decided_on: dt.date,
                          protocol_ref: str, received_on: dt.date | None) -> int:
    return con.execute(
        "INSERT INTO board_decision (cycle, organisation_id, decided_on, protocol_ref, protocol_received_on)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id", [year, org_id, decided_on, protocol_ref, received_on],
    ).fetchone()[0]


def board_decision(con: duckdb.DuckDBPyConnection, decision_id: int) -> dict[str, Any] | None:
    cols = ("id", "cycle", "organisation_id", "decided_on", "protocol_ref", "protocol_received_on")
    row = con.execute(f"SELECT {', '.join(cols)} FROM board_decision WHERE id = ?", [decision_id]).fetchone()
    return dict(zip(cols, row)) if row else None


def approve(con: duckdb.DuckDBPyConnection, submission_ids: list[int], decision_id: int, status: str) -> None:
    con.execute("UPDATE submission SET board_decision_id = ?, registration_status = ? WHERE list_contains(?, id)",
                [decision_id, status, submission_ids])


def mark_received(con: duckdb.DuckDBPyConnection, decision_id: int, received_on: dt.date) -> None:
    con.execute("UPDATE board_decision SET protocol_received_on = ? WHERE id = ?", [received_on, decision_id])
    con.execute("UPDATE submission SET registration_status = 'protocol_received' WHERE board_decision_id = ?",
                [decision_id])


def board_decisions(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The cycle's board decisions with the units each one approves."""
    return frame(
        con,
        "SELECT b.id, o.name AS organisation, o.board, b.decided_on, b.protocol_ref, b.protocol_received_on,"
        " count(s.id) AS units, coalesce(string_agg(u.name, '; ' ORDER BY u.name), '') AS unit_names"
        " FROM board_decision b JOIN organisation o ON o.id = b.organisation_id"
        " LEFT JOIN submission s ON s.board_decision_id = b.id"
        " LEFT JOIN unit u ON u.id = s.unit_id"
        " WHERE b.cycle = ? GROUP BY ALL ORDER BY b.decided_on, b.id",
        [year],
    )


def participation(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Per organisation: target, registered, approved by the board and protocol received."""
    return frame(
        con,
        "SELECT o.id, o.name AS organisation, o.kind, o.board, t.target,"
        " count(s.id) AS registered,"
        " count(s.id) FILTER (WHERE s.registration_status IN ('board_decided', 'protocol_received')) AS approved,"
        " count(s.id) FILTER (WHERE s.registration_status = 'protocol_received') AS protocol_received"
        " FROM organisation o"
        " LEFT JOIN participation_target t ON t.organisation_id = o.id AND t.cycle = $y"
        " LEFT JOIN unit u ON u.organisation_id = o.id"
        " LEFT JOIN submission s ON s.unit_id = u.id AND s.cycle = $y"
        " GROUP BY ALL ORDER BY o.name",
        {"y": year},
    )


# ---------------------------------------------------------------- bulk writes for imports
# Each takes a Polars frame, registers it as a view for one statement and unregisters it.


def _with_frame(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame, sql: str,
                params: list[Any] | None = None) -> None:
    # DuckDB 2 refuses register() while a previous execute() on this cursor has unread rows:
    # finish that result first with a trivial, fully read query.
    con.execute("SELECT 1").fetchall()
    con.register(name, df.to_arrow())
    try:
        con.execute(sql, params or [])
    finally:
        con.unregister(name)


def upsert_units(con: duckdb.DuckDBPyConnection, df: pl.DataFrame) -> None:
    """Insert or update units; `df` has exactly the columns of UNIT_FIELDS."""
    cols = ", ".join(UNIT_FIELDS)
    updates = ", ".join(f"{n} = excluded.{n}" for n in UNIT_FIELDS if n != "id")
    _with_frame(con, "incoming_units", df.select(UNIT_FIELDS),
                f"INSERT INTO unit ({cols}) SELECT {cols} FROM incoming_units ON CONFLICT (id) DO UPDATE SET {updates}")


def insert_registrations(con: duckdb.DuckDBPyConnection, year: int, df: pl.DataFrame, registered_on: dt.date) -> None:
    """Register units (columns unit_id, class_code) into `year`, status anmäld."""
    _with_frame(con, "incoming_registrations", df.select("unit_id", "class_code"),
                "INSERT INTO submission (cycle, unit_id, class_code, registered_on)"
                " SELECT ?, unit_id, class_code, ? FROM incoming_registrations", [year, registered_on])


def registrations(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, str]:
    """unit id -> class code of every registration in `year`."""
    return dict(con.execute("SELECT unit_id, class_code FROM submission WHERE cycle = ?", [year]).fetchall())


def account_roles(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT username, role FROM account").fetchall())


def upsert_examiner_accounts(con: duckdb.DuckDBPyConnection, df: pl.DataFrame) -> None:
    """New accounts are created with the given (unusable) hash; existing ones keep role and password."""
    _with_frame(con, "incoming_accounts", df.select("username", "display_name", "organisation_id", "password_hash"),
                "INSERT INTO account (username, display_name, role, password_hash, organisation_id)"
                " SELECT username, display_name, 'examiner', password_hash, organisation_id FROM incoming_accounts"
                " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
                " organisation_id = excluded.organisation_id")


def upsert_examiners(con: duckdb.DuckDBPyConnection, df: pl.DataFrame) -> None:
    """The examiner roster rows (training year, capacity, classes of experience, e-mail)."""
    _with_frame(con, "incoming_examiners", df.select("username", "training_year", "capacity", "classes", "email"),
                "INSERT INTO examiner (username, training_year, capacity, classes, email)"
                " SELECT username, training_year, capacity, classes, email FROM incoming_examiners"
                " ON CONFLICT (username) DO UPDATE SET training_year = excluded.training_year,"
                " capacity = excluded.capacity, classes = excluded.classes, email = excluded.email")


def examiner_roster(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "SELECT a.username, a.display_name, a.role, o.name AS organisation, e.training_year,"
                      " e.capacity, e.classes, e.email, starts_with(a.password_hash, '!') AS needs_password"
                      " FROM examiner e JOIN account a ON a.username = e.username"
                      " LEFT JOIN organisation o ON o.id = a.organisation_id ORDER BY a.display_name")

