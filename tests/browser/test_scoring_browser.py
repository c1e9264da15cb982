"""An examiner scores a submission in real Chromium, submits, reloads and finds it submitted."""

import pytest

from tests.browser.conftest import fill_assessment, log_in, open_nav, pick_criterion, screenshot, settle

pytestmark = pytest.mark.browser


def _open_first_not_started(page) -> str:
    link = page.get_by_role("link").filter(has_text="Ej påbörjad").first
    unit = link.locator("strong").first.inner_text()
    link.click()
    page.get_by_role("heading", name=unit).wait_for()
    settle(page)
    return unit


def test_examiner_scores_submits_and_sees_it_after_reload(page):
    log_in(page, "examinator1")
    page.get_by_text("bedömningar inskickade").wait_for()
    screenshot(page, "mina-bedomningar")
    unit = _open_first_not_started(page)

    # One criterion at a time: what is typed must survive moving to the next criterion (the click on the
    # picker is what commits the last text area), and "Skicka in" sends all five.
    scores = [70, 60, 80, 50, 90]
    fill_assessment(page, scores, lambda i: f"Styrka {i + 1}: tydliga exempel <b>&", lambda i: f"Förbättring {i + 1}")
    screenshot(page, "bedom-kriterium-5")
    pick_criterion(page, 1)
    assert page.get_by_label("Styrkor").input_value() == "Styrka 1: tydliga exempel <b>&"
    page.get_by_role("button", name="Skicka in").click()
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
