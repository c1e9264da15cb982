"""Tävlingsbidrag as PDF: check, store, bulk-import from a zip, and hand out to the people allowed to read it.

Invariants:
- Only a real, readable PDF is stored: it starts with the %PDF- header, ends with an %%EOF marker, pypdf
  parses it, it has at least one page and every page's content can be decoded. Anything else is refused
  with a Swedish message that names the file and says what to do.
- Size (bytes) and SHA-256 are recorded with the content; the checksum is verified again on every read.
- A zip import is all or nothing: every PDF in the zip is matched to a submission of the cycle by the unit
  id at the start of its file name (``E012.pdf``, ``e012_bidrag.PDF``), and if any file is unmatched,
  duplicated or damaged, nothing is written and every problem is reported. A half-imported zip would leave
  the kansli unsure which files went in; fixing the zip and importing it again is always safe.
- Only the kansli (admin) uploads or removes documents; only the kansli and the examiners assigned to
  the submission may fetch one. A closed cycle is read-only.
- An upload or removal names the cycle the kansli is working in; a submission of another cycle is refused
  (a 2027 PDF must never land on a 2026 submission because a page silently acted on another year).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import polars as pl
import pypdf

from scoring import rulebook, swedish
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.store import Store, audit, units
from scoring.store import documents as store

MAX_PDF_MB = 25                   # one submission's PDF; the page's uploader shows this same figure
MAX_PDF_BYTES = MAX_PDF_MB * 1024 * 1024
MAX_ZIP_MB = 500
MAX_ZIP_BYTES = MAX_ZIP_MB * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
OPEN_PHASES = ("registration", "assessment", "consensus", "site_visit", "decision")
_SEPARATORS = "_- ."

EMPTY = "Filen '{name}' är tom."
TOO_BIG = "Filen '{name}' är för stor ({size}). Största tillåtna storlek är {max} MB."
NOT_PDF = ("Filen '{name}' är inte en PDF-fil. Spara tävlingsbidraget som PDF "
           "(Arkiv → Spara som → PDF) och ladda upp det igen.")
DAMAGED = ("Filen '{name}' är en skadad eller ofullständig PDF och kan inte öppnas ({detail}). "
           "Be enheten skicka filen igen.")
ENCRYPTED = "Filen '{name}' är lösenordsskyddad. Be enheten skicka en PDF utan lösenord."
NO_PAGES = "Filen '{name}' innehåller inga sidor."
NOT_ASSIGNED = "Du är inte tilldelad bidrag {submission_id} och kan inte läsa dess dokument."
CHECKSUM = ("Dokumentet för bidrag {submission_id} stämmer inte med sin kontrollsumma och kan vara skadat. "
            "Ladda upp det igen.")
ZIP_NOT_ZIP = "Filen '{name}' är inte en zip-fil (eller är skadad). Packa PDF-filerna i en vanlig zip-fil."
ZIP_TOO_BIG = "Zip-filen '{name}' är för stor ({size}). Största tillåtna storlek är {max} MB."
ZIP_TOO_MANY = "Zip-filen '{name}' har {count} filer; högst {max} går att läsa in på en gång."
ZIP_EMPTY = "Zip-filen '{name}' innehåller inga filer."
ZIP_ENCRYPTED = "filen är krypterad i zip-filen. Packa den utan lösenord."
ZIP_NOT_PDF = "filändelsen är inte .pdf; bara PDF-filer kan läsas in."
ZIP_NO_UNIT = "filnamnet börjar inte med id:t för någon enhet som är anmäld till omgången {year}."
ZIP_UNIT_NOT_REGISTERED = "enheten {unit_id} finns men är inte anmäld till omgången {year}."
ZIP_DUPLICATE = "flera filer hör till enheten {unit_id} ({names}). Lägg bara med en fil per enhet."
ZIP_REJECTED = "Inget lästes in: {count} av filerna i zip-filen har problem. Rätta dem och läs in zip-filen igen."
ZIP_UNREADABLE = "filen kunde inte packas upp ({detail})."


@dataclass(frozen=True)
class Document:
    submission_id: int
    filename: str
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime
    content: bytes


@dataclass(frozen=True)
class ZipEntry:
    """One file of a zip: matched to a submission, or a problem with its reason."""
    filename: str
    submission_id: int | None = None
    unit_id: str | None = None
    unit_name: str | None = None
    size_bytes: int = 0
    replaces: str | None = None    # the filename of the document it would replace
    problem: str | None = None
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class ZipReport:
    entries: tuple[ZipEntry, ...]
    ignored: tuple[str, ...]       # folders and system files (__MACOSX, .DS_Store, Thumbs.db)

    @property
    def matched(self) -> list[ZipEntry]:
        return [e for e in self.entries if e.problem is None]

    @property
    def problems(self) -> list[ZipEntry]:
        return [e for e in self.entries if e.problem is not None]

    @property
    def ok(self) -> bool:
        return bool(self.entries) and not self.problems

    def table(self) -> pl.DataFrame:
        """One row per file, for the page and for export."""
        return pl.DataFrame({
            "Fil": [e.filename for e in self.entries],
            "Enhet": [e.unit_id or "" for e in self.entries],
            "Enhetens namn": [e.unit_name or "" for e in self.entries],
            "Resultat": ["Fel" if e.problem else "Matchad" for e in self.entries],
            "Skäl / anmärkning": [e.problem or (f"Ersätter {e.replaces}" if e.replaces else "")
                                  for e in self.entries],
        }, schema={c: pl.String for c in ("Fil", "Enhet", "Enhetens namn", "Resultat", "Skäl / anmärkning")})


class ZipRejected(ValidationError):
    """The zip had problems; nothing was written. ``report`` lists every file."""

    def __init__(self, report: ZipReport):
        self.report = report
        super().__init__([ZIP_REJECTED.format(count=len(report.problems))]
                         + [f"{e.filename}: {e.problem}" for e in report.problems])


# ---------------------------------------------------------------- checking


def check_pdf(data: bytes, filename: str) -> None:
    """Raise ValidationError with one Swedish message unless `data` is a readable PDF."""
    name = clean_filename(filename)
    if not data:
        raise ValidationError(EMPTY.format(name=name))
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError(_too_big(name, len(data)))
    if b"%PDF-" not in data[:1024]:
        raise ValidationError(NOT_PDF.format(name=name))
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(DAMAGED.format(name=name, detail="filen tar slut innan PDF-slutmarkeringen"))
    _parse(data, name)


def _too_big(name: str, size: int) -> str:
    return TOO_BIG.format(name=name, size=swedish.file_size(size), max=MAX_PDF_MB)


def _parse(data: bytes, name: str) -> None:
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(ENCRYPTED.format(name=name))
        if len(reader.pages) == 0:
            raise ValidationError(NO_PAGES.format(name=name))
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken input; every one means "damaged"
        raise ValidationError(DAMAGED.format(name=name, detail=_short(exc))) from exc
    finally:
        quiet.setLevel(level)


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def clean_filename(filename: str) -> str:
    """The file's own name, without folders or control characters, at most 200 characters."""
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return (base or "dokument.pdf")[:200]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- single upload


def upload(db: Store, actor: User, year: int, submission_id: int, filename: str, data: bytes) -> Document:
    """Check and store one PDF for a submission of the cycle `year` (the one the kansli is working in),
    replacing an earlier one (kept as metadata in the audit log). A submission of another cycle is refused."""
    require_role(actor, "admin")
    _require_open(db, year, submission_id)
    check_pdf(data, filename)
    name, digest = clean_filename(filename), sha256(data)

    def write(con) -> None:
        _check_cycle(con, year, submission_id)
        old = store.meta(con, submission_id)
        store.upsert(con, submission_id, name, len(data), digest, data, actor.username)
        audit.record(con, actor.username, "upload", "submission_document", submission_id,
                     old=_audit_meta(old), new={"filename": name, "size_bytes": len(data), "sha256": digest})

    db.write(write)
    return fetch(db, actor, submission_id)


def remove(db: Store, actor: User, year: int, submission_id: int) -> None:
    """Remove a wrongly uploaded document of the cycle `year` (its metadata stays in the audit log)."""
    require_role(actor, "admin")
    _require_open(db, year, submission_id)

    def write(con) -> None:
        _check_cycle(con, year, submission_id)
        old = store.meta(con, submission_id)
        if old is None:
            raise ValidationError("Bidraget har inget uppladdat dokument.")
        store.delete(con, submission_id)
        audit.record(con, actor.username, "remove", "submission_document", submission_id, old=_audit_meta(old))

    db.write(write)


def _require_open(db: Store, year: int, submission_id: int) -> None:
    """The cycle `year` exists and is open, and the submission belongs to it."""
    require_phase(rulebook.phase(db, year), *OPEN_PHASES)
    with db.read() as con:
        _check_cycle(con, year, submission_id)


def _check_cycle(con, year: int, submission_id: int) -> None:
    where = store.submission_cycle(con, submission_id)
    if where is None:
        raise LookupError(units.UNKNOWN_SUBMISSION.format(submission_id=submission_id))
    if where[0] != year:
        raise ValidationError(units.WRONG_CYCLE.format(submission_id=submission_id, cycle=where[0], year=year))


def _audit_meta(meta: dict | None) -> dict | None:
    if meta is None:
        return None
    return {k: meta[k] for k in ("filename", "size_bytes", "sha256", "uploaded_by")}


# ---------------------------------------------------------------- reading


def fetch(db: Store, actor: User, submission_id: int) -> Document | None:
    """The submission's PDF, or None when none is uploaded. Admin, or an examiner on the team."""
    with db.read() as con:
        if store.submission_cycle(con, submission_id) is None:
            raise LookupError(units.UNKNOWN_SUBMISSION.format(submission_id=submission_id))
        if actor.role != "admin":
            require_role(actor, "admin", "examiner", "lead")
            if not store.is_assigned(con, submission_id, actor.username):
                raise AccessDenied(NOT_ASSIGNED.format(submission_id=submission_id))
        meta = store.meta(con, submission_id)
        data = store.content(con, submission_id) if meta else None
    if meta is None or data is None:
        return None
    if sha256(data) != meta["sha256"] or len(data) != meta["size_bytes"]:
        raise ValidationError(CHECKSUM.format(submission_id=submission_id))
    return Document(content=data, **meta)


def cycle_documents(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every submission in the cycle with its document metadata; the kansli's list."""
    require_role(actor, "admin")
    with db.read() as con:
        return store.for_cycle(con, year)


# ---------------------------------------------------------------- zip import


def check_zip(db: Store, actor: User, year: int, filename: str, data: bytes) -> ZipReport:
    """Match every file of the zip to a submission and check it; writes nothing."""
    require_role(actor, "admin")
    name = clean_filename(filename)
    with db.read() as con:
        subs = store.for_cycle(con, year)
        elsewhere = set(store.units_not_in_cycle(con, year))
    files, ignored = _unpack(data, name)
    by_unit = {u.casefold(): row for u, row in zip(subs["unit_id"], subs.iter_rows(named=True))}
    other_units = {u.casefold(): u for u in elsewhere}
    entries = [_match(fname, content, by_unit, other_units, year) for fname, content in files]
    return ZipReport(tuple(_mark_duplicates(entries)), tuple(ignored))


def import_zip(db: Store, actor: User, year: int, filename: str, data: bytes) -> ZipReport:
    """Store every PDF of the zip, or nothing: raises ZipRejected listing each problem."""
    require_role(actor, "admin")
    require_phase(rulebook.phase(db, year), *OPEN_PHASES)
    report = check_zip(db, actor, year, filename, data)
    if not report.ok:
        raise ZipRejected(report)

    def write(con) -> None:
        for e in report.matched:
            old = store.meta(con, e.submission_id)
            digest = sha256(e.data)
            store.upsert(con, e.submission_id, e.filename, e.size_bytes, digest, e.data, actor.username)
            audit.record(con, actor.username, "upload", "submission_document", e.submission_id,
                         old=_audit_meta(old), new={"filename": e.filename, "size_bytes": e.size_bytes,
                                                    "sha256": digest, "zip": clean_filename(filename)})

    db.write(write)
    return report


def _unpack(data: bytes, name: str) -> tuple[list[tuple[str, bytes | str]], list[str]]:
    """(file name, bytes or a problem text) per file in the zip, and the ignored names."""
    if len(data) > MAX_ZIP_BYTES:
        raise ValidationError(ZIP_TOO_BIG.format(name=name, size=swedish.file_size(len(data)), max=MAX_ZIP_MB))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(ZIP_NOT_ZIP.format(name=name)) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(ZIP_TOO_MANY.format(name=name, count=len(infos), max=MAX_ZIP_ENTRIES))
    files: list[tuple[str, bytes | str]] = []
    ignored: list[str] = []
    for info in infos:
        if info.is_dir() or _is_system_file(info.filename):
            if not info.is_dir():
                ignored.append(info.filename)
            continue
        files.append((info.filename, _read_member(archive, info)))
    if not files:
        raise ValidationError(ZIP_EMPTY.format(name=name))
    return files, ignored


def _is_system_file(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".") or parts[-1].lower() in ("thumbs.db", "desktop.ini")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | str:
    if info.flag_bits & 0x1:
        return ZIP_ENCRYPTED
    if info.file_size > MAX_PDF_BYTES:
        return _too_big(clean_filename(info.filename), info.file_size)
    try:
        with archive.open(info) as member:
            content = member.read(MAX_PDF_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        return ZIP_UNREADABLE.format(detail=_short(exc))
    if len(content) > MAX_PDF_BYTES:
        return _too_big(clean_filename(info.filename), len(content))
    return content


def _match(path: str, content: bytes | str, by_unit: dict, other_units: dict, year: int) -> ZipEntry:
    fname = clean_filename(path)
    stem, dot, suffix = fname.rpartition(".")
    unit_key = unit_in_filename(stem if dot else fname, by_unit)
    row = by_unit.get(unit_key) if unit_key else None
    found = {"unit_id": row["unit_id"], "unit_name": row["unit_name"], "submission_id": row["submission_id"],
             "replaces": row["filename"]} if row else {}
    if isinstance(content, str):
        return ZipEntry(fname, problem=content, **found)
    if not dot or suffix.lower() != "pdf":
        return ZipEntry(fname, size_bytes=len(content), problem=ZIP_NOT_PDF, **found)
    if row is None:
        other = unit_in_filename(stem, other_units)
        problem = (ZIP_UNIT_NOT_REGISTERED.format(unit_id=other_units[other], year=year) if other
                   else ZIP_NO_UNIT.format(year=year))
        return ZipEntry(fname, size_bytes=len(content), problem=problem)
    try:
        check_pdf(content, fname)
    except ValidationError as exc:
        return ZipEntry(fname, size_bytes=len(content), problem=exc.messages[0], **found)
    return ZipEntry(fname, size_bytes=len(content), data=content, **found)


def unit_in_filename(stem: str, known: dict) -> str | None:
    """The longest known unit id (casefolded) that the stem equals or starts with, followed by _ - . or space."""
    key = stem.casefold().strip()
    cuts = [i for i, ch in enumerate(key) if ch in _SEPARATORS] + [len(key)]
    hits = [key[:i] for i in cuts if key[:i] in known]
    return max(hits, key=len) if hits else None


def _mark_duplicates(entries: list[ZipEntry]) -> list[ZipEntry]:
    groups: dict[int, list[str]] = {}
    for e in entries:
        if e.submission_id is not None and e.problem is None:
            groups.setdefault(e.submission_id, []).append(e.filename)
    out = []
    for e in entries:
        names = groups.get(e.submission_id, []) if e.problem is None else []
        if len(names) > 1:
            e = ZipEntry(e.filename, e.submission_id, e.unit_id, e.unit_name, e.size_bytes, e.replaces,
                         ZIP_DUPLICATE.format(unit_id=e.unit_id, names=", ".join(names)))
        out.append(e)
    return out
