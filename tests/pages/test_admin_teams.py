"""Examinatorer och team: proposal and save, hand edits under the conflict rules, jäv, the roster form."""
import polars as pl

from scoring.cycle import rosters
from scoring.cycle import teams
from tests.conftest import button, user_of
from tests.next_cycle import add_2027
from tests.pages.markdown_text import unescaped
from tests.store.test_teams import add_new_submissions, places, pool

PAGE = "scoring/ui/pages/admin_teams.py"


def open_page(app, section: str | None = None):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    if section is not None:
        at.segmented_control(key="teams-section").set_value(section).run()
        assert not at.exception
    return at


def test_proposal_is_shown_then_saved(app, db):
    new = add_new_submissions(db, 3)
    at = open_page(app, "Automatisk fördelning")
    assert [m.value for m in at.metric][:3] == ["48", "45", "3"]
    button(at, "Ta fram förslag").click().run()
    shown = {m.label: m.value for m in at.metric[4:]}
    assert shown["Nya platser"] == "9" and shown["Borttagna platser"] == "0"
    button(at, "Spara fördelningen").click().run()
    assert not at.exception
    assert "9 nya platser" in unescaped(at.success[0].value)
    assert set(places(db)["submission_id"]) >= set(new)
    assert [m.value for m in at.metric][:3] == ["48", "48", "0"]


def test_hand_edit_with_an_examiner_from_the_units_organisation_is_refused(app, db):
    at = open_page(app, "Ändra ett team")
    p = pool(db)
    sub = p.submissions.row(0, named=True)
    same = p.roster.filter(pl.col("organisation") == sub["organisation"])["username"][0]
    at.selectbox(key="team_pick_2026").set_value(sub["submission_id"]).run()
    team = places(db).filter(pl.col("submission_id") == sub["submission_id"])["examiner"].to_list()
    before = places(db)
    members = next(m for m in at.multiselect if m.label.startswith("Teammedlemmar"))
    members.set_value([*team[:2], same])
    button(at, "Spara team").click().run()
    assert "samma förvaltning eller bolag" in unescaped(at.error[0].value)
    assert places(db).equals(before)


def test_admin_records_jav_and_the_team_is_refilled(app, db):
    at = open_page(app, "Jäv")
    current = places(db)
    sid = int(current["submission_id"][0])
    examiner = current.filter(pl.col("submission_id") == sid)["examiner"][0]
    form = next(s for s in at.selectbox if s.label == "Bidrag" and s.key != "team_pick_2026")
    form.set_value(sid)
    next(s for s in at.selectbox if s.label == "Examinator" and s.key != "roster_pick").set_value(examiner)
    next(t for t in at.text_area if t.label == "Vad består jävet i?").input("Tidigare anställd på enheten.")
    button(at, "Registrera jäv").click().run()
    assert not at.exception
    assert "har tagits in i stället" in unescaped(at.success[0].value)
    team = places(db).filter(pl.col("submission_id") == sid)
    assert examiner not in team["examiner"].to_list() and team.height == 3
    log = teams.conflict_log(db, user_of(db, "admin"))
    assert (log["Skäl"][0], log["Examinator"][0]) == ("Tidigare anställd på enheten.", examiner)


def test_new_examiner_is_created_from_the_roster_form(app, db):
    at = open_page(app)
    assert all(s.key != "roster_pick" for s in at.selectbox)          # the form is built only when opened
    at.session_state["roster-edit-open"] = True                       # as a click on the expander does
    at.run()
    fields = {t.label: t for t in at.text_input}
    fields["Användarnamn"].input("anna.berg")
    fields["Namn"].input("Anna Berg")
    fields["Startlösenord (minst 10 tecken; examinatorn byter det)"].input("ett-langt-losenord")
    next(n for n in at.number_input if n.label.startswith("Kapacitet")).set_value(5)
    button(at, "Spara examinator").click().run()
    assert not at.exception and not at.error
    assert "Anna Berg är sparad" in unescaped(at.success[0].value)
    row = rosters.roster(db, user_of(db, "admin"), 2026).filter(pl.col("username") == "anna.berg").row(0, named=True)
    assert (row["display_name"], row["capacity"], row["role"]) == ("Anna Berg", 5, "examiner")


def test_kansli_builds_next_years_teams_while_this_year_is_assessed(app, db):
    new = add_2027(db, 3)
    at = open_page(app, "Automatisk fördelning")
    before_2026 = places(db)
    assert at.selectbox(key="teams-cycle-year").value == 2027   # the newest cycle before a choice
    assert [m.value for m in at.metric][:4] == ["3", "0", "3", "0"]
    assert at.segmented_control(key="teams-section").value == "Automatisk fördelning"
    button(at, "Ta fram förslag").click().run()
    button(at, "Spara fördelningen").click().run()
    assert not at.exception and not at.error
    assert "9 nya platser, 0 borttagna, 0 ändrade ledare" in unescaped(at.success[0].value)
    with db.read() as con:
        built = teams.gather(con, 2027).assignments
    assert set(built["submission_id"]) == set(new.values()) and built.height == 9
    assert places(db).equals(before_2026)
    assert [m.value for m in at.metric][:3] == ["3", "3", "0"]


def test_jav_count_is_the_selected_cycles(app, db):
    new = add_2027(db, 1)
    admin = user_of(db, "admin")
    teams.declare_conflict(db, admin, next(iter(new.values())), "Tidigare anställd.", examiner="examinator5")
    at = open_page(app)
    assert at.metric[3].label == "Anmälda jäv" and at.metric[3].value == "1"   # 2027, the newest
    at.segmented_control(key="teams-section").set_value("Jäv").run()
    assert at.dataframe[0].value["Examinator"].tolist() == ["examinator5"]
    assert at.caption[0].value.startswith("1 jäv anmält i en annan omgång gäller fortfarande")   # the demo's 2026 one
    at.selectbox(key="teams-cycle-year").set_value(2026).run()
    assert at.metric[3].value == str(teams.conflict_log(db, admin, 2026).height) == "1"
    assert teams.conflict_log(db, admin).height == 2


def test_roster_shows_a_dash_for_a_missing_training_year(app, db):
    admin = user_of(db, "admin")
    rosters.save_examiner(db, admin, rosters.ExaminerInput("utan.ar", "Utan Årtal", "examiner", None, None, 5, ()),
                        password="ett-langt-losenord")
    at = open_page(app)
    roster = at.dataframe[0].value
    row = roster[roster["Användarnamn"] == "utan.ar"].iloc[0]
    assert row["Utbildningsår"] == "–"
    assert "None" not in roster["Utbildningsår"].astype(str).tolist()


def test_a_team_of_one_is_labelled_in_the_singular(app, db):
    sid = int(places(db)["submission_id"][0])
    team = places(db).filter(pl.col("submission_id") == sid)["examiner"].to_list()
    teams.set_team(db, user_of(db, "admin"), 2026, sid, team[:1], team[0], confirm_drop=True)
    at = open_page(app, "Ändra ett team")
    picker = at.selectbox(key="team_pick_2026")
    label = next(o for o in picker.options if o.endswith("· 1 examinator"))
    assert "examinatorer" not in label
