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
