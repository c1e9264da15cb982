"""Backup and verified restore: the schema comes from our migrations, never from the backup's SQL;
every file is checked against the manifest's SHA-256 (and its HMAC when a key is set) before a database
file is made; every refusal is Swedish and leaves no file behind."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest

from scoring.assessment import individual as assessment
from scoring.platform import auth
from scoring.platform import backup
from scoring.platform.access import ValidationError
from scoring.store import Store, StoreError
from scoring.store import backup as exports
from scoring.store.database import migration_files

HOSTILE = "<script>alert('x')</script> 'citat' \"dubbel\" \x00 NUL · ‏RTL‏ · 🏅"
KEY = "KVALITET_BACKUP_KEY"


@pytest.fixture(autouse=True)
def _no_key(monkeypatch):
    monkeypatch.delenv(KEY, raising=False)


def _with_every_kind_of_value(db: Store, user) -> None:
    """Drafts with hostile text, a reopened assessment, a new account: more than the demo's rows."""
    me = user("examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    raw = {c: {"score": 40, "strengths": HOSTILE, "improvements": "x" * 5000} for c in range(1, 6)}
    assessment.save_draft(db, me, sid, raw, assessment.open_assessment(db, me, sid).version)
    auth.create_account(db, user("admin"), "ny.person", "Ny Person", "examiner", "ett-långt-lösenord")


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def _rehash(folder: Path, *names: str) -> None:
    """What a careful forger does: recompute the manifest's checksums for the files they changed."""
    manifest = _manifest(folder)
    for name in names:
        data = (folder / name).read_bytes()
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    _write_manifest(folder, manifest)


def _every_score_100(folder: Path) -> None:
    scores = pl.read_parquet(folder / "score.parquet")
    edited = scores.with_columns(pl.when(pl.col("score").is_not_null()).then(100).otherwise(None)
                                 .cast(pl.Int32).alias("score"))
    edited.write_parquet(folder / "score.parquet")
    assert edited.height == scores.height and edited["score"].max() == 100


def _refused(source: Path, target: Path, match: str) -> str:
    with pytest.raises(ValidationError, match=match) as refused:
        backup.restore(source, target)
    assert not target.exists() and not Path(f"{target}.wal").exists()
    message = str(refused.value)
    assert "Expecting" not in message and "Traceback" not in message
    return message


@pytest.fixture
def made(db: Store, tmp_path) -> Path:
    backup.export_to(db, tmp_path / "kopia", "cli")
    return tmp_path / "kopia"


# -- round trip ------------------------------------------------------------------------------------
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


def test_restored_schema_is_the_one_our_migrations_make(made, tmp_path):
    backup.restore(made, tmp_path / "ny.duckdb")
    fresh = Store(tmp_path / "fresh.duckdb")
    fresh.close()
    assert exports.schema_description(tmp_path / "ny.duckdb") == exports.schema_description(tmp_path / "fresh.duckdb")


def test_restored_database_keeps_working(db: Store, tmp_path, user):
    backup.export_to(db, tmp_path / "kopia", "cli")
    with db.read() as con:
        last_audit = con.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    backup.restore(tmp_path / "kopia", tmp_path / "ny.duckdb")
    new = Store(tmp_path / "ny.duckdb")
    try:
        assert auth.login(new, "examinator3", "demo").role == "examiner"  # sequences continue: new audit ids
        me = user("examinator3")
        mine = assessment.my_assessments(new, me, 2026)
        sid = mine.filter(mine["status"] == "not_started")["submission_id"][0]
        assert assessment.save_draft(new, me, sid, {1: {"score": 70}}, 0) == 1
        ids = new.frame("SELECT id FROM audit_log")["id"]
        assert ids.n_unique() == ids.len() and ids.max() > last_audit + 1
    finally:
        new.close()


@pytest.mark.skipif(len(migration_files()) < 2, reason="needs a migration after the first")
def test_backup_from_an_older_schema_is_upgraded_by_our_migrations(made, demo_path, tmp_path):
    """A version-1 backup (tables and columns of later migrations removed) is built at version 1 from our
    migrations, then the later migrations run on it, as when opening an old database file."""
    with exports.scratch(1) as con:
        old = exports.table_columns(con)
    manifest = _manifest(made)
    for name in [n for n in manifest["files"] if n.endswith(".parquet") and n.removesuffix(".parquet") not in old]:
        (made / name).unlink()
        del manifest["files"][name], manifest["row_counts"][name.removesuffix(".parquet")]
    _write_manifest(made, manifest)
    changed = []
    for table, columns in old.items():
        frame = pl.read_parquet(made / f"{table}.parquet")
        keep = frame.filter(pl.col("version") == 1) if table == "schema_version" else frame
        if keep.columns != [c for c, _ in columns] or keep.height != frame.height:
            keep.select([c for c, _ in columns]).write_parquet(made / f"{table}.parquet")
            changed.append(f"{table}.parquet")
    _rehash(made, *changed)
    manifest = _manifest(made)
    manifest["schema_version"], manifest["row_counts"]["schema_version"] = 1, 1
    _write_manifest(made, manifest)
    summary = backup.restore(made, tmp_path / "ny.duckdb")
    assert summary.schema_version == max(v for v, _, _ in migration_files())
    source, copy = exports.snapshot(demo_path), exports.snapshot(tmp_path / "ny.duckdb")
    assert sorted(copy) == sorted(source)
    assert all(copy[t] == source[t] for t in old if t not in ("audit_log", "schema_version"))
    assert [row[0] for row in copy["schema_version"]] == [v for v, _, _ in migration_files()]


def test_manifest_holds_a_sha256_of_every_file_and_the_schema_version(made, db):
    manifest = _manifest(made)
    files = {p.name for p in made.iterdir()} - {"manifest.json"}
    assert {"schema.sql", "load.sql", "schema_version.parquet", "audit_log.parquet", "score.parquet"} <= files
    assert set(manifest["files"]) == files
    for name, entry in manifest["files"].items():
        data = (made / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    assert manifest["schema_version"] == db.schema_version() == max(v for v, _, _ in migration_files())
    assert manifest["format"] == backup.FORMAT and "hmac" not in manifest


def test_backup_refuses_a_non_empty_folder(db: Store, tmp_path):
    (tmp_path / "kopia").mkdir()
    (tmp_path / "kopia" / "annat.txt").write_text("viktigt")
    with pytest.raises(ValidationError, match="finns redan och är inte tom"):
        backup.export_to(db, tmp_path / "kopia", "cli")
    assert [p.name for p in (tmp_path / "kopia").iterdir()] == ["annat.txt"]


def test_restore_never_overwrites_an_existing_file(made, demo_path):
    before = demo_path.read_bytes()
    with pytest.raises(FileExistsError, match="finns redan"):
        backup.restore(made, demo_path)
    assert demo_path.read_bytes() == before


# -- refusals --------------------------------------------------------------------------------------
def test_restore_refuses_something_that_is_not_a_backup(tmp_path):
    (tmp_path / "tom").mkdir()
    _refused(tmp_path / "tom", tmp_path / "ny.duckdb", "ingen säkerhetskopia")


def test_refused_restore_leaves_no_folder_it_made(made, tmp_path):
    _every_score_100(made)
    _refused(made, tmp_path / "ny" / "mapp" / "ny.duckdb", "score.parquet har ändrats")
    assert not (tmp_path / "ny").exists()
    assert {p.name for p in tmp_path.iterdir()} - {"kvalitet.duckdb.wal"} == {"kopia", "kvalitet.duckdb"}


def test_edited_scores_with_the_same_row_count_are_refused(made, tmp_path):
    _every_score_100(made)
    message = _refused(made, tmp_path / "ny.duckdb", "score.parquet har ändrats")
    assert "SHA-256" in message


def test_edited_schema_sql_is_refused_and_never_run(made, tmp_path):
    written = tmp_path / "skrivet-av-kopian.csv"
    hostile = f"COPY (SELECT 'pwned') TO '{written}';\n"
    (made / "schema.sql").write_text(hostile + (made / "schema.sql").read_text())
    (made / "load.sql").write_text(hostile)
    _refused(made, tmp_path / "ny.duckdb", "schema.sql har ändrats")
    assert not written.exists()


def test_schema_sql_is_never_run_even_when_its_checksum_is_forged(made, db, demo_path, tmp_path):
    written = tmp_path / "skrivet-av-kopian.csv"
    hostile = f"COPY (SELECT 'pwned') TO '{written}';\nATTACH '{tmp_path / 'annan.duckdb'}' AS annan;\n"
    (made / "schema.sql").write_text(hostile)
    (made / "load.sql").write_text(hostile)
    _rehash(made, "schema.sql", "load.sql")
    db.close()
    backup.restore(made, tmp_path / "ny.duckdb")
    assert not written.exists() and not (tmp_path / "annan.duckdb").exists()
    source, copy = exports.snapshot(demo_path), exports.snapshot(tmp_path / "ny.duckdb")
    assert all(copy[t] == source[t] for t in source if t != "audit_log")


def test_corrupt_manifest_is_refused_in_swedish(made, tmp_path):
    (made / "manifest.json").write_text('{"format": "kvalitet-backup/2", schema_version: 1')
    message = _refused(made, tmp_path / "ny.duckdb", "manifest.json är skadad")
    assert "line 1" not in message and "column" not in message


@pytest.mark.parametrize("manifest", ["[]", '"text"', '{"format": "kvalitet-backup/2"}',
                                      '{"format": "kvalitet-backup/2", "schema_version": "1", "files": {}}',
                                      '{"format": "kvalitet-backup/2", "schema_version": 1, "files": []}'])
def test_manifest_of_the_wrong_shape_is_refused_in_swedish(made, tmp_path, manifest):
    (made / "manifest.json").write_text(manifest)
    _refused(made, tmp_path / "ny.duckdb", "manifest.json är skadad")


def test_manifest_that_is_not_utf8_is_refused_in_swedish(made, tmp_path):
    (made / "manifest.json").write_bytes(b"\xff\xfe{\x00")
    _refused(made, tmp_path / "ny.duckdb", "manifest.json är skadad")


def test_missing_file_is_refused(made, tmp_path):
    (made / "award.parquet").unlink()
    _refused(made, tmp_path / "ny.duckdb", "award.parquet saknas")


def test_file_not_in_the_manifest_is_refused(made, tmp_path):
    (made / "extra.parquet").write_bytes((made / "award.parquet").read_bytes())
    _refused(made, tmp_path / "ny.duckdb", "extra.parquet finns inte i manifestet")


def test_backup_from_a_newer_schema_version_is_refused(made, tmp_path):
    manifest = _manifest(made)
    manifest["schema_version"] = max(v for v, _, _ in migration_files()) + 1
    _write_manifest(made, manifest)
    _refused(made, tmp_path / "ny.duckdb", "nyare version av programmet")


def test_backup_of_an_older_format_without_checksums_is_refused(made, tmp_path):
    manifest = _manifest(made)
    del manifest["files"]
    manifest["format"] = "parquet"
    _write_manifest(made, manifest)
    _refused(made, tmp_path / "ny.duckdb", "saknar kontrollsummor")


def test_schema_version_table_must_match_the_manifest(made, tmp_path):
    versions = pl.read_parquet(made / "schema_version.parquet")
    extra = versions.head(1).with_columns(pl.lit(999, dtype=versions["version"].dtype).alias("version"))
    pl.concat([versions, extra]).write_parquet(made / "schema_version.parquet")
    _rehash(made, "schema_version.parquet")
    manifest = _manifest(made)
    manifest["row_counts"]["schema_version"] += 1
    _write_manifest(made, manifest)
    _refused(made, tmp_path / "ny.duckdb", "schemaversion")


def test_forged_parquet_with_an_extra_column_is_refused(made, tmp_path):
    pl.read_parquet(made / "award.parquet").with_columns(pl.lit("x").alias("smuggel")) \
        .write_parquet(made / "award.parquet")
    _rehash(made, "award.parquet")
    _refused(made, tmp_path / "ny.duckdb", "award.parquet har kolumnen smuggel som inte finns")


def test_forged_parquet_with_a_wrong_type_is_refused(made, tmp_path):
    scores = pl.read_parquet(made / "score.parquet")
    scores.with_columns(pl.col("score").cast(pl.String)).write_parquet(made / "score.parquet")
    _rehash(made, "score.parquet")
    _refused(made, tmp_path / "ny.duckdb", "kolumnen score i score.parquet har typen VARCHAR, väntat INTEGER")


def test_forged_parquet_for_an_unknown_table_is_refused(made, tmp_path):
    (made / "hemlig.parquet").write_bytes((made / "award.parquet").read_bytes())
    _rehash(made, "hemlig.parquet")
    _refused(made, tmp_path / "ny.duckdb", "okänd tabell hemlig")


def test_forged_rows_that_break_the_schema_leave_no_file(made, tmp_path):
    scores = pl.read_parquet(made / "score.parquet")
    pl.concat([scores, scores.head(1)]).write_parquet(made / "score.parquet")  # duplicate primary key
    _rehash(made, "score.parquet")
    manifest = _manifest(made)
    manifest["row_counts"]["score"] += 1
    _write_manifest(made, manifest)
    with pytest.raises(StoreError, match="kunde inte läsas in"):
        backup.restore(made, tmp_path / "ny.duckdb")
    assert not (tmp_path / "ny.duckdb").exists() and not (tmp_path / "ny.duckdb.wal").exists()


def test_row_count_that_differs_from_the_manifest_is_refused(made, tmp_path):
    manifest = _manifest(made)
    manifest["row_counts"]["score"] += 1
    _write_manifest(made, manifest)
    _refused(made, tmp_path / "ny.duckdb", "score.parquet har")


def test_damaged_parquet_with_a_forged_checksum_leaves_no_half_file(made, tmp_path):
    (made / "score.parquet").write_bytes(b"inte parquet")
    _rehash(made, "score.parquet")
    with pytest.raises((StoreError, ValidationError), match="kunde inte läsas"):
        backup.restore(made, tmp_path / "ny.duckdb")
    assert not (tmp_path / "ny.duckdb").exists()


def test_symlinked_file_in_a_backup_folder_is_refused(made, tmp_path):
    (tmp_path / "utanfor.parquet").write_bytes((made / "award.parquet").read_bytes())
    (made / "award.parquet").unlink()
    (made / "award.parquet").symlink_to(tmp_path / "utanfor.parquet")
    _refused(made, tmp_path / "ny.duckdb", "award.parquet")


# -- HMAC ------------------------------------------------------------------------------------------
def test_signed_backup_restores_with_the_same_key(db, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY, "hemlig-nyckel-for-test")
    backup.export_to(db, tmp_path / "kopia", "cli")
    assert len(_manifest(tmp_path / "kopia")["hmac"]) == 64
    assert backup.restore(tmp_path / "kopia", tmp_path / "ny.duckdb").signed


def test_signed_backup_with_the_wrong_key_is_refused(db, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY, "hemlig-nyckel-for-test")
    backup.export_to(db, tmp_path / "kopia", "cli")
    monkeypatch.setenv(KEY, "en-annan-nyckel")
    _refused(tmp_path / "kopia", tmp_path / "ny.duckdb", "signaturen stämmer inte")


def test_unsigned_backup_is_refused_when_a_key_is_set(made, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY, "hemlig-nyckel-for-test")
    _refused(made, tmp_path / "ny.duckdb", "saknar signatur")


def test_forged_scores_with_rehashed_manifest_are_refused_by_the_signature(db, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY, "hemlig-nyckel-for-test")
    backup.export_to(db, tmp_path / "kopia", "cli")
    _every_score_100(tmp_path / "kopia")
    _rehash(tmp_path / "kopia", "score.parquet")
    _refused(tmp_path / "kopia", tmp_path / "ny.duckdb", "signaturen stämmer inte")


def test_without_a_key_only_the_checksums_protect(made, tmp_path):
    """Documented limit: with no key, whoever can rewrite the manifest can forge a consistent backup."""
    _every_score_100(made)
    _rehash(made, "score.parquet")
    summary = backup.restore(made, tmp_path / "ny.duckdb")
    assert not summary.signed
    assert {row[3] for row in exports.snapshot(tmp_path / "ny.duckdb")["score"]} <= {100, None}


# -- zip -------------------------------------------------------------------------------------------
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


def test_edited_zip_is_refused(db: Store, tmp_path, user):
    name, data = backup.backup_zip(db, user("admin"))
    folder = name.removesuffix(".zip")
    edited = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(edited, "w") as copy:
        for member in original.namelist():
            content = original.read(member)
            if member.endswith("/schema.sql"):
                content = b"INSTALL httpfs;\n" + content
            copy.writestr(member, content)
    assert f"{folder}/schema.sql" in zipfile.ZipFile(edited).namelist()
    _refused(edited, tmp_path / "ny.duckdb", "schema.sql har ändrats")


def test_zip_with_path_traversal_is_refused(tmp_path):
    evil = tmp_path / "ond.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../utanfor.txt", "x")
        z.writestr("manifest.json", "{}")
    _refused(evil, tmp_path / "ny.duckdb", "ingen säkerhetskopia")
    assert not (tmp_path.parent / "utanfor.txt").exists()
