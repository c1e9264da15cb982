"""Backups: the whole database exported with DuckDB's EXPORT DATABASE; a verified restore into a new file.

Invariants:
- A backup is a folder (or a zip of that folder) holding schema.sql, load.sql, one Parquet file per
  table (schema_version included) and manifest.json: schema version, row counts, sequence values and
  the SHA-256 of every file. With KVALITET_BACKUP_KEY set, the manifest carries an HMAC-SHA256 too.
- Taking a backup is logged in the audit log first, so the backup contains its own entry.
- A restore never runs SQL from the backup: the schema comes from our migrations (up to the backup's
  version), each table is filled from its Parquet file after its columns and types were checked.
- Before any database file exists, a restore checks the manifest (JSON, shape, HMAC when a key is set,
  schema version not newer than the code), that the files are exactly those listed with matching
  SHA-256, and every Parquet file's columns, types and rows. The database is built in a temporary file
  beside the target and moved into place only when complete: a refused restore leaves no file.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, audit
from scoring.store import backup as exports
from scoring.store.database import migration_files

MANIFEST = "manifest.json"
FORMAT = "kvalitet-backup/2"
KEY_VARIABLE = "KVALITET_BACKUP_KEY"
SQL_FILES = ("schema.sql", "load.sql")  # kept for people reading a backup; never executed
SEQUENCE_LIMIT = 100_000_000
NOT_EMPTY = "Mappen {path} finns redan och är inte tom. Välj en ny eller tom mapp för säkerhetskopian."
TARGET_EXISTS = "Filen {path} finns redan. En återställning skapar alltid en ny databasfil; välj ett nytt namn."
NOT_A_BACKUP = "{path} är ingen säkerhetskopia från Kvalitetsutmärkelsen (manifest.json saknas)."
CORRUPT_MANIFEST = ("Säkerhetskopians manifest.json är skadad eller ofullständig ({detail}). "
                    "Säkerhetskopian kan inte kontrolleras och läses inte in.")
OLD_FORMAT = ("Säkerhetskopian saknar kontrollsummor (den gjordes av en äldre version av programmet) och kan "
              "inte kontrolleras. Ta en ny säkerhetskopia med den här versionen.")
NEWER = ("Säkerhetskopian har schemaversion {got}, men programmet känner bara till version {known}. "
         "Den gjordes av en nyare version av programmet; uppdatera programmet innan du återställer den.")
UNSIGNED = ("Säkerhetskopian saknar signatur, men {var} är satt. Återställ bara en säkerhetskopia som "
            "signerats med samma nyckel.")
BAD_SIGNATURE = ("Säkerhetskopian vägras: signaturen stämmer inte med nyckeln i {var} (manifestet har ändrats "
                 "eller signerats med en annan nyckel).")
FILE_MISSING = "Filen {name} saknas i säkerhetskopian."
FILE_UNLISTED = "Filen {name} finns inte i manifestet; säkerhetskopian har ändrats."
FILE_LINK = "{name} i säkerhetskopian är ingen vanlig fil (en länk eller mapp)."
FILE_CHANGED = "Filen {name} har ändrats sedan säkerhetskopian togs (SHA-256 stämmer inte med manifestet)."
UNREADABLE = "Filen {name} kunde inte läsas som Parquet."
UNKNOWN_TABLE = "Säkerhetskopian innehåller en okänd tabell {table} (finns inte i schemaversion {version})."
NO_TABLE = "Tabellen {table} saknas i säkerhetskopian ({table}.parquet)."
EXTRA_COLUMN = "{table}.parquet har kolumnen {column} som inte finns i tabellen {table}."
MISSING_COLUMN = "{table}.parquet saknar kolumnen {column}."
WRONG_TYPE = "Fel typ: kolumnen {column} i {table}.parquet har typen {got}, väntat {want}."
COUNT_MISMATCH = "{table}.parquet har {got} rader, men manifestet anger {want}."
VERSIONS_MISMATCH = ("Tabellen schema_version i säkerhetskopian stämmer inte med manifestets schemaversion "
                     "{version}.")
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BackupSummary:
    path: str
    tables: int
    rows: int
    schema_version: int
    signed: bool = False  # backup: an HMAC was written; restore: the HMAC was checked with the key
    files: int = 0


def export_to(db: Store, directory: str | Path, actor_name: str) -> BackupSummary:
    """Write a backup folder. `actor_name` is who asked (a username, or 'cli')."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ValidationError(NOT_EMPTY.format(path=directory))
    directory.parent.mkdir(parents=True, exist_ok=True)
    db.write(lambda con: audit.record(con, actor_name, "backup", "database", Path(db.path).name,
                                      new={"target": str(directory)}))
    sequences = exports.export_database(db, directory)
    with db.read() as con:
        counts = {name: exports.parquet_rows(con, directory / f"{name}.parquet") for name in exports.table_names(con)}
    files = {file.name: _file_entry(file.read_bytes()) for file in sorted(directory.iterdir())}
    manifest = {"format": FORMAT, "created_at": dt.datetime.now().isoformat(timespec="seconds"),
                "created_by": actor_name, "schema_version": db.schema_version(), "row_counts": counts,
                "sequences": sequences, "files": files}
    key = _key()
    if key:
        manifest["hmac"] = _signature(manifest, key)
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return BackupSummary(str(directory), len(counts), sum(counts.values()), manifest["schema_version"],
                         signed=bool(key), files=len(files) + 1)


def backup_zip(db: Store, actor: User) -> tuple[str, bytes]:
    """The kansli's download: (file name, zip bytes) of a fresh backup folder, in the same verified format."""
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
    """Check a backup folder or zip completely, then build the new database file `target` from it."""
    source, target = Path(source), Path(target)
    _refuse_existing(target)
    made = [folder for folder in target.parents if not folder.exists()]  # innermost first
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _restore_checked(source, target, actor_name)
    except BaseException:
        for folder in made:  # a refused restore leaves no folder it made either
            folder.rmdir()
        raise


def _restore_checked(source: Path, target: Path, actor_name: str) -> BackupSummary:
    with tempfile.TemporaryDirectory(prefix=".kvalitet-restore-", dir=target.parent) as tmp:
        folder = _unpacked(source, Path(tmp) / "kopia")
        manifest, signed = _verified_manifest(folder)
        _check_files(folder, manifest["files"])
        _check_tables(folder, manifest)
        built = Path(tmp) / "restored.duckdb"
        exports.load_backup(built, folder, manifest["schema_version"], manifest["sequences"])
        summary = _finish(built, target, manifest, actor_name, signed)
        _refuse_existing(target)
        os.replace(built, target)
        if Path(f"{built}.wal").exists():  # DuckDB checkpoints on close; never leave committed rows behind
            os.replace(f"{built}.wal", f"{target}.wal")
    return summary


def _refuse_existing(target: Path) -> None:
    if target.exists() or Path(f"{target}.wal").exists():
        raise FileExistsError(TARGET_EXISTS.format(path=target))


def signing_enabled() -> bool:
    """Whether backups taken now get an HMAC (KVALITET_BACKUP_KEY is set)."""
    return _key() is not None


def _key() -> bytes | None:
    value = os.environ.get(KEY_VARIABLE, "")
    return value.encode("utf-8") if value else None


def _signature(manifest: dict, key: bytes) -> str:
    body = {k: v for k, v in manifest.items() if k != "hmac"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def _file_entry(data: bytes) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


# -- unpacking: everything is copied into our own temporary folder before it is checked and read ----
def _unpacked(source: Path, folder: Path) -> Path:
    if source.is_file() and zipfile.is_zipfile(source):
        return _from_zip(source, folder)
    if not (source.is_dir() and (source / MANIFEST).is_file()):
        raise ValidationError(NOT_A_BACKUP.format(path=source))
    folder.mkdir()
    for entry in sorted(source.iterdir()):
        if entry.is_symlink() or not entry.is_file():
            raise ValidationError(FILE_LINK.format(name=entry.name))
        shutil.copyfile(entry, folder / entry.name)
    return folder


def _from_zip(source: Path, folder: Path) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = archive.namelist()
        if any(m.startswith("/") or "\\" in m or ".." in Path(m).parts for m in members):
            raise ValidationError(NOT_A_BACKUP.format(path=source))
        archive.extractall(folder)
    found = [p.parent for p in folder.rglob(MANIFEST)]
    if len(found) != 1:
        raise ValidationError(NOT_A_BACKUP.format(path=source))
    for entry in found[0].iterdir():
        if not entry.is_file():
            raise ValidationError(FILE_LINK.format(name=entry.name))
    return found[0]


# -- the manifest ------------------------------------------------------------------------------------
def _verified_manifest(folder: Path) -> tuple[dict, bool]:
    """The parsed manifest, checked for shape, signature and schema version; and whether it was signed."""
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(CORRUPT_MANIFEST.format(detail="ingen giltig JSON")) from None
    if not isinstance(manifest, dict):
        raise ValidationError(CORRUPT_MANIFEST.format(detail="inget JSON-objekt"))
    key = _key()
    if key:
        given = manifest.get("hmac")
        if not isinstance(given, str) or not given:
            raise ValidationError(UNSIGNED.format(var=KEY_VARIABLE))
        if not hmac.compare_digest(given, _signature(manifest, key)):
            raise ValidationError(BAD_SIGNATURE.format(var=KEY_VARIABLE))
    if manifest.get("format") == exports.FORMAT and "files" not in manifest:
        raise ValidationError(OLD_FORMAT)
    problem = _shape_problem(manifest)
    if problem:
        raise ValidationError(CORRUPT_MANIFEST.format(detail=problem))
    known = max(number for number, _, _ in migration_files())
    if manifest["schema_version"] > known:
        raise ValidationError(NEWER.format(got=manifest["schema_version"], known=known))
    if manifest["schema_version"] not in {number for number, _, _ in migration_files()}:
        raise ValidationError(CORRUPT_MANIFEST.format(detail="okänd schemaversion"))
    return manifest, bool(key)


def _is_count(value, limit: int = SEQUENCE_LIMIT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit


def _shape_problem(manifest: dict) -> str | None:
    """What is wrong with the manifest's fields, in Swedish; None when every field has its shape."""
    if manifest.get("format") != FORMAT:
        return "okänt format"
    if not _is_count(manifest.get("schema_version")):
        return "schemaversionen saknas"
    files, counts, sequences = manifest.get("files"), manifest.get("row_counts"), manifest.get("sequences")
    if not isinstance(files, dict) or not files or not all(
            isinstance(name, str) and _FILE_NAME.match(name) and name != MANIFEST and isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str) and _SHA256.match(entry["sha256"])
            and _is_count(entry.get("bytes"), 2**62) for name, entry in files.items()):
        return "listan över filer och kontrollsummor"
    if not isinstance(counts, dict) or not all(_is_count(n, 2**62) for n in counts.values()):
        return "antalet rader per tabell"
    if not isinstance(sequences, dict) or not all(v is None or _is_count(v) for v in sequences.values()):
        return "sekvensernas värden"
    return None


# -- the files ---------------------------------------------------------------------------------------
def _check_files(folder: Path, listed: dict[str, dict]) -> None:
    """Exactly the listed files, each with its SHA-256 and size."""
    present = {p.name for p in folder.iterdir()} - {MANIFEST}
    problems = [FILE_MISSING.format(name=name) for name in sorted(set(listed) - present)]
    problems += [FILE_UNLISTED.format(name=name) for name in sorted(present - set(listed))]
    for name in sorted(present & set(listed)):
        if _file_entry((folder / name).read_bytes()) != listed[name]:
            problems.append(FILE_CHANGED.format(name=name))
    if problems:
        raise ValidationError(problems)


def _check_tables(folder: Path, manifest: dict) -> None:
    """Every Parquet file against our schema at the backup's version: tables, columns, types, rows."""
    version = manifest["schema_version"]
    stored = {n.removesuffix(".parquet") for n in manifest["files"] if n.endswith(".parquet")}
    others = set(manifest["files"]) - {f"{t}.parquet" for t in stored} - set(SQL_FILES)
    problems = [FILE_UNLISTED.format(name=name) for name in sorted(others)]
    with exports.scratch(version) as con:
        tables = exports.table_columns(con)
        problems += [UNKNOWN_TABLE.format(table=t, version=version)
                     for t in sorted((stored | set(manifest["row_counts"])) - set(tables))]
        problems += [NO_TABLE.format(table=t) for t in sorted(set(tables) - stored)]
        for table in sorted(stored & set(tables)):
            problems += _table_problems(con, folder, table, tables[table], manifest["row_counts"].get(table))
        if not problems and exports.parquet_versions(con, folder / "schema_version.parquet") \
                != exports.applied_versions(con):
            problems.append(VERSIONS_MISMATCH.format(version=version))
    if problems:
        raise ValidationError(problems)


def _table_problems(con, folder: Path, table: str, want: list[tuple[str, str]], rows: int | None) -> list[str]:
    file = folder / f"{table}.parquet"
    got = exports.parquet_columns(con, file)
    if got is None:
        return [UNREADABLE.format(name=file.name)]
    wanted, present = dict(want), dict(got)
    problems = [EXTRA_COLUMN.format(table=table, column=c) for c in present if c not in wanted]
    problems += [MISSING_COLUMN.format(table=table, column=c) for c in wanted if c not in present]
    problems += [WRONG_TYPE.format(column=c, table=table, got=present[c], want=wanted[c])
                 for c in wanted if c in present and present[c] != wanted[c]]
    if len(got) != len(present):
        problems.append(EXTRA_COLUMN.format(table=table, column="(dubblett)"))
    if not problems and exports.parquet_rows(con, file) != rows:
        problems.append(COUNT_MISMATCH.format(table=table, got=exports.parquet_rows(con, file), want=rows))
    return problems


def _finish(built: Path, target: Path, manifest: dict, actor_name: str, signed: bool) -> BackupSummary:
    """Open the built file as a Store (later migrations run now), log the restore, close it."""
    db = Store(built)
    try:
        db.write(lambda con: audit.record(con, actor_name, "restore", "database", target.name,
                                          new={"backup_created_at": manifest.get("created_at"),
                                               "backup_created_by": manifest.get("created_by"),
                                               "signed": signed}))
        with db.read() as con:
            counts = exports.row_counts(con)
        return BackupSummary(str(target), len(counts), sum(counts.values()), db.schema_version(),
                             signed=signed, files=len(manifest["files"]) + 1)
    finally:
        db.close()
