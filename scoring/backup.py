"""Backups: the whole database exported with DuckDB's EXPORT DATABASE, and restored into a new file.

Invariants:
- A backup is a folder (or a zip of that folder) holding schema.sql, load.sql, one Parquet
  file per table (schema_version included) and manifest.json with row counts per table.
- Taking a backup is logged in the audit log first, so the backup contains its own entry.
- A restore never touches an existing file: it creates NEW_FILE, imports, checks every
  table's row count against the manifest and the schema version against the code, and
  deletes the half-made file if anything fails.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scoring.access import User, ValidationError, require_role
from scoring.store import Store, StoreError, audit
from scoring.store import backup as exports

MANIFEST = "manifest.json"
NOT_EMPTY = "Mappen {path} finns redan och är inte tom. Välj en ny eller tom mapp för säkerhetskopian."
TARGET_EXISTS = "Filen {path} finns redan. En återställning skapar alltid en ny databasfil; välj ett nytt namn."
NOT_A_BACKUP = "{path} är ingen säkerhetskopia från Kvalitetsutmärkelsen (manifest.json eller schema.sql saknas)."
COUNT_MISMATCH = "Återställningen stämmer inte med säkerhetskopian: tabellen {table} har {got} rader, väntat {want}."


@dataclass(frozen=True)
class BackupSummary:
    path: str
    tables: int
    rows: int
    schema_version: int


def export_to(db: Store, directory: str | Path, actor_name: str) -> BackupSummary:
    """Write a backup folder. `actor_name` is who asked (a username, or 'cli')."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ValidationError(NOT_EMPTY.format(path=directory))
    directory.parent.mkdir(parents=True, exist_ok=True)
    db.write(lambda con: audit.record(con, actor_name, "backup", "database", Path(db.path).name,
                                      new={"target": str(directory)}))
    exports.export_database(db, directory)
    with db.read() as con:
        counts = _exported_counts(con, directory)
    manifest = {"created_at": dt.datetime.now().isoformat(timespec="seconds"), "created_by": actor_name,
                "schema_version": db.schema_version(), "format": exports.FORMAT, "row_counts": counts}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return BackupSummary(str(directory), len(counts), sum(counts.values()), manifest["schema_version"])


def _exported_counts(con, directory: Path) -> dict[str, int]:
    """Row counts read back from the exported files themselves, not from the live tables."""
    counts = {}
    for name in exports.table_names(con):
        counts[name] = exports.parquet_rows(con, directory / f"{name}.parquet")
    return counts


def backup_zip(db: Store, actor: User) -> tuple[str, bytes]:
    """The kansli's download: (file name, zip bytes) of a fresh backup folder."""
    require_role(actor, "admin")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"kvalitet-backup-{stamp}"
    with tempfile.TemporaryDirectory(prefix="kvalitet-backup-") as tmp:
        folder = Path(tmp) / name
        export_to(db, folder, actor.username)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(folder.iterdir()):
                archive.write(file, f"{name}/{file.name}")
    return f"{name}.zip", buffer.getvalue()


def restore(source: str | Path, target: str | Path, actor_name: str = "cli") -> BackupSummary:
    """Load a backup folder or zip into the new database file `target`."""
    source, target = Path(source), Path(target)
    if target.exists() or Path(f"{target}.wal").exists():
        raise FileExistsError(TARGET_EXISTS.format(path=target))
    with tempfile.TemporaryDirectory(prefix="kvalitet-restore-") as tmp:
        folder = _unpacked(source, Path(tmp))
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            exports.import_database(folder, target)
            return _check_restored(target, manifest, actor_name)
        except BaseException:
            target.unlink(missing_ok=True)
            Path(f"{target}.wal").unlink(missing_ok=True)
            raise


def _unpacked(source: Path, tmp: Path) -> Path:
    if source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for member in archive.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise ValidationError(NOT_A_BACKUP.format(path=source))
            archive.extractall(tmp)
        candidates = [p.parent for p in tmp.rglob(MANIFEST)]
        folder = candidates[0] if len(candidates) == 1 else tmp
    else:
        folder = source
    if not (folder / MANIFEST).is_file() or not (folder / "schema.sql").is_file():
        raise ValidationError(NOT_A_BACKUP.format(path=source))
    return folder


def _check_restored(target: Path, manifest: dict, actor_name: str) -> BackupSummary:
    db = Store(target)  # runs migrations: refuses a backup from newer code, upgrades an older one
    try:
        with db.read() as con:
            counts = exports.row_counts(con)
        for table, want in manifest["row_counts"].items():
            if table != "schema_version" and counts.get(table) != want:
                raise StoreError(COUNT_MISMATCH.format(table=table, got=counts.get(table), want=want))
        db.write(lambda con: audit.record(con, actor_name, "restore", "database", target.name,
                                          new={"backup_created_at": manifest.get("created_at"),
                                               "backup_created_by": manifest.get("created_by")}))
        return BackupSummary(str(target), len(counts), sum(counts.values()), db.schema_version())
    finally:
        db.close()

