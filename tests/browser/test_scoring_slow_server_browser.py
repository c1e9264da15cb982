"""Issue 13.3: on a slow, loaded server, what an examiner types survives quick criterion switches.

The server sleeps before it draws the scoring form (KVALITET_TEST_DELAY_MS, honoured only by
scoring.ui.assessment_form), so every commit of a field and every switch overlaps the reruns before it; the test
never waits for the page to settle between fields or criteria. Before the fix, a click under the new heading went
into the previous criterion's field, still on screen while the server redrew: that criterion's text was
overwritten, and the new criterion's lost. After saving, every criterion's text is read back
through the UI from a fresh page load."""
import re

import pytest
from playwright.sync_api import expect

from scoring.ui.assessment_form import TEST_DELAY_ENV
from tests.browser.conftest import log_in, open_first_not_started, pick_criterion, screenshot, settle

pytestmark = pytest.mark.browser

DELAY_MS = "700"


@pytest.fixture
def slow(monkeypatch):
    monkeypatch.setenv(TEST_DELAY_ENV, DELAY_MS)


@pytest.fixture
def server(slow, server):  # the shared server fixture, started with the delay in its environment
    return server


def _radio(page, number: int):
    return page.get_by_test_id("stButtonGroup").get_by_role("radio").nth(number - 1)


def _fields(page, n: int):
    """Criterion n's three fields; each label names its criterion, so a locator finds the field only once the
    server has drawn it, never the previous criterion's field still on screen."""
    return (page.get_by_label(re.compile(rf"^Poäng \(0–100.* · kriterium {n}$")),
            page.get_by_label(f"Styrkor · kriterium {n}", exact=True),
            page.get_by_label(f"Förbättringsområden · kriterium {n}", exact=True))


def test_text_typed_while_switching_criteria_quickly_is_all_saved(page):
    log_in(page, "examinator1")
    open_first_not_started(page)

    # As an examiner does it: pick a criterion, click into its first field, type; then the next field, the next
    # criterion. No waiting for the server in between: the click into a field comes while the server is still
    # redrawing, when the previous criterion's fields are on screen (dimmed) under the newly picked number.
    for n in range(1, 6):
        if n > 1:
            _radio(page, n).click()
        for field, value in ((page.get_by_label(re.compile(r"^Poäng \(0–100")), str(10 * n)),
                             (page.get_by_label("Styrkor"), f"Styrka för kriterium {n}"),
                             (page.get_by_label("Förbättringsområden"), f"Förbättring för kriterium {n}")):
            field.click()  # commits the field before it: a rerun each
            page.keyboard.type(value)
    _radio(page, 1).click()
    _fields(page, 1)[0].wait_for()
    expect(page.get_by_text("Osparade ändringar i kriterium 1, 2, 3, 4, 5")).to_be_visible()
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text("Utkastet är sparat").first.wait_for()
    screenshot(page, "bedom-snabba-byten-sparat")

    page.reload()  # a fresh session state: what is shown now was read back from the database
    page.get_by_test_id("stButtonGroup").wait_for()
    settle(page)
    for n in range(1, 6):
        pick_criterion(page, n)
        score, strengths, improvements = _fields(page, n)
        assert score.input_value() == str(10 * n)
        assert strengths.input_value() == f"Styrka för kriterium {n}"
        assert improvements.input_value() == f"Förbättring för kriterium {n}"
