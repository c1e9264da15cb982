"""Append-only audit log: who changed what, when, from which value to which."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, entity: str, key: Any,
           old: Any = None, new: Any = None) -> None:
    """Append one entry. Call inside the write's own transaction, so both land or neither."""
    con.execute(
        "INSERT INTO audit_log (actor, action, entity, entity_key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)",
        [actor, action, entity, str(key), _json(old), _json(new)],
    )


def entries(con: duckdb.DuckDBPyConnection, actor: str | None = None, entity: str | None = None,
            since: dt.datetime | None = None, until: dt.datetime | None = None, limit: int = 5000,
            action: str | None = None) -> pl.DataFrame:
    """Newest first; every filter is optional. `until` is inclusive."""
    return frame(
        con,
        "SELECT id, logged_at, actor, action, entity, entity_key, old_value, new_value FROM audit_log"
        " WHERE ($actor IS NULL OR actor = $actor) AND ($entity IS NULL OR entity = $entity)"
        " AND ($action IS NULL OR action = $action)"
        " AND ($since IS NULL OR logged_at >= $since) AND ($until IS NULL OR logged_at <= $until)"
        " ORDER BY id DESC LIMIT $limit",
        {"actor": actor, "entity": entity, "action": action, "since": since, "until": until, "limit": limit},
    )


def count(con: duckdb.DuckDBPyConnection, actor: str | None = None, entity: str | None = None,
          since: dt.datetime | None = None, until: dt.datetime | None = None, action: str | None = None) -> int:
    return con.execute(
        "SELECT count(*) FROM audit_log"
        " WHERE ($actor IS NULL OR actor = $actor) AND ($entity IS NULL OR entity = $entity)"
        " AND ($action IS NULL OR action = $action)"
        " AND ($since IS NULL OR logged_at >= $since) AND ($until IS NULL OR logged_at <= $until)",
        {"actor": actor, "entity": entity, "action": action, "since": since, "until": until},
    ).fetchone()[0]


def distinct_values(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The actors, actions and entities that occur in the log, for filter choices."""
    return {column: [r[0] for r in con.execute(
                f"SELECT DISTINCT {column} FROM audit_log ORDER BY {column}").fetchall()]
            for column in ("actor", "action", "entity")}
