"""The independent assessment: scoring rules, drafts, submit and lock, reopen, independence, stale saves."""
import pytest

from scoring.assessment import individual as assessment
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import assessments, cycles

YEAR = 2026


def _first(db, user, status: str, who: str = "examinator1") -> int:
    mine = assessment.my_assessments(db, user(who), YEAR)
    return mine.filter(mine["status"] == status)["submission_id"][0]


def _complete(values=(70, 60, 80, 50, 90)) -> dict:
    return {n: {"score": v, "strengths": f"Styrka {n}", "improvements": f"Förbättra {n}"}
            for n, v in zip(range(1, 6), values)}


def _stored(db, sid, examiner="examinator1"):
    with db.read() as con:
        return assessments.scores(con, sid, examiner), assessments.state(con, sid, examiner)


def test_my_assessments_lists_only_own_assignments_with_every_status(db, user):
    mine = assessment.my_assessments(db, user("examinator1"), YEAR)
    assert mine.height == 10
    assert set(mine["status"]) == {"not_started", "draft", "submitted"}
    assert assessment.progress(mine) == {"not_started": 2, "draft": 2, "submitted": 6, "total": 10}


def test_my_assessments_refused_for_committee(db, user):
    with pytest.raises(AccessDenied, match="Din roll"):
        assessment.my_assessments(db, user("kommitte1"), YEAR)


def test_save_draft_persists_and_bumps_version(db, user):
    sid = _first(db, user, "not_started")
    version = assessment.save_draft(db, user("examinator1"), sid, {1: {"score": "70", "strengths": "Bra"}}, 0)
    scores, state = _stored(db, sid)
    assert version == 1
    assert state["status"] == "draft"
    assert scores[1] == {"score": 70, "strengths": "Bra", "improvements": ""}
    assert scores[2]["score"] is None


@pytest.mark.parametrize("bad, message", [
    (75, "Kriterium 1: poängen 75 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10)."),
    (110, "Kriterium 1: poängen 110 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10)."),
    (-10, "Kriterium 1: poängen -10 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10)."),
    ("sju", "Kriterium 1: poängen måste vara ett tal, fick 'sju'. Ange en av 0, 10, … 100 (steg om 10)."),
    (float("nan"), "Kriterium 1: poängen måste vara ett tal, fick 'nan'. Ange en av 0, 10, … 100 (steg om 10)."),
])
def test_save_draft_off_scale_or_non_number_refused_and_nothing_saved(db, user, bad, message):
    sid = _first(db, user, "not_started")
    before = _stored(db, sid)
    raw = _complete()
    raw[1]["score"] = bad
    with pytest.raises(ValidationError) as err:
        assessment.save_draft(db, user("examinator1"), sid, raw, 0)
    assert err.value.messages == [message]
    assert _stored(db, sid) == before


def test_parse_entries_accepts_decimal_comma_whole_numbers():
    book = __import__("criteria").load_year(YEAR)
    parsed = assessment.parse_entries({1: {"score": "70,0"}, 2: {"score": 80.0}}, book)
    assert parsed[1].score == 70 and parsed[2].score == 80 and parsed[3].score is None


def test_submit_incomplete_lists_every_missing_part_and_changes_nothing(db, user):
    sid = _first(db, user, "not_started")
    raw = _complete()
    raw[2]["score"] = None
    raw[4]["improvements"] = "  "
    with pytest.raises(ValidationError) as err:
        assessment.submit(db, user("examinator1"), sid, raw, 0)
    assert err.value.messages == [
        "Kriterium 2 (Systematiskt förbättringsarbete och samverkan) saknar poäng.",
        "Kriterium 4 (Medarbetarnas delaktighet) saknar förbättringsområden.",
    ]
    scores, state = _stored(db, sid)
    assert scores == {} and state["status"] == "not_started"


def test_submit_complete_locks_the_assessment(db, user):
    sid = _first(db, user, "not_started")
    version = assessment.submit(db, user("examinator1"), sid, _complete(), 0)
    view = assessment.open_assessment(db, user("examinator1"), sid)
    assert view.locked and view.version == version
    assert [view.entries[n].score for n in range(1, 6)] == [70, 60, 80, 50, 90]
    with pytest.raises(ValidationError, match="redan inskickad och låst"):
        assessment.save_draft(db, user("examinator1"), sid, _complete(), version)


def test_reopen_by_admin_unlocks_and_examiner_can_save_again(db, user):
    sid = _first(db, user, "submitted")
    assessment.reopen(db, user("admin"), sid, "examinator1", "Fel poäng på kriterium 3")
    view = assessment.open_assessment(db, user("examinator1"), sid)
    assert view.status == "draft"
    assessment.save_draft(db, user("examinator1"), sid, _complete(), view.version)
    assert _stored(db, sid)[1]["status"] == "draft"


def test_reopen_by_examiner_is_refused(db, user):
    sid = _first(db, user, "submitted")
    with pytest.raises(AccessDenied):
        assessment.reopen(db, user("examinator1"), sid, "examinator1", "vill ändra")
    assert _stored(db, sid)[1]["status"] == "submitted"


def test_reopen_without_reason_is_refused(db, user):
    sid = _first(db, user, "submitted")
    with pytest.raises(ValidationError, match="Ange varför"):
        assessment.reopen(db, user("admin"), sid, "examinator1", "  ")


def test_open_assessment_of_unassigned_submission_is_refused(db, user):
    theirs = set(assessment.my_assessments(db, user("examinator4"), YEAR)["submission_id"])
    mine = set(assessment.my_assessments(db, user("examinator1"), YEAR)["submission_id"])
    other = sorted(theirs - mine)[0]
    with pytest.raises(AccessDenied, match=f"inte tilldelad bidrag {other}"):
        assessment.open_assessment(db, user("examinator1"), other)
    with pytest.raises(AccessDenied):
        assessment.save_draft(db, user("examinator1"), other, _complete(), 0)


def test_open_assessment_shows_only_own_scores_never_a_teammates(db, user):
    # examinator2 is on examinator1's team; their scores differ on a fully submitted submission.
    sid = _first(db, user, "submitted")
    own = _stored(db, sid, "examinator1")[0]
    view = assessment.open_assessment(db, user("examinator1"), sid)
    assert {n: e.strengths for n, e in view.entries.items()} == {n: own[n]["strengths"] for n in own}
    assert not hasattr(view, "team")


def test_save_from_a_stale_version_is_refused_with_the_newer_values(db, user):
    sid = _first(db, user, "not_started")
    first_tab = assessment.save_draft(db, user("examinator1"), sid, _complete((10, 10, 10, 10, 10)), 0)
    with pytest.raises(assessment.StaleVersion) as err:
        assessment.save_draft(db, user("examinator1"), sid, _complete((90, 90, 90, 90, 90)), 0)
    assert err.value.current.version == first_tab
    assert [err.value.current.entries[n].score for n in range(1, 6)] == [10] * 5
    assert [v["score"] for v in _stored(db, sid)[0].values()] == [10] * 5


def test_save_outside_the_assessment_phase_is_refused(db, user):
    sid = _first(db, user, "not_started")
    db.write(lambda con: cycles.set_phase(con, YEAR, "consensus"))
    with pytest.raises(AccessDenied, match="fasen konsensus"):
        assessment.save_draft(db, user("examinator1"), sid, _complete(), 0)


def test_text_over_the_limit_is_refused(db, user):
    sid = _first(db, user, "not_started")
    raw = _complete()
    raw[3]["strengths"] = "x" * (assessment.MAX_TEXT_LENGTH + 1)
    with pytest.raises(ValidationError, match="Kriterium 3: texten för styrkor är för lång"):
        assessment.save_draft(db, user("examinator1"), sid, raw, 0)


def test_save_records_an_audit_entry_with_old_and_new_values(db, user):
    sid = _first(db, user, "not_started")
    assessment.save_draft(db, user("examinator1"), sid, {1: {"score": 40}}, 0)
    log = db.frame("SELECT actor, action, entity, entity_key, new_value FROM audit_log"
                   " WHERE action = 'save_draft' AND entity_key = ?", [f"{sid}/examinator1"])
    assert log.height == 1
    assert log.row(0)[:4] == ("examinator1", "save_draft", "assessment", f"{sid}/examinator1")
    assert '"score": 40' in log["new_value"][0]


def test_second_save_overwrites_every_criterion_and_can_clear_a_score(db, user):
    sid = _first(db, user, "not_started")
    first = assessment.save_draft(db, user("examinator1"), sid, _complete((10, 20, 30, 40, 50)), 0)
    changed = _complete((60, 70, 80, 90, 100))
    changed[2] = {"score": None, "strengths": "Ändrad 'text' \"med\" citat", "improvements": ""}
    assessment.save_draft(db, user("examinator1"), sid, changed, first)
    scores, state = _stored(db, sid)
    assert [scores[n]["score"] for n in range(1, 6)] == [60, None, 80, 90, 100]
    assert scores[2]["strengths"] == "Ändrad 'text' \"med\" citat" and scores[2]["improvements"] == ""
    assert state["version"] == first + 1
