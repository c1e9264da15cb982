"""The store: migrations from empty and re-run, refusal of a newer database, and all-or-nothing writes."""
import threading

import duckdb
import pytest

from scoring.store import Store, StoreError, WriteConflict
from scoring.store.database import migration_files


def test_migrate_from_empty_records_every_migration(empty_db):
    shipped = [(v, n) for v, n, _ in migration_files()]
    with empty_db.read() as con:
        applied = con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert applied == shipped
    assert empty_db.schema_version() == shipped[-1][0]


def test_migrate_rerun_is_a_no_op(tmp_path):
    path = tmp_path / "k.duckdb"
    Store(path).close()
    again = Store(path)
    with again.read() as con:
        count = con.execute("SELECT count(*) FROM schema_version").fetchone()[0]
    assert count == len(migration_files())
    again.close()


def test_open_newer_database_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "k.duckdb"
    store = Store(path)
    with store.transaction() as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (9999, 'from_the_future')")
    store.close()
    with pytest.raises(StoreError, match="har schemaversion 9999, men programmet känner bara till version"):
        Store(path)


def test_transaction_failure_leaves_nothing_seen_from_a_second_connection(tmp_path):
    path = tmp_path / "k.duckdb"
    store = Store(path)

    def half_then_fail(con):
        con.execute("INSERT INTO organisation (name, kind, board) VALUES ('A', 'förvaltning', 'A-nämnden')")
        con.execute("INSERT INTO organisation (name, kind, board) VALUES ('A', 'förvaltning', 'dubblett')")

    with pytest.raises(duckdb.ConstraintException):
        store.write(half_then_fail)
    second = Store(path)  # a second Store: its own connection and cursor
    with second.read() as con:
        assert con.execute("SELECT count(*) FROM organisation").fetchone()[0] == 0
    store.close()


def test_transaction_nested_joins_the_outer_and_rolls_back_with_it(empty_db):
    with pytest.raises(RuntimeError):
        with empty_db.transaction() as outer:
            outer.execute("INSERT INTO organisation (name, kind, board) VALUES ('Yttre', 'bolag', 'S')")
            with empty_db.transaction() as inner:
                assert inner is outer
                inner.execute("INSERT INTO organisation (name, kind, board) VALUES ('Inre', 'bolag', 'S')")
            raise RuntimeError("efter den inre")
    with empty_db.read() as con:
        assert con.execute("SELECT count(*) FROM organisation").fetchone()[0] == 0


def test_write_conflict_is_surfaced_not_swallowed(empty_db):
    empty_db.write(lambda con: con.execute(
        "INSERT INTO organisation (id, name, kind, board) VALUES (1, 'A', 'bolag', 'S')"))
    started, release = threading.Event(), threading.Event()

    def slow_update(con):
        con.execute("UPDATE organisation SET board = 'först' WHERE id = 1")
        started.set()
        release.wait(5)

    worker = threading.Thread(target=lambda: empty_db.write(slow_update))
    worker.start()
    started.wait(5)
    with pytest.raises(WriteConflict, match="Någon annan sparade samma uppgifter samtidigt"):
        empty_db.write(lambda con: con.execute("UPDATE organisation SET board = 'sen' WHERE id = 1"), retries=0)
    release.set()
    worker.join()
    assert empty_db.frame("SELECT board FROM organisation")["board"].to_list() == ["först"]


def test_cursors_per_thread_read_concurrently(db):
    results, errors = [], []

    def read():
        try:
            results.append(db.frame("SELECT count(*) AS n FROM submission")["n"][0])
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 16
