"""Statistics across cycles, read from the demo database."""
import polars as pl
import pytest

from scoring.committee import statistics
from scoring.platform.access import AccessDenied
from scoring.committee.calibration import calibrate_examiners
from scoring.committee.views import ratings


def test_participation_per_organisation_counts_units_against_targets(db, user):
    view = statistics.statistics_view(db, user("kommitte1"))
    assert view.years == [2022, 2026]
    orgs = view.organisations
    with db.read() as con:
        counts = dict(con.execute("SELECT cycle, count(*) FROM submission GROUP BY cycle").fetchall())
    for year, n in counts.items():
        assert orgs.filter(pl.col("cycle") == year)["participants"].sum() == n
    social = orgs.filter((pl.col("organisation") == "Socialförvaltningen") & (pl.col("cycle") == 2026)).row(
        0, named=True)
    assert social["target"] == 7 and social["participants"] < 7 and social["met"] is False
    no_target = orgs.filter(pl.col("target").is_null())
    assert no_target["met"].null_count() == no_target.height


def test_participation_lists_an_organisation_with_a_target_but_no_unit():
    parts = pl.DataFrame({"cycle": [2022], "organisation_id": [1], "organisation": ["A"], "class_code": ["k"],
                          "class_name": ["K"], "class_position": [1], "participants": [2]})
    targets = pl.DataFrame({"cycle": [2022, 2022], "organisation_id": [1, 2], "organisation": ["A", "B"],
                            "target": [1, 3]})
    result = statistics.participation_by_organisation(parts, targets)
    assert result.rows() == [(2022, "A", 2, 1, True), (2022, "B", 0, 3, False)]


def test_score_distributions_hold_every_complete_total(db, user):
    view = statistics.statistics_view(db, user("admin"))
    assert view.totals.filter(pl.col("cycle") == 2022).height == 23
    assert view.totals["total"].is_between(0, 100).all()
    assert view.totals["class_name"].null_count() == 0


def test_severity_over_years_is_each_cycles_own_calibration(db, user):
    view = statistics.statistics_view(db, user("admin"))
    for year in (2022, 2026):
        own = calibrate_examiners(ratings(db, user("admin"), year)).examiners.filter(pl.col("enough_data"))
        got = view.severity.filter(pl.col("cycle") == year).sort("examiner")
        assert got["severity"].to_list() == pytest.approx(own.sort("examiner")["severity"].to_list())
        assert got.height == own.height > 0


def test_examiners_may_not_read_statistics(db, user):
    with pytest.raises(AccessDenied):
        statistics.statistics_view(db, user("examinator2"))
