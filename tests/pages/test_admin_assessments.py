"""The kansli's assessment overview: counts from the core, and reopening a submitted assessment."""
from scoring import assessment
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/admin_assessments.py"


def test_admin_overview_counts_equal_the_core(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    counts = assessment.progress(assessment.cycle_overview(db, user_of(db, "admin"), 2026))
    assert [m.value for m in at.metric] == [str(counts[k]) for k in ("total", "not_started", "draft", "submitted")]


def test_admin_reopens_a_submitted_assessment(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    sid, examiner = at.selectbox[0].value
    at.text_input[0].input("Examinatorn bad om att få rätta kriterium 2")
    button(at, "Öppna igen").click().run()
    assert not at.exception
    assert "öppnad igen" in at.success[0].value
    assert assessment.open_assessment(db, user_of(db, examiner), sid).status == "draft"
