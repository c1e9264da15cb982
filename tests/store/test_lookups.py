"""The store's lookups that raise: one require_cycle, one require_submission and one organisations(),
each with one Swedish message, and the core's readers answering an unknown cycle or submission with it."""
import pytest

from scoring import rulebook
from scoring.assessment import individual as assessment
from scoring.ceremony import winners as ceremony
from scoring.cycle import setup as cycle_setup
from scoring.cycle import documents
from scoring.ceremony import feedback
from scoring.cycle import registration
from scoring.assessment import site_visit
from scoring.platform.access import ValidationError
from scoring.store import cycles, units

NO_YEAR, NO_SUBMISSION = 1999, 987654


def test_require_cycle_returns_the_row_or_raises_the_one_message(db):
    with db.read() as con:
        assert cycles.require_cycle(con, 2026)["year"] == 2026
        with pytest.raises(LookupError, match="^Omgången 1999 finns inte.$"):
            cycles.require_cycle(con, NO_YEAR)


def test_require_submission_returns_the_row_or_raises_the_one_message(db):
    with db.read() as con:
        sid = con.execute("SELECT min(id) FROM submission WHERE cycle = 2026").fetchone()[0]
        row = units.require_submission(con, sid)
        assert (row["id"], row["cycle"]) == (sid, 2026) and row["unit_name"] and row["class_name"]
        with pytest.raises(LookupError, match=f"^Bidrag {NO_SUBMISSION} finns inte.$"):
            units.require_submission(con, NO_SUBMISSION)


def test_organisations_with_a_year_carry_its_targets_and_without_one_none(db):
    with db.read() as con:
        with_targets, plain = units.organisations(con, 2026), units.organisations(con)
    assert with_targets.columns == plain.columns == ["id", "name", "kind", "board", "target"]
    assert with_targets["target"].drop_nulls().len() > 0
    assert plain["target"].null_count() == plain.height > 0
    assert with_targets["name"].to_list() == sorted(with_targets["name"].to_list())


@pytest.mark.parametrize("read", [
    lambda db, user: rulebook.phase(db, NO_YEAR),
    lambda db, user: rulebook.load(db, NO_YEAR),
    lambda db, user: cycle_setup.cycle_details(db, user("admin"), NO_YEAR),
    lambda db, user: ceremony.winner_list(db, user("admin"), NO_YEAR),
    lambda db, user: registration.approval_status(db, user("admin"), NO_YEAR),
])
def test_an_unknown_cycle_is_named_in_one_message_everywhere(db, user, read):
    with pytest.raises(LookupError, match="^Omgången 1999 finns inte.$"):
        read(db, user)


@pytest.mark.parametrize("read", [
    lambda db, user: assessment.open_assessment(db, user("examinator1"), NO_SUBMISSION),
    lambda db, user: feedback.feedback_report(db, user("admin"), NO_SUBMISSION),
    lambda db, user: documents.fetch(db, user("admin"), NO_SUBMISSION),
    lambda db, user: site_visit.visit_view(db, user("admin"), NO_SUBMISSION),
])
def test_an_unknown_submission_is_named_in_one_message_everywhere(db, user, read):
    with pytest.raises(LookupError, match=f"^Bidrag {NO_SUBMISSION} finns inte.$"):
        read(db, user)


NO_ORGANISATION = 424242


def test_an_unknown_organisation_is_named_in_one_message_everywhere(db, user):
    message = f"^Förvaltningen eller bolaget \\(nummer {NO_ORGANISATION}\\) finns inte.$"
    with pytest.raises(LookupError, match=message):
        registration.set_targets(db, user("admin"), 2026, {NO_ORGANISATION: 3})
    with pytest.raises(LookupError, match=message):
        registration.save_organisation(db, user("admin"), "Ny", "förvaltning", "Nämnden", org_id=NO_ORGANISATION)
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM participation_target WHERE organisation_id = ?",
                           [NO_ORGANISATION]).fetchone()[0] == 0


def test_an_unknown_class_is_named_in_one_message_everywhere(db, user):
    message = "^Tävlingsklassen 'musik' finns inte i omgången 2026.$"
    with pytest.raises(ValidationError, match=message):
        ceremony.set_presenters(db, user("admin"), 2026, {"musik": "Någon"})
    # registering a unit in that class says the same (tests/store/test_registration.py)
