"""The chair opens Ceremoni och export for the signed 2022 cycle and downloads every file in real Chromium."""
import io
import zipfile

import pytest
from pypdf import PdfReader

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


FILES = [("Vinnarlista (PDF)", "vinnarlista-2022.pdf"), ("Diplom (PDF)", "diplom-2022.pdf"),
         ("Program (PDF)", "program-2022.pdf"), ("Resultat (Excel)", "resultat-2022.xlsx"),
         ("Resultat (CSV, zip)", "resultat-2022-csv.zip")]


def test_chair_downloads_every_ceremony_file(page, server):
    page.goto(f"{server}/ceremoni")
    log_in(page, "stadsdirektor")
    page.get_by_role("heading", name="Ceremoni och export").wait_for()
    page.get_by_role("combobox", name="Omgång").click()
    page.get_by_role("option", name="2022").click()
    page.get_by_text("Filer för prisutdelningen").wait_for()
    assert "Besluten signerades 2 november 2022" in page.get_by_test_id("stMain").inner_text()
    screenshot(page, "ceremoni-och-export")

    got = {}
    for label, name in FILES:
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        assert download.value.suggested_filename == name
        got[name] = download.value.path().read_bytes()

    for name in ("vinnarlista-2022.pdf", "diplom-2022.pdf", "program-2022.pdf"):
        assert got[name].startswith(b"%PDF")
    diplomas = PdfReader(io.BytesIO(got["diplom-2022.pdf"]))
    assert len(diplomas.pages) == 4 and all(p.mediabox.width > p.mediabox.height for p in diplomas.pages)
    assert "Blå hallen, Stadshuset" in PdfReader(io.BytesIO(got["vinnarlista-2022.pdf"])).pages[0].extract_text()
    for name in ("resultat-2022.xlsx", "resultat-2022-csv.zip"):
        assert got[name].startswith(b"PK")
        assert zipfile.ZipFile(io.BytesIO(got[name])).testzip() is None
    assert "Beslut.csv" in zipfile.ZipFile(io.BytesIO(got["resultat-2022-csv.zip"])).namelist()
