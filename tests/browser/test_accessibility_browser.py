"""WCAG 2.1 AA in Chromium: axe-core (rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa) on every page of every
role and in the states that matter — the log-in page, a validation error, a submitted (locked) assessment, the
consensus page and the ranking with its Plotly charts. Any serious or critical violation fails the test and is
listed with its rule, the nodes' selectors and the page. The page language must be Swedish and every page's title
its own ("Bedöm bidrag – Kvalitetsutmärkelsen") after every navigation.

One server on a copy of the demo database and one browser for the whole matrix; one context per log-in."""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from scoring.assessment import individual as assessment
from scoring.assessment import consensus
from scoring.platform.access import User
from scoring.store import Store
from scoring.ui import registry, text
from tests.browser.conftest import (log_in, new_context, remember_log_in, running_app, screenshot, settle,
                                    signed_in)
from tests.conftest import user_of

pytestmark = pytest.mark.browser

AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}
ROLES = ("admin", "examinator1", "examinator2", "kommitte1", "stadsdirektor")   # kansli, lead, examiner, committee, chair
# Pages whose main area is the same for every role: axe runs on them for the first role only (the sidebar they share
# with every other page is audited on those); their language and title are checked for every role.
SAME_FOR_ALL = {"Byt lösenord", text.A11Y_TITLE}


@pytest.fixture(scope="module")
def a11y_server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app on a private copy of the demo database for the whole matrix."""
    path = tmp_path_factory.mktemp("a11y") / "kvalitet.duckdb"
    shutil.copy(demo_template, path)
    with running_app(path) as url:
        yield url


def _facts(template: Path) -> tuple[dict[str, User], dict]:
    """The demo's accounts, and the submissions that show the states: a draft of the lead (for a validation
    error), a submitted assessment of the plain examiner (locked), a team's open consensus with a flagged
    criterion (the scores differ by the cycle's threshold or more) and a team's locked (done) consensus."""
    db = Store(template)
    try:
        users = {name: user_of(db, name) for name in ROLES}
        lead = assessment.my_assessments(db, users["examinator1"], 2026)
        plain = assessment.my_assessments(db, users["examinator2"], 2026)
        teams = consensus.my_teams(db, users["examinator1"], 2026)
        open_to_lead = teams.filter(teams["may_view"]).sort("submission_id").rows(named=True)
        flagged = [t for t in open_to_lead if t["consensus_status"] != "done"
                   and any(row.spread.flagged for row in consensus.team_view(db, users["examinator1"],
                                                                             t["submission_id"]).rows)]
        ids = {"draft": lead.filter(lead["status"] == "draft")["submission_id"].min(),
               "submitted": plain.filter(plain["status"] == "submitted")["submission_id"].min(),
               "consensus": flagged[0],
               "consensus_locked": next(t for t in open_to_lead if t["consensus_status"] == "done")}
    finally:
        db.close()
    return users, ids


class Audit:
    """Runs axe on the page as it stands and collects what blocks AA, with where it was found."""

    @staticmethod
    def _blocking(page) -> list[dict]:
        if not page.evaluate("typeof axe !== 'undefined'"):   # once per document: page links keep it
            page.evaluate(AXE.axe_script)
        return [v for v in page.evaluate("options => axe.run(document, options)", OPTIONS)["violations"]
                if v["impact"] in BLOCKING]

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.checked = self.audited = 0

    def check(self, page, where: str, title: str | None = None, axe: bool = True) -> None:
        """Language and title always; axe unless `axe` is False (a page whose content is the same for every role,
        already audited for another)."""
        settle(page)
        self.checked += 1
        lang = page.evaluate("document.documentElement.lang")
        if lang != "sv":
            self.problems.append(f"{where}: <html lang={lang!r}>, inte 'sv'")
        if title is not None and page.title() != f"{title} – {text.APP_TITLE}":
            self.problems.append(f"{where}: sidtiteln är {page.title()!r}")
        if not axe:
            return
        self.audited += 1
        found = self._blocking(page)
        if found:   # once more when the page is idle again: a rerun may have been drawing (stale elements)
            settle(page)
            found = self._blocking(page)
        for v in found:
            targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:6])
            self.problems.append(f"{where}: {v['impact']} {v['id']} ({len(v['nodes'])} noder): {targets}")
        if self.problems and not getattr(self, "_shot", False):
            self._shot = True
            screenshot(page, f"a11y-first-problem-{re.sub(r'[^a-z0-9]+', '-', where.lower())}")


def _open(page, server: str, who: str, url: str = ""):
    page.goto(f"{server}/{url}")
    log_in(page, who)
    remember_log_in(page, server, who)   # the layout tests below open their pages logged in as these


def test_no_serious_axe_violations_on_any_page_role_or_state(browser, a11y_server, demo_template):
    users, ids = _facts(demo_template)
    for role in registry.ALL:   # a title names one page: unique in each role's navigation (the title check below)
        titles = [spec.title for spec in registry.specs_for(role)]
        assert len(titles) == len(set(titles)), (role, titles)
    audit = Audit()
    context = new_context(browser)
    page = context.new_page()
    page.goto(a11y_server)
    page.get_by_label("Användarnamn").wait_for()
    audit.check(page, "utloggad: Logga in", text.LOGIN_HEADER)
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_test_id("stAlert").first.wait_for()
    audit.check(page, "utloggad: fel lösenord")
    page.get_by_role("link", name=text.A11Y_TITLE).click()   # the statement, without logging in
    page.get_by_role("heading", name="Tillsynsmyndighet").wait_for()
    audit.check(page, "utloggad: Tillgänglighetsredogörelse", text.A11Y_TITLE)
    context.close()

    for who in ROLES:
        context = new_context(browser)
        page = context.new_page()
        _open(page, a11y_server, who)
        sidebar = page.get_by_test_id("stSidebar")
        for spec in registry.specs_for(users[who].role):
            sidebar.get_by_role("link", name=spec.title, exact=True).click()
            page.get_by_role("heading", level=1).first.wait_for()
            audit.check(page, f"{who}: {spec.title}", spec.title, axe=not (spec.title in SAME_FOR_ALL and who != ROLES[0]))
        if who == "examinator1":
            page.goto(f"{a11y_server}/bedom?bidrag={ids['draft']}")
            page.get_by_label(re.compile(r"^Poäng \(0–100")).wait_for()
            settle(page)
            page.get_by_label(re.compile(r"^Poäng \(0–100")).fill("150")
            page.get_by_role("button", name=text.SAVE_DRAFT).click()
            page.get_by_test_id("stAlert").first.wait_for()
            audit.check(page, f"{who}: Bedöm bidrag med valideringsfel")
            page.goto(f"{a11y_server}/konsensus?bidrag={ids['consensus']['submission_id']}")
            page.get_by_role("heading", name=ids["consensus"]["unit_name"]).wait_for()
            page.get_by_text("Oenighet").first.wait_for()   # the flag: icon and word, not colour alone
            audit.check(page, f"{who}: Konsensus med ett flaggat kriterium")
            page.goto(f"{a11y_server}/konsensus?bidrag={ids['consensus_locked']['submission_id']}")
            page.get_by_text(text.CONSENSUS_LOCKED).first.wait_for()
            audit.check(page, f"{who}: låst konsensus")
        if who == "examinator2":
            page.goto(f"{a11y_server}/bedom?bidrag={ids['submitted']}")
            page.get_by_text(text.LOCKED_INFO).first.wait_for()
            audit.check(page, f"{who}: inskickad (låst) bedömning")
        if who == "admin":
            page.goto(f"{a11y_server}/rangordning")
            page.locator(".js-plotly-plot").first.wait_for()
            audit.check(page, f"{who}: Rangordning med diagram")
        context.close()

    assert audit.checked > 50 and audit.audited > 40
    assert not audit.problems, "Allvarliga WCAG 2.1 AA-fel (axe):\n" + "\n".join(audit.problems)


# Anything in the main area that reaches past the right edge of the window, or a box that scrolls sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  const wide = [...main.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > width + 1)
    .map((e) => e.tagName + "." + (e.getAttribute("data-testid") || ""));
  const sideways = [...main.querySelectorAll("*")].filter((e) => e.scrollWidth > e.clientWidth + 1
    && ["auto", "scroll"].includes(getComputedStyle(e).overflowX)).map((e) => e.tagName);
  return {page: document.documentElement.scrollWidth - width, wide, sideways};
}"""


@pytest.mark.parametrize("name, viewport, scale", [
    ("200-procent", {"width": 683, "height": 384}, 2),    # a 1366 × 768 laptop at 200 % zoom
    ("390-px", {"width": 390, "height": 844}, 3),          # a phone on a site visit
])
def test_scoring_form_fits_200_percent_zoom_and_a_390_px_screen(browser, a11y_server, demo_template, name, viewport,
                                                                 scale):
    _, ids = _facts(demo_template)
    context = new_context(browser, viewport=viewport, device_scale_factor=scale,
                          storage_state=signed_in(browser, a11y_server, "examinator1"))
    page = context.new_page()
    try:
        page.goto(f"{a11y_server}/bedom?bidrag={ids['draft']}")
        page.get_by_label(re.compile(r"^Poäng \(0–100")).wait_for()
        settle(page)
        for field in (page.get_by_label(re.compile(r"^Poäng \(0–100")), page.get_by_label(text.STRENGTHS),
                      page.get_by_label(text.IMPROVEMENTS), page.get_by_role("button", name=text.SAVE_DRAFT),
                      page.get_by_role("button", name=text.SUBMIT)):
            field.scroll_into_view_if_needed()
            box = field.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (name, box)
        screenshot(page, f"bedom-{name}")   # the form's end: the main area scrolls, a screenshot shows what is in view
        page.get_by_role("heading", level=1).first.scroll_into_view_if_needed()
        screenshot(page, f"bedom-{name}-topp")   # the page's start: heading, submission and the criterion picker
        found = page.evaluate(OVERFLOW)
        assert found == {"page": 0, "wide": [], "sideways": []}, found
    finally:
        context.close()


CUT_LINKS = """() => [...document.querySelectorAll('.stMain [data-testid="stPageLink-NavLink"] :is(span, p)')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.textContent)"""


def test_examiner_list_rows_wrap_on_a_390_px_screen(browser, a11y_server):
    """Each row of Mina bedömningar (status, unit, class, organisation) is a page link; Streamlit cuts a link's
    text at the edge, so at 390 px the class and organisation were lost (WCAG 1.4.10). They wrap now."""
    context = new_context(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                          storage_state=signed_in(browser, a11y_server, "examinator1"))
    page = context.new_page()
    try:
        page.goto(a11y_server)
        rows = page.locator('.stMain [data-testid="stPageLink-NavLink"]')
        rows.first.wait_for()
        settle(page)
        assert rows.count() >= 5
        assert page.evaluate(CUT_LINKS) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        screenshot(page, "mina-bedomningar-390-px")
    finally:
        context.close()
