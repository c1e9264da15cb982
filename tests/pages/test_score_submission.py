"""The scoring page: form per criterion, draft saved, off-scale refused, submit locks."""
from scoring import assessment
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/score_submission.py"


def _open(app, db, status: str):
    mine = assessment.my_assessments(db, user_of(db, "examinator1"), 2026)
    sid = mine.filter(mine["status"] == status)["submission_id"][0]
    at = app("examinator1")
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    return at.run(), sid


def test_scoring_page_has_five_score_inputs_and_two_texts_each(app, db):
    at, _ = _open(app, db, "not_started")
    assert not at.exception
    assert len(at.number_input) == 5
    assert [t.label for t in at.text_area] == ["Styrkor", "Förbättringsområden"] * 5
    assert {b.label for b in at.button} >= {"Spara utkast", "Skicka in"}
    assert "Du bedömer självständigt" in at.info[0].value


def test_scoring_page_draft_is_saved_to_duckdb(app, db):
    at, sid = _open(app, db, "not_started")
    at.number_input[0].set_value(60)
    at.text_area[0].input("Tydlig dialog med brukarrådet")
    button(at, "Spara utkast").click().run()
    assert [s.value for s in at.success] == ["Utkastet är sparat (version 1)."]
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert view.status == "draft"
    assert view.entries[1].score == 60 and view.entries[1].strengths == "Tydlig dialog med brukarrådet"


def test_scoring_page_off_scale_score_shows_swedish_error_and_saves_nothing(app, db):
    at, sid = _open(app, db, "not_started")
    at.number_input[0].set_value(75)
    button(at, "Spara utkast").click().run()
    assert [e.value for e in at.error] == [
        "Kriterium 1: poängen 75 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10)."]
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"


def test_scoring_page_submit_locks_and_shows_read_only(app, db):
    at, sid = _open(app, db, "not_started")
    for i, value in enumerate([70, 60, 80, 50, 90]):
        at.number_input[i].set_value(value)
        at.text_area[2 * i].input(f"Styrka {i}")
        at.text_area[2 * i + 1].input(f"Förbättring {i}")
    button(at, "Skicka in").click().run()
    assert not at.exception
    assert any("inskickad och låst" in s.value for s in at.success)
    assert len(at.number_input) == 0
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).locked


def test_scoring_page_submit_incomplete_lists_what_is_missing(app, db):
    at, sid = _open(app, db, "not_started")
    at.number_input[0].set_value(70)
    button(at, "Skicka in").click().run()
    assert "Kriterium 1 (Stockholmarnas synpunkter och dialog) saknar styrkor och förbättringsområden." in at.error[0].value
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"


def test_scoring_page_user_text_is_shown_as_text_not_markdown(app, db):
    at, sid = _open(app, db, "submitted")
    texts = [t.value for t in at.text]
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert view.entries[1].strengths in texts
