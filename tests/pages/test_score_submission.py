"""The scoring page: one criterion at a time, typed values kept across criteria, drafts saved, off-scale
refused, submit locks."""
from scoring.assessment import individual as assessment
from scoring.ui import text
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/score_submission.py"


def _open(app, db, status: str, username: str = "examinator1"):
    mine = assessment.my_assessments(db, user_of(db, username), 2026)
    sid = mine.filter(mine["status"] == status)["submission_id"][0]
    at = app(username)
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    return at.run(), sid


def _unescaped(markdown: str) -> str:
    """An error as the examiner reads it (widgets.errors escapes markdown in the core's messages)."""
    return markdown.replace("\\", "")


def _criterion(at, number: int):
    at.segmented_control[0].set_value(number).run()
    assert not at.exception
    return at


def _fill(at, number: int, score: int, strengths: str, improvements: str):
    _criterion(at, number)
    at.number_input[0].set_value(score)
    at.text_area[0].input(strengths)
    at.text_area[1].input(improvements)
    return at.run()


def test_scoring_page_shows_one_criterion_with_a_picker_for_all_five(app, db):
    at, _ = _open(app, db, "not_started")
    assert not at.exception
    picker = at.segmented_control[0]
    assert picker.options == ["1", "2", "3", "4", "5"] and picker.value == 1
    assert len(at.number_input) == 1
    assert [t.label for t in at.text_area] == ["Styrkor · kriterium 1", "Förbättringsområden · kriterium 1"]
    assert {b.label for b in at.button} >= {"Spara utkast", "Skicka in"}
    assert "Du bedömer självständigt" in at.caption[0].value
    view = assessment.open_assessment(db, user_of(db, "examinator1"), _open(app, db, "not_started")[1])
    first = view.rulebook.criteria[0]
    assert any(m.value.startswith(f"**1. {first.title}**") and m.help and first.guidance[0] in m.help
               for m in at.markdown)
    assert at.number_input[0].help.count(text.BAND) == len(view.rulebook.scale.bands)


def test_typed_values_survive_moving_between_criteria_and_are_saved_together(app, db):
    at, sid = _open(app, db, "not_started")
    _fill(at, 1, 60, "Tydlig dialog med brukarrådet", "Följ upp synpunkterna")
    _fill(at, 3, 40, "Mål finns", "Mät oftare")
    assert text.SCORE_UNSAVED.format(criteria="1, 3") in [c.value for c in at.caption]
    assert at.segmented_control[0].options == ["1 ✓", "2", "3 ✓", "4", "5"]
    _criterion(at, 1)
    assert at.number_input[0].value == 60 and at.text_area[0].value == "Tydlig dialog med brukarrådet"
    button(at, "Spara utkast").click().run()
    assert [s.value for s in at.success] == ["Utkastet är sparat (version 1)."]
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert view.status == "draft"
    assert (view.entries[1].score, view.entries[1].strengths) == (60, "Tydlig dialog med brukarrådet")
    assert (view.entries[3].score, view.entries[3].improvements) == (40, "Mät oftare")
    assert view.entries[2].score is None
    assert not any("Osparade" in c.value for c in at.caption)


def test_scoring_page_off_scale_score_shows_swedish_error_and_saves_nothing(app, db):
    at, sid = _open(app, db, "not_started")
    at.number_input[0].set_value(75)
    button(at, "Spara utkast").click().run()
    assert [_unescaped(e.value) for e in at.error] == [
        "Kriterium 1: poängen 75 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10)."]
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"


def _fill_all(at):
    for i, value in enumerate([70, 60, 80, 50, 90], start=1):
        _fill(at, i, value, f"Styrka {i}", f"Förbättring {i}")
    return at


def test_scoring_page_submit_asks_once_then_locks_and_shows_read_only(app, db):
    at, sid = _open(app, db, "not_started")
    _fill_all(at)
    button(at, "Skicka in").click().run()
    assert not at.exception
    [dialog] = at.get("dialog")
    assert dialog.proto.dialog.title == text.SUBMIT_CONFIRM_TITLE
    assert any(m.value.startswith("Du kan inte ändra efter att du skickat in") for m in at.markdown)
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"  # not yet
    at.button(key="submit-confirm").click().run()
    assert not at.exception
    assert any("inskickad och låst" in s.value for s in at.success)
    assert len(at.number_input) == 0 and len(at.segmented_control) == 0 and not at.get("dialog")
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert view.locked
    assert [view.entries[n].score for n in range(1, 6)] == [70, 60, 80, 50, 90]
    assert view.entries[5].improvements == "Förbättring 5"


def test_scoring_page_submit_cancelled_keeps_the_form_and_locks_nothing(app, db):
    at, sid = _open(app, db, "not_started")
    _fill_all(at)
    button(at, "Skicka in").click().run()
    at.button(key="submit-cancel").click().run()
    assert not at.exception and not at.get("dialog")
    assert at.segmented_control[0].value == 5 and at.text_area[0].value == "Styrka 5"
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"
    assert any("Osparade" in c.value for c in at.caption)


def test_scoring_page_submit_incomplete_lists_what_is_missing(app, db):
    at, sid = _open(app, db, "not_started")
    at.number_input[0].set_value(70)
    button(at, "Skicka in").click().run()
    # What the core would refuse is said at once; there is nothing to confirm.
    assert not at.get("dialog")
    error = _unescaped(at.error[0].value)
    assert "Kriterium 1 (Stockholmarnas synpunkter och dialog) saknar styrkor och förbättringsområden." in error
    assert "Kriterium 2" in error
    assert assessment.open_assessment(db, user_of(db, "examinator1"), sid).status == "not_started"


def test_scoring_page_links_to_the_next_unfinished_submission(app, db):
    at, sid = _open(app, db, "not_started")
    mine = assessment.my_assessments(db, user_of(db, "examinator1"), 2026)
    others = mine.filter((mine["status"] != "submitted") & (mine["submission_id"] != sid)).sort("unit_name")
    [link] = [p for p in at.page_link if p.value.startswith("Nästa att bedöma")]
    assert link.value == text.SCORE_NEXT.format(unit=others["unit_name"][0])
    assert link.proto.query_string == f"bidrag={others['submission_id'][0]}"


def test_scoring_page_user_text_is_shown_as_text_not_markdown(app, db):
    at, sid = _open(app, db, "submitted")
    texts = [t.value for t in at.text]
    view = assessment.open_assessment(db, user_of(db, "examinator1"), sid)
    assert view.entries[1].strengths in texts
