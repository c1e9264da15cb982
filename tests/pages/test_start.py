"""Översikt: the phase, the dates, and what the signed-in person has left, with a link to it."""
import datetime as dt

from streamlit.util import calc_hash

from scoring.assessment import individual as assessment
from scoring.assessment import consensus
from scoring.ui import registry, start_views, text
from tests.conftest import open_page, user_of

PAGE = "scoring/ui/pages/start.py"


def test_examiner_sees_how_many_assessments_are_left_and_the_deadline(app, db):
    at = open_page(app, "examinator1", PAGE)
    counts = assessment.progress(assessment.my_assessments(db, user_of(db, "examinator1"), 2026))
    left = counts["total"] - counts["submitted"]
    assert left > 0
    [link] = [p for p in at.page_link if "bedömningar** kvar" in p.value]
    assert link.value.startswith(f"**{left} av {counts['total']} bedömningar** kvar att skicka in, senast 15 september 2026")
    assert link.proto.page_script_hash == calc_hash("bedomningar")


def test_lead_sees_the_consensus_left_to_lead(app, db):
    at = open_page(app, "examinator1", PAGE)
    teams = consensus.my_teams(db, user_of(db, "examinator1"), 2026)
    led = teams.filter(teams["is_lead"] & (teams["consensus_status"] != "done"))
    [link] = [p for p in at.page_link if "konsensus**" in p.value]
    assert link.value.startswith(f"**{led.height} konsensus** att leda ({led.filter(led['may_view']).height} kan öppnas nu)")
    assert link.proto.page_script_hash == calc_hash("konsensus")


def test_kansli_and_committee_get_the_page_of_the_phase(app):
    at = open_page(app, "admin", PAGE)
    assert [p.value for p in at.page_link if p.value == "Följ bedömningarna"] == ["Följ bedömningarna"]
    at = open_page(app, "kommitte1", PAGE)
    assert [p.value for p in at.page_link if p.value == "Rangordningen"] == ["Rangordningen"]
    urls = {spec.url for spec in registry.specs_for("committee")}
    assert {url for url, _ in text.TODO_COMMITTEE.values()} | {text.TODO_COMMITTEE_OTHER[0]} <= urls
    assert {url for url, _ in text.TODO_ADMIN.values()} <= {spec.url for spec in registry.specs_for("admin")}


def test_deadline_wording_counts_days_both_ways():
    day = dt.date(2026, 9, 15)
    assert start_views.deadline(day, dt.date(2026, 9, 12)) == "senast 15 september 2026 (om 3 dagar)"
    assert start_views.deadline(day, dt.date(2026, 9, 14)) == "senast 15 september 2026 (i morgon)"
    assert start_views.deadline(day, day) == "senast 15 september 2026 (i dag)"
    assert start_views.deadline(day, dt.date(2026, 11, 30)) == "senast 15 september 2026 (passerad för 76 dagar sedan)"


def _steps(at) -> dict[str, tuple[str, str]]:
    """Översikt's first-step links: step key → (label, page hash)."""
    by_label = {label: key for key, (_, label) in text.FIRST_STEPS.items()}
    found = {}
    for link in at.page_link:
        key = next((k for label, k in by_label.items() if link.value.startswith(label)), None)
        if key:
            found[key] = (link.value, link.proto.page_script_hash)
    return found


def test_empty_database_start_page_is_a_checklist_of_the_first_steps(init_app):
    at = init_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert text.FIRST_STEPS_TITLE in [h.value for h in at.subheader]
    steps = _steps(at)
    assert list(steps) == list(text.FIRST_STEPS)                      # every step, in order
    for key, (label, page_hash) in steps.items():
        assert page_hash == calc_hash(text.FIRST_STEPS[key][0])       # a link to the step's page
        assert not label.endswith(text.FIRST_STEP_DONE)               # nothing done yet


def test_first_steps_are_ticked_as_they_are_done(init_app, init_path):
    from scoring.platform import auth
    from scoring.cycle import setup as cycle_setup
    from scoring.store import Store
    db = Store(init_path)
    try:
        cycle_setup.new_cycle(db, user_of(db, "admin"), 2026)
        auth.add_user(db, "admin", "ex1", "Examinator Ett", "examiner", "ett-långt-lösenord")
    finally:
        db.close()
    at = init_app()
    at.switch_page(PAGE).run()
    steps = {key: label for key, (label, _) in _steps(at).items()}
    done = [key for key, label in steps.items() if label.endswith(text.FIRST_STEP_DONE)]
    assert done == ["cycle", "examiners", "passwords"]
    assert "1 examinator (klart)" in steps["examiners"] and "0 anmälda" in steps["units"]
    assert steps["passwords"].endswith("1 av 1 (klart)")
    assert "Stockholms stads kvalitetsutmärkelse 2026" in [h.value for h in at.subheader]   # and the cycle below


def test_demo_cycle_under_way_shows_no_checklist(app):
    at = open_page(app, "admin", PAGE)
    assert text.FIRST_STEPS_TITLE not in [h.value for h in at.subheader]


def test_other_roles_on_an_empty_database_are_told_the_kansli_starts(init_app, init_path):
    from scoring.platform import auth
    from scoring.store import Store
    db = Store(init_path)
    try:
        auth.add_user(db, "admin", "ordf", "Ordförande", "chair", "ett-långt-lösenord")
    finally:
        db.close()
    at = init_app("ordf")
    at.switch_page(PAGE).run()
    assert [i.value for i in at.info] == [text.NO_CYCLE_OTHERS]
    assert not _steps(at)
