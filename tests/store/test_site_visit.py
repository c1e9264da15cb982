"""Site visits: the committee's shortlist and pick, the lead's record with required reasons, final-score effect."""
import datetime as dt

import polars as pl
import pytest

from scoring.assessment import consensus
from scoring.assessment import results
from scoring.assessment import site_visit
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit

HISTORY = 2022


def _phase(db, year, phase):
    db.write(lambda con: con.execute("UPDATE cycle SET phase = ? WHERE year = ?", [phase, year]))


def _unvisited(db, user) -> tuple[int, str]:
    """A 2022 unit without a visit, and the username of its team's lead."""
    short = site_visit.shortlist(db, user("kommitte1"), HISTORY)
    sid = short.filter(~pl.col("selected"))["submission_id"][0]
    overview = consensus.cycle_overview(db, user("admin"), HISTORY)
    return sid, overview.filter(pl.col("submission_id") == sid)["lead"][0]


def test_committee_sees_no_shortlist_before_the_site_visit_phase(db, user):
    with pytest.raises(AccessDenied, match="platsbesök"):
        site_visit.shortlist(db, user("kommitte1"), 2026)
    with pytest.raises(AccessDenied):
        site_visit.shortlist(db, user("examinator1"), HISTORY)


def test_shortlist_ranks_done_consensus_per_class_and_limits_to_top_n(db, user):
    _phase(db, HISTORY, "site_visit")
    short = site_visit.shortlist(db, user("kommitte1"), HISTORY)
    assert short.height == 23
    for klass in short.partition_by("class_code"):
        assert klass["total"].to_list() == sorted(klass["total"].to_list(), reverse=True)
        assert klass["rank"][0] == 1
    top = site_visit.shortlist(db, user("kommitte1"), HISTORY, top_n=2)
    assert top.filter(~pl.col("selected"))["rank"].max() == 2
    assert top.filter(pl.col("selected")).height == 5   # the demo's visits stay listed


def test_committee_picks_and_drops_a_unit_in_the_site_visit_phase(db, user):
    _phase(db, HISTORY, "site_visit")
    sid, _ = _unvisited(db, user)
    with pytest.raises(AccessDenied):
        site_visit.select(db, user("examinator1"), sid)
    site_visit.select(db, user("kommitte2"), sid)
    assert sid in site_visit.visits(db, user("admin"), HISTORY)["submission_id"].to_list()
    with pytest.raises(ValidationError, match="redan utvalt"):
        site_visit.select(db, user("stadsdirektor"), sid)
    site_visit.unselect(db, user("stadsdirektor"), sid)
    assert sid not in site_visit.visits(db, user("admin"), HISTORY)["submission_id"].to_list()
    with db.read() as con:
        assert audit.entries(con, entity="site_visit")["action"].to_list()[:2] == ["unselect", "select"]


def test_pick_refused_outside_the_phase_and_without_done_consensus(db, user):
    sid, _ = _unvisited(db, user)
    with pytest.raises(AccessDenied, match="fasen"):
        site_visit.select(db, user("kommitte1"), sid)
    _phase(db, 2026, "site_visit")
    teams = consensus.my_teams(db, user("examinator1"), 2026)
    draft = teams.filter(pl.col("consensus_status") == "open")["submission_id"][0]
    with pytest.raises(ValidationError, match="klar konsensus"):
        site_visit.select(db, user("kommitte1"), draft)


def test_lead_records_visit_and_adjusted_score_becomes_final(db, user):
    _phase(db, HISTORY, "site_visit")
    sid, lead = _unvisited(db, user)
    site_visit.select(db, user("kommitte1"), sid)
    before = results.final_scores(db, HISTORY).filter(pl.col("submission_id") == sid)
    new_score = 100 if before["score"][1] < 100 else 90
    site_visit.record(db, user(lead), sid, dt.date(2022, 10, 12), "Kommittéledamot 2", "Bra samtal <i>&",
                      {2: {"score": new_score, "reason": "Fler resultat visades på plats."}, 3: {"score": None}})
    after = results.final_scores(db, HISTORY).filter(pl.col("submission_id") == sid)
    assert after.row(1, named=True)["score"] == new_score and after["source"][1] == "platsbesök"
    assert after["source"].to_list().count("platsbesök") == 1
    assert after.filter(pl.col("criterion") != 2)["score"].to_list() == \
        before.filter(pl.col("criterion") != 2)["score"].to_list()
    view = site_visit.visit_view(db, user(lead), sid)
    assert view.visit["notes"] == "Bra samtal <i>&" and view.adjustments[2].reason == "Fler resultat visades på plats."
    with pytest.raises(ValidationError, match="redan registrerat"):
        site_visit.unselect(db, user("kommitte1"), sid)
    site_visit.record(db, user(lead), sid, dt.date(2022, 10, 12), "Kommittéledamot 2", "", {})
    cleared = results.final_scores(db, HISTORY).filter(pl.col("submission_id") == sid)
    assert cleared["source"].to_list() == ["konsensus"] * 5


def test_adjusted_score_needs_reason_and_date_and_scale(db, user):
    _phase(db, HISTORY, "site_visit")
    sid, lead = _unvisited(db, user)
    site_visit.select(db, user("kommitte1"), sid)
    with pytest.raises(ValidationError) as err:
        site_visit.record(db, user(lead), sid, None, "", "",
                          {1: {"score": 70, "reason": " "}, 2: {"score": None, "reason": "bara skäl"},
                           3: {"score": 75, "reason": "x"}})
    assert err.value.messages == [
        "Kriterium 1: ange skälet till den justerade poängen.",
        "Kriterium 2: ange en justerad poäng eller ta bort skälet.",
        "Kriterium 3: poängen 75 finns inte på skalan. Ange en av 0, 10, … 100 (steg om 10).",
        "Ange besöksdatum när poäng justeras.",
    ]
    assert site_visit.visit_view(db, user(lead), sid).adjustments == {}


def test_only_the_teams_lead_records_and_only_in_the_phase(db, user):
    _phase(db, HISTORY, "site_visit")
    sid, lead = _unvisited(db, user)
    site_visit.select(db, user("kommitte1"), sid)
    member = f"examinator{int(lead.removeprefix('examinator')) + 1}"   # demo teams: lead n, members n+1, n+2
    for who in (member, "kommitte1", "examinator2" if lead != "examinator1" else "examinator5"):
        with pytest.raises(AccessDenied):
            site_visit.record(db, user(who), sid, dt.date(2022, 10, 1), "", "", {})
    _phase(db, HISTORY, "decision")
    with pytest.raises(AccessDenied, match="fasen platsbesök"):
        site_visit.record(db, user(lead), sid, dt.date(2022, 10, 1), "", "", {})


def test_lead_sees_only_own_teams_visits(db, user):
    mine = site_visit.visits(db, user("examinator10"), HISTORY)
    assert mine.height >= 1 and set(mine["lead"]) == {"examinator10"}
    assert site_visit.visits(db, user("examinator13"), HISTORY).filter(pl.col("lead") != "examinator13").is_empty()
