"""Mina bedömningar shows exactly what the core computes for the examiner, each row a link to it."""
from scoring.assessment import individual as assessment
from scoring.ui import text
from tests.conftest import user_of


def _mine(db):
    return assessment.my_assessments(db, user_of(db, "examinator1"), 2026)


def test_my_assessments_progress_equals_the_core_counts(app, db):
    at = app("examinator1")
    counts = assessment.progress(_mine(db))
    assert [p.text for p in at.progress] == [text.MY_PROGRESS.format(**counts)]
    assert at.progress[0].value == round(100 * counts["submitted"] / counts["total"])


def test_my_assessments_links_every_assigned_unit_to_its_scoring_page(app, db):
    at = app("examinator1")
    mine = _mine(db)
    labels = [link.value for link in at.page_link if "kriterier" in link.value]
    assert len(labels) == mine.height
    for row in mine.iter_rows(named=True):
        [label] = [v for v in labels if f" · **{row['unit_name']}** · " in v]
        assert label.startswith(text.STATUS_BADGE[row["status"]])
        assert f"{row['scored_criteria']}/5 kriterier" in label


def test_my_assessments_lists_what_is_left_before_the_submitted(app, db):
    at = app("examinator1")
    mine = _mine(db)
    statuses = [next(s for s, badge in text.STATUS_BADGE.items() if badge in link.value)
                for link in at.page_link if "kriterier" in link.value]
    assert statuses == sorted(statuses, key={"draft": 0, "not_started": 1, "submitted": 2}.__getitem__)
    to_do = mine.filter(mine["status"] != "submitted").height
    headers = [h.value for h in at.subheader]
    assert text.MY_TO_DO.format(n=to_do) in headers
    assert text.MY_DONE.format(n=mine.height - to_do) in headers


def test_my_assessments_names_the_cycle_and_its_phase(app):
    at = app("examinator2")
    at.switch_page("scoring/ui/pages/my_assessments.py")
    at.run()
    assert not at.exception
    assert "Omgång 2026 · Individuell bedömning" in [c.value for c in at.caption]


def _save_draft(db, username: str) -> int:
    """The examiner saves a draft (criterion 1's score) of an assessment not yet started, as from another tab."""
    actor = user_of(db, username)
    mine = assessment.my_assessments(db, actor, 2026)
    sid = mine.filter(mine["status"] == "not_started")["submission_id"][0]
    view = assessment.open_assessment(db, actor, sid)
    raw = {n: {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
           for n, e in view.entries.items()}
    raw[1]["score"] = view.rulebook.scale.min
    assessment.save_draft(db, actor, sid, raw, view.version)
    return sid


def test_my_assessments_keeps_its_read_past_other_examiners_drafts_and_sees_its_own(app, db):
    """Another examiner's draft cannot change this list, so the session's read is kept (Store.data_version);
    the examiner's own save from another tab shows on the next rerun."""
    at = app("examinator1")
    at.switch_page("scoring/ui/pages/my_assessments.py").run()
    key = "unchanged:my_assessments:examinator1:2026"
    first = at.session_state[key]
    _save_draft(db, "examinator2")
    at.run()
    assert at.session_state[key][2] is first[2]           # the same frame: not read again
    sid = _save_draft(db, "examinator1")
    at.run()
    row = _mine(db).filter(_mine(db)["submission_id"] == sid).row(0, named=True)
    assert row["status"] == "draft" and row["scored_criteria"] == 1
    [label] = [link.value for link in at.page_link if f" · **{row['unit_name']}** · " in link.value]
    assert label.startswith(text.STATUS_BADGE["draft"]) and "1/5 kriterier" in label
