"""Framsteg: the page shows the core's counts, per class and per examiner, with charts and exports."""
import datetime as dt

from scoring.assessment import progress
from tests.conftest import user_of

PAGE = "scoring/ui/pages/admin_progress.py"


def test_progress_page_shows_the_cores_counts_and_charts(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    totals = progress.overview(db, user_of(db, "admin"), 2026, dt.date.today()).totals()
    assert [m.value for m in at.metric] == [str(totals[k]) for k in progress.COUNT_NAMES]
    by_class = at.dataframe[0].value
    assert by_class["Tilldelade"].sum() == totals["assigned"]
    assert len(at.get("plotly_chart")) == 1                   # one section drawn at a time: per class first
    at.segmented_control(key="progress-section").set_value("Per examinator").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert at.dataframe[0].value["Tilldelade"].sum() == totals["assigned"]
    assert {b.label for b in at.get("download_button")} >= {"Exportera till Excel (.xlsx)",
                                                              "Exportera till CSV (zip)"}


def test_only_behind_filter_hides_examiners_who_are_done(app, db):
    db.write(lambda con: con.execute(
        "UPDATE assessment SET status = 'submitted' WHERE examiner = 'examinator2'"))
    at = app("admin")
    at.switch_page(PAGE).run()
    at.segmented_control(key="progress-section").set_value("Per examinator").run()
    assert "examinator2" in at.dataframe[0].value["Användarnamn"].to_list()
    at.toggle[0].set_value(True).run()
    assert "examinator2" not in at.dataframe[0].value["Användarnamn"].to_list()
    assert at.dataframe[0].value.shape[0] > 0


def test_every_assessment_is_searchable_by_unit_or_examiner(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    at.segmented_control(key="progress-section").set_value("Alla bedömningar").run()
    every = at.dataframe[0].value
    total = progress.overview(db, user_of(db, "admin"), 2026, dt.date.today()).places.height
    assert len(every) == min(total, 500)
    at.text_input(key="progress-search").input("examinator 2").run()
    assert not at.exception
    found = at.dataframe[0].value
    assert 0 < len(found) < len(every)
    assert set(found["Examinator"]) <= {"Examinator 2", *[f"Examinator {i}" for i in range(20, 30)]}
    assert "Examinator 2" in set(found["Examinator"])
    at.text_input(key="progress-search").input("finns inte någonstans").run()
    assert len(at.dataframe[0].value) == 0
    assert any("Inga rader" in c.value for c in at.caption)


def test_progress_follows_the_chosen_cycle_and_says_days_in_the_singular(app, db):
    from tests.next_cycle import add_2027
    add_2027(db, 2)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    db.write(lambda con: con.execute("UPDATE cycle SET assessment_deadline = ? WHERE year = 2027", [tomorrow]))
    at = app("admin")
    at.switch_page(PAGE).run()
    at.selectbox(key="progress-cycle-year").set_value(2027).run()
    assert not at.exception
    assert f"({1} dag kvar)" in at.info[0].value
    assert "Inga bedömningar är fördelade i omgången 2027" in at.info[1].value
    assert [m.value for m in at.metric] == ["0"] * 5
