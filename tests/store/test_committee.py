"""The committee's views read from the demo database: ratings, totals over several cycles, the
ranking with rank confidence and history, calibration and reliability, and who may read them."""
import polars as pl
import pytest

from scoring.committee import views as committee
from scoring.committee import ranking
from scoring.assessment import results
from scoring.platform.access import AccessDenied
from scoring.committee.analysis import analyse
from scoring.store import cycles
from scoring.store import ranking as store

YEAR, HISTORY = 2026, 2022


def set_phase(db, year: int, phase: str) -> None:
    db.write(lambda con: cycles.set_phase(con, year, phase))


def test_ratings_are_the_weighted_totals_of_complete_submitted_assessments(db, user):
    rated = committee.ratings(db, user("admin"), HISTORY)
    with db.read() as con:
        scores = store.criterion_scores(con, HISTORY)
        weights = store.criteria(con, HISTORY).select("criterion", "weight")
    expected = (scores.join(weights, on="criterion")
                .group_by("submission_id", "examiner")
                .agg(total=(pl.col("score") * pl.col("weight")).sum() / pl.col("weight").sum(), n=pl.len())
                .filter(pl.col("n") == 5))
    joined = rated.join(expected, on=["submission_id", "examiner"])
    assert joined.height == rated.height == expected.height == 69
    assert (joined["total"] - joined["total_right"]).abs().max() < 1e-9


def test_ratings_leave_out_drafts_and_partial_assessments(db, user):
    rated = committee.ratings(db, user("admin"), YEAR)
    with db.read() as con:
        submitted = con.execute(
            "SELECT count(*) FROM assessment x JOIN submission s ON s.id = x.submission_id"
            " WHERE s.cycle = ? AND x.status = 'submitted'", [YEAR]).fetchone()[0]
    assert 0 < rated.height == submitted


@pytest.mark.parametrize("year", [HISTORY, YEAR])
def test_store_totals_over_several_cycles_equal_the_results_module(db, year):
    with db.read() as con:
        many = store.totals(con, [HISTORY, YEAR]).filter(pl.col("cycle") == year)
    one = results.weighted_totals(db, year)
    joined = one.join(many, on="submission_id", how="full", coalesce=True)
    assert joined.height == one.height == many.height
    assert joined.filter(pl.col("total").is_null() != pl.col("total_right").is_null()).is_empty()
    assert (joined["total"] - joined["total_right"]).abs().max() < 1e-9
    assert joined["source"].to_list() == joined["source_right"].to_list()
    assert joined["site_visit"].to_list() == joined["site_visit_right"].to_list()


def test_ranking_view_is_the_tie_break_ranking_with_the_cores_confidence(db, user):
    view = committee.ranking_view(db, user("stadsdirektor"), HISTORY)
    scores = committee.analysis_scores(db, user("admin"), HISTORY)   # the usernames, as the ranking's own model
    analysed = analyse(scores)
    finals = results.final_scores(db, HISTORY)
    with db.read() as con:
        units = store.units(con, HISTORY)
    calibrated = analysed.select("submission_id", pl.col("best_estimate").alias("calibrated_mean"))
    expected = ranking.rank_units(results.weighted_totals(db, HISTORY), finals, calibrated, units)
    got = view.table.select("submission_id", "place").sort("submission_id")
    assert got.equals(expected.select("submission_id", "place").sort("submission_id"))
    p = dict(analysed.select("submission_id", "p_first").iter_rows())
    assert all(row["p_first"] == p[row["submission_id"]] for row in view.table.iter_rows(named=True))
    best = dict(analysed.select("submission_id", "place").iter_rows())
    assert all(row["best_place"] == best[row["submission_id"]] for row in view.table.iter_rows(named=True))
    leaders = analysed.filter(pl.col("place") == 1).sort("class_code", "p_first", descending=[False, True])
    assert (view.confidence.sort("class_code")["leader"].to_list()
            == leaders.unique("class_code", keep="first", maintain_order=True)["submission_id"].to_list())
    assert set(view.table["class_code"]) == set(view.classes["class_code"])


def test_analysis_scores_hold_partial_assessments_and_the_agreed_scores(db, user):
    scores = committee.analysis_scores(db, user("admin"), HISTORY)
    with db.read() as con:
        individual = store.criterion_scores(con, HISTORY)
    assert scores.height == individual.height > 0          # every scored criterion, complete or not
    assert scores["weight"].null_count() == 0
    assert scores["consensus_score"].drop_nulls().len() > 0  # 2022 is closed: its consensus is done
    assert (scores["final_score"].is_null() <= scores["consensus_score"].is_null()).all()
    pseudonymous = committee.analysis_scores(db, user("kommitte1"), HISTORY)
    assert pseudonymous["examiner"].str.starts_with("Examinator ").all()


def test_first_places_differ_names_both_units_in_plain_swedish():
    table = pl.DataFrame({"class_code": ["a", "a", "b", "b"], "class_name": ["Förskola", "Förskola", "Skola", "Skola"],
                          "submission_id": [1, 2, 3, 4], "unit_name": ["Ekorren", "Bävern", "Ugglan", "Lodjuret"],
                          "place": [1, 2, 1, 2], "best_place": [2, 1, 1, 2]})
    differ = committee.first_places_differ(table)
    assert differ["class_code"].to_list() == ["a"]
    assert differ["message"][0] == ("I klassen Förskola står Ekorren först i tabellen, men den bästa skattningen, "
                                    "justerad för hur sträng varje examinator är, sätter Bävern först.")


def test_ranking_view_history_shows_the_2022_result_of_returning_units(db, user):
    set_phase(db, YEAR, "site_visit")
    view = committee.ranking_view(db, user("kommitte2"), YEAR)
    with db.read() as con:
        returning = con.execute(
            "SELECT count(DISTINCT cur.id) FROM submission cur JOIN submission prev ON prev.unit_id = cur.unit_id"
            " AND prev.cycle = ? WHERE cur.cycle = ?", [HISTORY, YEAR]).fetchone()[0]
    assert view.history.filter(pl.col("took_part")).height == returning > 0
    summaries = view.table["history"].to_list()
    assert sum(s.startswith("2022:") for s in summaries) == returning
    assert sum("2022: vinnare" in s for s in summaries) == 4        # the demo's four 2022 winners
    assert any("hedersomnämnande" in s for s in summaries)


def test_calibration_view_names_examiners_and_compares_rankings(db, user):
    view = committee.calibration_view(db, user("admin"), HISTORY)
    assert view.calibration is not None
    assert view.examiners["display_name"].str.starts_with("Examinator ").all()
    assert view.examiners.height == 15
    assert view.comparison.height == results.weighted_totals(db, HISTORY).drop_nulls("total").height
    assert view.comparison["rank_other"].null_count() == 0
    assert view.reliability_class["method"].unique().to_list() == ["Krippendorffs α (intervallskala)"]
    assert view.reliability_criterion.height == 5 * 5
    assert view.disagreements["unit_name"].null_count() == 0
    assert view.disagreements["score_range"].is_sorted(descending=True)
    assert not any("separata grupper" in w for w in view.notes)  # demo teams share guest members: one graph


@pytest.mark.parametrize("username", ["examinator1", "examinator4"])
def test_examiners_may_not_read_the_committee_views(db, user, username):
    for view in (committee.ranking_view, committee.calibration_view, committee.ratings):
        with pytest.raises(AccessDenied):
            view(db, user(username), YEAR)


def test_unit_history_reads_the_earlier_total_and_place(db, user):
    set_phase(db, YEAR, "decision")
    actor = user("kommitte1")
    view = committee.ranking_view(db, actor, YEAR)
    returning = view.history.filter(pl.col("took_part")).row(0, named=True)
    history = committee.unit_history(db, actor, view, returning["submission_id"])
    row = history.filter(pl.col("earlier_cycle") == HISTORY).row(0, named=True)
    earlier = results.weighted_totals(db, HISTORY)
    klass = earlier.filter(pl.col("class_code") == returning["earlier_class"]).sort("total", descending=True)
    assert row["total"] == pytest.approx(
        earlier.filter(pl.col("submission_id") == returning["earlier_submission"])["total"][0])
    assert row["of"] == klass.height
    assert row["place"] == 1 + klass.filter(pl.col("total") > row["total"] + 1e-9).height


def test_calibration_view_compares_the_rankings_best_estimate(db, user):
    actor = user("kommitte1")
    view = committee.calibration_view(db, actor, HISTORY)
    ranked = committee.ranking(db, actor, HISTORY).table.select("submission_id", "calibrated_mean")
    joined = view.comparison.select("submission_id", "calibrated_mean").join(
        ranked.with_columns(pl.col("submission_id").cast(view.comparison["submission_id"].dtype)), on="submission_id")
    assert joined.height == view.comparison.height > 0
    assert (joined["calibrated_mean"] - joined["calibrated_mean_right"]).abs().max() < 1e-9
    fixed = view.calibration.units.join(view.comparison.select("submission_id", "calibrated_se"), on="submission_id")
    assert (fixed["calibrated_se"] != fixed["calibrated_se_right"]).any()     # the posterior sd, not the OLS se
