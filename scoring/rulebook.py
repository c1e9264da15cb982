"""A cycle's rulebook as stored in the database (the admin may have edited it since the file)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from criteria import CompetitionClass, Criterion, Rulebook, Scale, ScaleBand
from scoring.store import Store, cycles

UNKNOWN_CYCLE = cycles.UNKNOWN_CYCLE   # the store's one message (scoring.store.cycles.require_cycle)


def install(con, book: Rulebook, phase: str = "registration") -> None:
    """Write a rulebook's cycle, classes, criteria and scale (inside the caller's transaction)."""
    d = book.dates
    cycles.insert_cycle(con, {
        "year": book.year, "title": book.title, "phase": phase,
        "approval_deadline": d["approval_deadline"], "submission_deadline": d["submission_deadline"],
        "assessment_deadline": d["assessment_deadline"], "consensus_deadline": d["consensus_deadline"],
        "decision_date": d["decision_date"], "ceremony_date": d["ceremony"],
        "ceremony_place": book.ceremony_place, "chair_title": book.chair_title, "logo_path": book.logo,
        "scale_min": book.scale.min, "scale_max": book.scale.max, "scale_step": book.scale.step,
    })
    for position, klass in enumerate(book.classes, start=1):
        cycles.insert_class(con, book.year, klass.code, klass.name, position, klass.prize_amount)
    for c in book.criteria:
        cycles.insert_criterion(con, book.year, c.number, c.title, c.description, list(c.guidance), c.weight)
    for band in book.scale.bands:
        cycles.insert_band(con, book.year, band.low, band.high, band.descriptor)


_LOADED: OrderedDict[tuple[str, int], tuple[Any, Rulebook]] = OrderedDict()   # (file, year) → (version, book)
_LOADED_LOCK = threading.Lock()


def load(db: Store, year: int) -> Rulebook:
    """The cycle's rulebook, read once per data version that can change it (Store.data_version(drafts=False):
    no examiner's draft does), shared by every caller; a Rulebook is frozen."""
    version, key = db.data_version(drafts=False), (db.path, year)
    with _LOADED_LOCK:
        hit = _LOADED.get(key)
    if version is not None and hit is not None and hit[0] == version:
        return hit[1]
    book = _read(db, year)
    if version is not None:
        with _LOADED_LOCK:
            _LOADED[key] = (version, book)
            _LOADED.move_to_end(key)
            while len(_LOADED) > 32:
                _LOADED.popitem(last=False)
    return book


def _read(db: Store, year: int) -> Rulebook:
    with db.read() as con:
        row = cycles.require_cycle(con, year)
        klasses, crits, bands = cycles.classes(con, year), cycles.criteria(con, year), cycles.bands(con, year)
    return Rulebook(
        year=row["year"], title=row["title"],
        dates={"approval_deadline": row["approval_deadline"], "submission_deadline": row["submission_deadline"],
               "assessment_deadline": row["assessment_deadline"], "consensus_deadline": row["consensus_deadline"],
               "decision_date": row["decision_date"], "ceremony": row["ceremony_date"]},
        ceremony_place=row["ceremony_place"], chair_title=row["chair_title"],
        classes=tuple(CompetitionClass(r["code"], r["name"], r["prize_amount"]) for r in klasses.iter_rows(named=True)),
        criteria=tuple(Criterion(r["number"], r["title"], r["description"], r["weight"], tuple(r["guidance"]))
                       for r in crits.iter_rows(named=True)),
        scale=Scale(row["scale_min"], row["scale_max"], row["scale_step"],
                    tuple(ScaleBand(r["low"], r["high"], r["descriptor"]) for r in bands.iter_rows(named=True))),
        logo=row["logo_path"],
    )


def phase(db: Store, year: int) -> str:
    with db.read() as con:
        row = cycles.require_cycle(con, year)
    return row["phase"]


def current_year(db: Store) -> int | None:
    """The cycle people work in by default: the newest one in progress (past registration, not closed).

    While next year's cycle is only being set up (registration), examiners and the committee keep
    working in this year's; once this year's is closed, the new one takes over. With no cycle in
    progress, the newest cycle.
    """
    with db.read() as con:
        phases = cycles.phases(con)
    in_progress = [year for year, phase in phases if phase not in ("registration", "closed")]
    newest = [year for year, _ in phases]
    return (in_progress or newest or [None])[0]
