"""Tävlingsbidrag (PDF): the kansli uploads one PDF or a zip through the page; bad files get Swedish errors."""
import io
import random
import re

import polars as pl
from reportlab.pdfgen import canvas

from scoring.cycle import documents
from tests.conftest import button, user_of
from tests.next_cycle import add_2027
from tests.pages.markdown_text import unescaped
from tests.store.test_documents import make_pdf, make_zip

PAGE = "scoring/ui/pages/admin_documents.py"


def open_page(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def docs(db, year: int = 2026) -> pl.DataFrame:
    return documents.cycle_documents(db, user_of(db, "admin"), year)


def show(at, section: str):
    """Open one of the page's sections (Ladda upp en fil, Läs in flera (zip), Alla bidrag)."""
    at.segmented_control(key="docs-section").set_value(section).run()
    assert not at.exception
    return at


def test_counts_match_the_core(app, db):
    at = open_page(app)
    d = docs(db)
    have = int(d["filename"].is_not_null().sum())
    assert [m.value for m in at.metric] == [str(d.height), str(have), str(d.height - have)]


def test_upload_one_pdf_is_stored_and_confirmed(app, db):
    at = open_page(app)
    missing = docs(db).filter(pl.col("filename").is_null()).row(0, named=True)
    at.selectbox(key="docs_pick_2026").set_value(missing["submission_id"]).run()
    data = make_pdf("Bidrag från enheten")
    at.file_uploader[0].upload("bidrag.pdf", data, "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert not at.exception and not at.error
    assert "bidrag.pdf är sparad" in unescaped(at.success[0].value)
    assert documents.fetch(db, user_of(db, "admin"), missing["submission_id"]).content == data


def test_upload_of_a_renamed_text_file_is_refused_in_swedish(app, db):
    at = open_page(app)
    before = docs(db)
    at.file_uploader[0].upload("bidrag.pdf", b"Inte en PDF alls", "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert "inte en PDF-fil" in unescaped(at.error[0].value)
    assert docs(db).equals(before)


def test_zip_with_an_unmatched_file_shows_the_report_and_imports_nothing(app, db):
    at = show(open_page(app), "Läs in flera (zip)")
    ids = docs(db)["unit_id"].to_list()
    before = docs(db)
    at.file_uploader[0].upload("bidrag.zip", make_zip({f"{ids[0]}.pdf": make_pdf(), "okand.pdf": make_pdf()}),
                               "application/zip").run()
    assert "1 av 2 filer har problem" in unescaped(at.error[0].value)
    report = at.dataframe[0].value
    assert set(report["Fil"]) == {f"{ids[0]}.pdf", "okand.pdf"}
    assert button(at, "Läs in 1 PDF-fil").disabled
    assert docs(db).equals(before)


def test_zip_that_matches_is_imported(app, db):
    at = show(open_page(app), "Läs in flera (zip)")
    ids = docs(db)["unit_id"].to_list()
    at.file_uploader[0].upload("bidrag.zip", make_zip({f"{ids[0]}_bidrag.pdf": make_pdf("a"),
                                                       f"{ids[1]}.pdf": make_pdf("b")}), "application/zip").run()
    assert "Alla 2 filer matchar" in unescaped(at.success[0].value)
    button(at, "Läs in 2 PDF-filer").click().run()
    assert not at.exception
    assert "2 PDF-filer är inlästa" in unescaped(at.success[0].value)
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
    at.selectbox(key="docs_pick_2026").set_value(missing["submission_id"]).run()
    data = big_pdf()
    at.file_uploader[0].upload("stort.pdf", data, "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert not at.exception and not at.error
    shown = re.search(r"stort\.pdf är sparad .*\((\d+),(\d)\u00a0MB, SHA-256", unescaped(at.success[0].value))
    assert shown, unescaped(at.success[0].value)                  # one decimal after a comma, a no-break space
    assert abs(float(f"{shown.group(1)}.{shown.group(2)}") - len(data) / 1024 / 1024) <= 0.05


def test_zip_section_stays_open_after_an_earlier_uploads_message(app, db):
    """Issue 13.11: after a success message, uploading a zip kept the page on the zip section with Läs in."""
    at = open_page(app)
    missing = docs(db).filter(pl.col("filename").is_null())
    at.selectbox(key="docs_pick_2026").set_value(missing["submission_id"][0]).run()
    at.file_uploader[0].upload("bidrag.pdf", make_pdf(), "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert "bidrag.pdf är sparad" in unescaped(at.success[0].value)
    show(at, "Läs in flera (zip)")
    unit = missing["unit_id"][1]
    at.file_uploader[0].upload("bidrag.zip", make_zip({f"{unit}.pdf": make_pdf()}), "application/zip").run()
    assert at.segmented_control(key="docs-section").value == "Läs in flera (zip)"
    assert "Filen matchar ett anmält bidrag" in unescaped(at.success[0].value)
    button(at, "Läs in 1 PDF-fil").click().run()
    assert "1 PDF-fil är inläst." in unescaped(at.success[0].value)
    assert at.segmented_control(key="docs-section").value == "Läs in flera (zip)"
    assert docs(db).filter(pl.col("unit_id") == unit)["filename"][0] == f"{unit}.pdf"


def test_the_upload_limit_is_stated_once_from_the_same_figure_the_uploader_enforces(app):
    from streamlit import config
    at = open_page(app)
    pdf = at.file_uploader[0]
    expected = min(config.get_option("server.maxUploadSize"), documents.MAX_PDF_MB)
    assert pdf.proto.max_upload_size_mb == expected
    assert pdf.label == f"PDF-fil, högst {expected} MB" and "MB" not in pdf.proto.help
    show(at, "Läs in flera (zip)")
    zipped = at.file_uploader[0]
    expected_zip = min(config.get_option("server.maxUploadSize"), documents.MAX_ZIP_MB)
    assert zipped.proto.max_upload_size_mb == expected_zip
    assert zipped.label == f"Zip-fil med PDF-filer, högst {expected_zip} MB"


def test_the_kansli_picks_next_year_and_uploads_its_pdf_and_the_choice_follows_to_other_pages(app, db):
    new = add_2027(db, 2)
    before_2026 = docs(db)
    at = open_page(app)
    picker = at.selectbox(key="docs-cycle-year")
    assert picker.value == 2027 and picker.options == ["2027 · Anmälan", "2026 · Individuell bedömning",
                                                        "2022 · Avslutad"]   # the newest first, before a choice
    assert [m.value for m in at.metric] == ["2", "0", "2"]
    picker.set_value(2026).run()
    assert [m.value for m in at.metric][0] == str(before_2026.height)
    at.selectbox(key="docs-cycle-year").set_value(2027).run()
    assert [m.value for m in at.metric] == ["2", "0", "2"]
    unit, sid = next(iter(new.items()))
    at.selectbox(key="docs_pick_2027").set_value(sid).run()
    data = make_pdf("Bidrag 2027")
    at.file_uploader[0].upload("bidrag-2027.pdf", data, "application/pdf").run()
    button(at, "Ladda upp").click().run()
    assert not at.exception and not at.error
    assert documents.fetch(db, user_of(db, "admin"), sid).content == data
    assert docs(db).equals(before_2026)   # the same unit's 2026 submission is untouched
    for page, key in (("scoring/ui/pages/admin_teams.py", "teams-cycle-year"),
                      ("scoring/ui/pages/admin_progress.py", "progress-cycle-year"),
                      ("scoring/ui/pages/admin_assessments.py", "assessments-cycle-year")):
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.selectbox(key=key).value == 2027, page
