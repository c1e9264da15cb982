"""Concurrent edits: two sessions on one assessment, and many threads writing through Store.write.

Rules checked:
- the later of two saves from the same starting version is refused with StaleVersion carrying the
  newer values; the database holds the first; nothing is lost;
- every write Store.write acknowledged (returned from) is in the database exactly once;
- a DuckDB write-write conflict is retried, or surfaced as WriteConflict, never swallowed:
  acknowledged + surfaced == attempted, and the row shows exactly the acknowledged changes.
"""
from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest

from scoring.assessment import individual as assessment
from scoring.store import Store, WriteConflict, assessments, audit

THREADS = 50
SCORES_PER_THREAD = 100
CRITERIA = 5  # one save writes the five criteria of one assessment, as the scoring page does


def _values(tag: str) -> dict:
    return {c: {"score": 10 * c, "strengths": f"{tag} styrka {c}", "improvements": f"{tag} förbättring {c}"}
            for c in range(1, 6)}


# -- two sessions, one assessment ------------------------------------------------------------------

def test_later_save_from_the_same_version_is_refused_with_the_newer_values(db: Store, user):
    me = user("examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    tab_a = assessment.open_assessment(db, me, sid)
    tab_b = assessment.open_assessment(db, me, sid)
    assert tab_a.version == tab_b.version

    first = assessment.save_draft(db, me, sid, _values("A"), tab_a.version)
    with pytest.raises(assessment.StaleVersion) as stale:
        assessment.save_draft(db, me, sid, _values("B"), tab_b.version)

    assert "sparats i en annan flik" in str(stale.value)
    assert stale.value.current.version == first == tab_a.version + 1
    assert stale.value.current.entries[2].strengths == "A styrka 2"
    stored = assessment.open_assessment(db, me, sid)
    assert stored.version == first and stored.entries[2].strengths == "A styrka 2"

    # B carries its input over and saves again from the version it was shown: nothing is lost.
    second = assessment.save_draft(db, me, sid, _values("B"), stale.value.current.version)
    assert second == first + 1
    assert assessment.open_assessment(db, me, sid).entries[2].strengths == "B styrka 2"
    with db.read() as con:
        log = audit.entries(con, action="save_draft", actor="examinator3")
    assert [json_text.count("A styrka") > 0 for json_text in log["new_value"][:2]] == [False, True]


def test_submit_from_a_stale_tab_does_not_lock_the_newer_draft(db: Store, user):
    me = user("examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    old = assessment.open_assessment(db, me, sid).version
    assessment.save_draft(db, me, sid, _values("A"), old)
    with pytest.raises(assessment.StaleVersion):
        assessment.submit(db, me, sid, _values("B"), old)
    stored = assessment.open_assessment(db, me, sid)
    assert stored.status == "draft" and stored.entries[1].strengths == "A styrka 1"


# -- many threads through Store.write ----------------------------------------------------------------

@pytest.fixture
def fast_db(demo_template: Path, tmp_path: Path):
    """The demo on tmpfs when there is one: this test is about races, not about the disk."""
    shm = Path("/dev/shm")
    folder = Path(shutil.os.path.join(shm, f"kvalitet-{tmp_path.name}")) if shm.is_dir() else tmp_path
    folder.mkdir(exist_ok=True)
    path = folder / "stress.duckdb"
    shutil.copy(demo_template, path)
    store = Store(path)
    yield store
    store.close()
    if folder != tmp_path:
        shutil.rmtree(folder, ignore_errors=True)


def _run(threads: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def run(t: int) -> None:
        barrier.wait()
        try:
            work(t)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return errors


def test_fifty_threads_each_saving_a_hundred_scores_lose_and_duplicate_nothing(fast_db: Store):
    db = fast_db
    acknowledged: list[tuple[int, str, int, str]] = []
    lock = threading.Lock()

    def thread(t: int) -> None:
        examiner = f"stress{t:02d}"
        for save in range(SCORES_PER_THREAD // CRITERIA):
            sid = 10_000 + save
            rows = [(c, 10 * c, f"{examiner}/{sid}/{c}", "") for c in range(1, CRITERIA + 1)]

            def write(con, sid=sid, rows=rows) -> None:
                assessments.upsert_scores(con, sid, examiner, rows)
                audit.record(con, examiner, "stress", "assessment", f"{sid}/{examiner}", new=len(rows))

            try:
                db.write(write, retries=10)
            except WriteConflict:
                continue  # surfaced, not acknowledged: must then be absent (checked below)
            with lock:
                acknowledged.extend((sid, examiner, c, text) for c, _, text, _ in rows)

    assert _run(THREADS, thread) == []
    stored = db.frame("SELECT submission_id, examiner, criterion, strengths FROM score WHERE examiner LIKE 'stress%'")
    present = Counter(stored.iter_rows())
    assert len(acknowledged) == THREADS * SCORES_PER_THREAD
    assert set(acknowledged) == set(present)
    assert max(present.values()) == 1
    logged = db.frame("SELECT count(*) AS n FROM audit_log WHERE action = 'stress'")["n"][0]
    assert logged == len(acknowledged) // CRITERIA


def test_contended_row_conflicts_are_retried_or_surfaced_never_swallowed(fast_db: Store):
    """All threads bump the version of ONE assessment row (read-modify-write in one transaction)."""
    db = fast_db
    sid, examiner = db.frame("SELECT submission_id, examiner FROM assessment WHERE status = 'draft' LIMIT 1").row(0)
    with db.read() as con:
        start = assessments.state(con, sid, examiner)["version"]
    attempts_per_thread, threads = 10, THREADS
    acknowledged, surfaced = Counter(), Counter()

    def bump(con) -> int:
        version = assessments.state(con, sid, examiner)["version"]
        new = assessments.bump_version(con, sid, examiner, version, "draft")
        if new != version + 1:
            raise AssertionError(f"bump from {version} gave {new}")
        audit.record(con, "stress", "bump", "assessment", f"{sid}/{examiner}", old=version, new=new)
        return new

    def thread(t: int) -> None:
        for _ in range(attempts_per_thread):
            try:
                db.write(bump, retries=2)
            except WriteConflict:
                surfaced[t] += 1
            else:
                acknowledged[t] += 1

    assert _run(threads, thread) == []
    ok, refused = sum(acknowledged.values()), sum(surfaced.values())
    assert ok + refused == threads * attempts_per_thread
    assert ok > 0
    with db.read() as con:
        final = assessments.state(con, sid, examiner)["version"]
        bumps = audit.entries(con, action="bump")
    assert final - start == ok  # no lost update, no phantom one
    assert bumps.height == ok
    assert sorted(int(v) for v in bumps["new_value"]) == list(range(start + 1, final + 1))
