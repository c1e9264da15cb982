"""Teams from the database: proposals saved in one transaction, hand edits under the conflict rules, jäv."""
from __future__ import annotations

import polars as pl
import pytest

from scoring.assessment import individual as assessment
from scoring.cycle import documents
from scoring.cycle import rosters
from scoring.cycle import teams
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit, units


def places(db) -> pl.DataFrame:
    with db.read() as con:
        return teams.gather(con, 2026).assignments.sort("submission_id", "examiner")


def pool(db) -> teams.Pool:
    with db.read() as con:
        return teams.gather(con, 2026)


def org_of(db, username: str) -> str | None:
    return pool(db).roster.filter(pl.col("username") == username)["organisation"][0]


def add_new_submissions(db, count: int = 4) -> list[int]:
    """New units registered to 2026 without any team (the demo's teams are all full)."""
    def write(con):
        ids = []
        for i in range(count):
            units.insert_unit(con, {"id": f"N{i:03d}", "name": f"Ny enhet {i}", "organisation_id": 1 + i})
            ids.append(units.insert_submission(con, 2026, f"N{i:03d}", "skola", "Text"))
        return ids
    return db.write(write)


def test_proposal_staffs_new_submissions_without_conflicts_and_saves_them(db, user):
    new = add_new_submissions(db)
    before = places(db)
    proposal = teams.propose(db, user("admin"), 2026)
    assert set(proposal.added["submission_id"].to_list()) == set(new)
    assert proposal.removed.is_empty() and not proposal.result.unstaffed
    summary = teams.save_proposal(db, user("admin"), proposal)
    assert summary["added"] == 3 * len(new)
    after, p = places(db), pool(db)
    assert after.join(before, on=["submission_id", "examiner"], how="anti").height == 3 * len(new)
    orgs = dict(zip(p.submissions["submission_id"], p.submissions["organisation"]))
    for sid in new:
        team = after.filter(pl.col("submission_id") == sid)
        assert team.height == 3 and team["is_lead"].sum() == 1
        assert set(team["status"]) == {"not_started"}  # an empty assessment row for every place
        assert all(org_of(db, e) != orgs[sid] for e in team["examiner"])
    with db.read() as con:
        assert audit.entries(con, entity="cycle")["action"][0] == "assign_teams"


def test_proposal_is_refused_when_teams_changed_since_it_was_made(db, user):
    add_new_submissions(db, 2)
    proposal = teams.propose(db, user("admin"), 2026)
    team = places(db).filter(pl.col("submission_id") == 1)
    other_lead = team.filter(~pl.col("is_lead"))["examiner"][0]
    teams.set_team(db, user("admin"), 2026, 1, team["examiner"].to_list(), other_lead)
    before = places(db)
    with pytest.raises(ValidationError, match="gör ett nytt förslag"):
        teams.save_proposal(db, user("admin"), proposal)
    assert places(db).equals(before)


def test_new_distribution_needs_confirmation_before_dropping_written_assessments(db, user):
    proposal = teams.propose(db, user("admin"), 2026, keep="none")
    dropping = proposal.removed_with_work
    assert not dropping.is_empty()
    before = places(db)
    with pytest.raises(ValidationError, match="redan skrivit"):
        teams.save_proposal(db, user("admin"), proposal)
    assert places(db).equals(before)
    teams.save_proposal(db, user("admin"), proposal, confirm_drop=True)
    sid, examiner = dropping.row(0)[:2]
    with db.read() as con:
        archived = audit.entries(con, entity="assessment").filter(pl.col("action") == "remove_draft")
        left = con.execute("SELECT count(*) FROM score WHERE submission_id = ? AND examiner = ?",
                           [sid, examiner]).fetchone()[0]
    assert f"{sid}/{examiner}" in archived["entity_key"].to_list()
    assert left == 0


def test_keep_started_mode_never_moves_a_written_assessment(db, user):
    proposal = teams.propose(db, user("admin"), 2026, keep="started")
    assert proposal.removed_with_work.is_empty()


def test_hand_edit_refuses_an_examiner_from_the_units_own_organisation(db, user):
    p = pool(db)
    sub = p.submissions.row(0, named=True)
    same = p.roster.filter(pl.col("organisation") == sub["organisation"])
    assert not same.is_empty(), "the demo has an examiner in every district with units"
    team = places(db).filter(pl.col("submission_id") == sub["submission_id"])
    members = [*team["examiner"][:2], same["username"][0]]
    before = places(db)
    with pytest.raises(ValidationError, match="samma förvaltning eller bolag"):
        teams.set_team(db, user("admin"), 2026, sub["submission_id"], members, members[0], confirm_drop=True)
    assert places(db).equals(before)


def test_hand_edit_refuses_an_examiner_with_declared_jav(db, user):
    sid = pool(db).submissions.filter(pl.col("unit_id") == "E001")["submission_id"][0]
    team = places(db).filter(pl.col("submission_id") == sid)["examiner"].to_list()
    with pytest.raises(ValidationError, match="anmält jäv"):  # the demo's examinator15 declared jäv on E001
        teams.set_team(db, user("admin"), 2026, sid, [*team[:2], "examinator15"], team[0], confirm_drop=True)


def test_hand_edit_replaces_a_member_moves_the_lead_and_checks_capacity(db, user):
    p = pool(db)
    current = places(db)
    sid = int(current.filter(pl.col("status") == "not_started")["submission_id"][0])
    team = current.filter(pl.col("submission_id") == sid)
    leaving = team.filter((pl.col("status") == "not_started") & ~pl.col("is_lead"))["examiner"][0]
    candidates = teams.candidates(db, user("admin"), sid)
    joining = candidates.filter((pl.col("blocked") == "") & ~pl.col("username").is_in(team["examiner"].to_list())
                                )["username"][0]
    members = [e for e in team["examiner"] if e != leaving] + [joining]
    rosters.save_examiner(db, user("admin"), rosters.ExaminerInput(
        joining, "Ny", p.roster.filter(pl.col("username") == joining)["role"][0], None, None,
        int(candidates.filter(pl.col("username") == joining)["load"][0]), ()))
    with pytest.raises(ValidationError, match="kapacitet"):
        teams.set_team(db, user("admin"), 2026, sid, members, joining)
    teams.set_team(db, user("admin"), 2026, sid, members, joining, allow_over_capacity=True)
    after = places(db).filter(pl.col("submission_id") == sid)
    assert sorted(after["examiner"]) == sorted(members)
    assert after.filter(pl.col("is_lead"))["examiner"].to_list() == [joining]
    assert after.filter(pl.col("examiner") == joining)["status"][0] == "not_started"


def test_examiner_declaring_jav_leaves_the_team_and_is_replaced_at_once(db, user):
    current = places(db)
    drafted = current.filter(pl.col("status") == "draft").row(0, named=True)
    sid, examiner = drafted["submission_id"], drafted["examiner"]
    outcome = teams.declare_conflict(db, user(examiner), sid, "Min bror arbetar på enheten.")
    assert outcome.removed and outcome.replacement not in (None, examiner)
    after = places(db).filter(pl.col("submission_id") == sid)
    assert examiner not in after["examiner"].to_list() and after.height == 3
    assert after["is_lead"].sum() == 1
    p = pool(db)
    unit = p.submissions.filter(pl.col("submission_id") == sid).row(0, named=True)
    assert (examiner, unit["unit_id"]) in p.conflicts
    assert org_of(db, outcome.replacement) != unit["organisation"]
    with pytest.raises(AccessDenied):
        assessment.open_assessment(db, user(examiner), sid)
    with pytest.raises(AccessDenied):
        documents.fetch(db, user(examiner), sid)
    with db.read() as con:
        log = audit.entries(con)
    assert f"{sid}/{examiner}" in log.filter(pl.col("action") == "remove_draft")["entity_key"].to_list()
    assert "Min bror" in teams.conflict_log(db, user("admin"))["Skäl"][0]


def test_declaring_jav_needs_a_reason_and_a_place_on_the_team(db, user):
    current = places(db)
    sid = current["submission_id"][0]
    outsider = next(f"examinator{i}" for i in range(1, 16)
                    if f"examinator{i}" not in current.filter(pl.col("submission_id") == sid)["examiner"].to_list())
    before = places(db)
    with pytest.raises(AccessDenied, match="inte med i laget"):
        teams.declare_conflict(db, user(outsider), sid, "Skäl")
    with pytest.raises(ValidationError, match="vad jävet består i"):
        teams.declare_conflict(db, user(current["examiner"][0]), sid, "  ")
    assert places(db).equals(before)


def test_jav_with_no_free_examiner_leaves_the_team_short_and_says_why(db, user):
    current = places(db)
    sid = int(current["submission_id"][0])
    team = current.filter(pl.col("submission_id") == sid)["examiner"].to_list()
    p = pool(db)
    for row in p.roster.filter(~pl.col("username").is_in(team)).iter_rows(named=True):  # everyone else is full
        rosters.save_examiner(db, user("admin"), rosters.ExaminerInput(
            row["username"], row["display_name"], row["role"], row["organisation_id"], None, 0, ()))
    outcome = teams.declare_conflict(db, user("admin"), sid, "Registrerat av kansliet", examiner=team[0])
    assert outcome.replacement is None and "ledig kapacitet" in outcome.unstaffed_reason
    assert places(db).filter(pl.col("submission_id") == sid).height == 2


# ---------------------------------------------------------------- the cycle the kansli acts on (issue 13.2)


def places_of(db, year: int) -> pl.DataFrame:
    with db.read() as con:
        return teams.gather(con, year).assignments.sort("submission_id", "examiner")


def test_teams_for_next_year_are_built_while_this_year_is_assessed(db, user):
    from tests.next_cycle import add_2027
    new = add_2027(db)
    before_2026 = places_of(db, 2026)
    proposal = teams.propose(db, user("admin"), 2027)
    assert set(proposal.added["submission_id"].to_list()) == set(new.values())
    assert proposal.removed.is_empty()
    teams.save_proposal(db, user("admin"), proposal)
    after = places_of(db, 2027)
    assert set(after["submission_id"]) == set(new.values()) and after.height == 3 * len(new)
    assert places_of(db, 2026).equals(before_2026)


def test_team_building_is_refused_for_a_cycle_past_assessment(db, user):
    with pytest.raises(AccessDenied, match="avslutad"):
        teams.propose(db, user("admin"), 2022)
    with pytest.raises(LookupError, match="2031"):
        teams.propose(db, user("admin"), 2031)


def test_hand_edit_of_a_submission_of_another_cycle_is_refused(db, user):
    from tests.next_cycle import add_2027
    new = add_2027(db, 1)
    sid_2027 = next(iter(new.values()))
    team = places(db).filter(pl.col("submission_id") == 1)["examiner"].to_list()
    before = places(db)
    with pytest.raises(ValidationError, match="Bidrag 1 hör till omgången 2026, inte till omgången 2027"):
        teams.set_team(db, user("admin"), 2027, 1, team, team[0])
    with pytest.raises(ValidationError, match=f"Bidrag {sid_2027} hör till omgången 2027"):
        teams.set_team(db, user("admin"), 2026, sid_2027, team, team[0])
    assert places(db).equals(before) and places_of(db, 2027).is_empty()


def test_a_proposal_that_touches_another_cycles_submissions_is_refused(db, user):
    from dataclasses import replace
    from tests.next_cycle import add_2027
    add_2027(db, 2)
    proposal = teams.propose(db, user("admin"), 2027)
    foreign = pl.concat([proposal.added, pl.DataFrame({"submission_id": [1], "examiner": ["examinator15"]},
                                                      schema=proposal.added.schema)])
    with pytest.raises(ValidationError, match=r"innehåller bidrag som inte hör till den omgången \(1\)"):
        teams.save_proposal(db, user("admin"), replace(proposal, added=foreign))
    assert places_of(db, 2027).is_empty()


def test_conflict_log_counts_only_the_chosen_cycles_declarations(db, user):
    from tests.next_cycle import add_2027
    new = add_2027(db, 1)
    sid_2027 = next(iter(new.values()))
    before_2026 = teams.conflict_log(db, user("admin"), 2026).height
    teams.declare_conflict(db, user("admin"), sid_2027, "Tidigare anställd.", examiner="examinator5")
    log_2027 = teams.conflict_log(db, user("admin"), 2027)
    assert log_2027.height == 1 and log_2027["Bidrag"][0] == sid_2027
    assert teams.conflict_log(db, user("admin"), 2026).height == before_2026
    assert teams.conflict_log(db, user("admin")).height == before_2026 + 1


def test_dropping_one_examiners_work_is_asked_about_in_the_singular(db, user):
    current = places(db)
    drafted = current.filter(pl.col("status") == "draft").row(0, named=True)
    sid = drafted["submission_id"]
    team = current.filter(pl.col("submission_id") == sid)
    keep = [e for e in team["examiner"] if e != drafted["examiner"]]
    before = places(db)
    with pytest.raises(ValidationError) as err:
        teams.set_team(db, user("admin"), 2026, sid, keep, keep[0], allow_over_capacity=True)
    assert str(err.value).startswith("1 examinator har redan skrivit i sin bedömning och skulle tas bort: "
                                     f"{drafted['examiner']} (bidrag {sid})."), str(err.value)
    assert "utkastet ska tas bort (det sparas i loggen)" in str(err.value)
    assert places(db).equals(before)
