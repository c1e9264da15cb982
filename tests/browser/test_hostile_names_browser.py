"""Issue 12.9 in a real browser: unit and account names carrying markdown, HTML and an outside image are drawn
as text. No request leaves the server, and no bold, italic, image or link element comes from a name."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scoring.platform import auth
from scoring.cycle import import_apply as unit_import
from scoring.store import Store
from tests.browser.conftest import log_in, log_out, open_nav, screenshot, settle
from tests.conftest import user_of
from tests.security.test_hostile_names_pages import ACCOUNTS, PASSWORD, TRACKER, _examiners_csv, _units_csv

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """The demo copy the server serves, with every unit and examiner renamed by import and a committee account
    whose display name is the tracking-pixel string (written before the server owns the file)."""
    target = tmp_path / "kvalitet.duckdb"
    shutil.copy(demo_template, target)
    db = Store(target)
    try:
        admin = user_of(db, "admin")
        assert unit_import.import_units(db, admin, _units_csv(db), "enheter.csv", 2026).ok
        assert unit_import.import_examiners(db, admin, _examiners_csv(db), "examinatorer.csv", 2026).ok
        auth.create_account(db, admin, ACCOUNTS["committee"], TRACKER, "committee", PASSWORD)
    finally:
        db.close()
    return target


def _markup_from_names(page) -> list[str]:
    """Elements a name would have produced had it been rendered as markdown or HTML: its **fet**/_kursiv_/<b>
    as bold or italic, its image, its links (also bare addresses made links), its LaTeX, its script."""
    return page.evaluate("""() => [
        ...[...document.querySelectorAll('b, i, strong, em')].filter(e => /^(fet|Fet|kursiv)$/.test(e.textContent.trim())),
        ...document.querySelectorAll('img[src*="example"], img[src*="x.png"], img[alt*="bild"], img[alt*="spår"],'
            + ' a[href*="example"]:not([href^="#"]), a[href^="javascript"], .katex, script:not([src]):not([type])')]
        .filter(e => !(e.tagName === 'SCRIPT' && !/xss|alert/.test(e.textContent)))
        .map(e => e.outerHTML.slice(0, 120))""")


def test_hostile_names_are_text_and_fetch_nothing_outside(page, server):
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", "localhost")
            else None)
    log_in(page, "examinator3")
    for title in ("Mina bedömningar", "Bedöm bidrag", "Konsensus"):
        open_nav(page, title)
        settle(page)
        assert _markup_from_names(page) == [], title
    page.get_by_text("**Fet**").first.wait_for()           # the name's own characters are shown, as text
    screenshot(page, "fientliga-namn-examinator")
    log_out(page)
    log_in(page, ACCOUNTS["committee"], PASSWORD)
    shown = page.get_by_test_id("stSidebar").inner_text().replace("\u2060", "")   # the word joiner is invisible
    assert "**Fet** ![spårpixel](http://example.com/pixel.png) <img src=http://example.com/p.png>" in shown
    for title in ("Översikt", "Rangordning", "Beslut"):
        open_nav(page, title)
        settle(page)
        assert _markup_from_names(page) == [], title
    screenshot(page, "fientliga-namn-kommitte")
    assert outside == []
