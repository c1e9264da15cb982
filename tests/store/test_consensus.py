"""Consensus: who sees the team's scores, the spread and flag, drafts, done/lock, stale saves, reopen, open early."""
import pytest

from scoring.assessment import consensus
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import assessments, audit
from scoring.store import consensus as store

YEAR = 2026


def _team(db, user, who="examinator1", **where) -> int:
    teams = consensus.my_teams(db, user(who), YEAR)
    for column, value in where.items():
        teams = teams.filter(teams[column] == value)
    return teams.sort("submission_id")["submission_id"][0]


def _complete_without_consensus(db, user) -> int:
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    done = teams.filter((teams["submitted"] == 3) & (teams["consensus_status"] == "none"))
    return done["submission_id"][0]


def _raw(values=(70, 60, 80, 50, 90), text="Gemensam text <b>&"):
    return {n: {"score": v, "strengths": f"{text} styrka {n}", "improvements": f"förbättra {n}"}
            for n, v in zip(range(1, 6), values)}


def test_spread_mean_range_sd_and_flag_at_threshold():
    s = consensus.spread([30, 20, 50], threshold=30)
    assert (s.n, s.low, s.high, s.range, s.flagged) == (3, 20, 50, 30, True)
    assert s.mean == pytest.approx(100 / 3) and s.sd == pytest.approx(15.275, abs=1e-3)
    assert not consensus.spread([30, 20, 50], threshold=40).flagged
    assert consensus.spread([None, 70], threshold=0) == consensus.Spread(1, 70, 70, 70, None, False)
    assert consensus.spread([None, None], threshold=30).mean is None


def test_prefill_keeps_each_distinct_text_once_in_order():
    assert consensus.prefill(["B", " ", "A", "B "]) == "B\n\nA"


def test_lead_sees_every_member_side_by_side_with_flagged_first(db, user):
    sid = _complete_without_consensus(db, user)
    view = consensus.team_view(db, user("examinator1"), sid)
    with db.read() as con:
        assigned = assessments.team(con, sid)["examiner"].to_list()   # lead first, then by name
    assert [m["examiner"] for m in view.team] == assigned and assigned[0] == "examinator1"
    flags = [r.spread.flagged for r in view.rows]
    assert flags == sorted(flags, reverse=True)
    for row in view.rows:
        scores = [m.score for m in row.members]
        assert None not in scores and row.spread.n == 3
        assert row.spread.flagged == (max(scores) - min(scores) >= 30)
        assert row.consensus.score is None and not row.saved
        assert row.consensus.strengths == consensus.prefill([m.strengths for m in row.members])
    assert view.edit.allowed and view.status == "none"


def test_threshold_comes_from_the_cycle(db, user):
    sid = _complete_without_consensus(db, user)
    db.write(lambda con: con.execute("UPDATE cycle SET disagreement_threshold = 0 WHERE year = ?", [YEAR]))
    view = consensus.team_view(db, user("examinator1"), sid)
    assert view.threshold == 0 and all(r.spread.flagged for r in view.rows)


def test_member_sees_read_only_and_cannot_save(db, user):
    sid = _complete_without_consensus(db, user)
    view = consensus.team_view(db, user("examinator2"), sid)
    assert not view.edit.allowed and "utvärderingsledare" in view.edit.reason
    with pytest.raises(AccessDenied):
        consensus.save_draft(db, user("examinator2"), sid, _raw(), 0)


def test_examiner_not_submitted_or_team_incomplete_sees_nothing(db, user):
    teams = consensus.my_teams(db, user("examinator3"), YEAR)
    row = teams.filter((teams["own_status"] == "draft") & (teams["submitted"] == 2)).row(0, named=True)
    with pytest.raises(AccessDenied, match="egen bedömning"):
        consensus.team_view(db, user("examinator3"), row["submission_id"])
    with pytest.raises(AccessDenied, match="alla i teamet"):
        consensus.team_view(db, user("examinator1"), row["submission_id"])
    with pytest.raises(AccessDenied, match="ingår inte"):
        consensus.team_view(db, user("examinator4"), row["submission_id"])
    with pytest.raises(AccessDenied, match="Domarkommittén"):
        consensus.team_view(db, user("kommitte1"), row["submission_id"])


def test_admin_opens_consensus_early_and_missing_member_is_shown_as_missing(db, user):
    teams = consensus.my_teams(db, user("examinator3"), YEAR)
    sid = teams.filter((teams["own_status"] == "draft") & (teams["submitted"] == 2))["submission_id"][0]
    with pytest.raises(ValidationError, match="Ange varför"):
        consensus.open_for_team(db, user("admin"), sid, " ")
    with pytest.raises(AccessDenied):
        consensus.open_for_team(db, user("examinator1"), sid, "sjuk")
    consensus.open_for_team(db, user("admin"), sid, "Examinator 3 är sjukskriven")
    view = consensus.team_view(db, user("examinator1"), sid)
    assert view.missing_members == ["Examinator 3"]
    for row in view.rows:
        missing = [m for m in row.members if m.examiner == "examinator3"][0]
        assert missing.missing and missing.score is None and missing.strengths == ""  # the draft never leaks
        assert row.spread.n == 2
    with db.read() as con:
        logged = audit.entries(con, entity="submission")
    assert "Examinator 3 är sjukskriven" in logged.filter(logged["entity_key"] == str(sid))["new_value"][0]
    with pytest.raises(ValidationError, match="redan öppen"):
        consensus.open_for_team(db, user("admin"), sid, "igen")


def test_save_draft_then_done_locks_and_records_moved_from_mean(db, user):
    sid = _complete_without_consensus(db, user)
    lead = user("examinator1")
    assert consensus.save_draft(db, lead, sid, {1: {"score": 70, "strengths": "utkast"}}, 0) == 1
    view = consensus.team_view(db, lead, sid)
    assert view.status == "open" and view.version == 1
    assert consensus.mark_done(db, lead, sid, _raw(), 1) == 2
    view = consensus.team_view(db, lead, sid)
    assert view.locked and view.done_by == "examinator1" and not view.edit.allowed
    row = next(r for r in view.rows if r.criterion.number == 3)
    assert row.consensus.score == 80 and row.moved == pytest.approx(80 - row.spread.mean)
    assert row.consensus.strengths == "Gemensam text <b>& styrka 3"
    with pytest.raises(AccessDenied, match="klar och låst"):
        consensus.save_draft(db, lead, sid, _raw(), 2)
    with db.read() as con:
        assert [a for a in audit.entries(con, entity="consensus")["action"]][:2] == ["done", "save_draft"]


def test_mark_done_incomplete_lists_problems_and_writes_nothing(db, user):
    sid = _complete_without_consensus(db, user)
    raw = _raw()
    raw[2]["score"] = None
    raw[4]["strengths"] = ""
    with pytest.raises(ValidationError) as err:
        consensus.mark_done(db, user("examinator1"), sid, raw, 0)
    assert err.value.messages == [
        "Kriterium 2 (Systematiskt förbättringsarbete och samverkan) saknar poäng.",
        "Kriterium 4 (Medarbetarnas delaktighet) saknar styrkor.",
    ]
    with db.read() as con:
        assert store.state(con, sid) is None and store.scores(con, sid) == {}


def test_off_scale_consensus_score_refused(db, user):
    sid = _complete_without_consensus(db, user)
    with pytest.raises(ValidationError, match="finns inte på skalan"):
        consensus.save_draft(db, user("examinator1"), sid, _raw((75, 60, 80, 50, 90)), 0)


def test_stale_save_refused_with_the_newer_values(db, user):
    sid = _complete_without_consensus(db, user)
    lead = user("examinator1")
    consensus.save_draft(db, lead, sid, _raw((10, 10, 10, 10, 10)), 0)
    with pytest.raises(consensus.StaleConsensus) as err:
        consensus.save_draft(db, lead, sid, _raw((90, 90, 90, 90, 90)), 0)
    assert err.value.current.version == 1
    assert {r.consensus.score for r in err.value.current.rows} == {10}


def test_admin_reopens_done_consensus_with_reason(db, user):
    sid = _team(db, user, consensus_status="done")
    with pytest.raises(AccessDenied):
        consensus.reopen(db, user("examinator1"), sid, "fel")
    with pytest.raises(ValidationError, match="Ange varför"):
        consensus.reopen(db, user("admin"), sid, "")
    consensus.reopen(db, user("admin"), sid, "Fel poäng på kriterium 2")
    view = consensus.team_view(db, user("examinator1"), sid)
    assert view.status == "open" and view.edit.allowed
    with pytest.raises(ValidationError, match="Bara en konsensus"):
        consensus.reopen(db, user("admin"), sid, "igen")
    with db.read() as con:
        entry = audit.entries(con, entity="consensus").row(0, named=True)
    assert entry["action"] == "reopen" and "Fel poäng på kriterium 2" in entry["new_value"]


def test_editing_refused_after_the_consensus_phase(db, user):
    sid = _team(db, user, consensus_status="open")
    db.write(lambda con: con.execute("UPDATE cycle SET phase = 'site_visit' WHERE year = ?", [YEAR]))
    view = consensus.team_view(db, user("examinator1"), sid)
    assert not view.edit.allowed and "platsbesök" in view.edit.reason
    with pytest.raises(AccessDenied):
        consensus.save_draft(db, user("examinator1"), sid, _raw(), view.version)


def test_demo_has_consensus_for_2022_and_team_one_in_2026(db, user):
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    assert sorted(teams.filter(teams["is_lead"])["consensus_status"].to_list()).count("done") == 1
    assert teams["consensus_status"].to_list().count("open") == 1
    history = consensus.cycle_overview(db, user("admin"), 2022)
    assert set(history["consensus_status"]) == {"done"}
