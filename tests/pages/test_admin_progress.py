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
