"""A log-in survives a reload; logging out ends it in every tab, and a reload then asks for the password."""
import pytest

from tests.browser.conftest import log_in, log_out, open_nav, screenshot, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


def test_reload_keeps_the_log_in_and_log_out_ends_it_everywhere(page):
    log_in(page, "examinator4")
    page.get_by_text("bedömningar inskickade").wait_for()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["kvalitet_session"]["sameSite"] == "Strict" and len(cookies["kvalitet_session"]["value"]) >= 40

    page.reload()
    page.get_by_text("bedömningar inskickade").wait_for()          # no log-in form
    assert page.get_by_label("Lösenord", exact=True).count() == 0
    assert "Examinator 4" in page.get_by_test_id("stSidebar").inner_text()

    other = page.context.new_page()                                # a second tab of the same browser
    other.goto(page.url)
    other.get_by_text("bedömningar inskickade").wait_for()
    settle(other)

    log_out(page)
    assert "kvalitet_session" not in {c["name"] for c in page.context.cookies() if c["value"]}
    page.reload()
    page.get_by_label("Lösenord", exact=True).wait_for()                       # the cookie no longer logs in

    open_nav(other, "Bedöm bidrag")   # the other tab's next click
    other.get_by_label("Lösenord", exact=True).wait_for()
    assert "Du har loggats ut" in other.get_by_test_id("stMain").inner_text()
    screenshot(other, "utloggad-i-annan-flik")
    other.close()


def test_unknown_address_and_malformed_id_are_answered_in_swedish(page, server):
    """No English 'Page not found' modal and no crash page: a Swedish notice and the role's start page."""
    page.goto(f"{server}/finns-inte")
    page.get_by_label("Lösenord", exact=True).wait_for()
    settle(page)
    main = page.get_by_test_id("stMain")
    assert "Sidan i adressen finns inte" in main.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    log_in(page, "examinator1")
    for address, notice in [("/konton", "Sidan i adressen finns inte"),      # another role's page
                            ("/bedom?bidrag=%C2%B2", "Bidraget finns inte eller är inte ditt."),
                            ("/bedom?bidrag=99999999999", "Bidraget finns inte eller är inte ditt.")]:
        page.goto(server + address)
        page.get_by_text(notice).wait_for()
        settle(page)
        shown = page.get_by_test_id("stMain").inner_text()
        assert page.get_by_text("Page not found").count() == 0, address
        assert page.get_by_test_id("stException").count() == 0, address
        assert "Traceback" not in shown and "Error" not in shown, address
    assert "bedömningar inskickade" not in shown and "Poäng" in shown   # the examiner's own submission opened
    screenshot(page, "okand-adress-svensk")
