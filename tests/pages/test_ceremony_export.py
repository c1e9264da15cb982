"""Ceremoni och export, started from app.py: status, deferred downloads and presenters."""
import pytest

from scoring.ceremony import winners as ceremony
from scoring.platform.access import AccessDenied
from scoring.store import Store
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/ceremony_export.py"


def open_page(app, username: str, year: int | None = None):
    at = app(username)
    at.switch_page(PAGE).run()
    if year is not None:
        at.selectbox(key="ceremoni-omgang").select(year).run()
    assert not at.exception
    return at


def test_unsigned_cycle_shows_message_and_only_drafts(app):
    at = open_page(app, "admin")
    assert at.selectbox(key="ceremoni-omgang").value == 2026
    assert "2026 är inte signerade" in at.warning[0].value
    labels = {b.label: b for b in at.get("download_button")}
    assert set(labels) == {"Utkast till vinnarlista (PDF)", "Utkast till diplom (PDF)", "Utkast till program (PDF)",
                           "Resultat (Excel)", "Resultat (CSV, zip)"}
    assert labels["Utkast till diplom (PDF)"].proto.disabled  # no winners yet: no diplomas
    assert not labels["Utkast till vinnarlista (PDF)"].proto.disabled
    assert any("Klasser utan beslut ännu" in i.value for i in at.info)


def test_signed_cycle_shows_signature_decisions_and_final_files(app, demo_path):
    at = open_page(app, "stadsdirektor", 2022)
    assert "signerades 2 november 2022 av Stadsdirektören (demo)" in at.success[0].value
    assert not at.warning
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Vinnarlista (PDF)", "Diplom (PDF)", "Program (PDF)", "Resultat (Excel)", "Resultat (CSV, zip)"]
    shown = at.dataframe[0].value
    db = Store(demo_path)
    try:
        expected = ceremony.status(db, user_of(db, "admin"), 2022).awards
    finally:
        db.close()
    assert shown["Enhet"].tolist() == expected["unit_name"].fill_null("").to_list()
    assert shown["Beslut"].tolist().count("Ingen vinnare") == 1


def test_presenters_are_saved_from_the_form(app, demo_path):
    at = open_page(app, "admin", 2022)
    fields = {t.label: t for t in at.text_input}
    fields["Förskola"].input("Anna <Ek> & Co")
    fields["Skola"].input("  Bo   Berg ")
    button(at, "Spara utdelare").click().run()
    assert not at.exception
    assert at.success[0].value == "Utdelarna är sparade (2 ändrade)."
    assert {t.label: t.value for t in at.text_input}["Förskola"] == "Anna <Ek> & Co"
    db = Store(demo_path)
    try:
        table = ceremony.presenters(db, user_of(db, "admin"), 2022)
    finally:
        db.close()
    assert dict(zip(table["code"], table["presenter"])) == {
        "forskola": "Anna <Ek> & Co", "skola": "Bo Berg", "aldreomsorg": None, "socialtjanst_lss": None,
        "andra": None}


def test_committee_member_has_no_ceremony_page_and_the_core_refuses(app, db):
    at = app("kommitte1")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
    with pytest.raises(AccessDenied):
        ceremony.status(db, user_of(db, "kommitte1"), 2022)


def test_a_rename_after_signing_is_shown_beside_the_final_files(app, db):
    from scoring.committee import decisions
    from tests.store.test_ceremony import _rename_by_import
    winner = decisions.signed_winner_list(db, user_of(db, "admin"), 2022).classes[0].winners[0]
    _rename_by_import(db, winner.unit_id, "Nytt namn efter signeringen", winner.organisation)
    at = open_page(app, "admin", 2022)
    assert any("ändrats efter signeringen" in w.value for w in at.warning)
    changes = next(d.value for d in at.dataframe if "Vid signeringen" in d.value.columns)
    assert changes["Nu"].tolist() == ["Nytt namn efter signeringen"]
    awards = next(d.value for d in at.dataframe if "Beslut" in d.value.columns)
    assert winner.unit_name in awards["Enhet"].tolist() and "Nytt namn efter signeringen" not in awards["Enhet"].tolist()


def test_chair_cannot_export_the_archive_before_the_site_visit_phase(app):
    at = open_page(app, "stadsdirektor", 2026)
    buttons = {b.label: b for b in at.get("download_button")}
    assert buttons["Resultat (Excel)"].proto.disabled and buttons["Resultat (CSV, zip)"].proto.disabled
    assert any("platsbesök" in i.value for i in at.info)
    admin = {b.label: b for b in open_page(app, "admin", 2026).get("download_button")}
    assert not admin["Resultat (Excel)"].proto.disabled


def test_the_chair_picks_the_cycle_with_its_phase_starting_at_the_cycle_in_progress_and_it_follows(app, db):
    from tests.next_cycle import add_2027
    add_2027(db, 1)                                         # next year's cycle, still in registration
    at = open_page(app, "stadsdirektor")
    picker = at.selectbox(key="ceremoni-omgang")
    assert picker.value == 2026                             # the cycle in progress, not the newest
    assert picker.options == ["2027 · Anmälan", "2026 · Individuell bedömning", "2022 · Avslutad"]
    picker.set_value(2022).run()
    assert "signerades 2 november 2022" in at.success[0].value
    at.switch_page("scoring/ui/pages/site_visits.py").run()
    assert not at.exception
    assert at.selectbox(key="visits-cycle-year").value == 2022   # the one picker: the choice follows
