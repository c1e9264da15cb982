"""Backup (EXPORT DATABASE) and restore into a new file: every table survives exactly."""
from __future__ import annotations

import io
import zipfile

import pytest

from scoring import assessment, auth, backup, cli
from scoring.access import ValidationError
from scoring.store import Store, StoreError
from scoring.store import backup as exports

HOSTILE = "<script>alert('x')</script> 'citat' \"dubbel\" \x00 NUL · ‏RTL‏ · 🏅"


def _with_every_kind_of_value(db: Store, user) -> None:
    """Drafts with hostile text, a reopened assessment, a new account: more than the demo's rows."""
    me = user("examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    raw = {c: {"score": 40, "strengths": HOSTILE, "improvements": "x" * 5000} for c in range(1, 6)}
    assessment.save_draft(db, me, sid, raw, assessment.open_assessment(db, me, sid).version)
    auth.create_account(db, user("admin"), "ny.person", "Ny Person", "examiner", "ett-långt-lösenord")


def test_round_trip_keeps_every_table_exactly(db: Store, demo_path, tmp_path, user):
    _with_every_kind_of_value(db, user)
    summary = backup.export_to(db, tmp_path / "kopia", "cli")
    source = exports.snapshot(demo_path)
    restored = backup.restore(tmp_path / "kopia", tmp_path / "ny.duckdb")
    copy = exports.snapshot(tmp_path / "ny.duckdb")
    assert sorted(copy) == sorted(source) and len(source) >= 26
    for table in source:
        if table == "audit_log":
            continue
        assert copy[table] == source[table], table
    # The restored log is the source's log plus one entry for the restore itself.
    assert copy["audit_log"][:-1] == source["audit_log"]
    assert copy["audit_log"][-1][2:5] == ("cli", "restore", "database")
    assert summary.rows == sum(len(rows) for rows in source.values())
    assert restored.schema_version == db.schema_version()
    assert any(HOSTILE in row for row in copy["score"])


def test_restored_database_keeps_working(db: Store, tmp_path, user):
    backup.export_to(db, tmp_path / "kopia", "cli")
    backup.restore(tmp_path / "kopia", tmp_path / "ny.duckdb")
    new = Store(tmp_path / "ny.duckdb")
    try:
        assert auth.login(new, "examinator3", "demo").role == "examiner"  # sequences continue: new audit ids
        me = user("examinator3")
        mine = assessment.my_assessments(new, me, 2026)
        sid = mine.filter(mine["status"] == "not_started")["submission_id"][0]
        assert assessment.save_draft(new, me, sid, {1: {"score": 70}}, 0) == 1
        ids = new.frame("SELECT id FROM audit_log")["id"]
        assert ids.n_unique() == ids.len()
    finally:
        new.close()


def test_backup_includes_schema_version_and_manifest(db: Store, tmp_path):
    backup.export_to(db, tmp_path / "kopia", "cli")
    files = {p.name for p in (tmp_path / "kopia").iterdir()}
    assert {"schema.sql", "load.sql", "manifest.json", "schema_version.parquet", "audit_log.parquet"} <= files
    assert "CREATE TABLE schema_version" in (tmp_path / "kopia" / "schema.sql").read_text()


def test_backup_refuses_a_non_empty_folder(db: Store, tmp_path):
    (tmp_path / "kopia").mkdir()
    (tmp_path / "kopia" / "annat.txt").write_text("viktigt")
    with pytest.raises(ValidationError, match="finns redan och är inte tom"):
        backup.export_to(db, tmp_path / "kopia", "cli")
    assert [p.name for p in (tmp_path / "kopia").iterdir()] == ["annat.txt"]


def test_restore_never_overwrites_an_existing_file(db: Store, demo_path, tmp_path):
    backup.export_to(db, tmp_path / "kopia", "cli")
    before = demo_path.read_bytes()
    with pytest.raises(FileExistsError, match="finns redan"):
        backup.restore(tmp_path / "kopia", demo_path)
    assert demo_path.read_bytes() == before


def test_restore_refuses_something_that_is_not_a_backup(tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(ValidationError, match="ingen säkerhetskopia"):
        backup.restore(tmp_path / "tom", tmp_path / "ny.duckdb")
    assert not (tmp_path / "ny.duckdb").exists()


def test_restore_of_a_damaged_backup_leaves_no_half_file(db: Store, tmp_path):
    backup.export_to(db, tmp_path / "kopia", "cli")
    (tmp_path / "kopia" / "score.parquet").write_bytes(b"inte parquet")
    with pytest.raises(StoreError, match="kunde inte läsas in"):
        backup.restore(tmp_path / "kopia", tmp_path / "ny.duckdb")
    assert not (tmp_path / "ny.duckdb").exists()


def test_zip_from_the_browser_restores_too(db: Store, demo_path, tmp_path, user):
    name, data = backup.backup_zip(db, user("admin"))
    assert name.startswith("kvalitet-backup-") and name.endswith(".zip")
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert all(m.startswith(name.removesuffix(".zip") + "/") for m in members)
    (tmp_path / name).write_bytes(data)
    source = exports.snapshot(demo_path)
    backup.restore(tmp_path / name, tmp_path / "ny.duckdb")
    copy = exports.snapshot(tmp_path / "ny.duckdb")
    assert {t: len(r) for t, r in copy.items() if t != "audit_log"} == \
        {t: len(r) for t, r in source.items() if t != "audit_log"}
    assert copy["score"] == source["score"]


def test_zip_with_path_traversal_is_refused(tmp_path):
    evil = tmp_path / "ond.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../utanfor.txt", "x")
        z.writestr("manifest.json", "{}")
    with pytest.raises(ValidationError):
        backup.restore(evil, tmp_path / "ny.duckdb")
    assert not (tmp_path.parent / "utanfor.txt").exists()


def test_cli_backup_and_restore(db: Store, demo_path, tmp_path, capsys):
    db.close()
    assert cli.main(["backup", str(tmp_path / "kopia"), "--db", str(demo_path)]) == 0
    assert "Säkerhetskopia skriven till" in capsys.readouterr().out
    assert cli.main(["restore", str(tmp_path / "kopia"), "--db", str(tmp_path / "ny.duckdb")]) == 0
    assert cli.main(["restore", str(tmp_path / "kopia"), "--db", str(tmp_path / "ny.duckdb")]) == 2
    assert "finns redan" in capsys.readouterr().err
    source, copy = exports.snapshot(demo_path), exports.snapshot(tmp_path / "ny.duckdb")
    assert all(copy[t] == source[t] for t in source if t != "audit_log")
