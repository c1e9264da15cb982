"""The kansli uploads a submission's PDF and a zip in Chromium; the assigned examiner reads the PDF beside the
scoring form."""
import io

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from scoring.store import Store
from tests.browser.conftest import log_in, log_out, open_nav, screenshot, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file uploads PDFs for two 2026 submissions that
    had none (no other sharing test opens them or counts PDFs)."""
    return shared_server


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


def _second_without_pdf(demo_template, first: int) -> str:
    """Another 2026 submission without a PDF (its unit id), for the zip."""
    db = Store(demo_template)
    try:
        with db.read() as con:
            return con.execute(
                "SELECT unit_id FROM submission WHERE cycle = 2026 AND id <> ?"
                " AND id NOT IN (SELECT submission_id FROM submission_document) ORDER BY id LIMIT 1",
                [first]).fetchone()[0]
    finally:
        db.close()


def _upload_one(page, unit_id: str, file) -> None:
    page.get_by_label("Bidrag", exact=True).first.click()
    page.keyboard.type(unit_id)
    page.keyboard.press("Enter")
    page.locator("input[type=file]").first.set_input_files(str(file))
    page.get_by_text(file.name, exact=True).first.wait_for()
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    page.get_by_text(f"{file.name} är sparad för {unit_id}").wait_for()
    settle(page)


def test_admin_uploads_a_pdf_and_a_zip_and_examiner_reads_and_downloads_it(page, server, demo_template, tmp_path):
    """One PDF uploaded, then a zip in the zip section; issue 13.11: after the first upload's success message,
    uploading the zip used to send the page back to the first section. The assigned examiner then reads the PDF
    beside the scoring form and downloads it."""
    import zipfile
    sid, unit_id = _target(demo_template)
    second = _second_without_pdf(demo_template, sid)
    data = _pdf()
    (tmp_path / "bidrag.pdf").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "bidrag.zip", "w") as archive:
        archive.writestr(f"{second}_bidrag.pdf", _pdf())
    log_in(page, "admin")
    open_nav(page, "Tävlingsbidrag (PDF)")
    page.get_by_text("Saknar PDF", exact=True).wait_for()
    settle(page)
    with_pdf = page.get_by_test_id("stMetric").filter(has_text="Med PDF").get_by_test_id("stMetricValue")
    before = int(with_pdf.inner_text())
    _upload_one(page, unit_id, tmp_path / "bidrag.pdf")
    screenshot(page, "pdf-uppladdad")

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
    expect(with_pdf).to_have_text(str(before + 2))   # the single upload and the zip's file
    page.get_by_role("radio", name="Alla bidrag").click()
    screenshot(page, "zip-inlast-alla-bidrag")

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
