"""Three examiners have submitted (two of them here, in Chromium); the lead agrees the consensus,
locks it and downloads the unit's feedback report."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scoring.assessment import consensus
from scoring.store import Store
from tests.browser.conftest import (fill_assessment, fill_consensus, log_in, log_out, screenshot, settle,
                                    submit_assessment)
from tests.conftest import user_of

pytestmark = pytest.mark.browser


@pytest.fixture
def server(shared_server: str) -> str:
    """The session's shared app (tests/browser/conftest.py): this file's writes meet no other test's."""
    return shared_server


def _target(template: Path) -> tuple[int, str]:
    """examinator1 (lead) has a draft, examinator2 has submitted and examinator3 has not started."""
    db = Store(template)
    try:
        lead = consensus.my_teams(db, user_of(db, "examinator1"), 2026)
        third = consensus.my_teams(db, user_of(db, "examinator3"), 2026)
        waiting = set(third.filter(third["own_status"] == "not_started")["submission_id"])
        row = lead.filter((lead["own_status"] == "draft") & (lead["submitted"] == 1)
                          & lead["submission_id"].is_in(list(waiting))).sort("submission_id").row(0, named=True)
    finally:
        db.close()
    return row["submission_id"], row["unit_name"]


def _submit_assessment(page, server: str, who: str, sid: int, unit: str) -> None:
    page.goto(f"{server}/bedom?bidrag={sid}")
    log_in(page, who)
    page.get_by_role("heading", name=unit).wait_for()
    settle(page)
    fill_assessment(page, (70, 40, 80, 60, 50), lambda i: f"{who}: styrka {i + 1} <b>&",
                    lambda i: f"{who}: förbättra {i + 1}")
    submit_assessment(page)
    log_out(page)


def test_team_submits_lead_agrees_locks_and_downloads_report(page, server, demo_template):
    sid, unit = _target(demo_template)
    _submit_assessment(page, server, "examinator3", sid, unit)
    _submit_assessment(page, server, "examinator1", sid, unit)

    page.goto(f"{server}/konsensus?bidrag={sid}")
    log_in(page, "examinator1")
    page.get_by_role("heading", name=unit).wait_for()
    main = page.get_by_test_id("stMain")
    page.get_by_text("examinator3: styrka 1 <b>&").first.wait_for()   # teammates' texts, shown as typed
    assert sorted(fill_consensus(page, [60] * 5)) == [1, 2, 3, 4, 5]     # one criterion at a time
    expect(page.get_by_test_id("stButtonGroup").get_by_role("radio").filter(has_text="✓")).to_have_count(5)
    screenshot(page, "konsensus-ifylld")
    page.get_by_role("button", name="Markera som klar").click()
    page.get_by_text("Konsensus är markerad som klar och låst.").wait_for()
    settle(page)                                # the locked view is drawn after the notice
    assert page.get_by_role("button", name="Markera som klar").count() == 0
    assert main.inner_text().count("Konsensus: 60") == 5
    screenshot(page, "konsensus-klar")

    with page.expect_download() as download:
        page.get_by_role("button", name="Hämta återföringsrapport (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("aterforingsrapport-2026-")
