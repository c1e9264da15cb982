"""The final-score rule is written once (the table macros final_score and final_total of migration
0009) and every reader goes through it: with the precedence turned around in a temporary database,
results, the committee's ranking, the feedback reports, the chair's frozen totals and the archive
all change, and all agree with the new rule."""
import re
from pathlib import Path

import polars as pl
import pytest

from scoring.ceremony import archive
from scoring.committee import views as committee
from scoring.committee import decisions
from scoring.ceremony import feedback
from scoring.assessment import results
from scoring.store import ranking as ranking_store
from scoring.store.database import migration_files
from tests import ceremony_setup

YEAR = 2022                     # closed in the demo: every unit has a done consensus
RULE = "coalesce(agreed.score, indiv.mean)"
TURNED = "coalesce(indiv.mean, agreed.score)"   # the individual mean before anything agreed
AGREED = "coalesce(visit.score, cons.score)"
AGREED_TURNED = "coalesce(cons.score, visit.score)"   # the consensus before the site visit
ROOT = Path(__file__).resolve().parents[2]


def _definition() -> str:
    (sql,) = [sql for version, _, sql in migration_files() if version == 9]
    return sql


def _turn_the_rule_around(db, rule: str = RULE, turned: str = TURNED) -> None:
    sql = _definition()
    assert sql.count(rule) == 1
    db.write(lambda con: con.execute(sql.replace(rule, turned)))


def _totals(db) -> dict[int, float]:
    return dict(results.weighted_totals(db, YEAR).select("submission_id", "total").iter_rows())


def _ranking_totals(db, actor) -> dict[int, float]:
    table = committee.ranking(db, actor, YEAR).table
    return dict(table.select("submission_id", "total").iter_rows())


def _report_totals(db, actor, ids) -> dict[int, float]:
    return {sid: feedback.feedback_report(db, actor, sid).weighted_total for sid in ids}


def _report_scores(db, actor, ids) -> list:
    return [[c.score for c in feedback.feedback_report(db, actor, sid).criteria] for sid in ids]


def _archive_totals(db, actor) -> list[float]:
    sheets = archive.sheets(db, actor, YEAR)
    return sorted(v for name, sheet in sheets.items() if "Viktad totalpoäng" in sheet.columns
                  for v in sheet["Viktad totalpoäng"].to_list() if v is not None)


def _frozen(db, actor) -> dict[int, float]:
    awards = decisions.cycle_decisions(db, actor, YEAR).awards
    return dict(awards.select("submission_id", "final_total").iter_rows())


def _close(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (a[k] is None and b[k] is None) or (a[k] is not None and b[k] is not None and abs(a[k] - b[k]) < 1e-9)
        for k in a)


def test_every_reader_of_final_scores_follows_the_one_definition(db, user):
    chair, admin = user("stadsdirektor"), user("admin")
    ceremony_setup.reopen_2022(db)
    ceremony_setup.record_proposals(db)
    ids = results.weighted_totals(db, YEAR)["submission_id"].to_list()[:12]
    before = {
        "finals": results.final_scores(db, YEAR), "totals": _totals(db), "ranking": _ranking_totals(db, chair),
        "reports": _report_totals(db, admin, ids), "report_scores": _report_scores(db, admin, ids),
        "archive": _archive_totals(db, admin)}
    with db.read() as con:
        history = ranking_store.totals(con, [YEAR])

    _turn_the_rule_around(db)
    decisions.sign(db, chair, YEAR)

    finals, totals = results.final_scores(db, YEAR), _totals(db)
    assert not finals.equals(before["finals"])
    assert not _close(totals, before["totals"])
    # each reader changed, and reads what the one definition now says
    ranked = _ranking_totals(db, chair)
    assert not _close(ranked, before["ranking"]) and _close(ranked, totals)
    reports = _report_totals(db, admin, ids)
    assert not _close(reports, before["reports"])
    assert _close(reports, {sid: totals[sid] for sid in ids})
    assert _report_scores(db, admin, ids) != before["report_scores"]
    frozen = _frozen(db, chair)
    assert frozen and _close(frozen, {sid: totals[sid] for sid in frozen})
    assert not _close(frozen, {sid: before["totals"][sid] for sid in frozen})
    shown = _archive_totals(db, admin)
    assert shown != before["archive"]
    assert shown == sorted(round(t, archive.DECIMALS) for t in totals.values() if t is not None)
    with db.read() as con:
        now = ranking_store.totals(con, [YEAR])
    assert not now.equals(history)
    assert _close(dict(now.select("submission_id", "total").iter_rows()), totals)


def test_ranking_analysis_reads_the_agreed_final_score_from_the_definition(db):
    with db.read() as con:
        before = ranking_store.analysis_scores(con, YEAR)
    _turn_the_rule_around(db, AGREED, AGREED_TURNED)
    with db.read() as con:
        after = ranking_store.analysis_scores(con, YEAR)
    finals = results.final_scores(db, YEAR).select("submission_id", "criterion", pl.col("score").alias("rule"))
    joined = after.join(finals, on=["submission_id", "criterion"])
    assert joined.height == after.height > 0
    assert not after["final_score"].equals(before["final_score"])
    assert results.final_scores(db, YEAR)["source"].to_list().count("platsbesök") > 0
    assert (joined["final_score"] - joined["rule"]).abs().max() < 1e-9


@pytest.mark.parametrize("pattern", [
    r"coalesce\(\s*\w*\.?\w*visit\w*\.score",      # site visit first …
    r"coalesce\(\s*\w*vs\.score",                   # … under any alias
    r"coalesce\([^)]*\.mean\b",                      # an individual mean as the fallback
])
def test_the_precedence_is_written_only_in_migration_0009(pattern):
    found = []
    for path in [*ROOT.joinpath("scoring").rglob("*.py"), *ROOT.joinpath("scoring").rglob("*.sql")]:
        text = path.read_text(encoding="utf-8")
        if re.search(pattern, text, re.IGNORECASE):
            found.append(path.relative_to(ROOT).as_posix())
    assert found == (["scoring/store/migrations/0009_final_score_and_submission_detail.sql"]
                     if "vs" not in pattern else [])


def test_the_definition_is_recreated_on_an_existing_database(db):
    sql = _definition()
    db.write(lambda con: con.execute(sql))          # CREATE OR REPLACE: runs again without error
    assert results.weighted_totals(db, YEAR).height > 0
    with db.read() as con:
        rows = con.execute("SELECT count(*) FROM submission_detail WHERE cycle = ?", [YEAR]).fetchone()[0]
        subs = con.execute("SELECT count(*) FROM submission WHERE cycle = ?", [YEAR]).fetchone()[0]
    assert rows == subs > 0


def test_final_total_is_the_weighted_mean_of_final_score(db):
    """The one aggregator, checked against its definition computed here from the per-criterion rows."""
    finals = results.final_scores(db, YEAR)
    with db.read() as con:
        weights = pl.from_arrow(con.execute("SELECT number AS criterion, weight FROM criterion WHERE cycle = ?",
                                            [YEAR]).to_arrow_table())
    want = (finals.join(weights, on="criterion").group_by("submission_id")
            .agg(t=(pl.col("score") * pl.col("weight")).sum() / pl.col("weight").sum(),
                 n=pl.col("score").null_count()))
    got = dict(results.weighted_totals(db, YEAR).select("submission_id", "total").iter_rows())
    for sid, t, n in want.iter_rows():
        assert (got[sid] is None) if n else abs(got[sid] - t) < 1e-9
