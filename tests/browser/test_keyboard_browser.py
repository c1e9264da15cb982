"""Keyboard only (WCAG 2.1.1, 2.1.2, 2.4.7), in real Chromium with page.keyboard and no mouse: an examiner logs in,
opens a submission, moves through the five criteria, scores and writes both texts, saves and submits; the chair
opens Beslut and signs. Every element Tab lands on shows its focus, and Tab always moves on (no trap)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring.assessment import individual as assessment
from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.assessment import results
from scoring.store import Store
from scoring.ui import text
from tests.browser.conftest import cookie_round_trip, running_app, screenshot, settle
from tests.conftest import user_of

pytestmark = pytest.mark.browser

# What has focus: its accessible name as a user would hear it, whether it (or a wrapper up to three levels up)
# draws an outline or focus ring, and whether it is the element that had focus before this Tab.
FOCUSED = """() => {
  let el = document.activeElement;
  while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;   // e.g. the PDF viewer
  const label = el.getAttribute("aria-label") || (el.labels && el.labels[0] ? el.labels[0].innerText : "")
                || el.innerText || "";
  let ring = false;
  for (let x = el, i = 0; x && i < 4 && !ring; x = x.parentElement, i++) {
    const cs = getComputedStyle(x);
    ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 1) || cs.boxShadow !== "none";
  }
  const same = window.kvTestFocus === el;   // compared with the element the previous Tab reached
  window.kvTestFocus = el;
  return {tag: el.tagName, role: el.getAttribute("role"), type: el.type || "", label: label.trim(), ring, same,
          picker: el.dataset.variant === "segmented_control"};
}"""


def tab_to(page, wanted, limit: int = 90) -> dict:
    """Press Tab until the focused element satisfies `wanted(info)`; fail on an invisible focus or a trap."""
    seen, stuck = [], 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        seen.append(f"{info['tag']}:{info['label'][:30]!r}")
        if info["tag"] == "BODY":   # past the last element, before the first: the browser's own stop
            continue
        assert info["ring"], f"fokus syns inte på {info}"
        stuck = stuck + 1 if info["same"] else 0   # a table (canvas) takes a Tab per column of its row, then leaves
        assert stuck < (15 if info["tag"] == "CANVAS" else 2), f"Tab står kvar på {info} (fälla)"
        if wanted(info):
            return info
    raise AssertionError("hittade inte målet med Tab; fokus gick: " + ", ".join(seen))


def named(name: str):
    return lambda info: info["label"] == name or info["label"].endswith("\n" + name)


def starts(prefix: str):
    return lambda info: info["label"].startswith(prefix)


def keyboard_log_in(page, username: str) -> None:
    page.get_by_label("Användarnamn").wait_for()
    settle(page)
    tab_to(page, named("Användarnamn"))
    page.keyboard.type(username)
    tab_to(page, named("Lösenord"))
    page.keyboard.type("demo")
    with cookie_round_trip(page):
        page.keyboard.press("Enter")
    page.get_by_text("Logga ut").wait_for()
    settle(page)


@pytest.fixture
def server(request, demo_path: Path) -> Iterator[str]:
    """The examiner's walk runs on the session's shared app (examinator2's first unstarted submission is no other
    sharing test's); the chair's needs the decided database before its server starts."""
    if "decided_demo" not in request.fixturenames:
        yield request.getfixturevalue("shared_server")
        return
    with running_app(demo_path) as url:
        yield url


def _first_to_do(template: Path) -> str:
    db = Store(template)
    try:
        mine = assessment.my_assessments(db, user_of(db, "examinator2"), 2026)
    finally:
        db.close()
    return mine.filter(mine["status"] == "not_started").sort("unit_name")["unit_name"][0]


def test_examiner_scores_saves_and_submits_with_the_keyboard_only(page, server, demo_template):
    unit = _first_to_do(demo_template)
    keyboard_log_in(page, "examinator2")
    tab_to(page, lambda info: info["tag"] == "A" and unit in info["label"])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=unit).wait_for()
    settle(page)

    skip = named(text.A11Y_ENGLISH["Skip to main content"])   # the page's first stop, in Swedish
    tab_to(page, skip)
    tab_to(page, skip, limit=150)   # the whole page once round, back to where it started: no trap on the way

    for n in range(1, 6):
        # The criterion picker is one Tab stop (the chosen criterion); the arrow keys move to the others.
        shown = int(tab_to(page, lambda info: info["picker"])["label"][0])
        for _ in range(abs(n - shown)):
            page.keyboard.press("ArrowRight" if n > shown else "ArrowLeft")
        assert page.evaluate(FOCUSED)["label"].startswith(str(n))
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(rf"^{n}\. ")).first.wait_for()
        settle(page)
        tab_to(page, starts("Poäng (0–100"))
        page.keyboard.type(str(40 + 10 * n))
        tab_to(page, starts(text.STRENGTHS))
        page.keyboard.type(f"Styrka {n} skriven med tangentbordet.")
        tab_to(page, starts(text.IMPROVEMENTS))
        page.keyboard.type(f"Förbättring {n} skriven med tangentbordet.")
        page.keyboard.press("Tab")   # leaving the field commits it
        settle(page)
    screenshot(page, "tangentbord-ifyllt")

    tab_to(page, named(text.SAVE_DRAFT))
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"^Utkastet är sparat")).first.wait_for()
    settle(page)
    tab_to(page, named(text.SUBMIT))
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(text.SUBMIT_CONFIRM_TITLE).wait_for()
    settle(page)
    assert page.evaluate("() => !!document.activeElement.closest('[role=dialog]')"), "fokus är inte i dialogen"
    tab_to(page, lambda info: named(text.SUBMIT)(info) and page.evaluate(
        "() => !!document.activeElement.closest('[role=dialog]')"), limit=10)
    page.keyboard.press("Enter")
    page.get_by_text(text.SUBMITTED).first.wait_for()
    screenshot(page, "tangentbord-inskickad")
    page.get_by_text(text.LOCKED_INFO).wait_for()
    shown = page.get_by_test_id("stMain").inner_text()
    for n in range(1, 6):   # everything typed reached the locked assessment
        assert f"Styrka {n} skriven med tangentbordet." in shown and f"Förbättring {n} skriven med tangentbordet." in shown


@pytest.fixture
def decided_demo(demo_path: Path) -> Path:
    """The 2026 cycle in the decision phase with a proposal in every class, so the chair can sign."""
    db = Store(demo_path)
    try:
        for phase in ("consensus", "site_visit", "decision"):
            cycle_setup.move_phase(db, user_of(db, "admin"), 2026, phase)
        chair = user_of(db, "stadsdirektor")
        totals = results.weighted_totals(db, 2026).sort("total", descending=True, nulls_last=True)
        for code in totals["class_code"].unique().sort():
            best = totals.filter(totals["class_code"] == code)["submission_id"][0]
            decisions.record_proposal(db, chair, 2026, code, f"Kommitténs motivering för {code}.",
                                      [decisions.AwardChoice(best)])
    finally:
        db.close()
    return demo_path


def test_chair_opens_beslut_and_signs_with_the_keyboard_only(decided_demo, page):   # decided before the server starts
    keyboard_log_in(page, "stadsdirektor")
    tab_to(page, lambda info: info["tag"] == "A" and info["label"].endswith("Beslut"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Beslut", exact=True).wait_for()
    settle(page)
    tab_to(page, lambda info: info["type"] == "checkbox" and "Jag har granskat" in info["label"], limit=150)
    page.keyboard.press("Space")
    settle(page)
    tab_to(page, named("Signera besluten"), limit=20)
    page.keyboard.press("Enter")
    page.get_by_text(text.SIGNED_DONE, exact=True).wait_for()
    screenshot(page, "tangentbord-signerat")
