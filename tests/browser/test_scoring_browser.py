"""An examiner scores a submission in real Chromium, submits, reloads and finds it submitted."""
import re

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


ROWS = "[class*='st-key-bidrag-']"


def _open_first_not_started(page) -> str:
    row = page.locator(ROWS).filter(has_text="Ej påbörjad").first
    unit = row.locator("strong").first.inner_text()
    row.get_by_role("link", name="Öppna").click()
    page.get_by_role("heading", name=unit).wait_for()
    return unit


def test_examiner_scores_submits_and_sees_it_after_reload(page):
    log_in(page, "examinator1")
    page.get_by_text("Tilldelade").wait_for()
    screenshot(page, "mina-bedomningar")
    unit = _open_first_not_started(page)

    scores = [70, 60, 80, 50, 90]
    for i, value in enumerate(scores):
        page.get_by_label(re.compile(r"^Poäng \(0–100")).nth(i).fill(str(value))
        page.get_by_label("Styrkor").nth(i).fill(f"Styrka {i + 1}: tydliga exempel <b>&")
        page.get_by_label("Förbättringsområden").nth(i).fill(f"Förbättring {i + 1}")
    page.get_by_role("button", name="Skicka in").click()
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()
    screenshot(page, "bedomning-inskickad")

    page.reload()
    log_in(page, "examinator1")
    # The reload kept the address, so the examiner lands on the same submission: locked, values as typed.
    page.get_by_text("Bedömningen är inskickad och låst").first.wait_for()
    body = page.get_by_test_id("stMain").inner_text()
    assert unit in body
    for value in scores:
        assert f"Poäng: {value}" in body
    assert "Styrka 1: tydliga exempel <b>&" in body
    assert page.get_by_role("button", name="Skicka in").count() == 0
    screenshot(page, "bedomning-last-efter-omladdning")

    page.get_by_role("link", name="Mina bedömningar").first.click()
    page.get_by_text("Tilldelade").wait_for()
    assert "Inskickad" in page.locator(ROWS).filter(has_text=unit).first.inner_text()
