"""The practice case in Chromium (issue 18): an examiner who has not done it is asked to on Mina bedömningar,
scores it on the same form as a real submission, submits, sees their deviations from the reference with its
rationale and the group's distribution, then reaches their real assignments; the kansli sees the calibration
table with the examiner in it. Each practice page passes axe (WCAG 2.1 AA, serious and critical)."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from scoring import demo
from scoring.ui import text
from tests.browser.conftest import (fill_assessment, log_in, log_out, open_nav, screenshot, settle,
                                    submit_assessment)

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): only this file uses examinator5 or does the practice
    case, and what it asserts on the kansli's pages holds whatever other sharing tests add."""
    return shared_server

AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
# examinator5 gives the reference's scores, but 10 more on criterion 3 and 10 fewer on criterion 5
SCORES = [s for s, _ in demo.PRACTICE_REFERENCE.values()]
SCORES[2] += 10
SCORES[4] -= 10


def _axe_clean(page, where: str) -> None:
    page.evaluate(AXE.axe_script)
    blocking = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                for v in page.evaluate("options => axe.run(document, options)", OPTIONS)["violations"]
                if v["impact"] in {"serious", "critical"}]
    assert not blocking, f"{where}: {blocking}"


def test_practice_case_from_suggestion_to_feedback_then_real_work_and_kansli_table(page):
    log_in(page, "examinator5")
    expect(page.get_by_text(text.PRACTICE_SUGGEST)).to_be_visible()
    page.get_by_role("link", name=text.PRACTICE_GO).click()
    settle(page)
    expect(page.get_by_text(text.PRACTICE_NOT_COUNTED).first).to_be_visible()
    expect(page.get_by_text(text.PRACTICE_DEVIATIONS)).to_have_count(0)        # hidden before submitting
    _axe_clean(page, "övningsfallet, formuläret")
    screenshot(page, "practice-1-form")

    fill_assessment(page, SCORES, lambda i: f"Styrka {i + 1} i övningsfallet",
                    lambda i: f"Förbättring {i + 1} i övningsfallet")
    submit_assessment(page)
    settle(page)
    expect(page.get_by_role("heading", name=text.PRACTICE_DEVIATIONS)).to_be_visible()
    expect(page.get_by_text("+10 på kriterium 3: du är mildare än referensen")).to_be_visible()
    expect(page.get_by_text("−10 på kriterium 5: du är strängare än referensen")).to_be_visible()
    expect(page.get_by_text(demo.PRACTICE_REFERENCE[3][1])).to_be_visible()    # the reference's rationale
    expect(page.get_by_role("heading", name=text.PRACTICE_GROUP)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    expect(page.get_by_text("Examinator 2")).to_have_count(0)                  # nobody else's name
    _axe_clean(page, "övningsfallet, återkopplingen")
    screenshot(page, "practice-2-feedback")
    page.locator(".js-plotly-plot").scroll_into_view_if_needed()
    screenshot(page, "practice-2b-group")

    page.get_by_role("link", name=text.PRACTICE_TO_REAL).click()
    settle(page)
    expect(page.get_by_role("heading", name=text.MY_TITLE)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("kriterier")).first).to_be_visible()
    expect(page.get_by_text(text.PRACTICE_SUGGEST)).to_have_count(0)
    screenshot(page, "practice-3-real-work")

    log_out(page)
    log_in(page, "admin")
    open_nav(page, "Övningsfall: kalibrering")
    settle(page)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Examinatorgrupper som inte delar något bidrag: \d+ utan"))).to_be_visible()
    _axe_clean(page, "kalibreringstabellen")
    screenshot(page, "practice-4-kansli-table")
    open_nav(page, "Övningsfall")
    settle(page)
    expect(page.get_by_text(re.compile("Referensen låstes"))).to_be_visible()
    _axe_clean(page, "kansliets övningsfall")
    screenshot(page, "practice-5-kansli-case")
