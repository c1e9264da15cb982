"""Framsteg: the page shows the core's counts, per class and per examiner, with charts and exports."""
import datetime as dt

from scoring import progress
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
    assert len(at.get("plotly_chart")) == 2
    assert {b.label for b in at.get("download_button")} >= {"Exportera till Excel (.xlsx)",
                                                              "Exportera till CSV (zip)"}


def test_only_behind_filter_hides_examiners_who_are_done(app, db):
    db.write(lambda con: con.execute(
        "UPDATE assessment SET status = 'submitted' WHERE examiner = 'examinator2'"))
    at = app("admin")
    at.switch_page(PAGE).run()
    assert "examinator2" in at.dataframe[1].value["Användarnamn"].to_list()
    at.toggle[0].set_value(True).run()
    assert "examinator2" not in at.dataframe[1].value["Användarnamn"].to_list()
    assert at.dataframe[1].value.shape[0] > 0


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
