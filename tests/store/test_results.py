"""Final scores: site visit > done consensus > mean of submitted assessments, with the source; weighted totals."""
import polars as pl
import pytest

from scoring.assessment import consensus
from scoring.assessment import results
from scoring.store import assessments
from scoring.store import consensus as consensus_store
from scoring.store import site_visits

CURRENT, HISTORY = 2026, 2022


def _expected(db, year, sid, criterion):
    """The rule written out by hand for one submission and criterion."""
    with db.read() as con:
        visit = site_visits.scores(con, sid) if site_visits.get(con, sid) else {}
        state = consensus_store.state(con, sid)
        agreed = consensus_store.scores(con, sid)
        team = consensus_store.team_state(con, sid)
        given = [assessments.scores(con, sid, m["examiner"]).get(criterion, {}).get("score")
                 for m in team if m["status"] == "submitted"]
    if criterion in visit:
        return visit[criterion]["score"], "platsbesök"
    if state and state["status"] == "done":
        return agreed[criterion]["score"], "konsensus"
    given = [g for g in given if g is not None]
    if given:
        return sum(given) / len(given), "individuellt medel"
    return None, "saknas"


@pytest.mark.parametrize("year", [CURRENT, HISTORY])
def test_final_scores_follow_the_precedence_for_every_submission(db, year):
    finals = results.final_scores(db, year)
    assert finals.columns == ["submission_id", "class_code", "criterion", "score", "source"]
    assert finals.height == 5 * finals["submission_id"].n_unique()
    for row in finals.iter_rows(named=True):
        score, source = _expected(db, year, row["submission_id"], row["criterion"])
        assert row["source"] == source
        assert row["score"] == (None if score is None else pytest.approx(score))


def test_every_source_occurs_in_the_demo(db):
    now = set(results.final_scores(db, CURRENT)["source"])
    then = set(results.final_scores(db, HISTORY)["source"])
    assert now == {"konsensus", "individuellt medel", "saknas"}
    assert then == {"konsensus", "platsbesök"}


def test_draft_consensus_does_not_count_but_done_does(db, user):
    teams = consensus.my_teams(db, user("examinator1"), CURRENT)
    finals = results.final_scores(db, CURRENT)
    draft = teams.filter(pl.col("consensus_status") == "open")["submission_id"][0]
    done = teams.filter(pl.col("consensus_status") == "done")["submission_id"][0]
    assert set(finals.filter(pl.col("submission_id") == draft)["source"]) == {"individuellt medel"}
    assert set(finals.filter(pl.col("submission_id") == done)["source"]) == {"konsensus"}


def test_weighted_totals_use_the_cycles_weights(db):
    db.write(lambda con: con.execute(
        "UPDATE criterion SET weight = CASE number WHEN 1 THEN 40 ELSE 15 END WHERE cycle = ?", [HISTORY]))
    finals = results.final_scores(db, HISTORY)
    totals = results.weighted_totals(db, HISTORY)
    assert totals.height == finals["submission_id"].n_unique()
    for row in totals.iter_rows(named=True):
        scores = dict(finals.filter(pl.col("submission_id") == row["submission_id"])
                      .select("criterion", "score").iter_rows())
        expected = (40 * scores[1] + 15 * (scores[2] + scores[3] + scores[4] + scores[5])) / 100
        assert row["total"] == pytest.approx(expected)
        assert row["criteria_scored"] == 5
    assert totals["site_visit"].sum() == 3
    assert set(totals.filter(pl.col("site_visit"))["source"]) == {"konsensus"}  # weakest source of the five


def test_totals_null_and_marked_when_nothing_is_submitted(db):
    totals = results.weighted_totals(db, CURRENT)
    missing = totals.filter(pl.col("source") == "saknas")
    assert missing.height > 0
    assert missing["total"].null_count() == missing.height and set(missing["criteria_scored"]) == {0}
    preliminary = totals.filter(pl.col("source") == "individuellt medel")
    assert preliminary["total"].null_count() == 0


def test_class_medians_per_class_and_criterion(db):
    finals = results.final_scores(db, HISTORY)
    medians = results.class_medians(finals)
    assert medians.height == 5 * 5
    one = finals.filter((pl.col("class_code") == "skola") & (pl.col("criterion") == 3))["score"]
    assert medians.filter((pl.col("class_code") == "skola") & (pl.col("criterion") == 3))["median"][0] == \
        pytest.approx(one.median())
