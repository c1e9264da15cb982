"""Tävlingsbidrag (PDF): the kansli uploads one PDF or a zip through the page; bad files get Swedish errors."""
import io
import random
import re

import polars as pl
from reportlab.pdfgen import canvas

from scoring import documents
from tests.conftest import button, user_of
from tests.store.test_documents import make_pdf, make_zip

PAGE = "scoring/ui/pages/admin_documents.py"


def open_page(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def docs(db) -> pl.DataFrame:
    return documents.cycle_documents(db, user_of(db, "admin"), 2026)


def test_counts_match_the_core(app, db):
    at = open_page(app)
    d = docs(db)
    have = int(d["filename"].is_not_null().sum())
    assert [m.value for m in at.metric] == [str(d.height), str(have), str(d.height - have)]


def test_upload_one_pdf_is_stored_and_confirmed(app, db):
    at = open_page(app)
    missing = docs(db).filter(pl.col("filename").is_null()).row(0, named=True)
    at.selectbox(key="docs_pick").set_value(missing["submission_id"]).run()
    data = make_pdf("Bidrag från enheten")
    at.file_uploader[0].upload("bidrag.pdf", data, "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert not at.exception and not at.error
    assert "bidrag.pdf är sparad" in at.success[0].value
    assert documents.fetch(db, user_of(db, "admin"), missing["submission_id"]).content == data


def test_upload_of_a_renamed_text_file_is_refused_in_swedish(app, db):
    at = open_page(app)
    before = docs(db)
    at.file_uploader[0].upload("bidrag.pdf", b"Inte en PDF alls", "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert "inte en PDF-fil" in at.error[0].value
    assert docs(db).equals(before)


def test_zip_with_an_unmatched_file_shows_the_report_and_imports_nothing(app, db):
    at = open_page(app)
    ids = docs(db)["unit_id"].to_list()
    before = docs(db)
    at.file_uploader[1].upload("bidrag.zip", make_zip({f"{ids[0]}.pdf": make_pdf(), "okand.pdf": make_pdf()}),
                               "application/zip").run()
    assert "1 av 2 filer har problem" in at.error[0].value
    report = at.dataframe[0].value
    assert set(report["Fil"]) == {f"{ids[0]}.pdf", "okand.pdf"}
    assert button(at, "Läs in 1 PDF-filer").disabled
    assert docs(db).equals(before)


def test_zip_that_matches_is_imported(app, db):
    at = open_page(app)
    ids = docs(db)["unit_id"].to_list()
    at.file_uploader[1].upload("bidrag.zip", make_zip({f"{ids[0]}_bidrag.pdf": make_pdf("a"),
                                                       f"{ids[1]}.pdf": make_pdf("b")}), "application/zip").run()
    assert "Alla 2 filer matchar" in at.success[0].value
    button(at, "Läs in 2 PDF-filer").click().run()
    assert not at.exception
    assert "2 PDF-filer är inlästa" in at.success[0].value
    assert docs(db).filter(pl.col("unit_id") == ids[0])["filename"][0] == f"{ids[0]}_bidrag.pdf"


def big_pdf() -> bytes:
    """A real PDF of about 1,5 MB (uncompressed pages of text)."""
    buffer, letters = io.BytesIO(), random.Random(1)
    pdf = canvas.Canvas(buffer, pageCompression=0)
    for _ in range(60):
        for y in range(60):
            pdf.drawString(20, 20 + y * 12, "".join(letters.choice("abcdefghij") for _ in range(400)))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_upload_of_a_large_pdf_gives_its_size_with_a_decimal_comma(app, db):
    at = open_page(app)
    missing = docs(db).filter(pl.col("filename").is_null()).row(0, named=True)
    at.selectbox(key="docs_pick").set_value(missing["submission_id"]).run()
    data = big_pdf()
    at.file_uploader[0].upload("stort.pdf", data, "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert not at.exception and not at.error
    size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
    assert re.search(rf"stort\.pdf är sparad .*\({size} MB, SHA-256", at.success[0].value), at.success[0].value
