"""Writer process for test_crash_safety: saves scores in a burst; after each COMMIT prints the save's id.

Usage: python -m tests.store.crash_writer DB_PATH SAVES
Each save writes the five criteria of one (submission, examiner) plus an audit entry, in one transaction.
"""
import sys

from scoring.store import Store, assessments, audit


def main(path: str, saves: int) -> None:
    db = Store(path)
    for i in range(saves):
        sid = 20_000 + i
        rows = [(c, 10 * c, f"krasch {i} kriterium {c}", "") for c in range(1, 6)]

        def write(con, sid=sid, rows=rows) -> None:
            assessments.upsert_scores(con, sid, "crashwriter", rows)
            audit.record(con, "crashwriter", "crash_test", "assessment", f"{sid}/crashwriter")

        db.write(write)
        print(i, flush=True)  # only after db.write returned, i.e. after COMMIT


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
