"""The practice case against a real DuckDB file (issue 18): preparing, locking, scoring, re-scoring, reuse, and
that practice scores never reach a unit's results."""
import pytest

from scoring.assessment import practice
from scoring.assessment import results
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import Store

YEAR = 2026
FULL = {c: {"score": 100, "strengths": "Styrka", "improvements": "Förbättring"} for c in range(1, 6)}


def _submit(db: Store, me, raw=FULL) -> int:
    return practice.submit(db, me, YEAR, raw, practice.open_practice(db, me, YEAR).form.version)


def test_practice_scores_never_enter_results_or_the_score_tables(db: Store, user):
    before_totals = results.weighted_totals(db, YEAR)
    before_scores = db.frame("SELECT count(*) AS n FROM score")["n"][0]
    for name in ("examinator1", "examinator5", "examinator13", "examinator15"):
        _submit(db, user(name))
    assert results.weighted_totals(db, YEAR).equals(before_totals)
    assert db.frame("SELECT count(*) AS n FROM score")["n"][0] == before_scores
    assert db.frame("SELECT count(*) AS n FROM assessment WHERE submission_id < 0")["n"][0] == 0
    assert db.frame("SELECT count(*) AS n FROM practice_score WHERE examiner = 'examinator5'")["n"][0] == 5


def test_reference_hidden_until_own_submission_then_deviations(db: Store, user):
    me = user("examinator5")
    with pytest.raises(AccessDenied, match="skickat in"):
        practice.feedback(db, me, YEAR)
    practice.save_draft(db, me, YEAR, FULL, 0)
    with pytest.raises(AccessDenied):
        practice.feedback(db, me, YEAR)
    _submit(db, me)
    fb = practice.feedback(db, me, YEAR)
    assert [d.diff for d in fb.deviations] == [40, 50, 40, 60, 60]
    assert fb.flagged and fb.deviations[0].text.startswith("+40 på kriterium 1: du är mildare")
    assert "Föräldrarådet" in fb.rationale[1]
    assert not {"examiner", "display_name"} & set(fb.distribution.columns)


def test_a_stale_practice_save_is_refused(db: Store, user):
    me = user("examinator5")
    practice.save_draft(db, me, YEAR, FULL, 0)
    with pytest.raises(ValidationError, match="annan flik"):
        practice.save_draft(db, me, YEAR, FULL, 0)


def test_rescore_keeps_the_old_attempt_beside_the_new(db: Store, user):
    admin, me = user("admin"), user("examinator5")
    _submit(db, me)
    assert practice.request_rescore(db, admin, YEAR, "examinator5") == 2
    view = practice.open_practice(db, me, YEAR)
    assert (view.attempt, view.locked, view.requested_by) == (2, False, "admin")
    _submit(db, me, {c: {**v, "score": 50} for c, v in FULL.items()})
    table = practice.calibration_table(db, admin, YEAR).filter(examiner="examinator5")
    assert table["attempt"].to_list() == [1, 2]
    assert table["d1"].to_list() == [40, -10]
    assert table["flagged"].to_list() == [True, False]


def test_calibration_table_lists_who_has_not_done_it_and_pseudonyms_for_the_committee(db: Store, user):
    named = practice.calibration_table(db, user("admin"), YEAR)
    assert set(named.filter(status="not_started")["examiner"]) == {"examinator1", "examinator5", "examinator13",
                                                                   "examinator15"}
    assert named.filter(named["flagged"])["examiner"].to_list() == ["examinator8"]
    hidden = practice.calibration_table(db, user("kommitte1"), YEAR)
    assert not any(n.startswith("examinator") for n in hidden["examiner"].to_list() + hidden["display_name"].to_list())


def test_lock_needs_every_reference_and_freezes_the_case(db: Store, user):
    admin = user("admin")
    with pytest.raises(ValidationError, match="låst"):
        practice.prepare(db, admin, YEAR, "Nytt", "Ny text")
    with pytest.raises(ValidationError, match="låst"):
        practice.reuse(db, admin, YEAR, 2022)


def test_prepare_reference_lock_and_reuse_in_a_new_cycle(db: Store, user):
    """A case for 2022 is not possible (closed), so reuse goes the other way: a fresh cycle reuses 2026's."""
    admin = user("admin")
    from scoring.store import cycles
    db.write(lambda con: cycles.set_phase(con, 2022, "assessment"))
    with pytest.raises(AccessDenied, match="inte öppnat|inget övningsfall"):
        practice.open_practice(db, user("examinator2"), 2022)
    practice.reuse(db, admin, 2022, YEAR)
    case = practice.case(db, admin, 2022)
    assert case["source_cycle"] == YEAR and case["has_document"] and len(case["reference"]) == 5
    with pytest.raises(AccessDenied, match="inte öppnat"):
        practice.open_practice(db, user("examinator2"), 2022)
    practice.set_reference(db, admin, 2022, {1: {"score": 60, "rationale": ""}})
    with pytest.raises(ValidationError, match="Kriterium 1 saknar"):
        practice.lock(db, admin, 2022)
    with pytest.raises(ValidationError, match="finns inte på skalan"):
        practice.set_reference(db, admin, 2022, {1: {"score": 65, "rationale": "x"}})
    practice.set_reference(db, admin, 2022, {n: {"score": 50, "rationale": "Motivering"} for n in range(1, 6)})
    practice.lock(db, admin, 2022)
    assert practice.open_practice(db, user("examinator2"), 2022).attempt == 1


def test_lock_real_blocks_until_submitted(db: Store, user):
    admin, me = user("admin"), user("examinator5")
    assert practice.real_work_status(db, me, YEAR) == "suggest"
    practice.set_settings(db, admin, YEAR, True, 20)
    assert practice.real_work_status(db, me, YEAR) == "block"
    with pytest.raises(AccessDenied):
        practice.require_real_work_open(db, me, YEAR)
    _submit(db, me)
    assert practice.real_work_status(db, me, YEAR) == "done"
    practice.require_real_work_open(db, me, YEAR)


def test_group_counts_with_and_without_the_exercise(db: Store, user):
    # the demo's submitted ratings form two groups; the ten examiners who did the exercise link them
    assert practice.group_counts(db, user("admin"), YEAR) == (2, 1)


def test_practice_rows_feed_the_severity_model_but_never_its_output(db: Store, user):
    from scoring.committee import analysis_input
    from scoring.committee import views as committee
    from scoring.committee import analysis as committee_analysis
    admin = user("admin")
    rows = practice.analysis_rows(db, admin, YEAR)
    assert rows["is_practice"].all() and rows["submission_id"].unique().to_list() == [practice.form_id(YEAR)]
    assert rows["examiner"].n_unique() == 10            # the demo's ten submitted attempts, the latest of each
    both = committee.analysis_scores(db, admin, YEAR)       # the committee's own model input carries them
    assert both.filter(~both["is_practice"])["submission_id"].min() > 0
    practised = both.filter(both["is_practice"]).select(rows.columns).sort("examiner", "criterion")
    assert practised.equals(rows.sort("examiner", "criterion"))
    assert analysis_input.with_practice(both.filter(~both["is_practice"]), rows).height == both.height
    out = committee_analysis.analyse(both, draws=200)
    assert practice.form_id(YEAR) not in out["submission_id"].to_list()
    assert practice.PRACTICE_CLASS not in out["class_code"].to_list()
    with pytest.raises(AccessDenied):
        practice.analysis_rows(db, user("kommitte1"), YEAR)


def test_named_senior_examiners_set_the_reference_others_may_not(db: Store, user):
    from scoring.store import cycles
    admin, senior, other = user("admin"), user("examinator4"), user("examinator3")
    db.write(lambda con: cycles.set_phase(con, 2022, "assessment"))
    practice.reuse(db, admin, 2022, YEAR)
    with pytest.raises(AccessDenied, match="seniora examinatorer"):
        practice.set_reference(db, senior, 2022, {1: {"score": 70, "rationale": "Senior"}})
    with pytest.raises(ValidationError, match="inte examinator"):
        practice.set_referees(db, admin, 2022, ["kommitte1"])
    practice.set_referees(db, admin, 2022, ["examinator4"])
    assert practice.may_set_reference(db, senior, 2022) and not practice.may_set_reference(db, other, 2022)
    assert practice.reference_for_referee(db, senior, 2022)["reference"][1]["score"] == 60
    assert practice.document(db, senior, 2022) is not None            # the PDF before the exercise opens
    practice.set_reference(db, senior, 2022, {n: {"score": 70, "rationale": "Senior"} for n in range(1, 6)})
    assert practice.case(db, admin, 2022)["reference"][1] == {"score": 70, "rationale": "Senior",
                                                              "set_by": "examinator4"}
    for refused in (lambda: practice.set_reference(db, other, 2022, {1: {"score": 10, "rationale": "x"}}),
                    lambda: practice.reference_for_referee(db, other, 2022),
                    lambda: practice.document(db, other, 2022)):
        with pytest.raises(AccessDenied):
            refused()
    practice.lock(db, admin, 2022)
    with pytest.raises(ValidationError, match="låst"):
        practice.set_reference(db, senior, 2022, {1: {"score": 10, "rationale": "x"}})


def test_lock_real_binds_in_the_assessment_core_not_only_the_page(db: Store, user):
    from scoring.assessment import individual as assessment
    admin, me = user("admin"), user("examinator5")
    mine = assessment.my_assessments(db, me, YEAR)
    sid = mine.filter(mine["status"] != "submitted")["submission_id"][0]
    version = assessment.open_assessment(db, me, sid).version     # a suggestion only: open
    practice.set_settings(db, admin, YEAR, True, 20)
    with pytest.raises(AccessDenied, match="övningsfallet"):
        assessment.open_assessment(db, me, sid)
    with pytest.raises(AccessDenied, match="övningsfallet"):
        assessment.save_draft(db, me, sid, {1: {"score": 40}}, version)
    _submit(db, me)
    assert assessment.save_draft(db, me, sid, {1: {"score": 40}}, version) == version + 1
