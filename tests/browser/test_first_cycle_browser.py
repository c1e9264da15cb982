"""From `kvalitet init` to the first cycle in Chromium: Översikt's checklist leads to Omgång, the kansli creates
the cycle from a rulebook, the checklist ticks it, and the same year again is refused in Swedish (issue 13.1)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, open_nav, running_app, screenshot, settle
from tests.conftest import INIT_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def server(init_path: Path) -> Iterator[str]:
    """The app on what `kvalitet init` leaves (no cycle, one administrator), not on the demo."""
    with running_app(init_path) as url:
        yield url


def test_first_cycle_from_an_empty_database(page):
    log_in(page, "admin", INIT_PASSWORD)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Kom igång: årets första steg").wait_for()
    first = main.get_by_role("link", name="Skapa omgången: år, tävlingsklasser, kriterier och datum")
    expect(first).to_have_count(1)
    expect(main.get_by_role("link", name="(klart)")).to_have_count(0)
    screenshot(page, "forsta-omgangen-1-oversikt-tom")

    first.click()
    main.get_by_text("Skapa den första omgången").wait_for()
    settle(page)
    page.get_by_label("Omgångens år", exact=True).fill("2027")
    page.get_by_label("Omgångens år", exact=True).press("Tab")
    page.get_by_role("button", name="Skapa omgången").click()
    main.get_by_text("Omgången 2027 är skapad från criteria/2026.toml").wait_for()
    settle(page)
    expect(main.get_by_role("tab", name="Ny omgång")).to_have_count(1)     # the cycle's own tabs now
    expect(main.get_by_role("combobox", name="Omgång")).to_have_value("2027 · Anmälan")   # the picker moved to it
    screenshot(page, "forsta-omgangen-2-skapad")

    open_nav(page, "Översikt")
    main.get_by_text("Omgången 2027 är i fasen anmälan").wait_for()
    expect(main.get_by_role("link", name="Skapa omgången: år, tävlingsklasser, kriterier och datum (klart)")
           ).to_have_count(1)
    expect(main.get_by_role("link", name="(klart)")).to_have_count(1)
    expect(main.get_by_text("Stockholms stads kvalitetsutmärkelse 2027")).to_have_count(1)
    screenshot(page, "forsta-omgangen-3-oversikt-bockad")

    open_nav(page, "Omgång")
    settle(page)
    main.get_by_role("tab", name="Ny omgång").click()
    page.get_by_label("Omgångens år", exact=True).fill("2027")
    page.get_by_label("Omgångens år", exact=True).press("Tab")
    page.get_by_role("button", name="Skapa omgången").click()
    main.get_by_text("Omgången 2027 finns redan.").wait_for()
    expect(main.get_by_text("Traceback")).to_have_count(0)
    screenshot(page, "forsta-omgangen-4-samma-ar-nekat")
