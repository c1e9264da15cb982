"""The kansli imports a Swedish CSV (';', Windows-1252) through the browser and finds the units listed."""
import pytest

from tests.browser.conftest import grid_shows, log_in, open_nav, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


CSV = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
       "antal_anstallda;driftform;andel_stockholmare\r\n"
       "N501;Förskolan Näckrosen;Bromma stadsdelsförvaltning;ja;ja;ja;14;kommunal;\r\n"
       "N502;Äldreboendet Åkerbäret;Södermalms stadsdelsförvaltning;ja;ja;ja;40;enskilt driven;75 %\r\n")
BAD = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
       "antal_anstallda;driftform;andel_stockholmare;tavlingsklass\r\n"
       "N503;Äldreboendet Lönnen;Bromma stadsdelsförvaltning;ja;ja;ja;14;kommunal;;Äldreboende\r\n")


def test_admin_imports_csv_and_sees_units_listed(page, tmp_path):
    file = tmp_path / "enheter.csv"
    file.write_bytes(CSV.encode("cp1252"))
    bad = tmp_path / "fel.csv"
    bad.write_bytes(BAD.encode("utf-8"))
    log_in(page, "admin")
    open_nav(page, "Import")
    page.get_by_role("heading", name="Import").wait_for()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("Filen har 1 fel.").wait_for()
    # the long class error is shown whole, wrapped inside the page: every valid class, with the row number
    error = page.get_by_text("Rad 2, tavlingsklass: Okänd tävlingsklass: 'Äldreboende'. Giltiga klasser")
    error.wait_for()
    assert "andra (Andra verksamheter" in error.inner_text() and "början av namnet." in error.inner_text()
    box, width = error.bounding_box(), page.viewport_size["width"]
    assert box["x"] + box["width"] <= width and box["height"] > 30  # wrapped onto several lines, not cut off
    screenshot(page, "import-langt-fel")

    page.locator("input[type=file]").set_input_files(str(file))
    page.get_by_text("Filen är kontrollerad utan fel. Inläsningen ger 2 nya enheter och 0 uppdaterade.").wait_for()
    assert grid_shows(page, {"Äldreboendet Åkerbäret"})  # the preview, decoded from Windows-1252
    screenshot(page, "import-forhandsgranskning")

    page.get_by_role("button", name="Läs in alla 2 rader").click()
    page.get_by_text("Inläst: 2 nya enheter och 0 uppdaterade.").wait_for()
    page.get_by_role("heading", name="Senast inlästa").wait_for()
    assert grid_shows(page, {"N501", "Förskolan Näckrosen", "N502", "Äldreboendet Åkerbäret"})
    screenshot(page, "import-inlast")

    open_nav(page, "Enheter och anmälan")
    page.get_by_text("47 av 47 enheter visas").wait_for()  # the page is drawn: 45 demo units + the 2 new
    page.get_by_label("Sök på namn eller id").fill("N50")
    page.keyboard.press("Enter")
    page.get_by_text("2 av 47 enheter visas").wait_for()
    assert grid_shows(page, {"Förskolan Näckrosen", "Äldreboendet Åkerbäret"})
    screenshot(page, "import-enheter-listade")
