"""The kansli uploads a submission's PDF in Chromium; the assigned examiner reads it beside the scoring form."""
import io

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from scoring.store import Store
from tests.browser.conftest import log_in, log_out, open_nav, screenshot, settle

pytestmark = pytest.mark.browser


def _target(demo_template) -> tuple[int, str]:
    """A 2026 submission on examinator1's team without a PDF (read from the template: the server owns the copy)."""
    db = Store(demo_template)
    try:
        with db.read() as con:
            return con.execute(
                "SELECT s.id, s.unit_id FROM submission s JOIN assignment a ON a.submission_id = s.id"
                " WHERE s.cycle = 2026 AND a.examiner = 'examinator1'"
                " AND s.id NOT IN (SELECT submission_id FROM submission_document) ORDER BY s.id LIMIT 1").fetchone()
    finally:
        db.close()


def _pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 20)
    pdf.drawString(72, 720, "Webbtestets tavlingsbidrag")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_admin_uploads_pdf_and_examiner_reads_and_downloads_it(page, server, demo_template, tmp_path):
    sid, unit_id = _target(demo_template)
    data = _pdf()
    (tmp_path / "bidrag.pdf").write_bytes(data)
    log_in(page, "admin")
    open_nav(page, "Tävlingsbidrag (PDF)")
    page.get_by_text("Saknar PDF", exact=True).wait_for()
    settle(page)
    page.get_by_label("Bidrag", exact=True).first.click()
    page.keyboard.type(unit_id)
    page.keyboard.press("Enter")
    page.locator("input[type=file]").first.set_input_files(str(tmp_path / "bidrag.pdf"))
    page.get_by_text("bidrag.pdf", exact=True).first.wait_for()
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    page.get_by_text(f"bidrag.pdf är sparad för {unit_id}").wait_for()
    screenshot(page, "pdf-uppladdad")

    log_out(page)
    page.goto(f"{server}/bedom?bidrag={sid}")
    log_in(page, "examinator1")
    page.get_by_role("button", name="Ladda ner PDF").wait_for()
    viewer = page.locator("canvas").first  # pdf.js draws each page of the PDF on a canvas
    viewer.wait_for()
    assert viewer.bounding_box()["width"] > 300
    screenshot(page, "pdf-i-bedomningen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner PDF").click()
    assert download.value.suggested_filename == "bidrag.pdf"
    assert (tmp_path / "ner.pdf").write_bytes(open(download.value.path(), "rb").read()) == len(data)
    assert (tmp_path / "ner.pdf").read_bytes() == data


def _two_without_pdf(demo_template) -> list[str]:
    db = Store(demo_template)
    try:
        with db.read() as con:
            return [r[0] for r in con.execute(
                "SELECT unit_id FROM submission WHERE cycle = 2026"
                " AND id NOT IN (SELECT submission_id FROM submission_document) ORDER BY id LIMIT 2").fetchall()]
    finally:
        db.close()


def test_zip_section_stays_open_with_its_import_button_after_an_earlier_upload(page, demo_template, tmp_path):
    """Issue 13.11: after a success message, uploading a zip used to send the page back to the first tab."""
    import zipfile
    first, second = _two_without_pdf(demo_template)
    (tmp_path / "bidrag.pdf").write_bytes(_pdf())
    with zipfile.ZipFile(tmp_path / "bidrag.zip", "w") as archive:
        archive.writestr(f"{second}_bidrag.pdf", _pdf())
    log_in(page, "admin")
    open_nav(page, "Tävlingsbidrag (PDF)")
    page.get_by_text("Saknar PDF", exact=True).wait_for()
    settle(page)
    before = int(page.get_by_test_id("stMetric").filter(has_text="Med PDF").get_by_test_id("stMetricValue")
                 .inner_text())
    page.get_by_label("Bidrag", exact=True).first.click()
    page.keyboard.type(first)
    page.keyboard.press("Enter")
    page.locator("input[type=file]").first.set_input_files(str(tmp_path / "bidrag.pdf"))
    page.get_by_text("bidrag.pdf", exact=True).first.wait_for()
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    page.get_by_text(f"bidrag.pdf är sparad för {first}").wait_for()
    settle(page)

    page.get_by_test_id("stButtonGroup").get_by_role("radio", name="Läs in flera (zip)").click()
    page.get_by_text("Zip-fil med PDF-filer, högst 50 MB").wait_for()
    settle(page)
    page.locator("input[type=file]").first.set_input_files(str(tmp_path / "bidrag.zip"))
    read_in = page.get_by_role("button", name="Läs in 1 PDF-fil", exact=True)
    read_in.wait_for()
    settle(page)
    expect(read_in).to_be_visible()
    expect(page.get_by_role("radio", name="Läs in flera (zip)")).to_be_checked()
    screenshot(page, "zip-efter-tidigare-uppladdning")
    read_in.click()
    page.get_by_text("1 PDF-fil är inläst.").wait_for()
    expect(page.get_by_role("radio", name="Läs in flera (zip)")).to_be_checked()
    with_pdf = page.get_by_test_id("stMetric").filter(has_text="Med PDF").get_by_test_id("stMetricValue")
    expect(with_pdf).to_have_text(str(before + 2))   # the single upload and the zip's file
    page.get_by_role("radio", name="Alla bidrag").click()
    screenshot(page, "zip-inlast-alla-bidrag")
