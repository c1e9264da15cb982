"""Every forbidden action, tried directly against the core on a copy of the demo database.

Each row: who tries, what they call, which error they must get (with a Swedish message), and
optionally a `setup` that puts the database in the state the row needs (done BEFORE the
snapshot). The test then proves the attempt changed nothing: every table's full contents,
read through a new connection, are identical before and after.

To cover a new domain function, add a row. `ctx` finds demo ids (see `Ctx`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest

from scoring.ceremony import archive
from scoring.assessment import individual as assessment
from scoring.platform import audit_trail
from scoring.platform import auth
from scoring.platform import backup
from scoring.ceremony import winners as ceremony
from scoring.committee import views as committee
from scoring.assessment import consensus
from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.cycle import documents
from scoring.ceremony import feedback
from scoring.platform import invitations
from scoring.platform import outbox
from scoring.assessment import practice
from scoring.assessment import progress
from scoring.cycle import registration
from scoring.cycle import import_apply as unit_import
from scoring.cycle import teams as team_admin
from scoring.platform.access import AccessDenied, User, ValidationError
from scoring.store import Store, cycles, teams
from scoring.store import backup as exports
from tests.conftest import user_of

YEAR, OLD_YEAR = 2026, 2022
FULL = {c: {"score": 50, "strengths": "Styrka", "improvements": "Förbättring"} for c in range(1, 6)}
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(du|får|inte|bara|kan|är|och)\b", re.IGNORECASE)


class Ctx:
    """Ids in the demo database, looked up on demand (as the kansli sees them)."""

    def __init__(self, db: Store):
        self.db = db
        self.admin = user_of(db, "admin")

    def u(self, username: str) -> User:
        return user_of(self.db, username)

    @cached_property
    def overview(self):
        return assessment.cycle_overview(self.db, self.admin, YEAR)

    def mine(self, username: str, status: str | None = None, year: int = YEAR) -> int:
        rows = assessment.my_assessments(self.db, self.u(username), year)
        if status:
            rows = rows.filter(rows["status"] == status)
        return rows["submission_id"][0]

    def unassigned(self, username: str) -> int:
        on_team = set(self.overview.filter(self.overview["examiner"] == username)["submission_id"])
        return next(s for s in self.overview["submission_id"] if s not in on_team)

    def team_where(self, lead_status: str, others: set[str]) -> int:
        """A submission led by examinator1 where the lead has `lead_status` and the others `others`."""
        o = self.overview
        for sid in o.filter((o["examiner"] == "examinator1") & o["is_lead"])["submission_id"]:
            team = o.filter(o["submission_id"] == sid)
            lead = team.filter(team["is_lead"])["status"][0]
            rest = set(team.filter(~team["is_lead"])["status"])
            if lead == lead_status and rest == others:
                return sid
        raise LookupError((lead_status, others))

    def unit_of(self, submission_id: int) -> str:
        return self.db.frame("SELECT unit_id FROM submission WHERE id = ?", [submission_id])["unit_id"][0]


@dataclass(frozen=True)
class Forbidden:
    id: str
    actor: str
    call: Callable[[Store, User, Ctx], Any]
    error: type[Exception]
    match: str
    setup: Callable[[Store, Ctx], None] = field(default=lambda db, ctx: None)


def set_phase(year: int, phase: str) -> Callable[[Store, Ctx], None]:
    return lambda db, ctx: db.write(lambda con: cycles.set_phase(con, year, phase))


def declare_conflict(username: str, status: str) -> Callable[[Store, Ctx], None]:
    """A jäv recorded while the examiner is still on the team (e.g. declared after the teams were
    locked). Inserted directly: the point is that the assessment core refuses on its own."""
    def setup(db: Store, ctx: Ctx) -> None:
        unit = ctx.unit_of(ctx.mine(username, status))
        db.write(lambda con: con.execute(
            "INSERT INTO conflict_declaration (examiner, unit_id, reason) VALUES (?, ?, ?)",
            [username, unit, "Min syster är chef där."]))
    return setup


def move_to_units_organisation(username: str, status: str) -> Callable[[Store, Ctx], None]:
    """The examiner's account now belongs to the unit's förvaltning (jäv by organisation)."""
    def setup(db: Store, ctx: Ctx) -> None:
        sid = ctx.mine(username, status)
        org = db.frame("SELECT u.organisation_id FROM submission s JOIN unit u ON u.id = s.unit_id"
                       " WHERE s.id = ?", [sid])["organisation_id"][0]
        me = ctx.u(username)
        db.write(lambda con: teams.update_account(con, username, me.display_name, me.role, org, True))
    return setup


def lock_by_failed_logins(db: Store, username: str) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(db, username, "fel lösenord")


def deactivated_second_admin(db: Store, ctx: Ctx) -> None:
    """A second kansli account, deactivated while its session is still open."""
    auth.create_account(db, ctx.admin, "kansli2", "Kansli Två", "admin", "långtlösenord123")
    auth.set_active(db, ctx.admin, "kansli2", False)


def save_own(status: str, year: int = YEAR, submit: bool = False):
    def call(db: Store, me: User, ctx: Ctx):
        sid = ctx.mine(me.username, status, year)
        version = assessment.open_assessment(db, me, sid).version
        return (assessment.submit if submit else assessment.save_draft)(db, me, sid, FULL, version)
    return call


ROWS: list[Forbidden] = [
    # -- the examiner's own assessment -------------------------------------------------------
    Forbidden("examiner-reads-unassigned-unit", "examinator3",
              lambda db, me, ctx: assessment.open_assessment(db, me, ctx.unassigned("examinator3")),
              AccessDenied, "inte tilldelad"),
    Forbidden("examiner-saves-unassigned-unit", "examinator3",
              lambda db, me, ctx: assessment.save_draft(db, me, ctx.unassigned("examinator3"), FULL, 0),
              AccessDenied, "inte tilldelad"),
    Forbidden("examiner-submits-unassigned-unit", "examinator3",
              lambda db, me, ctx: assessment.submit(db, me, ctx.unassigned("examinator3"), FULL, 0),
              AccessDenied, "inte tilldelad"),
    Forbidden("examiner-writes-after-submitting", "examinator3", save_own("submitted"),
              ValidationError, "redan inskickad"),
    Forbidden("examiner-submits-again", "examinator3", save_own("submitted", submit=True),
              ValidationError, "redan inskickad"),
    Forbidden("examiner-writes-in-consensus-phase", "examinator3", save_own("draft"),
              AccessDenied, "fasen konsensus", setup=set_phase(YEAR, "consensus")),
    Forbidden("examiner-writes-in-closed-cycle", "examinator3", save_own("submitted", year=OLD_YEAR),
              AccessDenied, "fasen avslutad"),
    Forbidden("examiner-reads-unit-with-declared-conflict", "examinator3",
              lambda db, me, ctx: assessment.open_assessment(db, me, ctx.mine("examinator3", "draft")),
              AccessDenied, "jäv", setup=declare_conflict("examinator3", "draft")),
    Forbidden("examiner-reads-unit-of-own-organisation", "examinator3",
              lambda db, me, ctx: assessment.open_assessment(db, me, ctx.mine("examinator3", "draft")),
              AccessDenied, "jäv", setup=move_to_units_organisation("examinator3", "draft")),
    Forbidden("examiner-writes-unit-with-declared-conflict", "examinator3",
              lambda db, me, ctx: assessment.save_draft(db, me, ctx.mine("examinator3", "draft"), FULL, 99),
              AccessDenied, "jäv", setup=declare_conflict("examinator3", "draft")),
    Forbidden("stale-version-is-refused", "examinator3",
              lambda db, me, ctx: assessment.save_draft(db, me, ctx.mine("examinator3", "draft"), FULL, 0),
              assessment.StaleVersion, "annan flik"),
    Forbidden("off-scale-score-is-refused", "examinator3",
              lambda db, me, ctx: assessment.save_draft(
                  db, me, ctx.mine("examinator3", "draft"), {1: {"score": 55}},
                  assessment.open_assessment(db, me, ctx.mine("examinator3", "draft")).version),
              ValidationError, "finns inte på skalan"),
    # -- admin-only functions called by others ----------------------------------------------
    Forbidden("examiner-reopens-assessment", "examinator3",
              lambda db, me, ctx: assessment.reopen(db, me, ctx.mine("examinator3", "submitted"), "examinator3", "x"),
              AccessDenied, "kansli"),
    Forbidden("examiner-reads-cycle-overview", "examinator3",
              lambda db, me, ctx: assessment.cycle_overview(db, me, YEAR), AccessDenied, "kansli"),
    Forbidden("examiner-creates-account", "examinator3",
              lambda db, me, ctx: auth.create_account(db, me, "ny.person", "Ny", "admin", "långtlösenord123"),
              AccessDenied, "kansli"),
    Forbidden("committee-creates-account", "kommitte1",
              lambda db, me, ctx: auth.create_account(db, me, "ny.person", "Ny", "chair", "långtlösenord123"),
              AccessDenied, "kansli"),
    Forbidden("examiner-reads-audit-log", "examinator3",
              lambda db, me, ctx: audit_trail.search(db, me, audit_trail.AuditFilter()), AccessDenied, "kansli"),
    Forbidden("chair-reads-audit-log", "stadsdirektor",
              lambda db, me, ctx: audit_trail.choices(db, me), AccessDenied, "kansli"),
    Forbidden("examiner-downloads-backup", "examinator3",
              lambda db, me, ctx: backup.backup_zip(db, me), AccessDenied, "kansli"),
    Forbidden("committee-downloads-backup", "kommitte1",
              lambda db, me, ctx: backup.backup_zip(db, me), AccessDenied, "kansli"),
    Forbidden("admin-reopens-in-closed-cycle", "admin",
              lambda db, me, ctx: assessment.reopen(db, me, ctx.mine("examinator3", "submitted", OLD_YEAR),
                                                    "examinator3", "Rättelse"),
              AccessDenied, "fasen avslutad"),
    Forbidden("admin-reopens-without-reason", "admin",
              lambda db, me, ctx: assessment.reopen(db, me, ctx.mine("examinator3", "submitted"), "examinator3", " "),
              ValidationError, "Ange varför"),
    Forbidden("admin-account-with-weak-password", "admin",
              lambda db, me, ctx: auth.create_account(db, me, "ny.person", "Ny", "examiner", "kort"),
              ValidationError, "minst 10 tecken"),
    # -- scoring is for examiners only ----------------------------------------------------------
    Forbidden("admin-scores-a-submission", "admin",
              lambda db, me, ctx: assessment.save_draft(db, me, ctx.mine("examinator3", "draft"), FULL, 0),
              AccessDenied, "examinator"),
    Forbidden("committee-lists-assessments", "kommitte1",
              lambda db, me, ctx: assessment.my_assessments(db, me, YEAR), AccessDenied, "examinator"),
    Forbidden("committee-reads-an-assessment", "kommitte1",
              lambda db, me, ctx: assessment.open_assessment(db, me, ctx.mine("examinator3", "submitted")),
              AccessDenied, "examinator"),
    # -- others' scores too early (scoring.assessment.visibility through scoring.assessment.consensus) ------------------
    Forbidden("lead-sees-team-before-own-submit", "examinator1",
              lambda db, me, ctx: consensus.team_view(db, me, ctx.team_where("draft", {"submitted", "not_started"})),
              AccessDenied, "din egen bedömning"),
    Forbidden("lead-sees-team-before-all-submitted", "examinator1",
              lambda db, me, ctx: consensus.team_view(db, me, ctx.team_where("submitted", {"submitted", "draft"})),
              AccessDenied, "alla i teamet"),
    Forbidden("examiner-sees-other-team", "examinator3",
              lambda db, me, ctx: consensus.team_view(db, me, ctx.unassigned("examinator3")),
              AccessDenied, "ingår inte i teamet"),
    Forbidden("committee-sees-individual-scores", "kommitte1",
              lambda db, me, ctx: consensus.team_view(db, me, ctx.team_where("submitted", {"submitted"})),
              AccessDenied, "Domarkommittén ser inte"),
    Forbidden("member-edits-consensus", "examinator3",
              lambda db, me, ctx: consensus.save_draft(db, me, ctx.team_where("submitted", {"submitted"}), FULL, 0),
              AccessDenied, "utvärderingsledare"),
    Forbidden("examiner-reopens-consensus", "examinator3",
              lambda db, me, ctx: consensus.reopen(db, me, ctx.mine("examinator3"), "x"), AccessDenied, "kansli"),
    Forbidden("examiner-opens-consensus-for-team", "examinator3",
              lambda db, me, ctx: consensus.open_for_team(db, me, ctx.mine("examinator3"), "x"),
              AccessDenied, "kansli"),
    Forbidden("examiner-gets-all-feedback-reports", "examinator3",
              lambda db, me, ctx: feedback.cycle_reports(db, me, YEAR), AccessDenied, "kansli"),
    Forbidden("member-downloads-feedback-report", "examinator3",
              lambda db, me, ctx: feedback.feedback_pdf(db, me, ctx.mine("examinator3")), AccessDenied, ""),
    # -- committee decisions (scoring.committee.decisions) -------------------------------------------------
    Forbidden("committee-member-signs", "kommitte1",
              lambda db, me, ctx: decisions.sign(db, me, YEAR), AccessDenied, "stadsdirektör"),
    Forbidden("admin-signs", "admin",
              lambda db, me, ctx: decisions.sign(db, me, YEAR), AccessDenied, "stadsdirektör"),
    Forbidden("examiner-records-proposal", "examinator3",
              lambda db, me, ctx: decisions.record_proposal(db, me, YEAR, "skola", "Motivering"),
              AccessDenied, "domarkommitté"),
    Forbidden("committee-changes-signed-decision", "kommitte1",
              lambda db, me, ctx: decisions.record_proposal(db, me, OLD_YEAR, "skola", "Ny motivering"),
              AccessDenied, "signerade och låsta"),
    Forbidden("chair-changes-signed-decision", "stadsdirektor",
              lambda db, me, ctx: decisions.record_proposal(db, me, OLD_YEAR, "skola", "Ny motivering"),
              AccessDenied, "signerade och låsta"),
    Forbidden("committee-reopens-signed-decision", "kommitte1",
              lambda db, me, ctx: decisions.reopen(db, me, OLD_YEAR, "Fel vinnare"), AccessDenied, "stadsdirektör"),
    # -- committee ranking and ceremony exports (scoring.committee.views, scoring.ceremony.winners, scoring.ceremony.archive)
    Forbidden("examiner-sees-committee-ranking", "examinator3",
              lambda db, me, ctx: committee.ranking_view(db, me, YEAR), AccessDenied, ""),
    Forbidden("committee-builds-winner-list", "kommitte1",
              lambda db, me, ctx: ceremony.winner_list_pdf(db, me, OLD_YEAR), AccessDenied, ""),
    Forbidden("examiner-builds-archive", "examinator3",
              lambda db, me, ctx: archive.workbook(db, me, OLD_YEAR), AccessDenied, ""),
    Forbidden("committee-sets-presenters", "kommitte1",
              lambda db, me, ctx: ceremony.set_presenters(db, me, OLD_YEAR, {"forskola": "x"}), AccessDenied, ""),
    Forbidden("chair-builds-final-winner-list-unsigned", "stadsdirektor",
              lambda db, me, ctx: ceremony.winner_list_pdf(db, me, YEAR), ValueError, "signerat"),
    Forbidden("chair-exports-archive-before-site-visits", "stadsdirektor",
              lambda db, me, ctx: archive.workbook(db, me, YEAR), AccessDenied, "platsbesök"),
    # -- cycle administration (scoring.cycle.setup, registration, unit_import, documents, teams, progress)
    Forbidden("examiner-copies-cycle", "examinator3",
              lambda db, me, ctx: cycle_setup.copy_cycle(db, me, YEAR), AccessDenied, ""),
    Forbidden("committee-moves-phase", "kommitte1",
              lambda db, me, ctx: cycle_setup.move_phase(db, me, YEAR, "consensus"), AccessDenied, ""),
    Forbidden("chair-creates-cycle-from-rulebook", "stadsdirektor",
              lambda db, me, ctx: cycle_setup.create_from_rulebook(
                  db, me, 2030, cycle_setup.bundled_rulebook("criteria/2026.toml"), "criteria/2026.toml"),
              AccessDenied, ""),
    Forbidden("examiner-creates-new-cycle", "examinator3",
              lambda db, me, ctx: cycle_setup.new_cycle(db, me, 2030), AccessDenied, ""),
    Forbidden("examiner-registers-unit", "examinator3",
              lambda db, me, ctx: registration.register(db, me, YEAR, "E001", "forskola"), AccessDenied, ""),
    Forbidden("chair-sets-participation-target", "stadsdirektor",
              lambda db, me, ctx: registration.set_target(db, me, YEAR, 1, 3), AccessDenied, ""),
    Forbidden("examiner-imports-units", "examinator3",
              lambda db, me, ctx: unit_import.import_units(db, me, b"enhets_id;namn\n", "x.csv", YEAR),
              AccessDenied, ""),
    Forbidden("examiner-sets-a-password", "examinator3",
              lambda db, me, ctx: auth.set_password(db, me, "examinator4", "ett-langt-losenord"),
              AccessDenied, ""),
    Forbidden("examiner-uploads-document", "examinator3",
              lambda db, me, ctx: documents.upload(db, me, YEAR, ctx.mine("examinator3"), "x.pdf", b"%PDF-1.4"),
              AccessDenied, ""),
    Forbidden("examiner-fetches-unassigned-document", "examinator3",
              lambda db, me, ctx: documents.fetch(db, me, ctx.unassigned("examinator3")), AccessDenied, ""),
    Forbidden("committee-fetches-document", "kommitte1",
              lambda db, me, ctx: documents.fetch(db, me, ctx.mine("examinator3")), AccessDenied, ""),
    Forbidden("examiner-proposes-teams", "examinator3",
              lambda db, me, ctx: team_admin.propose(db, me, YEAR), AccessDenied, ""),
    Forbidden("examiner-reads-progress", "examinator3",
              lambda db, me, ctx: progress.overview(db, me, YEAR, dt.date(2026, 9, 1)), AccessDenied, ""),
    # -- the kansli's account management (scoring.platform.auth) ---------------------------------------------
    Forbidden("examiner-reads-accounts-overview", "examinator3",
              lambda db, me, ctx: auth.accounts_overview(db, me), AccessDenied, "kansli"),
    Forbidden("committee-reads-accounts-overview", "kommitte1",
              lambda db, me, ctx: auth.accounts_overview(db, me), AccessDenied, "kansli"),
    Forbidden("examiner-deactivates-account", "examinator3",
              lambda db, me, ctx: auth.set_active(db, me, "examinator4", False), AccessDenied, "kansli"),
    Forbidden("committee-deactivates-account", "kommitte1",
              lambda db, me, ctx: auth.set_active(db, me, "examinator4", False), AccessDenied, "kansli"),
    Forbidden("lead-reactivates-account", "examinator1",
              lambda db, me, ctx: auth.set_active(db, me, "examinator4", True), AccessDenied, "kansli",
              setup=lambda db, ctx: auth.set_active(db, ctx.admin, "examinator4", False)),
    Forbidden("examiner-unlocks-account", "examinator3",
              lambda db, me, ctx: auth.unlock(db, me, "examinator4"), AccessDenied, "kansli",
              setup=lambda db, ctx: lock_by_failed_logins(db, "examinator4")),
    Forbidden("committee-unlocks-account", "kommitte1",
              lambda db, me, ctx: auth.unlock(db, me, "examinator4"), AccessDenied, "kansli",
              setup=lambda db, ctx: lock_by_failed_logins(db, "examinator4")),
    Forbidden("chair-unlocks-account", "stadsdirektor",
              lambda db, me, ctx: auth.unlock(db, me, "examinator4"), AccessDenied, "kansli"),
    Forbidden("admin-deactivates-own-account", "admin",
              lambda db, me, ctx: auth.set_active(db, me, "admin", False), ValidationError, "ditt eget konto"),
    Forbidden("stale-admin-deactivates-last-active-admin", "admin",
              lambda db, me, ctx: auth.set_active(db, ctx.u("kansli2"), "admin", False),
              ValidationError, "sista aktiva kansli-kontot", setup=deactivated_second_admin),
    Forbidden("admin-deactivates-unknown-account", "admin",
              lambda db, me, ctx: auth.set_active(db, me, "finns.inte", False), ValidationError, "finns inte"),
    Forbidden("admin-creates-duplicate-account", "admin",
              lambda db, me, ctx: auth.create_account(db, me, "Examinator3", "Ny", "examiner", "långtlösenord123"),
              ValidationError, "finns redan"),
    # -- the committee's phase and the anonymity of the examiners (issue 12.1, 12.2) ------------------
    Forbidden("committee-sees-ranking-during-assessment", "kommitte1",
              lambda db, me, ctx: committee.ranking_view(db, me, YEAR), AccessDenied, "från fasen platsbesök"),
    Forbidden("chair-sees-calibration-during-consensus", "stadsdirektor",
              lambda db, me, ctx: committee.calibration_view(db, me, YEAR), AccessDenied, "från fasen platsbesök",
              setup=set_phase(YEAR, "consensus")),
    Forbidden("committee-reads-ratings-during-assessment", "kommitte1",
              lambda db, me, ctx: committee.ratings(db, me, YEAR), AccessDenied, "från fasen platsbesök"),
    Forbidden("committee-reads-criterion-scores-in-registration", "kommitte1",
              lambda db, me, ctx: committee.criterion_scores(db, me, YEAR), AccessDenied, "från fasen platsbesök",
              setup=set_phase(YEAR, "registration")),
    # -- e-mail and invitations (issue 19) ------------------------------------------------------------
    Forbidden("examiner-invites-examiners", "examinator3",
              lambda db, me, ctx: invitations.invite(db, me, ["examinator4"]), AccessDenied, "kansli"),
    Forbidden("lead-reads-the-outbox", "examinator1",
              lambda db, me, ctx: outbox.listing(db, me), AccessDenied, "kansli"),
    Forbidden("committee-resends-a-message", "kommitte1",
              lambda db, me, ctx: outbox.resend(db, me, 1), AccessDenied, "kansli"),
    Forbidden("chair-sets-reminder-days", "stadsdirektor",
              lambda db, me, ctx: outbox.set_reminder_days(db, me, YEAR, [3]), AccessDenied, "kansli"),
    Forbidden("admin-resends-a-sent-message", "admin",
              lambda db, me, ctx: outbox.resend(db, me, int(db.frame(
                  "SELECT min(id) AS id FROM outbox WHERE status = 'sent'")["id"][0])), ValidationError, "misslyckat"),
    # -- the practice case (issue 18) ------------------------------------------------------------------
    Forbidden("examiner-reads-practice-reference-before-submitting", "examinator1",
              lambda db, me, ctx: practice.feedback(db, me, YEAR), AccessDenied, "skickat in"),
    Forbidden("examiner-reads-practice-calibration-table", "examinator3",
              lambda db, me, ctx: practice.calibration_table(db, me, YEAR), AccessDenied, "kansli"),
    Forbidden("examiner-reads-practice-case-as-kansli", "examinator3",
              lambda db, me, ctx: practice.case(db, me, YEAR), AccessDenied, "kansli"),
    Forbidden("examiner-sets-practice-reference", "examinator3",
              lambda db, me, ctx: practice.set_reference(db, me, YEAR, {1: {"score": 90, "rationale": "x"}}),
              AccessDenied, "kansli"),
    Forbidden("admin-changes-locked-practice-reference", "admin",
              lambda db, me, ctx: practice.set_reference(db, me, YEAR, {1: {"score": 90, "rationale": "x"}}),
              ValidationError, "låst"),
    Forbidden("unnamed-examiner-reads-practice-reference-draft", "examinator3",
              lambda db, me, ctx: practice.reference_for_referee(db, me, YEAR), AccessDenied, "seniora examinatorer"),
    Forbidden("lead-names-senior-examiners", "examinator1",
              lambda db, me, ctx: practice.set_referees(db, me, YEAR, ["examinator1"]), AccessDenied, "kansli"),
    Forbidden("committee-asks-practice-rescore", "kommitte1",
              lambda db, me, ctx: practice.request_rescore(db, me, YEAR, "examinator3"), AccessDenied, "kansli"),
    Forbidden("examiner-resubmits-practice-case", "examinator3",
              lambda db, me, ctx: practice.submit(db, me, YEAR, FULL, practice.open_practice(db, me, YEAR).form.version),
              ValidationError, "redan inskickad"),
    Forbidden("examiner-starts-real-work-before-required-practice", "examinator1",
              lambda db, me, ctx: practice.require_real_work_open(db, me, YEAR), AccessDenied, "övningsfallet",
              setup=lambda db, ctx: practice.set_settings(db, ctx.admin, YEAR, True, 15)),
    # Later issues add rows here.
]


def _snapshot(path) -> dict:
    return exports.snapshot(path)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_forbidden_action_is_refused_and_changes_nothing(row: Forbidden, db: Store, demo_path):
    ctx = Ctx(db)
    row.setup(db, ctx)
    me = ctx.u(row.actor)
    before = _snapshot(demo_path)
    with pytest.raises(row.error) as refused:
        row.call(db, me, ctx)
    message = str(refused.value)
    assert row.match.lower() in message.lower()
    assert SWEDISH.search(message), f"inte svenska: {message!r}"
    assert "Traceback" not in message and "duckdb" not in message.lower()
    after = _snapshot(demo_path)
    changed = [t for t in before if before[t] != after.get(t)]
    assert changed == [], f"{row.id} ändrade tabellerna {changed}"


def test_rows_cover_every_role_that_can_be_refused():
    """The table tries forbidden actions as each role; a new role needs rows too."""
    roles = {"admin": "admin", "examinator3": "examiner", "examinator1": "lead", "kommitte1": "committee",
             "stadsdirektor": "chair"}
    assert {roles[r.actor] for r in ROWS} == set(roles.values())


def test_snapshot_notices_a_change(db: Store, demo_path):
    """The before/after comparison can fail: an allowed save does change the database."""
    ctx = Ctx(db)
    me = ctx.u("examinator3")
    sid = ctx.mine("examinator3", "draft")
    before = _snapshot(demo_path)
    assessment.save_draft(db, me, sid, FULL, assessment.open_assessment(db, me, sid).version)
    after = _snapshot(demo_path)
    assert {t for t in before if before[t] != after[t]} == {"assessment", "score", "audit_log"}


def test_committee_sees_the_spread_anonymously_and_severity_under_pseudonyms(db: Store):
    """The committee's reads carry no examiner identity: the spread of a unit's scores has no examiner
    column, severity comes as "Examinator A, B, …"; the kansli sees the names (issue 12.1)."""
    ctx = Ctx(db)
    names = set(db.frame("SELECT username FROM account WHERE role IN ('examiner', 'lead')")["username"])
    names |= set(db.frame("SELECT display_name FROM account WHERE role IN ('examiner', 'lead')")["display_name"])
    for username in ("kommitte1", "stadsdirektor"):
        me = ctx.u(username)
        spread = committee.ranking_view(db, me, OLD_YEAR).criterion_scores
        assert {"examiner", "display_name"}.isdisjoint(spread.columns)
        severity = committee.calibration_view(db, me, OLD_YEAR).examiners
        assert severity["display_name"].str.contains(r"^Examinator [A-Z]+$").all()
        assert names.isdisjoint(severity["examiner"]) and names.isdisjoint(severity["display_name"])
        assert names.isdisjoint(committee.ratings(db, me, OLD_YEAR)["examiner"])
    kansli = committee.calibration_view(db, ctx.admin, OLD_YEAR).examiners
    assert set(kansli["examiner"]) <= names and set(kansli["display_name"]) <= names


def test_allowed_counterparts_still_work(db: Store):
    """The checks refuse the wrong people, not the right ones."""
    ctx = Ctx(db)
    admin, examiner = ctx.admin, ctx.u("examinator3")
    sid = ctx.mine("examinator3", "submitted")
    assessment.reopen(db, admin, sid, "examinator3", "Fel poäng på kriterium 3")
    assert assessment.open_assessment(db, examiner, sid).status == "draft"
    auth.create_account(db, admin, "ny.examinator", "Ny Examinator", "examiner", "ett-långt-lösenord")
    assert auth.login(db, "ny.examinator", "ett-långt-lösenord").role == "examiner"
    found = audit_trail.search(db, admin, audit_trail.AuditFilter(action="create", since=dt.date.today()))
    assert found.entries["entity_key"].to_list() == ["ny.examinator"]
    assert found.entries["actor"].to_list() == ["admin"]
