"""The practice case's pages (issue 18): the examiner's scoring and feedback, the kansli's preparation and the
calibration table, each through app.py as the user sees it."""
from scoring.assessment import practice
from scoring.ui import text
from tests.conftest import button, open_page, user_of

SCORE, ADMIN, TABLE = ("scoring/ui/pages/practice_score.py", "scoring/ui/pages/practice_admin.py",
                       "scoring/ui/pages/practice_calibration.py")
FULL = {c: {"score": 50, "strengths": "Styrka", "improvements": "Förbättring"} for c in range(1, 6)}


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_practice_page_marks_the_case_and_shows_the_form_before_submitting(app):
    at = open_page(app, "examinator5", SCORE)
    assert any(text.PRACTICE_NOT_COUNTED in w.value for w in at.warning)
    assert any(b.label == text.SUBMIT for b in at.button)
    assert text.PRACTICE_DEVIATIONS not in [h.value for h in at.subheader]


def test_practice_page_after_submitting_shows_deviations_reference_and_group(app, db):
    at = open_page(app, "examinator2", SCORE)
    md = _markdown(at)
    fb = practice.feedback(db, user_of(db, "examinator2"), 2026)
    for d in fb.deviations:
        assert d.text in md
    assert text.PRACTICE_GROUP in [h.value for h in at.subheader]
    assert any(df for df in at.dataframe)
    # never another examiner's name
    assert "Examinator 3" not in md and "examinator3" not in md


def test_practice_page_submit_through_the_form_then_feedback(app, db):
    at = open_page(app, "examinator5", SCORE)
    year = 2026
    # the same form as a real submission: fill each criterion through the picker
    for n in range(1, 6):
        at.segmented_control[0].set_value(n).run()
        at.number_input[0].set_value(50).run()
        at.text_area[0].input("Styrka i bidraget").run()
        at.text_area[1].input("Förbättring i bidraget").run()
    button(at, text.SAVE_DRAFT).click().run()
    assert not at.exception
    version = practice.open_practice(db, user_of(db, "examinator5"), year).form.version
    practice.submit(db, user_of(db, "examinator5"), year, FULL, version)
    at.run()
    assert text.PRACTICE_DEVIATIONS in [h.value for h in at.subheader]


def test_my_assessments_suggests_the_practice_case_first(app):
    at = open_page(app, "examinator5", "scoring/ui/pages/my_assessments.py")
    assert any(text.PRACTICE_SUGGEST in i.value for i in at.info)


def test_kansli_table_names_examiners_and_flags_the_lenient(app):
    at = open_page(app, "admin", TABLE)
    table = at.dataframe[0].value
    assert "Examinator 8" in table[text.PRACTICE_COL_EXAMINER].to_list()
    flagged = table[table[text.PRACTICE_COL_FLAG] == text.PRACTICE_FLAG_MARK]
    assert flagged[text.PRACTICE_COL_EXAMINER].to_list() == ["Examinator 8"]
    assert "Examinator 1" in _markdown(at)      # has not done it


def test_committee_table_shows_pseudonyms_only(app):
    at = open_page(app, "kommitte1", TABLE)
    names = at.dataframe[0].value[text.PRACTICE_COL_EXAMINER].to_list()
    assert names and all(n.startswith("Examinator ") and not n.split()[-1].isdigit() for n in names)
    assert "Examinator 1," not in _markdown(at)


def test_kansli_page_shows_the_locked_case(app):
    at = open_page(app, "admin", ADMIN)
    assert any("låstes" in s.value for s in at.success)


def test_calibration_page_counts_examiner_groups_without_and_with_the_exercise(app, db):
    at = open_page(app, "admin", "scoring/ui/pages/committee_calibration.py")   # the committee: from site visits
    without, with_ = practice.group_counts(db, user_of(db, "kommitte1"), 2026)
    assert text.PRACTICE_GROUPS.format(without=without, with_=with_) in [c.value for c in at.caption]


def test_cycle_that_locks_real_work_stops_the_scoring_page_until_the_practice_case_is_in(app, db):
    practice.set_settings(db, user_of(db, "admin"), 2026, True, 15)
    db.close()
    at = open_page(app, "examinator5", "scoring/ui/pages/my_assessments.py")
    assert any(text.PRACTICE_BLOCK in w.value for w in at.warning)
    at.switch_page("scoring/ui/pages/score_submission.py").run()
    assert any(practice.REAL_WORK_LOCKED in e.value for e in at.error)
    assert not at.text_area                                           # no scoring form
    done = open_page(app, "examinator2", "scoring/ui/pages/score_submission.py")
    assert not any(practice.REAL_WORK_LOCKED in e.value for e in done.error)


def test_named_senior_examiner_sets_the_reference_on_the_practice_page_before_the_lock(app, db):
    db.write(lambda con: con.execute("UPDATE practice_case SET locked_at = NULL WHERE cycle = 2026"))  # not open
    practice.set_referees(db, user_of(db, "admin"), 2026, ["examinator4"])
    db.close()
    at = open_page(app, "examinator4", SCORE)
    assert any(text.PRACTICE_REFEREE_INFO in i.value for i in at.info)
    at.number_input[0].set_value(90)
    at.text_area[0].input("Senior motivering")
    button(at, text.PRACTICE_SAVE_REF).click().run()
    assert not at.exception and not at.error
    assert any(text.PRACTICE_REF_SAVED in s.value for s in at.success)
    assert at.number_input[0].value == 90                             # read back from the database
    other = open_page(app, "examinator3", SCORE)
    assert any(practice.NOT_OPEN in i.value for i in other.info)
    assert not other.number_input
