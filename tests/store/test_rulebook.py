"""A cycle's rulebook in the database, and which cycle people work in by default."""
from scoring import rulebook
from scoring.cycle import setup as cycle_setup
from scoring.store import cycles


def test_load_returns_the_stored_rulebook(db):
    book = rulebook.load(db, 2026)
    assert book.year == 2026 and len(book.criteria) == 5 and len(book.classes) == 5
    assert book.scale.values() == tuple(range(0, 101, 10))


def test_current_year_is_the_cycle_in_progress(db):
    assert rulebook.current_year(db) == 2026


def test_current_year_stays_while_next_year_is_being_set_up(db, user):
    new_year = cycle_setup.copy_cycle(db, user("admin"), 2026)
    assert new_year == 2027 and rulebook.phase(db, 2027) == "registration"
    assert rulebook.current_year(db) == 2026


def test_current_year_moves_on_when_this_year_is_closed(db, user):
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    db.write(lambda con: cycles.set_phase(con, 2026, "closed"))
    assert rulebook.current_year(db) == 2027


def test_current_year_of_an_empty_database_is_none(empty_db):
    assert rulebook.current_year(empty_db) is None
