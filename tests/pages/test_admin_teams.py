"""Examinatorer och team: proposal and save, hand edits under the conflict rules, jäv, the roster form."""
import polars as pl

from scoring import teams
from tests.conftest import button, user_of
from tests.store.test_teams import add_new_submissions, places, pool

PAGE = "scoring/ui/pages/admin_teams.py"


def open_page(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_proposal_is_shown_then_saved(app, db):
    new = add_new_submissions(db, 3)
    at = open_page(app)
    assert [m.value for m in at.metric][:3] == ["48", "45", "3"]
    button(at, "Ta fram förslag").click().run()
    shown = {m.label: m.value for m in at.metric[4:]}
    assert shown["Nya platser"] == "9" and shown["Borttagna platser"] == "0"
    button(at, "Spara fördelningen").click().run()
    assert not at.exception
    assert "9 nya platser" in at.success[0].value
    assert set(places(db)["submission_id"]) >= set(new)
    assert [m.value for m in at.metric][:3] == ["48", "48", "0"]


def test_hand_edit_with_an_examiner_from_the_units_organisation_is_refused(app, db):
    at = open_page(app)
    p = pool(db)
    sub = p.submissions.row(0, named=True)
    same = p.roster.filter(pl.col("organisation") == sub["organisation"])["username"][0]
    at.selectbox(key="team_pick").set_value(sub["submission_id"]).run()
    team = places(db).filter(pl.col("submission_id") == sub["submission_id"])["examiner"].to_list()
    before = places(db)
    members = next(m for m in at.multiselect if m.label.startswith("Teammedlemmar"))
    members.set_value([*team[:2], same])
    button(at, "Spara team").click().run()
    assert "samma förvaltning eller bolag" in at.error[0].value
    assert places(db).equals(before)


def test_admin_records_jav_and_the_team_is_refilled(app, db):
    at = open_page(app)
    current = places(db)
    sid = int(current["submission_id"][0])
    examiner = current.filter(pl.col("submission_id") == sid)["examiner"][0]
    form = next(s for s in at.selectbox if s.label == "Bidrag" and s.key != "team_pick")
    form.set_value(sid)
    next(s for s in at.selectbox if s.label == "Examinator" and s.key != "roster_pick").set_value(examiner)
    next(t for t in at.text_area if t.label == "Vad består jävet i?").input("Tidigare anställd på enheten.")
    button(at, "Registrera jäv").click().run()
    assert not at.exception
    assert "har tagits in i stället" in at.success[0].value
    team = places(db).filter(pl.col("submission_id") == sid)
    assert examiner not in team["examiner"].to_list() and team.height == 3
    log = teams.conflict_log(db, user_of(db, "admin"))
    assert (log["Skäl"][0], log["Examinator"][0]) == ("Tidigare anställd på enheten.", examiner)


def test_new_examiner_is_created_from_the_roster_form(app, db):
    at = open_page(app)
    fields = {t.label: t for t in at.text_input}
    fields["Användarnamn"].input("anna.berg")
    fields["Namn"].input("Anna Berg")
    fields["Startlösenord (minst 10 tecken; examinatorn byter det)"].input("ett-langt-losenord")
    next(n for n in at.number_input if n.label.startswith("Kapacitet")).set_value(5)
    button(at, "Spara examinator").click().run()
    assert not at.exception and not at.error
    assert "Anna Berg är sparad" in at.success[0].value
    row = teams.roster(db, user_of(db, "admin"), 2026).filter(pl.col("username") == "anna.berg").row(0, named=True)
    assert (row["display_name"], row["capacity"], row["role"]) == ("Anna Berg", 5, "examiner")
