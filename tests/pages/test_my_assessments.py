"""Mina bedömningar shows exactly what the core computes for the examiner."""
from scoring import assessment
from tests.conftest import user_of


def test_my_assessments_metrics_equal_the_core_progress(app, db):
    at = app("examinator1")
    counts = assessment.progress(assessment.my_assessments(db, user_of(db, "examinator1"), 2026))
    assert [m.value for m in at.metric] == [str(counts[k]) for k in ("total", "not_started", "draft", "submitted")]


def test_my_assessments_lists_every_assigned_unit(app, db):
    at = app("examinator1")
    mine = assessment.my_assessments(db, user_of(db, "examinator1"), 2026)
    shown = " ".join(m.value for m in at.markdown)
    for unit in mine["unit_name"]:
        assert f"**{unit}**" in shown
