"""The committee's proposals, the chair's signature, reopening, and the winner list."""
import polars as pl
import pytest

from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.assessment import results
from scoring.platform.access import AccessDenied, ValidationError
from scoring.committee.decisions import AwardChoice
from scoring.reports.model import UnsignedDecisionError
from scoring.store import audit

YEAR = 2026
TABLES = ("class_decision", "award", "decision_signature", "decision_reopening", "signed_class", "signed_award")


def _snapshot(db) -> dict:
    with db.read() as con:
        found = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
        found["audit"] = audit.count(con)
    return found


@pytest.fixture
def decision_db(db, user):
    admin = user("admin")
    for phase in ("consensus", "site_visit", "decision"):
        cycle_setup.move_phase(db, admin, YEAR, phase)
    return db


def _units(db, class_code: str) -> list[int]:
    """The class's submissions, best total first."""
    totals = results.weighted_totals(db, YEAR).filter(pl.col("class_code") == class_code)
    return totals.sort("total", "submission_id", descending=[True, False], nulls_last=True)["submission_id"].to_list()


def test_record_proposal_saves_winner_mention_motivation_and_default_prize(decision_db, user):
    db, member = decision_db, user("kommitte1")
    first, second = _units(db, "forskola")[:2]
    decisions.record_proposal(db, member, YEAR, "forskola", "  Ett föredömligt arbete <b>&</b>.  ",
                              [AwardChoice(first)], [AwardChoice(second, "Egen motivering.")])
    state = decisions.cycle_decisions(db, member, YEAR)
    klass = state.classes.filter(pl.col("class_code") == "forskola").row(0, named=True)
    assert klass["recorded"] and not klass["no_winner"]
    assert klass["motivation"] == "Ett föredömligt arbete <b>&</b>."
    awards = {r["submission_id"]: r for r in state.awards.iter_rows(named=True)}
    assert awards[first]["kind"] == "winner" and awards[first]["prize_amount"] == 50000
    assert awards[first]["motivation"] == "Ett föredömligt arbete <b>&</b>."
    assert awards[second]["kind"] == "honourable" and awards[second]["prize_amount"] is None
    assert awards[second]["motivation"] == "Egen motivering."
    with db.read() as con:
        entry = audit.entries(con, entity="class_decision").row(0, named=True)
    assert entry["actor"] == "kommitte1" and entry["entity_key"] == "2026/forskola"


def test_record_proposal_replaces_the_previous_one_and_may_have_no_winner(decision_db, user):
    db, member = decision_db, user("kommitte1")
    decisions.record_proposal(db, member, YEAR, "forskola", "Först.", [AwardChoice(_units(db, "forskola")[0])])
    decisions.record_proposal(db, member, YEAR, "forskola", "Ingen når nivån i år.")
    state = decisions.cycle_decisions(db, member, YEAR)
    assert state.awards.is_empty()
    assert state.classes.filter(pl.col("class_code") == "forskola")["no_winner"].to_list() == [True]


@pytest.mark.parametrize("motivation, winners, honourable", [
    ("   ", "first", ()),                      # motivation is required
    ("Bra.", "other_class", ()),               # a unit from another class
    ("Bra.", "first", "first"),                # the same unit twice
    ("Bra.", "negative_prize", ()),            # a negative prize
])
def test_record_proposal_refuses_bad_input_and_leaves_the_db_unchanged(decision_db, user, motivation, winners,
                                                                       honourable):
    db, member = decision_db, user("kommitte1")
    first, other = _units(db, "forskola")[0], _units(db, "skola")[0]
    choice = {"first": [AwardChoice(first)], "other_class": [AwardChoice(other)],
              "negative_prize": [AwardChoice(first, prize_amount=-5)]}
    before = _snapshot(db)
    with pytest.raises(ValidationError):
        decisions.record_proposal(db, member, YEAR, "forskola", motivation, choice[winners],
                                  choice[honourable] if honourable else ())
    assert _snapshot(db) == before


def test_recused_member_is_shown_and_refused_for_the_class(decision_db, user):
    db, member = decision_db, user("kommitte1")        # Stockholm Vatten och Avfall AB runs a unit in 'andra'
    state = decisions.cycle_decisions(db, member, YEAR)
    assert state.recused("kommitte1", "andra")
    assert not state.recused("kommitte1", "forskola")
    assert not state.recused("stadsdirektor", "andra")
    assert "Kommittéledamot 1" in state.recused_names("andra")
    before = _snapshot(db)
    with pytest.raises(AccessDenied, match="jäv"):
        decisions.record_proposal(db, member, YEAR, "andra", "Bra.", [AwardChoice(_units(db, "andra")[0])])
    assert _snapshot(db) == before


def test_proposals_only_in_the_decision_phase(db, user):
    before = _snapshot(db)
    with pytest.raises(AccessDenied, match="beslut"):
        decisions.record_proposal(db, user("kommitte1"), YEAR, "forskola", "Bra.")
    assert _snapshot(db) == before


def test_examiners_and_admin_may_not_propose(decision_db, user):
    before = _snapshot(decision_db)
    for name in ("examinator1", "admin"):
        with pytest.raises(AccessDenied):
            decisions.record_proposal(decision_db, user(name), YEAR, "forskola", "Bra.")
    with pytest.raises(AccessDenied):
        decisions.cycle_decisions(decision_db, user("examinator1"), YEAR)
    assert _snapshot(decision_db) == before


def _propose_everywhere(db, chair) -> None:
    for code in ("forskola", "skola", "aldreomsorg", "socialtjanst_lss", "andra"):
        winners = [] if code == "andra" else [AwardChoice(_units(db, code)[0])]
        decisions.record_proposal(db, chair, YEAR, code, f"Motivering för {code}.", winners)


def test_committee_member_cannot_sign(decision_db, user):
    _propose_everywhere(decision_db, user("stadsdirektor"))
    before = _snapshot(decision_db)
    with pytest.raises(AccessDenied):
        decisions.sign(decision_db, user("kommitte2"), YEAR)
    assert _snapshot(decision_db) == before


def test_sign_needs_a_decision_in_every_class(decision_db, user):
    db, chair = decision_db, user("stadsdirektor")
    decisions.record_proposal(db, chair, YEAR, "forskola", "Bra.", [AwardChoice(_units(db, "forskola")[0])])
    before = _snapshot(db)
    with pytest.raises(ValidationError) as refused:
        decisions.sign(db, chair, YEAR)
    assert any("Skola" in m for m in refused.value.messages)
    assert _snapshot(db) == before


def test_sign_locks_freezes_totals_and_change_after_signing_is_refused(decision_db, user):
    db, chair = decision_db, user("stadsdirektor")
    _propose_everywhere(db, chair)
    decisions.sign(db, chair, YEAR)
    state = decisions.cycle_decisions(db, chair, YEAR)
    assert state.locked and state.signed_by == "stadsdirektor"
    totals = dict(results.weighted_totals(db, YEAR).select("submission_id", "total").iter_rows())
    assert len(state.awards) == 4
    for row in state.awards.iter_rows(named=True):
        assert row["final_total"] == pytest.approx(totals[row["submission_id"]])
    before = _snapshot(db)
    for actor in (chair, user("kommitte1")):
        with pytest.raises(AccessDenied, match="låsta"):
            decisions.record_proposal(db, actor, YEAR, "forskola", "Ändrad.")
    with pytest.raises(AccessDenied, match="låsta"):
        decisions.sign(db, chair, YEAR)
    assert _snapshot(db) == before


def test_reopen_needs_the_chair_and_a_reason_then_allows_changes(decision_db, user):
    db, chair = decision_db, user("stadsdirektor")
    _propose_everywhere(db, chair)
    decisions.sign(db, chair, YEAR)
    before = _snapshot(db)
    with pytest.raises(ValidationError):
        decisions.reopen(db, chair, YEAR, "   ")
    with pytest.raises(AccessDenied):
        decisions.reopen(db, user("kommitte1"), YEAR, "Ny information.")
    assert _snapshot(db) == before

    decisions.reopen(db, chair, YEAR, "Ny information om en enhets budget.")
    state = decisions.cycle_decisions(db, chair, YEAR)
    assert state.status == decisions.REOPENED and not state.locked
    assert state.reopenings["reason"].to_list() == ["Ny information om en enhets budget."]
    assert state.awards["final_total"].null_count() == len(state.awards)
    with db.read() as con:
        assert audit.entries(con, entity="decision", action="reopen").height == 1
    decisions.record_proposal(db, user("kommitte1"), YEAR, "forskola", "Ändrad efter öppning.")
    decisions.sign(db, chair, YEAR)
    assert decisions.cycle_decisions(db, chair, YEAR).locked


def test_winner_list_is_refused_until_signed_and_then_lists_classes_in_order(decision_db, user):
    db, chair, admin = decision_db, user("stadsdirektor"), user("admin")
    _propose_everywhere(db, chair)
    before = _snapshot(db)
    with pytest.raises(UnsignedDecisionError, match="inte signerade"):
        decisions.signed_winner_list(db, admin, YEAR)
    assert _snapshot(db) == before
    draft = decisions.draft_winner_list(db, admin, YEAR)
    assert not draft.signed and draft.signed_at is None

    decisions.sign(db, chair, YEAR)
    signed = decisions.signed_winner_list(db, admin, YEAR)
    assert signed.signed and signed.signed_at is not None and signed.chair_name == "Stadsdirektören (demo)"
    assert [c.class_code for c in signed.classes] == ["forskola", "skola", "aldreomsorg", "socialtjanst_lss", "andra"]
    andra = signed.classes[-1]
    assert andra.no_winner and andra.winners == ()
    forskola = signed.classes[0]
    assert [w.submission_id for w in forskola.winners] == [_units(db, "forskola")[0]]
    assert forskola.winners[0].prize_amount == 50000 and forskola.winners[0].organisation
    assert signed.frame().height == 4

    decisions.reopen(db, chair, YEAR, "Fel klass.")
    with pytest.raises(UnsignedDecisionError, match="öppnats igen"):
        decisions.signed_winner_list(db, admin, YEAR)


def test_demo_2022_is_signed_with_a_no_winner_class_and_an_honourable_mention(db, user):
    signed = decisions.signed_winner_list(db, user("kommitte3"), 2022)
    by_code = {c.class_code: c for c in signed.classes}
    assert by_code["socialtjanst_lss"].no_winner and by_code["socialtjanst_lss"].motivation
    assert sum(len(c.winners) for c in signed.classes) == 4
    assert [len(c.honourable) for c in signed.classes] == [0, 0, 1, 0, 0]
    assert all(w.final_total is not None for c in signed.classes for w in c.winners)
    with pytest.raises(UnsignedDecisionError):
        decisions.signed_winner_list(db, user("kommitte3"), YEAR)


def test_a_mention_never_takes_the_class_or_the_winners_motivation(decision_db, user):
    db, member = decision_db, user("kommitte1")
    first, second = _units(db, "forskola")[:2]
    decisions.record_proposal(db, member, YEAR, "forskola", "", [AwardChoice(first, "Vinnarens egen motivering.")],
                              [AwardChoice(second)])
    awards = {r["submission_id"]: r for r in decisions.cycle_decisions(db, member, YEAR).awards.iter_rows(named=True)}
    assert awards[first]["motivation"] == "Vinnarens egen motivering."
    assert awards[second]["motivation"] == ""
    listed = decisions.draft_winner_list(db, member, YEAR).classes[0]
    assert listed.honourable[0].motivation == "" and listed.winners[0].motivation == "Vinnarens egen motivering."


def test_a_winner_needs_a_motivation_of_its_own_or_the_class(decision_db, user):
    db, member = decision_db, user("kommitte1")
    first, second = _units(db, "forskola")[:2]
    before = _snapshot(db)
    with pytest.raises(ValidationError) as refused:
        decisions.record_proposal(db, member, YEAR, "forskola", " ", [AwardChoice(first, "Egen."), AwardChoice(second)])
    assert len(refused.value.messages) == 1 and "Skriv en motivering för vinnaren" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="varför ingen enhet"):
        decisions.record_proposal(db, member, YEAR, "forskola", "  ", [], [AwardChoice(second, "Omnämnd.")])
    assert _snapshot(db) == before


def test_signing_freezes_the_printed_rows_and_reopening_clears_them(decision_db, user):
    db, chair = decision_db, user("stadsdirektor")
    _propose_everywhere(db, chair)
    decisions.sign(db, chair, YEAR)
    with db.read() as con:
        frozen = con.execute("SELECT count(*) FROM signed_award WHERE cycle = ?", [YEAR]).fetchone()[0]
        classes = con.execute("SELECT count(*) FROM signed_class WHERE cycle = ?", [YEAR]).fetchone()[0]
    assert (frozen, classes) == (4, 5)
    decisions.reopen(db, chair, YEAR, "Ny information.")
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM signed_award WHERE cycle = ?", [YEAR]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM signed_class WHERE cycle = ?", [YEAR]).fetchone()[0] == 0


def test_a_draft_list_carries_current_totals_only_for_who_may_see_results(db, user):
    from scoring.assessment import visibility
    admin, chair = user("admin"), user("stadsdirektor")
    assert not visibility.results_visible(chair, decisions.cycle_decisions(db, admin, YEAR).phase).allowed
    cycle_setup.move_phase(db, admin, YEAR, "consensus")
    for phase in ("site_visit", "decision"):
        cycle_setup.move_phase(db, admin, YEAR, phase)
    decisions.record_proposal(db, chair, YEAR, "forskola", "Bra.", [AwardChoice(_units(db, "forskola")[0])])
    assert decisions.draft_winner_list(db, chair, YEAR).classes[0].winners[0].final_total is not None
