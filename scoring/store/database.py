"""The one place that opens DuckDB, runs migrations and wraps writes in transactions.

Invariants:
- One process owns the database file (DuckDB allows a single writing process).
  Inside it, every caller gets its own cursor from the shared root connection,
  so Streamlit's script threads never share a handle.
- Every write runs inside `transaction()`: all of it commits, or none of it.
  A nested `transaction()` joins the open one, so domain functions compose.
- Values always travel as parameters; SQL text is never built from user input.
"""
from __future__ import annotations

import contextvars
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl

# frame() converts DB-API results to Arrow; the extra copy is small at our sizes.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any] | None

# The cursor of the transaction open in this thread/context, if any.
_open_tx: contextvars.ContextVar[duckdb.DuckDBPyConnection | None] = contextvars.ContextVar(
    "kvalitet_open_tx", default=None
)


class _Versions:
    """The data version of one database file in this process (issue 14: the one answer to "has the data
    changed?", for every cache). DuckDB lets one process write a file, and every write in it is a transaction
    of Store.transaction(), which counts its commit here, after COMMIT and before it returns: a reader that takes
    the version before it reads and finds it unchanged later has missed no commit (a commit during its read
    moves the version on, so its result is read afresh next time; at worst once too often, never stale).
    `every` counts every commit; `shared` every commit but an examiner's own draft (Store.write(...,
    draft_of=examiner)); `drafts` counts those per examiner."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.every = 0
        self.shared = 0
        self.drafts: dict[str, int] = {}

    def committed(self, draft_of: str | None) -> None:
        with self.lock:
            self.every += 1
            if draft_of is None:
                self.shared += 1
            else:
                self.drafts[draft_of] = self.drafts.get(draft_of, 0) + 1


_VERSIONS: dict[str, _Versions] = {}
_VERSIONS_LOCK = threading.Lock()
# The examiner whose own draft the open (outermost) transaction saves, if it says so.
_draft_of: contextvars.ContextVar[str | None] = contextvars.ContextVar("kvalitet_draft_of", default=None)


def _versions_of(path: str) -> _Versions | None:
    """One counter per database file (all Store objects on it in this process share it); none in memory."""
    if path == ":memory:":
        return None
    key = os.path.realpath(path)
    with _VERSIONS_LOCK:
        return _VERSIONS.setdefault(key, _Versions())


class StoreError(RuntimeError):
    """The database cannot be used (wrong version, unreadable file)."""


class WriteConflict(RuntimeError):
    """Another session changed the same rows at the same moment and won."""

    def __init__(self) -> None:
        super().__init__("Någon annan sparade samma uppgifter samtidigt. Ladda om och försök igen.")


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped with the code, in order."""
    folder = resources.files("scoring.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.partition("_")
            found.append((int(number), rest.removesuffix(".sql"), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A DuckDB database file with the project's schema applied."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._root = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise StoreError(f"Databasen {self.path} kunde inte öppnas: {exc}") from exc
        self._lock = threading.Lock()
        self._versions = _versions_of(self.path)
        self.migrate()

    def close(self) -> None:
        self._root.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._root.cursor()

    # -- reading -----------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reads; inside an open transaction, that transaction's cursor."""
        open_tx = _open_tx.get()
        if open_tx is not None:
            yield open_tx
            return
        cur = self._cursor()
        try:
            yield cur
        finally:
            cur.close()

    def frame(self, sql: str, params: Params = None) -> pl.DataFrame:
        with self.read() as con:
            return frame(con, sql, params)

    def data_version(self, examiner: str | None = None, *, drafts: bool = True) -> Any:
        """Has the data changed? A token that is equal between two calls only when no write that may change
        the reader's data was committed in between (None for an in-memory database: cache nothing). Take it
        before the read it stands for.
        - data_version(): any committed write.
        - data_version(examiner): any committed write but other examiners' own drafts, for what only this
          examiner's own work and the common data decide (their list, their assessment).
        - data_version(drafts=False): any committed write but an examiner's own draft, for what no draft can
          change (a cycle's rulebook, its phase, the accounts, a submission's document).
        Who shows anyone's drafts (progress, the kansli's overviews, the audit log) takes data_version().
        None inside an open transaction (what it reads is its own, not yet committed)."""
        versions = self._versions
        if versions is None or _open_tx.get() is not None:   # inside a transaction: its own, uncommitted data
            return None
        if not drafts:
            return (versions.shared,)
        if examiner is not None:
            return versions.shared, versions.drafts.get(examiner, 0)
        return versions.every

    # -- writing -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT around the block; ROLLBACK on any error. Joins an open one."""
        open_tx = _open_tx.get()
        if open_tx is not None:
            yield open_tx
            return
        cur = self._cursor()
        token = _open_tx.set(cur)
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
                if self._versions is not None:
                    self._versions.committed(_draft_of.get())
            except BaseException:
                _rollback(cur)
                raise
        except duckdb.TransactionException as exc:
            raise WriteConflict() from exc
        finally:
            _open_tx.reset(token)
            cur.close()

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T], retries: int = 3,
              draft_of: str | None = None) -> T:
        """Run `work(cursor)` as one transaction, retrying a lost write-write race.

        A conflict is retried a few times with a short back-off, then surfaced as
        WriteConflict; it is never swallowed.
        `draft_of`: the transaction changes only this examiner's own draft (their assessment, its scores and
        the audit entry), so it moves data_version() and data_version(examiner) of that examiner alone. It
        counts only for a transaction of its own: joining an open one, the open one's counts.
        """
        own = _draft_of.set(draft_of) if _open_tx.get() is None else None
        try:
            for attempt in range(retries + 1):
                try:
                    with self.transaction() as cur:
                        return work(cur)
                except WriteConflict:
                    if attempt == retries or _open_tx.get() is not None:
                        raise
                    time.sleep(0.005 * (2**attempt))
            raise AssertionError("unreachable")
        finally:
            if own is not None:
                _draft_of.reset(own)

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        with self.read() as con:
            row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0])

    def migrate(self) -> None:
        """Apply every shipped migration not yet applied; refuse a newer database."""
        shipped = migration_files()
        known = {version for version, _, _ in shipped}
        with self.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            applied = {r[0] for r in cur.execute("SELECT version FROM schema_version").fetchall()}
            unknown = sorted(applied - known)
            if unknown:
                raise StoreError(
                    f"Databasen {self.path} har schemaversion {max(unknown)}, men programmet känner bara "
                    f"till version {max(known, default=0)}. Uppdatera programmet innan du öppnar den."
                )
            for version, name, sql in shipped:
                if version not in applied:
                    cur.execute(sql)
                    cur.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])


def replace_file(path: str | Path, force: bool) -> Path:
    """Make room for a new database file: refuse an existing one unless `force`, then remove it and its WAL."""
    path = Path(path)
    if path.exists():
        if not force:
            raise FileExistsError(f"Databasen {path} finns redan. Använd --force för att skriva över den.")
        path.unlink()
    Path(f"{path}.wal").unlink(missing_ok=True)
    return path


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pl.DataFrame:
    """Run a parameterised query and return a Polars frame.

    Uses execute(), not sql(): DuckDB 2 refuses sql() on a cursor whose last
    result was read with fetchone(), and our cursors mix both.
    """
    return pl.from_arrow(con.execute(sql, params).to_arrow_table())


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> None:
    """Bulk insert: one statement for a whole frame (columns named as the table's).

    Bulk loaders (demo, scale generator) use this: one statement per row costs
    about a millisecond each, one per frame costs about as much in total.
    """
    if not table.isidentifier():
        raise ValueError(f"ogiltigt tabellnamn: {table!r}")
    if rows.is_empty():
        return
    con.register("_insert_frame_rows", rows.to_arrow())
    try:
        columns = ", ".join(rows.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _insert_frame_rows")
    finally:
        con.unregister("_insert_frame_rows")


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass  # the transaction was already aborted by DuckDB itself
