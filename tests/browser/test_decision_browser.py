"""The chair, in real Chromium: opens a class, records a winner with motivering, signs, and sees
the locked winner list. The 2026 demo cycle is moved to the decision phase and four of its five
classes are decided through the core before the server starts; the chair decides förskola."""
import pytest

from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.assessment import results
from scoring.store import Store
from tests.browser.conftest import log_in, open_list, open_nav, screenshot, settle
from tests.conftest import user_of

pytestmark = pytest.mark.browser
YEAR = 2026
MOTIVATION = "Förskolan visar ett uthålligt förbättringsarbete där barnens och vårdnadshavarnas röster styr."


@pytest.fixture
def demo_path(demo_path):
    db = Store(demo_path)
    try:
        for phase in ("consensus", "site_visit", "decision"):
            cycle_setup.move_phase(db, user_of(db, "admin"), YEAR, phase)
        chair = user_of(db, "stadsdirektor")
        totals = results.weighted_totals(db, YEAR).sort("total", descending=True, nulls_last=True)
        for code in ("skola", "aldreomsorg", "socialtjanst_lss", "andra"):
            best = totals.filter(totals["class_code"] == code)["submission_id"][0]
            decisions.record_proposal(db, chair, YEAR, code, f"Kommitténs motivering för {code}.",
                                      [decisions.AwardChoice(best)])
        forskola = totals.filter(totals["class_code"] == "forskola").row(0, named=True)
        demo_path.with_suffix(".winner").write_text(str(forskola["submission_id"]))
    finally:
        db.close()
    return demo_path


def test_chair_records_a_winner_signs_and_sees_the_locked_list(page, demo_path):
    log_in(page, "stadsdirektor")
    open_nav(page, "Beslut")
    page.get_by_role("heading", name="Beslut", exact=True).wait_for()
    page.get_by_text("Klasser utan beslut: Förskola").wait_for()
    settle(page)

    open_list(page, "Vinnare (ingen, en eller flera)")   # steadier than a click while the page settles
    option = page.get_by_role("option").filter(has_text="1. ").first
    unit = option.inner_text().split(". ", 1)[1].strip()
    option.click()
    page.keyboard.press("Escape")
    page.get_by_role("textbox", name="Klassens motivering").fill(MOTIVATION)
    page.get_by_role("spinbutton", name=f"Prisbelopp för {unit} (kr)").wait_for()
    page.get_by_role("button", name="Spara förslag").click()
    page.get_by_text("Förslaget för Förskola är sparat.").wait_for()
    screenshot(page, "beslut-forslag-sparat")

    page.get_by_text("Jag har granskat besluten i alla klasser").click()
    page.get_by_role("button", name="Signera besluten").click()
    page.get_by_text("Besluten är signerade och låsta.", exact=True).wait_for()
    page.get_by_role("heading", name="Vinnarlista – signerad").wait_for()
    screenshot(page, "beslut-signerade")

    forskola = page.locator(".st-key-vinnare-forskola")
    assert unit in forskola.inner_text()
    assert MOTIVATION in forskola.inner_text()
    assert "50\u00a0000\u00a0kr" in forskola.inner_text()    # scoring.swedish.kronor: no-break spaces
    main = page.get_by_test_id("stMain")
    assert "Signerade och låsta" in main.inner_text()
    assert page.get_by_role("button", name="Spara förslag").count() == 0
    assert page.get_by_role("button", name="Öppna besluten igen").count() == 1
