"""What the committee's ranking reads of its units in one query (scoring.store.ranking.ranking_units): the
same final totals as scoring.assessment.results and the same units as scoring.store.ranking.units, also for
units whose consensus was reopened, with or without a site visit."""
import datetime as dt

import polars as pl
import pytest

from scoring.assessment import consensus
from scoring.assessment import results
from scoring.assessment import site_visit
from scoring.store import ranking as store

YEAR, HISTORY = 2026, 2022


def _phase(db, year, phase):
    db.write(lambda con: con.execute("UPDATE cycle SET phase = ? WHERE year = ?", [phase, year]))


def _inputs(db, year):
    with db.read() as con:
        return store.ranking_units(con, year)


def _assert_the_rule_of_results(db, year, units):
    totals = results.weighted_totals(db, year)
    lowest = results.final_scores(db, year).group_by("submission_id").agg(lowest=pl.col("score").min())
    want = totals.join(lowest, on="submission_id")
    got = units.join(want, on="submission_id", how="full", coalesce=True)
    assert got.height == units.height == want.height > 0
    assert got.filter(pl.col("total").is_null() != pl.col("total_right").is_null()).is_empty()
    assert (got["total"] - got["total_right"]).abs().max() < 1e-9
    assert got["source"].to_list() == got["source_right"].to_list()
    assert got["site_visit"].to_list() == got["site_visit_right"].to_list()
    assert got.filter(pl.col("min_criterion").ne_missing(pl.col("lowest"))).is_empty()


@pytest.mark.parametrize("year", [HISTORY, YEAR])
def test_ranking_units_follow_the_rule_of_results_and_read_the_same_units(db, year):
    units = _inputs(db, year)
    _assert_the_rule_of_results(db, year, units)
    with db.read() as con:
        named = store.units(con, year)
    assert units.select(named.columns).sort("submission_id").equals(named.sort("submission_id"))
    assert set(units["source"]) >= ({"konsensus"} if year == HISTORY else {"individuellt medel", "saknas"})


def test_ranking_units_for_a_reopened_consensus_use_the_individual_means(db, user):
    sid = consensus.cycle_overview(db, user("admin"), HISTORY)["submission_id"][0]
    consensus.reopen(db, user("admin"), sid, "Teamet ses igen.")
    units = _inputs(db, HISTORY)
    assert units.filter(pl.col("submission_id") == sid)["source"][0] == "individuellt medel"
    _assert_the_rule_of_results(db, HISTORY, units)


def test_ranking_units_for_a_visited_unit_whose_consensus_was_reopened(db, user):
    _phase(db, HISTORY, "site_visit")
    short = site_visit.shortlist(db, user("kommitte1"), HISTORY)
    sid = short.filter(~pl.col("selected"))["submission_id"][0]
    lead = consensus.cycle_overview(db, user("admin"), HISTORY).filter(pl.col("submission_id") == sid)["lead"][0]
    site_visit.select(db, user("kommitte1"), sid)
    site_visit.record(db, user(lead), sid, dt.date(2022, 10, 12), "Kommittéledamot 2", "",
                      {2: {"score": 100, "reason": "Fler resultat visades på plats."}})
    units = _inputs(db, HISTORY)
    visited = units.filter(pl.col("submission_id") == sid).row(0, named=True)
    assert visited["site_visit"] and visited["source"] == "konsensus"
    _assert_the_rule_of_results(db, HISTORY, units)

    consensus.reopen(db, user("admin"), sid, "Teamet ses igen.")      # the visit's score still counts
    units = _inputs(db, HISTORY)
    reopened = units.filter(pl.col("submission_id") == sid).row(0, named=True)
    assert reopened["site_visit"] and reopened["source"] == "individuellt medel"
    _assert_the_rule_of_results(db, HISTORY, units)


def test_ranking_units_of_a_cycle_without_submissions(db):
    units = _inputs(db, 1999)
    assert units.is_empty()
    assert units.columns == ["submission_id", "unit_id", "unit_name", "organisation_id", "organisation",
                             "class_code", "class_name", "class_position", "total", "source", "site_visit",
                             "min_criterion"]


@pytest.mark.parametrize("year", [HISTORY, YEAR])
def test_rated_scores_are_the_analysis_input_without_the_agreed_scores(db, year):
    with db.read() as con:
        rated, analysed = store.rated_scores(con, year), store.analysis_scores(con, year)
    assert rated.height > 0
    assert rated.equals(analysed.drop("consensus_score", "final_score"))
