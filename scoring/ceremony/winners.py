"""The prisutdelning: winner list, diplomas and programme from the chair's signed decisions.

Invariants:
- Only the kansli (admin) and the chair (stadsdirektör) build these documents or edit
  presenters; the core checks it on every call, the page only mirrors it.
- The documents name the winners, so they are final only once the chair has signed the
  cycle's decisions (scoring.committee.decisions). Before that, and while decisions are reopened,
  only drafts exist, marked UTKAST on every page; asking for a final document raises
  UnsignedDecisionError with scoring.committee.decisions' Swedish message and DRAFT_HINT.
- Winners, motivations and prize amounts come from scoring.committee.decisions, never retyped here;
  the cycle's own data gives date, place, chair title and logo. Signed documents print what the
  chair signed (decisions' frozen copy): a unit renamed later keeps its signed name in them, and
  the status lists the difference (CeremonyStatus.changes) for the page to show beside them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from scoring.committee import decisions
from scoring.platform.access import User, ValidationError, require_role
from scoring.reports import (CeremonyPack, ClassResult, UnsignedDecisionError, Winner, build_diplomas,
                             build_programme, build_winner_list)
from scoring.store import Store, audit, cycles
from scoring.store import ceremony as store

ROLES = ("admin", "chair")
DRAFT_HINT = "Till dess kan ett utkast skapas, märkt UTKAST på varje sida."
NO_DIPLOMAS = "Det finns inga vinnare att skriva diplom för i {year}."
PRESENTER_TOO_LONG = "Utdelaren för {name} får vara högst {max} tecken."
PRESENTER_MAX = 200
NO_WINNER, NOT_DECIDED = "Ingen vinnare", "Inget beslut ännu"

# The three documents, by file-name stem, in the order the page offers them.
DOCUMENTS = ("vinnarlista", "diplom", "program")


@dataclass(frozen=True, eq=False)
class CeremonyStatus:
    """What the page says about the cycle before anything is built.

    awards: one row per award and one per class without any (class_name, decision, unit_name,
    organisation, prize_amount), classes in ceremony order."""

    year: int
    title: str
    ceremony_date: dt.date
    ceremony_place: str
    signed: bool
    signed_on: dt.date | None
    signer: str | None
    winners: int
    mentions: int
    undecided: tuple[str, ...]   # classes the committee has not decided yet
    awards: pl.DataFrame
    changes: tuple[decisions.SignedChange, ...] = ()   # live data that differs from the signed list


# -- reading --------------------------------------------------------------------------------------

def _cycle(db: Store, year: int) -> dict:
    with db.read() as con:
        row = cycles.require_cycle(con, year)
    return row


def winner_list(db: Store, actor: User, year: int, draft: bool = False) -> decisions.WinnerList:
    """The committee's decisions as scoring.committee.decisions lists them: signed, or (draft) as they stand."""
    require_role(actor, *ROLES)
    _cycle(db, year)
    if draft:
        return decisions.draft_winner_list(db, actor, year)
    try:
        return decisions.signed_winner_list(db, actor, year)
    except UnsignedDecisionError as exc:
        raise UnsignedDecisionError(f"{exc} {DRAFT_HINT}") from exc


def ceremony_pack(db: Store, actor: User, year: int, draft: bool = False) -> CeremonyPack:
    """Everything the three documents need. Unsigned: refused unless `draft`."""
    listing = winner_list(db, actor, year, draft)
    return _pack(_cycle(db, year), listing)


def status(db: Store, actor: User, year: int) -> CeremonyStatus:
    listing = winner_list(db, actor, year, draft=True)
    cycle = _cycle(db, year)
    return CeremonyStatus(
        year=year, title=listing.cycle_title, ceremony_date=cycle["ceremony_date"],
        ceremony_place=cycle["ceremony_place"], signed=listing.signed,
        signed_on=listing.signed_at.date() if listing.signed and listing.signed_at else None,
        signer=listing.chair_name if listing.signed else None,
        winners=sum(len(c.winners) for c in listing.classes),
        mentions=sum(len(c.honourable) for c in listing.classes),
        undecided=tuple(c.class_name for c in listing.classes if not c.recorded), awards=_overview(listing),
        changes=decisions.changes_since_signing(db, actor, year))


def _overview(listing: decisions.WinnerList) -> pl.DataFrame:
    """One row per award, and one per class without any: class, decision, unit, förvaltning, prize."""
    rows = []
    for c in listing.classes:
        for a in (*c.winners, *c.honourable):
            rows.append((c.class_name, decisions.KIND_NAMES[a.kind], a.unit_name, a.organisation, a.prize_amount))
        if not c.winners and not c.honourable:
            rows.append((c.class_name, NO_WINNER if c.recorded else NOT_DECIDED, None, None, None))
    schema = {"class_name": pl.String, "decision": pl.String, "unit_name": pl.String, "organisation": pl.String,
              "prize_amount": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


# -- documents ------------------------------------------------------------------------------------

def winner_list_pdf(db: Store, actor: User, year: int, draft: bool = False) -> bytes:
    return build_winner_list(ceremony_pack(db, actor, year, draft), draft=draft)


def diplomas_pdf(db: Store, actor: User, year: int, draft: bool = False) -> bytes:
    """One A4 landscape page per winning unit (honourable mentions get none)."""
    pack = ceremony_pack(db, actor, year, draft)
    if not any(not w.honourable for c in pack.classes for w in c.winners):
        raise ValidationError(NO_DIPLOMAS.format(year=year))
    return build_diplomas(pack, draft=draft)


def programme_pdf(db: Store, actor: User, year: int, draft: bool = False) -> bytes:
    return build_programme(ceremony_pack(db, actor, year, draft), draft=draft)


BUILDERS = {"vinnarlista": winner_list_pdf, "diplom": diplomas_pdf, "program": programme_pdf}


def document_pdf(db: Store, actor: User, kind: str, year: int, draft: bool = False) -> bytes:
    return BUILDERS[kind](db, actor, year, draft)


def file_name(kind: str, year: int, draft: bool = False, suffix: str = "pdf") -> str:
    """vinnarlista-2022.pdf; a draft says so in its name too (vinnarlista-2022-UTKAST.pdf)."""
    return f"{kind}-{year}{'-UTKAST' if draft else ''}.{suffix}"


# -- presenters -----------------------------------------------------------------------------------

def presenters(db: Store, actor: User, year: int) -> pl.DataFrame:
    """code, name, presenter of every class in ceremony order."""
    require_role(actor, *ROLES)
    _cycle(db, year)
    with db.read() as con:
        return cycles.classes(con, year).select("code", "name", "presenter")


def set_presenters(db: Store, actor: User, year: int, wanted: dict[str, str | None]) -> int:
    """Save who hands out the award in each class (blank clears); returns how many changed.

    All or nothing: one bad entry saves none. Each change is audited.
    """
    require_role(actor, *ROLES)
    _cycle(db, year)
    cleaned = {code: " ".join((value or "").split()) or None for code, value in wanted.items()}
    with db.read() as con:
        klasses = cycles.classes(con, year)
    names = dict(zip(klasses["code"], klasses["name"]))
    problems = [cycles.UNKNOWN_CLASS.format(code=code, year=year) for code in cleaned if code not in names]
    problems += [PRESENTER_TOO_LONG.format(name=names[code], max=PRESENTER_MAX)
                 for code, value in cleaned.items() if code in names and value and len(value) > PRESENTER_MAX]
    if problems:
        raise ValidationError(problems)

    def work(con) -> int:
        changed = 0
        for code, value in cleaned.items():
            _, old = store.presenter(con, year, code)
            if old == value:
                continue
            store.set_presenter(con, year, code, value)
            audit.record(con, actor.username, "set_presenter", "competition_class", f"{year}/{code}",
                         old={"presenter": old}, new={"presenter": value})
            changed += 1
        return changed

    return db.write(work)


# -- the command line -----------------------------------------------------------------------------

def export_folder(db: Store, actor: User, year: int, out: Path, draft: bool = False) -> list[Path]:
    """Write winner list, diplomas, programme and the results archive (xlsx and CSV zip) into `out`.

    Unsigned decisions are refused unless `draft`; then the PDFs are drafts and say so in their names.
    A cycle without winners gets no diploma file.
    """
    from scoring.ceremony import archive
    require_role(actor, *ROLES)
    if not draft:
        winner_list(db, actor, year)  # refuses unsigned decisions before anything is written
    files: dict[str, bytes] = {}
    for kind in DOCUMENTS:
        try:
            files[f"{kind}{'-UTKAST' if draft else ''}.pdf"] = document_pdf(db, actor, kind, year, draft)
        except ValidationError:
            if kind != "diplom":
                raise
    files["resultat.xlsx"], files["resultat-csv.zip"] = archive.workbook_and_csv_zip(db, actor, year)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        (out / name).write_bytes(content)
        written.append(out / name)
    return written


# -- assembling -----------------------------------------------------------------------------------

def _pack(cycle: dict, listing: decisions.WinnerList) -> CeremonyPack:
    def winner(award: decisions.ListedAward) -> Winner:
        return Winner(award.unit_name, award.organisation, award.motivation, award.prize_amount,
                      honourable=award.kind == "honourable")

    classes = tuple(ClassResult(c.class_name, c.presenter, tuple(winner(a) for a in c.winners),
                                tuple(winner(a) for a in c.honourable), decided=c.recorded)
                    for c in listing.classes)
    return CeremonyPack(
        cycle_year=listing.year, cycle_title=listing.cycle_title, ceremony_date=cycle["ceremony_date"],
        ceremony_place=cycle["ceremony_place"], chair_name=listing.chair_name, chair_title=listing.chair_title,
        signed_on=listing.signed_at.date() if listing.signed and listing.signed_at else None,
        classes=classes, logo_path=cycle["logo_path"])


__all__ = ["CeremonyStatus", "UnsignedDecisionError", "ceremony_pack", "diplomas_pdf",
           "document_pdf", "export_folder", "file_name", "presenters", "programme_pdf", "set_presenters",
           "status", "winner_list_pdf"]
