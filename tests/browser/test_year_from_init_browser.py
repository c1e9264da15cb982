"""A whole award year from `kvalitet init`, not the demo, through the UI alone (issue 13, "How it is shown").

One streamlit server on what `kvalitet init` leaves (no cycle, one administrator). In Chromium the kansli
creates the first cycle from Översikt's checklist (which then ticks it; the same year again is refused in
Swedish, issue 13.1), adds two förvaltningar, imports two units (registered in Förskola) and three
examiners from CSV files, makes one of them a lead, builds the teams automatically, sets the examiners'
passwords and creates a committee member and the chair on Konton, and moves the phases on Omgång. Each
examiner scores both units on all five criteria and submits; the lead agrees the consensus; the committee
member proposes the winner (and "no winner" in the empty classes); the chair signs; the kansli downloads the
winner list and finds the winner in it. Steps with their own detailed browser tests are walked lightly here.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import (fill_assessment, fill_consensus, log_in, log_out, open_first_not_started, open_list,
                                    open_nav, running_app, screenshot, settle, submit_assessment)
from tests.conftest import INIT_PASSWORD

pytestmark = pytest.mark.browser

YEAR = 2027
PASSWORD = "examinatorns-lösenord"
UNIT_ORG, EXAMINER_ORG = "Bromma stadsdelsförvaltning", "Södermalms stadsdelsförvaltning"
UNITS = {"F101": "Förskolan Ekorren", "F102": "Förskolan Blåklockan"}
EXAMINERS = {"anna.lind": "Anna Lind", "bo.ek": "Bo Ek", "cecilia.berg": "Cecilia Berg"}
LEAD = "anna.lind"
COMMITTEE, CHAIR = "kommitte.ett", "stadsdirektoren"
UNITS_CSV = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
             "antal_anstallda;driftform;andel_stockholmare;tavlingsklass\r\n"
             + "".join(f"{uid};{name};{UNIT_ORG};ja;ja;ja;14;kommunal;;Förskola\r\n" for uid, name in UNITS.items()))
EXAMINERS_CSV = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser;e-post\r\n"
                 + "".join(f"{u};{n};{EXAMINER_ORG};2024;4;forskola;{u}@stockholm.se\r\n"
                           for u, n in EXAMINERS.items()))
# Anna, Bo and Cecilia score Ekorren higher than Blåklockan on every criterion: Ekorren wins.
SCORES = {"Förskolan Ekorren": (80, 70, 70, 90, 70), "Förskolan Blåklockan": (50, 40, 40, 60, 50)}
OTHER_CLASSES = ("skola", "aldreomsorg", "socialtjanst_lss", "andra")
WINNER = "Förskolan Ekorren"


@pytest.fixture
def server(init_path: Path, tmp_path: Path) -> Iterator[str]:
    """The app on what `kvalitet init` leaves (no cycle, one administrator), not on the demo. Its output goes
    to streamlit.log beside the database, for a failure's traceback."""
    with running_app(init_path, log=tmp_path / "streamlit.log") as url:
        yield url


def _log_out(page) -> None:
    log_out(page)


def _choose(page, label: str, option: str | re.Pattern) -> None:
    """Pick `option` in the select box labelled `label`. A rerun that ends just after the click can close
    the list again before it is drawn; then it is opened once more."""
    box, wanted = page.get_by_role("combobox", name=label, exact=True), page.get_by_role("option", name=option)
    for attempt in range(5):
        box.click()
        try:
            wanted.click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 4:
                raise
            page.keyboard.press("Escape")
            settle(page)
    settle(page)


def _create_first_cycle(page) -> None:
    """Issue 13.1: Översikt's checklist leads to Omgång, the kansli creates the cycle from a rulebook, the
    checklist ticks it, and the same year again is refused in Swedish."""
    main = page.get_by_test_id("stMain")
    main.get_by_text("Kom igång: årets första steg").wait_for()
    first = main.get_by_role("link", name="Skapa omgången: år, tävlingsklasser, kriterier och datum")
    expect(first).to_have_count(1)
    expect(main.get_by_role("link", name="(klart)")).to_have_count(0)
    screenshot(page, "forsta-omgangen-1-oversikt-tom")

    first.click()
    main.get_by_text("Skapa den första omgången").wait_for()
    settle(page)
    page.get_by_label("Omgångens år", exact=True).fill(str(YEAR))
    page.get_by_label("Omgångens år", exact=True).press("Tab")
    page.get_by_role("button", name="Skapa omgången").click()
    main.get_by_text(f"Omgången {YEAR} är skapad från criteria/2026.toml").wait_for()
    settle(page)
    expect(main.get_by_role("tab", name="Ny omgång")).to_have_count(1)     # the cycle's own tabs now
    expect(main.get_by_role("combobox", name="Omgång")).to_have_value(f"{YEAR} · Anmälan")   # the picker moved to it
    screenshot(page, "forsta-omgangen-2-skapad")

    open_nav(page, "Översikt")
    main.get_by_text(f"Omgången {YEAR} är i fasen anmälan").wait_for()
    expect(main.get_by_role("link", name="Skapa omgången: år, tävlingsklasser, kriterier och datum (klart)")
           ).to_have_count(1)
    expect(main.get_by_role("link", name="(klart)")).to_have_count(1)
    expect(main.get_by_text(f"Stockholms stads kvalitetsutmärkelse {YEAR}")).to_have_count(1)
    screenshot(page, "forsta-omgangen-3-oversikt-bockad")

    open_nav(page, "Omgång")
    settle(page)
    main.get_by_role("tab", name="Ny omgång").click()
    page.get_by_label("Omgångens år", exact=True).fill(str(YEAR))
    page.get_by_label("Omgångens år", exact=True).press("Tab")
    page.get_by_role("button", name="Skapa omgången").click()
    main.get_by_text(f"Omgången {YEAR} finns redan.").wait_for()
    expect(main.get_by_text("Traceback")).to_have_count(0)
    screenshot(page, "forsta-omgangen-4-samma-ar-nekat")


def _add_organisations(page) -> None:
    open_nav(page, "Enheter och anmälan")
    page.get_by_role("heading", name="Enheter och anmälan").wait_for()
    settle(page)
    for name in (UNIT_ORG, EXAMINER_ORG):
        page.get_by_role("tab", name="Förvaltningar och bolag").click()
        form = page.get_by_test_id("stForm").filter(has=page.get_by_label("Nämnd eller styrelse som beslutar om "
                                                                          "deltagandet"))
        form.get_by_label("Namn", exact=True).fill(name)
        form.get_by_label("Nämnd eller styrelse som beslutar om deltagandet").fill(
            name.replace("förvaltning", "nämnd"))
        form.get_by_role("button", name="Spara").click()
        page.get_by_text("Förvaltningen eller bolaget är sparat.").wait_for()
        settle(page)
    screenshot(page, "aret-1-forvaltningar")


def _import(page, kind: str, file: Path, summary: str) -> None:
    open_nav(page, "Import")
    page.get_by_role("heading", name="Import").wait_for()
    settle(page)
    page.get_by_test_id("stRadio").get_by_text(kind, exact=True).click()
    settle(page)
    page.locator("input[type=file]").set_input_files(str(file))
    page.get_by_text("Filen är kontrollerad utan fel.").wait_for()
    page.get_by_role("button", name=re.compile(r"^Läs in alla \d+ rader$")).click()
    page.get_by_text(f"Inläst: {summary}").wait_for()
    settle(page)


def _build_teams(page) -> None:
    open_nav(page, "Examinatorer och team")
    page.get_by_role("heading", name="Examinatorer och team").wait_for()
    settle(page)
    page.get_by_text("Lägg till eller ändra en examinator", exact=True).click()   # the form is built when opened
    page.get_by_role("combobox", name="Examinator", exact=True).wait_for()
    settle(page)
    _choose(page, "Examinator", f"{EXAMINERS[LEAD]} ({LEAD})")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Spara examinator"))
    form.get_by_test_id("stRadio").get_by_text("Utvärderingsledare", exact=True).click()
    form.get_by_role("button", name="Spara examinator").click()
    page.get_by_text(f"{EXAMINERS[LEAD]} är sparad.").wait_for()
    settle(page)

    page.get_by_test_id("stButtonGroup").get_by_text("Automatisk fördelning", exact=True).click()
    page.get_by_role("button", name="Ta fram förslag").wait_for()
    settle(page)
    page.get_by_role("button", name="Ta fram förslag").click()
    page.get_by_role("button", name="Spara fördelningen").click()
    page.get_by_text("Fördelningen är sparad: 6 nya platser").wait_for()
    settle(page)
    screenshot(page, "aret-2-team")


def _accounts(page) -> None:
    open_nav(page, "Konton")
    page.get_by_role("heading", name="Konton").wait_for()
    settle(page)
    for username, name, role in ((COMMITTEE, "Kerstin Kommitté", "Domarkommitté"),
                                 (CHAIR, "Stina Stadsdirektör", "Stadsdirektör (ordförande)")):
        page.get_by_role("tab", name="Nytt konto").click()
        page.get_by_label("Användarnamn", exact=True).fill(username)
        page.get_by_label("Namn", exact=True).fill(name)
        _choose(page, "Roll", role)
        page.get_by_label("Lösenord (minst 10 tecken)", exact=True).fill(PASSWORD)
        page.get_by_label("Lösenordet igen", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Skapa konto").click()
        page.get_by_text(f"Kontot {username} ({role.lower()}) är skapat.").wait_for()
        settle(page)
    for username in EXAMINERS:
        page.get_by_role("tab", name="Nytt lösenord").click()
        _choose(page, "Konto", re.compile(rf"\({re.escape(username)}\)"))
        page.get_by_label("Nytt lösenord (minst 10 tecken)", exact=True).fill(PASSWORD)
        page.get_by_label("Nytt lösenord igen", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sätt lösenord").click()
        page.get_by_text(f"Lösenordet för {username} är satt.").wait_for()
        settle(page)
    screenshot(page, "aret-3-konton")


def _move_phase(page, phase: str) -> None:
    open_nav(page, "Omgång")
    page.get_by_role("heading", name="Omgång").wait_for()
    settle(page)
    anyway = page.get_by_text("Jag har sett det som återstår och vill flytta ändå")
    if anyway.count():
        anyway.click()
    page.get_by_role("button", name=f"Flytta till {phase}").click()
    page.get_by_text(f"Omgången {YEAR} är nu i fasen {phase}.").wait_for()
    settle(page)


def _score_both(page, who: str) -> None:
    log_in(page, who, PASSWORD)
    for _ in SCORES:
        open_nav(page, "Mina bedömningar")
        unit = open_first_not_started(page)
        fill_assessment(page, SCORES[unit], lambda i, w=who: f"{w}: styrka {i + 1}",
                        lambda i, w=who: f"{w}: förbättra {i + 1}")
        submit_assessment(page)
        settle(page)
    open_nav(page, "Mina bedömningar")
    page.get_by_text("2 av 2 bedömningar inskickade").wait_for()
    _log_out(page)


def _consensus(page) -> None:
    log_in(page, LEAD, PASSWORD)
    open_nav(page, "Konsensus")
    page.get_by_role("heading", name="Konsensus").wait_for()
    for unit, scores in SCORES.items():
        settle(page)
        _choose(page, "Välj ett bidrag", re.compile(rf"^{unit} · "))
        page.get_by_role("heading", name=unit).wait_for()
        fill_consensus(page, scores)
        page.get_by_role("button", name="Markera som klar").click()
        page.get_by_text("Konsensus är markerad som klar och låst.").wait_for()
        settle(page)
    screenshot(page, "aret-5-konsensus")
    _log_out(page)


def _propose(page, server: str) -> None:
    log_in(page, COMMITTEE, PASSWORD)
    page.goto(f"{server}/beslut?ar={YEAR}&klass=forskola")
    page.get_by_role("heading", name="Beslut", exact=True).wait_for()
    settle(page)
    open_list(page, "Vinnare (ingen, en eller flera)")
    page.get_by_role("option", name=f"1. {WINNER}").click()
    page.keyboard.press("Escape")
    page.get_by_role("textbox", name="Klassens motivering").fill(f"{WINNER} låter barnen styra förbättringsarbetet.")
    page.get_by_role("spinbutton", name=f"Prisbelopp för {WINNER} (kr)").wait_for()
    page.get_by_role("button", name="Spara förslag").click()
    page.get_by_text("Förslaget för Förskola är sparat.").wait_for()
    for code in OTHER_CLASSES:
        page.goto(f"{server}/beslut?ar={YEAR}&klass={code}")
        page.get_by_role("textbox", name="Klassens motivering").wait_for()
        settle(page)
        page.get_by_role("textbox", name="Klassens motivering").fill("Inga bidrag var anmälda i klassen.")
        page.get_by_role("button", name="Spara förslag").click()
        page.get_by_text(re.compile(r"^Förslaget för .* är sparat\.$")).wait_for()
    settle(page)
    screenshot(page, "aret-6-forslag")
    _log_out(page)


def _sign(page) -> None:
    log_in(page, CHAIR, PASSWORD)
    open_nav(page, "Beslut")
    page.get_by_role("heading", name="Beslut", exact=True).wait_for()
    settle(page)
    page.get_by_text("Jag har granskat besluten i alla klasser").click()
    page.get_by_role("button", name="Signera besluten").click()
    page.get_by_text("Besluten är signerade och låsta.", exact=True).wait_for()
    page.get_by_role("heading", name="Vinnarlista – signerad").wait_for()
    settle(page)
    expect(page.get_by_role("button", name="Signera besluten")).to_have_count(0)
    assert WINNER in page.locator(".st-key-vinnare-forskola").inner_text()
    screenshot(page, "aret-7-signerat")
    _log_out(page)


def _export(page) -> bytes:
    log_in(page, "admin", INIT_PASSWORD)
    open_nav(page, "Ceremoni och export")
    page.get_by_role("heading", name="Ceremoni och export").wait_for()
    page.get_by_text("Filer för prisutdelningen").wait_for()
    settle(page)
    screenshot(page, "aret-8-ceremoni")
    with page.expect_download() as download:
        page.get_by_role("button", name="Vinnarlista (PDF)").click()
    assert download.value.suggested_filename == f"vinnarlista-{YEAR}.pdf"
    return download.value.path().read_bytes()


def test_a_whole_year_from_kvalitet_init(page, server, tmp_path):
    units, examiners = tmp_path / "enheter.csv", tmp_path / "examinatorer.csv"
    units.write_bytes(UNITS_CSV.encode("cp1252"))
    examiners.write_bytes(EXAMINERS_CSV.encode("utf-8"))

    log_in(page, "admin", INIT_PASSWORD)
    _create_first_cycle(page)
    _add_organisations(page)
    _import(page, "Enheter", units, "2 nya enheter")
    _import(page, "Examinatorer", examiners, "3 nya examinatorer")
    _build_teams(page)
    _accounts(page)
    _move_phase(page, "Individuell bedömning")
    screenshot(page, "aret-4-bedomning")
    _log_out(page)

    for who in EXAMINERS:
        _score_both(page, who)

    log_in(page, "admin", INIT_PASSWORD)
    _move_phase(page, "Konsensus")
    _log_out(page)
    _consensus(page)

    log_in(page, "admin", INIT_PASSWORD)
    _move_phase(page, "Platsbesök")     # no site visits this year: the phase is passed through
    _move_phase(page, "Beslut")
    _log_out(page)
    _propose(page, server)
    _sign(page)

    pdf = PdfReader(io.BytesIO(_export(page)))
    words = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert WINNER in words and str(YEAR) in words
    assert "UTKAST" not in words
