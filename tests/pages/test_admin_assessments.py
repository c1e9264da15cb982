"""The kansli's assessment overview: counts from the core, and reopening a submitted assessment."""
from scoring.assessment import individual as assessment
from scoring.ui import text
from tests.conftest import button, user_of
from tests.next_cycle import add_2027
from tests.pages.markdown_text import unescaped

PAGE = "scoring/ui/pages/admin_assessments.py"


def test_admin_overview_counts_equal_the_core(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    counts = assessment.progress(assessment.cycle_overview(db, user_of(db, "admin"), 2026))
    assert [m.value for m in at.metric] == [str(counts[k]) for k in ("total", "not_started", "draft", "submitted")]


def test_admin_reopens_a_submitted_assessment(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    sid, examiner = next(s for s in at.selectbox if s.label == "Bedömning").value
    next(t for t in at.text_input if t.label == text.REOPEN_REASON).input("Examinatorn bad om att få rätta kriterium 2")
    button(at, "Öppna igen").click().run()
    assert not at.exception
    assert "öppnad igen" in unescaped(at.success[0].value)
    assert assessment.open_assessment(db, user_of(db, examiner), sid).status == "draft"


def test_admin_overview_shows_and_follows_the_chosen_cycle(app, db):
    add_2027(db, 2)
    at = app("admin")
    at.switch_page(PAGE).run()
    picker = at.selectbox(key="assessments-cycle-year")
    assert picker.label == "Omgång" and picker.value == 2026
    assert picker.format_func(2026) == "2026 · Individuell bedömning"
    picker.set_value(2022).run()
    counts = assessment.progress(assessment.cycle_overview(db, user_of(db, "admin"), 2022))
    assert counts["total"] > 0
    assert [m.value for m in at.metric] == [str(counts[k]) for k in ("total", "not_started", "draft", "submitted")]


def test_never_saved_assessments_show_a_dash_not_none(app, db):
    db.write(lambda con: con.execute(
        "UPDATE assessment SET updated_at = NULL WHERE status = 'not_started' AND examiner = 'examinator2'"))
    at = app("admin")
    at.switch_page(PAGE).run()
    assert [m.label for m in at.metric] == ["Bedömningar", "Ej påbörjade", "Utkast", "Inskickade"]
    table = at.dataframe[0].value
    saved = table[table["Examinator"] == "Examinator 2"]["Senast sparad"].tolist()
    assert "–" in saved and "None" not in [str(v) for v in saved]
    assert all(v == "–" or len(v) == 16 for v in table["Senast sparad"])   # 2026-12-04 16:32, no seconds


def test_the_kansli_filters_by_class_and_search_before_the_table_is_shown(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    everything = at.dataframe[0].value
    klass = everything["Tävlingsklass"].iloc[0]
    at.selectbox(key="assessments-class").set_value(klass).run()
    assert not at.exception
    one_class = at.dataframe[0].value
    assert 0 < len(one_class) < len(everything) and set(one_class["Tävlingsklass"]) == {klass}
    at.text_input(key="assessments-search").input("Examinator 3").run()
    found = at.dataframe[0].value
    assert 0 < len(found) <= len(one_class)
    assert set(found["Examinator"]) == {"Examinator 3"} or all("examinator 3" in f"{u} {e}".lower()
                                                               for u, e in zip(found["Enhet"], found["Examinator"]))
    offered = next(s for s in at.selectbox if s.label == "Bedömning").options if any(
        s.label == "Bedömning" for s in at.selectbox) else []
    assert all("Examinator 3" in o for o in offered)
