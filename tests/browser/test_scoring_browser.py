"""An examiner scores a submission in real Chromium, submits, reloads and finds it submitted."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (fill_assessment, log_in, open_first_not_started, open_nav, pick_criterion, screenshot,
                                    settle)

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


def _focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def _submit_by_keyboard(page) -> None:
    """Issue 13.7: "Skicka in" asks once, in a dialog the keyboard can use. Escape cancels (nothing is locked);
    then Enter on "Skicka in", Tab to the dialog's "Skicka in" and Enter submit."""
    submit = page.get_by_role("button", name="Skicka in")
    dialog = page.get_by_role("dialog")
    submit.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_contain_text("Du kan inte ändra efter att du skickat in")
    screenshot(page, "bedom-skicka-in-fraga")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    settle(page)
    assert page.get_by_text("Bedömningen är inskickad och låst").count() == 0
    submit.focus()
    page.keyboard.press("Enter")
    confirm = dialog.get_by_role("button", name="Skicka in")
    confirm.wait_for()
    for _ in range(6):
        if _focused(confirm):
            break
        page.keyboard.press("Tab")
    assert _focused(confirm)
    page.keyboard.press("Enter")


def _pdf_fits_its_column(page, width: int, height: int) -> None:
    """Issue 13.12: the whole width of the PDF's page shows in its column (the viewer is zoomed to fit)."""
    page.set_viewport_size({"width": width, "height": height})
    column = page.locator(".st-key-pdf-fit")
    canvas = column.locator("canvas").first  # Playwright's CSS locators reach into the viewer's shadow root
    canvas.wait_for()
    settle(page)
    box, page_box = column.bounding_box(), canvas.bounding_box()
    assert page_box["width"] > 0.8 * box["width"]  # fitted, not a thumbnail
    assert box["x"] <= page_box["x"] and page_box["x"] + page_box["width"] <= box["x"] + box["width"] + 0.5
    screenshot(page, f"bedom-pdf-{width}")


def test_examiner_scores_submits_and_sees_it_after_reload(page):
    log_in(page, "examinator1")
    page.get_by_text("bedömningar inskickade").wait_for()
    screenshot(page, "mina-bedomningar")
    unit = open_first_not_started(page)
    assert "Omgång 2026" in page.get_by_test_id("stCaptionContainer").first.inner_text()
    for width, height in ((1366, 768), (1920, 1080)):
        _pdf_fits_its_column(page, width, height)
    page.set_viewport_size({"width": 1400, "height": 1000})

    # One criterion at a time: what is typed must survive moving to the next criterion (the click on the
    # picker is what commits the last text area), and "Skicka in" sends all five.
    scores = [70, 60, 80, 50, 90]
    fill_assessment(page, scores, lambda i: f"Styrka {i + 1}: tydliga exempel <b>&", lambda i: f"Förbättring {i + 1}")
    screenshot(page, "bedom-kriterium-5")
    pick_criterion(page, 1)
    assert page.get_by_label("Styrkor").input_value() == "Styrka 1: tydliga exempel <b>&"
    _submit_by_keyboard(page)
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()
    screenshot(page, "bedomning-inskickad")

    page.reload()
    # The reload kept the address and the log-in (the session cookie), so the examiner lands on the same
    # submission without logging in again: locked, values as typed.
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()
    body = page.get_by_test_id("stMain").inner_text()
    assert unit in body
    for value in scores:
        assert f"Poäng: {value}" in body
    assert "Styrka 1: tydliga exempel <b>&" in body
    assert page.get_by_role("button", name="Skicka in").count() == 0
    screenshot(page, "bedomning-last-efter-omladdning")

    open_nav(page, "Mina bedömningar")
    page.get_by_text("bedömningar inskickade").wait_for()
    assert "Inskickad" in page.get_by_role("link").filter(has_text=unit).first.inner_text()
