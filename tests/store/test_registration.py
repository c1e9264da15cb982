"""Organisations, units, eligibility at registration, board decisions, the 30 June deadline and targets."""
import datetime as dt

import polars as pl
import pytest

from scoring import demo
from scoring.assessment import individual as assessment
from scoring.cycle import setup as cycle_setup
from scoring.cycle import registration
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit
from scoring.store import registration as store

TODAY = dt.date(2027, 5, 20)
GOOD = {"id": "X100", "name": "Förskolan Provet", "manager_budget_responsibility": True,
        "manager_staff_responsibility": True, "has_plan_with_goals": True, "employees": 12,
        "operator_type": "kommunal", "stockholm_share": None, "budget_kept": None}


@pytest.fixture
def open_cycle(db, user):
    """A 2027 cycle in the registration phase, copied from 2026 (no registrations yet)."""
    return cycle_setup.copy_cycle(db, user("admin"), 2026)


def _org(db, name="Bromma stadsdelsförvaltning"):
    with db.read() as con:
        return store.organisation_ids(con)[name]


def _unit(db, user, **changes):
    values = {**GOOD, "organisation_id": _org(db), **changes}
    return registration.save_unit(db, user("admin"), values, new=True)


def _row(db, user, year, unit_id):
    return registration.units_overview(db, user("admin"), year).filter(pl.col("id") == unit_id).row(0, named=True)


@pytest.mark.parametrize("changes, reason", [
    ({"manager_budget_responsibility": False}, "Chefen saknar budgetansvar."),
    ({"manager_staff_responsibility": False}, "Chefen saknar personalansvar."),
    ({"has_plan_with_goals": False}, "Enheten saknar verksamhetsplan med mål."),
    ({"employees": 4}, "Enheten har 4 medarbetare inklusive chefen; minst 5 krävs."),
    ({"operator_type": "enskilt driven", "stockholm_share": 40.0},
     "En enskilt driven enhet måste till minst 51 % arbeta för stockholmare (angivet: 40 %)."),
    ({"operator_type": "enskilt driven"}, "Andelen stockholmare saknas för en enskilt driven enhet."),
    ({"budget_kept": False}, "Enheten har inte hållit sin budget (budgethållning)."),
])
def test_each_eligibility_rule_blocks_registration_without_a_reason(db, user, open_cycle, changes, reason):
    assert _unit(db, user, **changes) == (reason,)
    with pytest.raises(ValidationError) as err:
        registration.register(db, user("admin"), 2027, "X100", "forskola", today=TODAY)
    assert reason in err.value.messages
    assert _row(db, user, 2027, "X100")["submission_id"] is None


def test_ineligible_unit_registered_with_written_override_which_is_kept(db, user, open_cycle):
    _unit(db, user, employees=3)
    sid = registration.register(db, user("admin"), 2027, "X100", "forskola",
                                "Nämnden har godkänt trots liten personalstyrka.", today=TODAY)
    row = _row(db, user, 2027, "X100")
    assert (row["submission_id"], row["registration_status"]) == (sid, "registered")
    assert row["eligibility_override"] == "Nämnden har godkänt trots liten personalstyrka."
    assert row["registered_on"] == TODAY
    with db.read() as con:
        entry = audit.entries(con, entity="submission").row(0, named=True)
    assert "minst 5 krävs" in entry["new_value"] and "liten personalstyrka" in entry["new_value"]


def test_eligible_unit_registers_without_override(db, user, open_cycle):
    assert _unit(db, user) == ()
    registration.register(db, user("admin"), 2027, "X100", "skola", "onödig motivering", today=TODAY)
    row = _row(db, user, 2027, "X100")
    assert row["class_code"] == "skola" and row["eligibility_override"] is None


def test_register_needs_registration_phase(db, user):
    _unit(db, user)
    with pytest.raises(AccessDenied, match="bara i fasen anmälan"):
        registration.register(db, user("admin"), 2026, "X100", "skola")


def test_register_twice_or_unknown_class_refused(db, user, open_cycle):
    _unit(db, user)
    with pytest.raises(ValidationError, match="^Tävlingsklassen 'musik' finns inte i omgången 2027.$"):
        registration.register(db, user("admin"), 2027, "X100", "musik")
    registration.register(db, user("admin"), 2027, "X100", "skola")
    with pytest.raises(ValidationError, match="redan anmäld till omgången 2027"):
        registration.register(db, user("admin"), 2027, "X100", "forskola")


def test_save_unit_duplicate_id_and_bad_values_refused(db, user):
    with pytest.raises(ValidationError, match="Enhets-id 'e001' används redan"):
        _unit(db, user, id="e001")
    with pytest.raises(ValidationError) as err:
        _unit(db, user, id="a b", employees=0, stockholm_share=120.0)
    assert len(err.value.messages) == 3


def test_save_unit_updates_existing_unit(db, user):
    values = {**_row(db, user, 2026, "E001"), "employees": 3}
    assert registration.save_unit(db, user("admin"), values, new=False) == (
        "Enheten har 3 medarbetare inklusive chefen; minst 5 krävs.",)
    assert not _row(db, user, 2026, "E001")["eligible"]


def test_change_class_moves_registration(db, user, open_cycle):
    _unit(db, user)
    registration.register(db, user("admin"), 2027, "X100", "skola")
    registration.change_class(db, user("admin"), 2027, "X100", "forskola")
    assert _row(db, user, 2027, "X100")["class_code"] == "forskola"
    with pytest.raises(ValidationError, match="finns inte"):
        registration.change_class(db, user("admin"), 2027, "X100", "opera")


def test_withdraw_refused_when_submission_has_a_team(db, user):
    with pytest.raises(AccessDenied):  # 2026 is past registration
        registration.withdraw(db, user("admin"), 2026, "E001", "skäl")
    cycle_setup.move_phase(db, user("admin"), 2026, "registration", "test")
    with pytest.raises(ValidationError, match="har redan examinatorer"):
        registration.withdraw(db, user("admin"), 2026, "E001", "skäl")


def test_withdraw_only_without_team(db, user, open_cycle):
    _unit(db, user)
    registration.register(db, user("admin"), 2027, "X100", "skola")
    registration.withdraw(db, user("admin"), 2027, "X100", "Enheten drog sig ur")
    assert _row(db, user, 2027, "X100")["submission_id"] is None


def test_board_decision_approves_several_units_at_once(db, user, open_cycle):
    for uid in ("X100", "X101", "X102"):
        _unit(db, user, id=uid, name=f"Förskolan {uid}")
        registration.register(db, user("admin"), 2027, uid, "forskola", today=TODAY)
    decision = registration.record_board_decision(db, user("admin"), 2027, _org(db), dt.date(2027, 5, 12),
                                                  "Protokoll 2027-05-12, § 7", ["X100", "X101"], today=TODAY)
    statuses = {uid: _row(db, user, 2027, uid)["registration_status"] for uid in ("X100", "X101", "X102")}
    assert statuses == {"X100": "board_decided", "X101": "board_decided", "X102": "registered"}
    registration.mark_protocol_received(db, user("admin"), decision, dt.date(2027, 5, 19), today=TODAY)
    assert _row(db, user, 2027, "X101")["registration_status"] == "protocol_received"
    table = registration.board_decisions(db, user("admin"), 2027).filter(pl.col("id") == decision).row(0, named=True)
    assert table["units"] == 2 and table["unit_names"] == "Förskolan X100; Förskolan X101"


def test_board_decision_refuses_other_organisations_units_and_repeats(db, user, open_cycle):
    _unit(db, user)
    registration.register(db, user("admin"), 2027, "X100", "forskola", today=TODAY)
    other = _org(db, "Farsta stadsdelsförvaltning")
    with pytest.raises(ValidationError, match="hör inte till Farsta stadsdelsförvaltning"):
        registration.record_board_decision(db, user("admin"), 2027, other, TODAY, "§ 1", ["X100"], today=TODAY)
    registration.record_board_decision(db, user("admin"), 2027, _org(db), TODAY, "§ 1", ["X100"], today=TODAY)
    with pytest.raises(ValidationError, match="har redan ett beslut"):
        registration.record_board_decision(db, user("admin"), 2027, _org(db), TODAY, "§ 2", ["X100"], today=TODAY)
    assert registration.board_decisions(db, user("admin"), 2027).height == 1


@pytest.mark.parametrize("decided, ref, units, received, message", [
    (dt.date(2027, 6, 1), "§ 1", ["X100"], None, "Beslutsdatumet 2027-06-01 ligger i framtiden."),
    (TODAY, " ", ["X100"], None, "Ange protokollets paragraf eller diarienummer."),
    (TODAY, "§ 1", [], None, "Välj minst en anmäld enhet som beslutet gäller."),
    (TODAY, "§ 1", ["X100"], dt.date(2027, 5, 1), "Protokollet kan inte ha kommit in före beslutet."),
])
def test_board_decision_bad_input_refused(db, user, decided, ref, units, received, message):
    with pytest.raises(ValidationError) as err:
        registration.record_board_decision(db, user("admin"), 2026, _org(db), decided, ref, units, received,
                                           today=TODAY)
    assert message in err.value.messages


@pytest.mark.parametrize("today, level, days", [
    (dt.date(2026, 5, 1), "calm", 60), (dt.date(2026, 6, 9), "soon", 21),
    (dt.date(2026, 6, 30), "soon", 0), (dt.date(2026, 7, 1), "late", -1),
])
def test_approval_status_warns_as_30_june_approaches(db, user, today, level, days):
    status = registration.approval_status(db, user("admin"), 2026, today=today)
    assert (status.deadline, status.level, status.days_left) == (dt.date(2026, 6, 30), level, days)
    overview = registration.units_overview(db, user("admin"), 2026)
    assert status.unapproved.height == len(demo.UNAPPROVED_ORGS)
    assert set(status.unapproved["id"]) == set(overview.filter(pl.col("registration_status") == "registered")["id"])
    decided = overview.filter(pl.col("registration_status") == "board_decided")  # minutes not yet received
    assert set(status.awaiting_protocol["id"]) == set(decided["id"]) and decided.height > 0


def test_participation_against_target_shows_missed_target(db, user):
    rows = registration.participation(db, user("admin"), 2026)
    social = rows.filter(pl.col("organisation") == "Socialförvaltningen").row(0, named=True)
    assert social["target"] == 7 and 0 < social["registered"] < 7
    assert social["missing"] == 7 - social["registered"]
    met = rows.filter(pl.col("target").is_not_null() & (pl.col("organisation") != "Socialförvaltningen"))
    assert met.height > 0 and (met["missing"] == 0).all()
    assert rows["registered"].sum() == 45


def test_set_target_changes_and_removes_target(db, user):
    org = _org(db, "Socialförvaltningen")
    registration.set_target(db, user("admin"), 2026, org, 1)
    social = registration.participation(db, user("admin"), 2026).filter(pl.col("id") == org).row(0, named=True)
    assert social["missing"] == 0
    registration.set_target(db, user("admin"), 2026, org, None)
    assert registration.participation(db, user("admin"), 2026).filter(pl.col("id") == org)["target"][0] is None
    with pytest.raises(ValidationError, match="Målet måste vara mellan 0 och 1000, fick '-1'."):
        registration.set_target(db, user("admin"), 2026, org, -1)
    registration.set_target(db, user("admin"), 2026, org, " 4 ")  # as typed in the table
    assert registration.participation(db, user("admin"), 2026).filter(pl.col("id") == org)["target"][0] == 4
    registration.set_target(db, user("admin"), 2026, org, "–")
    assert registration.participation(db, user("admin"), 2026).filter(pl.col("id") == org)["target"][0] is None
    with pytest.raises(ValidationError, match="Målet måste vara ett heltal, fick 'sju'."):
        registration.set_target(db, user("admin"), 2026, org, "sju")


def test_several_targets_are_saved_all_or_none(db, user):
    """The Enheter och anmälan table saves every changed target at once: one bad cell or unknown organisation
    writes none of them."""
    social, other = _org(db, "Socialförvaltningen"), _org(db)
    def targets():
        frame = registration.participation(db, user("admin"), 2026)
        return {org: frame.filter(pl.col("id") == org)["target"][0] for org in (social, other)}
    before = targets()
    with pytest.raises(ValidationError, match="heltal"):
        registration.set_targets(db, user("admin"), 2026, {social: "3", other: "sju"})
    with pytest.raises(LookupError):
        registration.set_targets(db, user("admin"), 2026, {social: "3", 999_999: "2"})
    assert targets() == before
    assert registration.set_targets(db, user("admin"), 2026, {social: "3", other: 5}) == 2
    assert targets() == {social: 3, other: 5}
    assert registration.set_targets(db, user("admin"), 2026, {social: 3, other: "6"}) == 1


def test_save_organisation_creates_and_refuses_duplicate_name(db, user):
    new = registration.save_organisation(db, user("admin"), "Kulturförvaltningen", "förvaltning", "Kulturnämnden")
    orgs = registration.organisations(db, user("admin"), 2026)
    assert orgs.filter(pl.col("id") == new)["board"][0] == "Kulturnämnden"
    with pytest.raises(ValidationError, match="finns redan"):
        registration.save_organisation(db, user("admin"), "kulturförvaltningen", "bolag", "Styrelsen")


def test_registration_functions_refused_for_examiner(db, user):
    with pytest.raises(AccessDenied):
        registration.units_overview(db, user("examinator1"), 2026)
    with pytest.raises(AccessDenied):
        registration.record_board_decision(db, user("examinator1"), 2026, 1, TODAY, "§", ["E001"])


def test_demo_has_decisions_missing_approvals_and_an_override(db, user):
    decisions = registration.board_decisions(db, user("admin"), 2026)
    assert decisions["units"].max() > 1
    overview = registration.units_overview(db, user("admin"), 2026)
    ineligible = overview.filter(~pl.col("eligible"))
    assert ineligible["id"].to_list() == [demo.INELIGIBLE_UNIT]
    assert ineligible["eligibility_override"][0] == demo.OVERRIDE_REASON
    assert overview.filter(pl.col("registration_status") == "registered").height == len(demo.UNAPPROVED_ORGS)
    assert overview.filter(pl.col("registration_status") == "board_decided").height > 0
    assert assessment.my_assessments(db, user("examinator1"), 2026).height > 0  # teams and states untouched
