"""Issue 16.2 and 16.3: a log-in takes one script run to the first page, and a save one run to its confirmation.
Counted by the app itself (shell.main counts this session's runs in state.RUNS), so a st.rerun shows up."""
from scoring.assessment import individual as assessment
from scoring.ui import state, text
from tests.conftest import button, login, user_of

PAGE = "scoring/ui/pages/score_submission.py"


def _runs(at) -> int:
    return at.session_state[state.RUNS]


def test_log_in_is_one_script_run_to_the_first_page(app):
    at = app()
    before = _runs(at)
    login(at, "examinator1")
    assert not at.exception
    assert _runs(at) - before == 1
    assert text.LOGIN_HEADER not in [s.value for s in at.subheader]   # the form is gone: the first page is drawn
    assert state.LOGIN_PASSWORD not in at.session_state                # the password is not kept in the session


def test_wrong_password_is_one_run_and_says_why(app):
    at = app()
    before = _runs(at)
    login(at, "examinator1", "fel-lösenord")
    assert _runs(at) - before == 1
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."]


def test_saving_a_draft_is_one_run_with_its_confirmation(app, db):
    mine = assessment.my_assessments(db, user_of(db, "examinator1"), 2026)
    sid = mine.filter(mine["status"] == "not_started")["submission_id"][0]
    at = app("examinator1")
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    at.run()
    at.number_input[0].set_value(70)
    at.text_area[0].input("Tydliga mål").run()            # the field commits (in the browser: on blur)
    before = _runs(at)
    button(at, text.SAVE_DRAFT).click().run()
    assert not at.exception
    assert _runs(at) - before == 1
    assert [s.value for s in at.success] == [text.SAVED.format(version=1)]
    assert not [c for c in at.caption if "Osparade" in c.value]
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert (view.version, view.entries[1].score, view.entries[1].strengths) == (1, 70, "Tydliga mål")
