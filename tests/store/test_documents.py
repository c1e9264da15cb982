"""Submission PDFs: only real, whole PDFs are stored; zips import all or nothing; only the team reads them."""
from __future__ import annotations

import hashlib
import io
import zipfile

import polars as pl
import pytest
from reportlab.pdfgen import canvas

from scoring.cycle import documents
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit, units


def make_pdf(text: str = "Vårt kvalitetsarbete", pages: int = 2) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in range(pages):
        pdf.drawString(72, 720, f"{text} – sida {page + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def stored(db) -> dict[int, str]:
    """submission_id -> sha256 of every stored document."""
    docs = documents.cycle_documents(db, _admin(db), 2026)
    return dict(docs.filter(pl.col("sha256").is_not_null()).select("submission_id", "sha256").iter_rows())


def _admin(db):
    from tests.conftest import user_of
    return user_of(db, "admin")


def subs(db) -> pl.DataFrame:
    return documents.cycle_documents(db, _admin(db), 2026)


def test_upload_stores_pdf_with_size_and_checksum(db, user):
    sub = subs(db).filter(pl.col("filename").is_null()).row(0, named=True)
    data = make_pdf(pages=3)
    doc = documents.upload(db, user("admin"), 2026, sub["submission_id"], "C:\\Bidrag\\Vårt bidrag.pdf", data)
    assert doc.content == data
    assert doc.size_bytes == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.filename == "Vårt bidrag.pdf"
    with db.read() as con:
        entry = audit.entries(con, entity="submission_document").row(0, named=True)
    assert entry["action"] == "upload" and entry["entity_key"] == str(sub["submission_id"])
    assert doc.sha256 in entry["new_value"]


def test_upload_replaces_earlier_document(db, user):
    sid = subs(db).filter(pl.col("filename").is_not_null())["submission_id"][0]
    first = documents.fetch(db, user("admin"), sid)
    new = make_pdf("Reviderad version")
    documents.upload(db, user("admin"), 2026, sid, "reviderad.pdf", new)
    assert documents.fetch(db, user("admin"), sid).content == new
    with db.read() as con:
        entry = audit.entries(con, entity="submission_document").row(0, named=True)
    assert first.filename in entry["old_value"]


@pytest.mark.parametrize(("data", "message"), [
    ("Det här är ett Word-dokument som bytt namn.".encode(), "är inte en PDF-fil"),
    (make_pdf()[: len(make_pdf()) // 2], "skadad eller ofullständig"),
    (b"%PDF-1.7\n" + b"\x00\xff" * 400 + b"\n%%EOF\n", "skadad eller ofullständig"),
    (b"", "är tom"),
    (b"%PDF-1.4\n" + b"0" * (documents.MAX_PDF_BYTES + 1), "för stor"),
])
def test_upload_refuses_what_is_not_a_whole_pdf(db, user, data, message):
    sid = subs(db)["submission_id"][0]
    before = stored(db)
    with pytest.raises(ValidationError) as err:
        documents.upload(db, user("admin"), 2026, sid, "bidrag.pdf", data)
    assert message in str(err.value)
    assert "bidrag.pdf" in str(err.value)
    assert stored(db) == before


def test_only_admin_uploads_and_closed_cycle_is_read_only(db, user):
    sid = subs(db)["submission_id"][0]
    with pytest.raises(AccessDenied):
        documents.upload(db, user("examinator1"), 2026, sid, "x.pdf", make_pdf())
    with db.read() as con:
        old = con.execute("SELECT id FROM submission WHERE cycle = 2022 LIMIT 1").fetchone()[0]
    with pytest.raises(AccessDenied, match="avslutad"):
        documents.upload(db, user("admin"), 2022, old, "x.pdf", make_pdf())


def test_only_assigned_examiners_and_admin_fetch_a_document(db, user):
    docs = subs(db).filter(pl.col("filename").is_not_null())
    with db.read() as con:
        places = pl.from_arrow(con.execute("SELECT submission_id, examiner FROM assignment").to_arrow_table())
    sid = docs["submission_id"][0]
    team = set(places.filter(pl.col("submission_id") == sid)["examiner"])
    outsider = next(f"examinator{i}" for i in range(1, 16) if f"examinator{i}" not in team)
    assert documents.fetch(db, user(sorted(team)[0]), sid) is not None
    assert documents.fetch(db, user("admin"), sid) is not None
    with pytest.raises(AccessDenied, match="inte tilldelad"):
        documents.fetch(db, user(outsider), sid)
    with pytest.raises(AccessDenied):
        documents.fetch(db, user("kommitte1"), sid)


def test_fetch_detects_a_damaged_stored_document(db, user):
    sid = subs(db).filter(pl.col("filename").is_not_null())["submission_id"][0]
    db.write(lambda con: con.execute("UPDATE submission_document SET content = ? WHERE submission_id = ?",
                                     [b"%PDF-1.4 manipulerad", sid]))
    with pytest.raises(ValidationError, match="kontrollsumma"):
        documents.fetch(db, user("admin"), sid)


def test_zip_with_matching_names_imports_every_file(db, user):
    s = subs(db)
    ids = s["unit_id"].to_list()
    files = {f"{ids[0]}.pdf": make_pdf("a"), f"{ids[1].lower()}_bidrag.PDF": make_pdf("b"),
             f"inlämnat/{ids[2]}-slutversion.pdf": make_pdf("c"), f"__MACOSX/._{ids[0]}.pdf": b"junk",
             ".DS_Store": b"junk"}
    report = documents.import_zip(db, user("admin"), 2026, "bidrag.zip", make_zip(files))
    assert report.ok and len(report.matched) == 3
    assert sorted(report.ignored) == sorted([f"__MACOSX/._{ids[0]}.pdf", ".DS_Store"])
    by_unit = dict(zip(s["unit_id"], s["submission_id"]))
    for unit, data in ((ids[0], files[f"{ids[0]}.pdf"]), (ids[2], files[f"inlämnat/{ids[2]}-slutversion.pdf"])):
        assert documents.fetch(db, user("admin"), by_unit[unit]).content == data
    assert documents.fetch(db, user("admin"), by_unit[ids[1]]).filename == f"{ids[1].lower()}_bidrag.PDF"


def test_zip_with_any_bad_file_imports_nothing_and_reports_each(db, user):
    ids = subs(db)["unit_id"].to_list()
    db.write(lambda con: units.insert_unit(con, {"id": "E900", "name": "Ej anmäld enhet", "organisation_id": 1}))
    good = make_pdf()
    files = {f"{ids[0]}.pdf": good, "X999_bidrag.pdf": good, f"{ids[1]}.docx": b"PK word",
             f"{ids[2]}.pdf": good[:300], f"{ids[3]}.pdf": good, f"{ids[3]}_ny.pdf": good, "e900.pdf": good}
    before = stored(db)
    with pytest.raises(documents.ZipRejected) as err:
        documents.import_zip(db, user("admin"), 2026, "bidrag.zip", make_zip(files))
    assert stored(db) == before
    reasons = {e.filename: e.problem for e in err.value.report.entries}
    assert reasons[f"{ids[0]}.pdf"] is None
    assert "börjar inte med id:t för någon enhet" in reasons["X999_bidrag.pdf"]
    assert "filändelsen är inte .pdf" in reasons[f"{ids[1]}.docx"]
    assert "skadad eller ofullständig" in reasons[f"{ids[2]}.pdf"]
    assert "flera filer hör till enheten" in reasons[f"{ids[3]}.pdf"] == reasons[f"{ids[3]}_ny.pdf"]
    assert "E900 finns men är inte anmäld" in reasons["e900.pdf"]
    assert err.value.messages[0].startswith("Inget lästes in: 6 av filerna")


def test_zip_that_is_not_a_zip_is_refused(db, user):
    with pytest.raises(ValidationError, match="inte en zip-fil"):
        documents.check_zip(db, user("admin"), 2026, "bidrag.zip", make_pdf())
    with pytest.raises(ValidationError, match="innehåller inga filer"):
        documents.check_zip(db, user("admin"), 2026, "tom.zip", make_zip({}))


def test_unit_id_in_file_name_takes_the_longest_id_followed_by_a_separator():
    known = {"e01": 1, "e012": 2, "sdf-3": 3}
    assert documents.unit_in_filename("E012_bidrag", known) == "e012"
    assert documents.unit_in_filename("e01 bidrag", known) == "e01"
    assert documents.unit_in_filename("E0123", known) is None
    assert documents.unit_in_filename("SDF-3-slutversion", known) == "sdf-3"
    assert documents.unit_in_filename("bidrag_E012", known) is None


# ---------------------------------------------------------------- the cycle the kansli acts on (issue 13.2)


def test_upload_names_its_cycle_and_a_submission_of_another_cycle_is_refused(db, user):
    from tests.next_cycle import add_2027
    new = add_2027(db)
    unit, sid_2027 = next(iter(new.items()))
    sid_2026 = subs(db).filter(pl.col("unit_id") == unit)["submission_id"][0]
    before = stored(db)
    with pytest.raises(ValidationError, match=f"Bidrag {sid_2026} hör till omgången 2026, inte till omgången 2027"):
        documents.upload(db, user("admin"), 2027, sid_2026, "bidrag-2027.pdf", make_pdf("2027"))
    with pytest.raises(ValidationError, match="hör till omgången 2027, inte till omgången 2026"):
        documents.upload(db, user("admin"), 2026, sid_2027, "bidrag-2027.pdf", make_pdf("2027"))
    assert stored(db) == before
    data = make_pdf("Bidrag 2027")
    documents.upload(db, user("admin"), 2027, sid_2027, "bidrag-2027.pdf", data)
    assert documents.fetch(db, user("admin"), sid_2027).content == data
    assert stored(db) == before   # 2026's documents untouched
    docs_2027 = documents.cycle_documents(db, user("admin"), 2027)
    assert docs_2027.filter(pl.col("submission_id") == sid_2027)["filename"][0] == "bidrag-2027.pdf"


def test_remove_names_its_cycle(db, user):
    from tests.next_cycle import add_2027
    add_2027(db, 1)
    sid = subs(db).filter(pl.col("filename").is_not_null())["submission_id"][0]
    with pytest.raises(ValidationError, match="hör till omgången 2026"):
        documents.remove(db, user("admin"), 2027, sid)
    assert sid in stored(db)
    documents.remove(db, user("admin"), 2026, sid)
    assert sid not in stored(db)


def test_zip_for_next_year_lands_on_next_years_submissions_only(db, user):
    from tests.next_cycle import add_2027
    new = add_2027(db, 2)
    before = stored(db)
    files = {f"{unit}_2027.pdf": make_pdf(unit) for unit in new}
    report = documents.import_zip(db, user("admin"), 2027, "bidrag-2027.zip", make_zip(files))
    assert sorted(e.submission_id for e in report.matched) == sorted(new.values())
    assert stored(db) == before
    docs_2027 = documents.cycle_documents(db, user("admin"), 2027)
    assert docs_2027["filename"].is_not_null().sum() == 2


def test_too_big_message_gives_the_size_with_a_decimal_comma_and_the_limit(db, user):
    sid = subs(db)["submission_id"][0]
    data = b"%PDF-1.4\n" + b"0" * (documents.MAX_PDF_BYTES + 300 * 1024)
    with pytest.raises(ValidationError) as err:
        documents.upload(db, user("admin"), 2026, sid, "stor.pdf", data)
    assert "(25,3\u00a0MB)" in str(err.value)                     # one decimal, a no-break space before MB
    assert f"Största tillåtna storlek är {documents.MAX_PDF_MB} MB" in str(err.value)


def test_a_zip_over_the_limit_gets_its_swedish_message_and_nothing_is_read(db, user, monkeypatch):
    monkeypatch.setattr(documents, "MAX_ZIP_MB", 2)               # the limit, not the code: 500 MB is a lot of RAM
    monkeypatch.setattr(documents, "MAX_ZIP_BYTES", 2 * 1024 * 1024)
    data = b"PK\x03\x04" + b"0" * (2 * 1024 * 1024 + 200 * 1024)
    before = stored(db)
    with pytest.raises(ValidationError) as err:
        documents.check_zip(db, user("admin"), 2026, "alla.zip", data)
    assert str(err.value) == "Zip-filen 'alla.zip' är för stor (2,2\u00a0MB). Största tillåtna storlek är 2 MB."
    assert stored(db) == before
