"""`kvalitet backup` / `kvalitet restore`: verified restores through the command line; each refusal is one
Swedish line on stderr, exit code 2, and no database file."""
from __future__ import annotations

import json

import polars as pl
import pytest

from scoring import cli
from scoring.store import Store
from scoring.store import backup as exports
from scoring.store.database import migration_files

KEY = "KVALITET_BACKUP_KEY"


@pytest.fixture
def made(db: Store, demo_path, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(KEY, raising=False)
    db.close()
    assert cli.main(["backup", str(tmp_path / "kopia"), "--db", str(demo_path)]) == 0
    assert "Säkerhetskopia skriven till" in capsys.readouterr().out
    return tmp_path / "kopia"


def _restore_refused(source, target, capsys) -> str:
    assert cli.main(["restore", str(source), "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fel: ") and "Traceback" not in err and "Expecting" not in err
    assert not target.exists() and not target.with_name(target.name + ".wal").exists()
    return err


def test_cli_backup_and_restore(made, demo_path, tmp_path, capsys):
    assert cli.main(["restore", str(made), "--db", str(tmp_path / "ny.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "Återställd till" in out and "Kontrollsummorna för alla" in out
    assert cli.main(["restore", str(made), "--db", str(tmp_path / "ny.duckdb")]) == 2
    assert "finns redan" in capsys.readouterr().err
    source, copy = exports.snapshot(demo_path), exports.snapshot(tmp_path / "ny.duckdb")
    assert sorted(copy) == sorted(source)
    assert all(copy[t] == source[t] for t in source if t != "audit_log")


def test_cli_refuses_edited_scores(made, tmp_path, capsys):
    scores = pl.read_parquet(made / "score.parquet")
    scores.with_columns(pl.lit(100, dtype=pl.Int32).alias("score")).write_parquet(made / "score.parquet")
    assert "score.parquet har ändrats" in _restore_refused(made, tmp_path / "ny.duckdb", capsys)


def test_cli_never_runs_an_edited_schema_sql(made, tmp_path, capsys):
    written = tmp_path / "skrivet.csv"
    (made / "schema.sql").write_text(f"COPY (SELECT 42) TO '{written}';\n")
    assert "schema.sql har ändrats" in _restore_refused(made, tmp_path / "ny.duckdb", capsys)
    assert not written.exists()


def test_cli_corrupt_manifest_is_swedish(made, tmp_path, capsys):
    (made / "manifest.json").write_text("{'enkla': 'citat'}")
    err = _restore_refused(made, tmp_path / "ny.duckdb", capsys)
    assert "manifest.json är skadad" in err and "property name" not in err


def test_cli_missing_file(made, tmp_path, capsys):
    (made / "score.parquet").unlink()
    assert "score.parquet saknas" in _restore_refused(made, tmp_path / "ny.duckdb", capsys)


def test_cli_newer_schema_version(made, tmp_path, capsys):
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["schema_version"] = max(v for v, _, _ in migration_files()) + 1
    (made / "manifest.json").write_text(json.dumps(manifest))
    assert "nyare version av programmet" in _restore_refused(made, tmp_path / "ny.duckdb", capsys)


def test_cli_signs_with_the_key_from_the_environment(db, demo_path, tmp_path, capsys, monkeypatch):
    db.close()
    monkeypatch.setenv(KEY, "nyckel-ett")
    assert cli.main(["backup", str(tmp_path / "kopia"), "--db", str(demo_path)]) == 0
    assert "signerat med KVALITET_BACKUP_KEY" in capsys.readouterr().out
    monkeypatch.setenv(KEY, "nyckel-två")
    assert "signaturen stämmer inte" in _restore_refused(tmp_path / "kopia", tmp_path / "ny.duckdb", capsys)
    monkeypatch.setenv(KEY, "nyckel-ett")
    assert cli.main(["restore", str(tmp_path / "kopia"), "--db", str(tmp_path / "ny.duckdb")]) == 0
    assert "signaturen stämmer" in capsys.readouterr().out
