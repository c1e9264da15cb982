"""The kansli creates an account on the Konton page in a real browser; the new person then logs in with it."""
import pytest

from tests.browser.conftest import grid_shows, log_in, log_out, open_nav, screenshot, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


PASSWORD = "testpersonens-lösenord"


def test_admin_creates_an_account_and_the_person_logs_in(page):
    log_in(page, "admin")
    open_nav(page, "Konton")
    page.get_by_role("heading", name="Konton").wait_for()
    settle(page)
    assert grid_shows(page, {"examinator3", "Farsta stadsdelsförvaltning"})
    screenshot(page, "konton")

    page.get_by_label("Användarnamn", exact=True).fill("testperson")
    page.get_by_label("Namn", exact=True).fill("Test Person")
    page.get_by_label("Lösenord (minst 10 tecken)", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenordet igen", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    page.get_by_text("Kontot testperson (examinator) är skapat.").wait_for()
    settle(page)
    assert grid_shows(page, {"testperson", "Test Person"})
    assert PASSWORD not in page.get_by_test_id("stMain").inner_text()
    screenshot(page, "konton-skapat")

    log_out(page)
    log_in(page, "testperson", PASSWORD)
    assert "Test Person" in page.get_by_test_id("stSidebar").inner_text()
    page.get_by_role("heading", name="Mina bedömningar").wait_for()
    screenshot(page, "testperson-inloggad")
