"""Store.data_version: the one answer to "has the data changed?" for every cache (issue 14). Every committed
write moves it, a rolled-back one does not; an examiner's own draft moves only what reads that examiner's work."""
import pytest

from scoring.assessment import individual as assessment
from scoring.store import Store, audit
from tests.conftest import user_of


def _draft(db: Store, username: str) -> None:
    """The examiner saves a draft of the first assessment they have not submitted (the core's own save)."""
    actor = user_of(db, username)
    mine = assessment.my_assessments(db, actor, 2026)
    sid = mine.filter(mine["status"] != "submitted")["submission_id"][0]
    view = assessment.open_assessment(db, actor, sid)
    raw = {n: {"score": None, "strengths": f"utkast av {username}", "improvements": ""} for n in view.entries}
    assessment.save_draft(db, actor, sid, raw, view.version)


def _versions(db: Store) -> dict[str, object]:
    return {"every": db.data_version(), "no_drafts": db.data_version(drafts=False),
            "examinator1": db.data_version("examinator1"), "examinator2": db.data_version("examinator2")}


def test_every_committed_write_moves_every_version(db):
    before = _versions(db)
    db.write(lambda con: audit.record(con, "test", "note", "test", 1))
    after = _versions(db)
    assert all(after[k] != before[k] for k in before)


def test_a_draft_moves_only_what_reads_its_examiners_work(db):
    before = _versions(db)
    _draft(db, "examinator1")
    after = _versions(db)
    assert after["every"] != before["every"] and after["examinator1"] != before["examinator1"]
    assert after["examinator2"] == before["examinator2"] and after["no_drafts"] == before["no_drafts"]


def test_a_rolled_back_write_moves_nothing(db):
    before = _versions(db)

    def fail(con):
        audit.record(con, "test", "note", "test", 1)
        raise ValueError("stop")
    with pytest.raises(ValueError):
        db.write(fail)
    assert _versions(db) == before


def test_a_draft_inside_another_transaction_counts_as_that_transaction(db):
    before = _versions(db)
    with db.transaction():
        assert db.data_version() is None          # inside: its own uncommitted data, nothing to cache on
        _draft(db, "examinator1")
    after = _versions(db)
    assert after["examinator2"] != before["examinator2"] and after["no_drafts"] != before["no_drafts"]


def test_every_store_on_the_same_file_shares_the_version(db, demo_path):
    other = Store(demo_path)
    try:
        seen = db.data_version()
        other.write(lambda con: audit.record(con, "test", "note", "test", 1))
        assert db.data_version() != seen and db.data_version() == other.data_version()
    finally:
        other.close()


def test_an_in_memory_database_has_no_version():
    memory = Store(":memory:")
    try:
        assert memory.data_version() is None and memory.data_version("x") is None
    finally:
        memory.close()
