"""The committee's decisions and the chair's signature.

Rules (checked here; the Beslut page only mirrors them):

- The committee (committee members and the chair) records one proposal per class in the decision
  phase: zero, one or more winners and optional honourable mentions (hedersomnämnanden). Each
  award row has its own motivation (motivering): required for a winner (left empty, a winner
  takes the class's motivation, and then that one is required), optional for a mention, which
  never takes the class's or a winner's text. A class without a winner needs the class's
  motivation (why none). A winner's prize amount defaults to the class's prize_amount; a mention
  has none unless one is given.
- Recusal (jäv): a committee member whose förvaltning (account.organisation_id) has a unit in a
  class is recused for that class. The page shows it, and a recused member may not record or
  change that class's proposal. The chair normally has no förvaltning and is never recused
  then; a chair who has one is recused like anyone else.
- Only the chair signs. Signing needs a recorded proposal in every class, locks every class and
  freezes everything the documents print: each award's final weighted total (award.final_total)
  and a copy of class name, motivations, prizes, unit names and förvaltningar (signed_class,
  signed_award). While signed, every read here (and so the winner list, diplomas, programme and
  the archive's Beslut sheet) uses the frozen copy; a unit or class renamed afterwards (e.g. by
  import) is reported by changes_since_signing, beside the list, never merged into it.
- After signing, nothing changes until the chair reopens the decisions with a reason. The
  reopening is kept in decision_reopening and the audit log; the frozen totals and copies are
  cleared, and the next signature freezes them again.
- signed_winner_list is the input of the ceremony exports and refuses while the decisions are
  not signed; draft_winner_list gives the same structure for an UTKAST at any time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from scoring.platform import outbox
from scoring.assessment import results
from scoring.assessment import visibility
from scoring import conflicts, swedish
from scoring.platform.access import PHASE_NAMES, AccessDenied, User, ValidationError, require_phase, require_role
from scoring.reports.model import UnsignedDecisionError
from scoring.store import Store, audit, cycles
from scoring.store import decisions as store

READERS = ("committee", "chair", "admin")
PROPOSERS = ("committee", "chair")
UNSIGNED, SIGNED, REOPENED = "unsigned", "signed", "reopened"
STATUS_NAMES = {UNSIGNED: "Ej signerade", SIGNED: "Signerade och låsta", REOPENED: "Öppnade igen efter signering"}
KIND_NAMES = {"winner": "Vinnare", "honourable": "Hedersomnämnande"}

LOCKED = ("Besluten är signerade och låsta. Ordföranden måste öppna dem igen med ett skäl "
          "innan något ändras.")
RECUSED = conflicts.RECUSED
NOT_SIGNED = "Besluten för {year} är inte signerade. Vinnarlistan kan skapas först när ordföranden har signerat."
NO_WINNER_MOTIVATION = "Skriv en motivering för klassens beslut: varför ingen enhet får utmärkelsen."
WINNER_MOTIVATION = ("Skriv en motivering för vinnaren {unit}, eller en motivering för klassen som gäller "
                     "vinnare utan egen.")
REOPENED_NOT_SIGNED = ("Besluten för {year} har öppnats igen efter signeringen och är inte signerade på nytt. "
                       "Vinnarlistan kan skapas först när ordföranden har signerat igen.")


@dataclass(frozen=True)
class AwardChoice:
    """One unit the proposal rewards. motivation: a winner's may be empty → the class's motivation;
    a mention's empty stays empty.
    prize_amount: whole kronor; None → the class's prize amount for a winner, no prize for a mention."""

    submission_id: int
    motivation: str = ""
    prize_amount: int | None = None


@dataclass(frozen=True, eq=False)
class CycleDecisions:
    """classes: class_code, class_name, position, class_prize, presenter, motivation, no_winner,
    updated_by, updated_at, recorded. awards: class_code, submission_id, kind, motivation,
    prize_amount, final_total, unit_id, unit_name, organisation. recusals: username, display_name,
    class_code, organisation. members: the committee and the chair."""

    year: int
    phase: str
    status: str
    signed_by: str | None
    signed_by_name: str | None
    signed_at: dt.datetime | None
    classes: pl.DataFrame
    awards: pl.DataFrame
    reopenings: pl.DataFrame
    members: pl.DataFrame
    recusals: pl.DataFrame

    @property
    def locked(self) -> bool:
        return self.status == SIGNED

    def recused(self, username: str, class_code: str) -> bool:
        return not self.recusals.filter((pl.col("username") == username)
                                        & (pl.col("class_code") == class_code)).is_empty()

    def recused_names(self, class_code: str) -> list[str]:
        return self.recusals.filter(pl.col("class_code") == class_code)["display_name"].to_list()

    def missing_classes(self) -> list[str]:
        return self.classes.filter(~pl.col("recorded"))["class_name"].to_list()


def cycle_decisions(db: Store, actor: User, year: int) -> CycleDecisions:
    require_role(actor, *READERS)
    with db.read() as con:
        row = cycles.require_cycle(con, year)
        sig = store.signature(con, year) or {}
        members = store.committee_members(con)
        recusals = conflicts.recusals(members, store.class_organisations(con, year))
        classes, awards = store.class_decisions(con, year), store.awards(con, year)
        if sig.get("status") == SIGNED:
            classes, awards = _as_signed(classes, store.signed_classes(con, year)), store.signed_awards(con, year)
        return CycleDecisions(
            year, row["phase"], sig.get("status", UNSIGNED), sig.get("signed_by"), sig.get("signed_by_name"),
            sig.get("signed_at"), classes, awards, store.reopenings(con, year), members, recusals)


def _as_signed(classes: pl.DataFrame, frozen: pl.DataFrame) -> pl.DataFrame:
    """The live class rows with the printed facts (name, motivation, no winner) as signed."""
    facts = ("class_name", "motivation", "no_winner")
    joined = classes.join(frozen.rename({c: f"{c}_signed" for c in facts}), on="class_code", how="left")
    return joined.with_columns(pl.coalesce(f"{c}_signed", c).alias(c) for c in facts).select(classes.columns)


# ---------------------------------------------------------------- the proposal


def record_proposal(db: Store, actor: User, year: int, class_code: str, motivation: str,
                    winners: Sequence[AwardChoice] = (), honourable: Sequence[AwardChoice] = ()) -> None:
    """Record (or replace) the committee's proposal for one class."""
    require_role(actor, *PROPOSERS)
    motivation = (motivation or "").strip()

    def write(con) -> None:
        state = _state_for_change(con, actor, year)
        klass = state["classes"].get(class_code)
        if klass is None:
            raise ValidationError(cycles.UNKNOWN_CLASS.format(code=class_code, year=year))
        conflicts.refuse_recused(actor, class_code, klass["class_name"], store.class_organisations(con, year))
        rows = _award_rows(con, year, class_code, klass, motivation, winners, honourable)
        old = {"decision": store.class_decision(con, year, class_code),
               "awards": store.class_awards(con, year, class_code)}
        store.upsert_class_decision(con, year, class_code, motivation, not any(r["kind"] == "winner" for r in rows),
                                    actor.username)
        store.replace_awards(con, year, class_code, rows)
        audit.record(con, actor.username, "record_proposal", "class_decision", f"{year}/{class_code}", old=old,
                     new={"decision": {"motivation": motivation, "no_winner": not winners}, "awards": rows})

    db.write(write)


def _state_for_change(con, actor: User, year: int) -> dict:
    row = cycles.require_cycle(con, year)
    sig = store.signature(con, year)
    if sig and sig["status"] == SIGNED:
        raise AccessDenied(LOCKED)
    require_phase(row["phase"], "decision")
    classes = {r["class_code"]: r for r in store.class_decisions(con, year).iter_rows(named=True)}
    return {"cycle": row, "classes": classes}


def _award_rows(con, year: int, class_code: str, klass: dict, motivation: str,
                winners: Sequence[AwardChoice], honourable: Sequence[AwardChoice]) -> list[dict]:
    problems = [] if motivation or winners else [NO_WINNER_MOTIVATION]
    in_cycle, names = store.submission_classes(con, year), store.submission_units(con, year)
    seen: set[int] = set()
    rows = []
    for kind, choices in (("winner", winners), ("honourable", honourable)):
        for choice in choices:
            sid = int(choice.submission_id)
            if in_cycle.get(sid) != class_code:
                problems.append(f"Bidrag {sid} är inte anmält i klassen {klass['class_name']}.")
            elif sid in seen:
                problems.append(f"Bidrag {sid} finns med mer än en gång; en enhet kan bara få ett beslut i klassen.")
            seen.add(sid)
            prize = choice.prize_amount
            if prize is None and kind == "winner":
                prize = klass["class_prize"]
            if prize is not None and (isinstance(prize, bool) or int(prize) != prize or prize < 0):
                problems.append(f"Prisbeloppet för bidrag {sid} måste vara ett helt antal kronor, 0 eller mer.")
            own = (choice.motivation or "").strip()
            text = own or motivation if kind == "winner" else own   # a mention never inherits
            if kind == "winner" and not text and sid in names:
                problems.append(WINNER_MOTIVATION.format(unit=names[sid]))
            rows.append({"submission_id": sid, "kind": kind, "prize_amount": None if prize is None else int(prize),
                         "motivation": text})
    if problems:
        raise ValidationError(problems)
    return rows


# ---------------------------------------------------------------- signature and reopening


def sign(db: Store, actor: User, year: int) -> dt.datetime:
    """The chair signs every class's decision: locks them and freezes the awards' final totals."""
    require_role(actor, "chair")

    def write(con) -> dt.datetime:
        state = _state_for_change(con, actor, year)
        missing = [k["class_name"] for k in state["classes"].values() if not k["recorded"]]
        if missing:
            raise ValidationError([f"Klassen {name} har inget beslut ännu." for name in missing]
                                  + ["Alla klasser behöver ett beslut (minst en motivering) innan du signerar."])
        totals = results.weighted_totals(db, year)
        awarded = set(store.awards(con, year)["submission_id"].to_list())
        frozen = {sid: total for sid, total in zip(totals["submission_id"], totals["total"], strict=True)
                  if sid in awarded}
        before = (store.signature(con, year) or {}).get("status", UNSIGNED)
        now = dt.datetime.now().replace(microsecond=0)
        store.freeze_totals(con, year, frozen)
        store.freeze_rows(con, year)
        store.set_signature(con, year, SIGNED, actor.username, now)
        audit.record(con, actor.username, "sign", "decision", year, old={"status": before},
                     new={"status": SIGNED, "signed_at": now, "final_totals": frozen})
        outbox.decision_signed(con, actor.username, year)
        return now

    return db.write(write)


def reopen(db: Store, actor: User, year: int, reason: str) -> int:
    """The chair opens signed decisions again; the reason is kept. Returns the reopening's id."""
    require_role(actor, "chair")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Skriv varför besluten öppnas igen.")

    def write(con) -> int:
        row = cycles.require_cycle(con, year)
        sig = store.signature(con, year)
        if not sig or sig["status"] != SIGNED:
            raise ValidationError("Besluten är inte signerade; det finns inget att öppna igen.")
        if row["phase"] != "decision":
            raise AccessDenied(
                f"Omgången är i fasen {PHASE_NAMES[row['phase']].lower()}. Kansliet behöver först flytta "
                "tillbaka den till fasen beslut innan besluten kan öppnas igen.")
        reopening = store.insert_reopening(con, year, actor.username, reason)
        store.set_status(con, year, REOPENED)
        store.clear_totals(con, year)
        store.clear_frozen(con, year)
        audit.record(con, actor.username, "reopen", "decision", year, old={"status": SIGNED},
                     new={"status": REOPENED, "reason": reason, "reopening": reopening})
        return reopening

    return db.write(write)


# ---------------------------------------------------------------- the winner list


@dataclass(frozen=True)
class ListedAward:
    submission_id: int
    unit_id: str
    unit_name: str
    organisation: str
    kind: str                    # 'winner' | 'honourable'
    motivation: str
    prize_amount: int | None
    final_total: float | None    # frozen at signing; in a draft the current total


@dataclass(frozen=True)
class ClassOutcome:
    class_code: str
    class_name: str
    position: int
    presenter: str | None
    recorded: bool               # a proposal exists
    no_winner: bool
    motivation: str
    winners: tuple[ListedAward, ...]
    honourable: tuple[ListedAward, ...]


@dataclass(frozen=True)
class WinnerList:
    """Per class in the cycle's order; signed_at is None in a draft."""

    year: int
    cycle_title: str
    chair_name: str
    chair_title: str
    signed: bool
    signed_at: dt.datetime | None
    classes: tuple[ClassOutcome, ...]

    def frame(self) -> pl.DataFrame:
        """One row per award: class, unit, förvaltning, kind, motivation, prize amount."""
        rows = [{"klass": c.class_name, "enhet": a.unit_name, "forvaltning": a.organisation,
                 "utmarkelse": KIND_NAMES[a.kind], "motivering": a.motivation, "prisbelopp": a.prize_amount,
                 "totalpoang": a.final_total}
                for c in self.classes for a in (*c.winners, *c.honourable)]
        schema = {"klass": pl.String, "enhet": pl.String, "forvaltning": pl.String, "utmarkelse": pl.String,
                  "motivering": pl.String, "prisbelopp": pl.Int64, "totalpoang": pl.Float64}
        return pl.DataFrame(rows, schema=schema)


def signed_winner_list(db: Store, actor: User, year: int) -> WinnerList:
    """The signed decisions; raises UnsignedDecisionError (Swedish message) unless signed."""
    require_role(actor, *READERS)
    state = cycle_decisions(db, actor, year)
    if state.status != SIGNED:
        template = REOPENED_NOT_SIGNED if state.status == REOPENED else NOT_SIGNED
        raise UnsignedDecisionError(template.format(year=year))
    return _winner_list(db, actor, state, signed=True)


def draft_winner_list(db: Store, actor: User, year: int) -> WinnerList:
    """The proposals as they stand (an UTKAST): the same structure, signed=False while unsigned."""
    require_role(actor, *READERS)
    state = cycle_decisions(db, actor, year)
    return _winner_list(db, actor, state, signed=state.status == SIGNED)


def _winner_list(db: Store, actor: User, state: CycleDecisions, signed: bool) -> WinnerList:
    """A draft carries the current totals only for whoever may see the cycle's results in its phase."""
    with db.read() as con:
        cycle = cycles.get_cycle(con, state.year)
        chair = store.chair_name(con)
    awards = state.awards
    if not signed:
        current = results.weighted_totals(db, state.year).select("submission_id", pl.col("total").alias("now"))
        if not visibility.results_visible(actor, state.phase).allowed:
            current = current.with_columns(now=pl.lit(None, pl.Float64))
        awards = awards.join(current, on="submission_id", how="left").with_columns(final_total=pl.col("now"))
    outcomes = []
    for k in state.classes.iter_rows(named=True):
        mine = [ListedAward(a["submission_id"], a["unit_id"], a["unit_name"], a["organisation"], a["kind"],
                            a["motivation"], a["prize_amount"], a["final_total"])
                for a in awards.filter(pl.col("class_code") == k["class_code"]).iter_rows(named=True)]
        outcomes.append(ClassOutcome(
            k["class_code"], k["class_name"], k["position"], k["presenter"], bool(k["recorded"]),
            bool(k["no_winner"]) if k["recorded"] else True, k["motivation"] or "",
            tuple(a for a in mine if a.kind == "winner"), tuple(a for a in mine if a.kind == "honourable")))
    name = (state.signed_by_name if signed else None) or chair or cycle["chair_title"]
    return WinnerList(state.year, cycle["title"], name, cycle["chair_title"], signed,
                      state.signed_at if signed else None, tuple(outcomes))


# ---------------------------------------------------------------- live data since the signature


@dataclass(frozen=True)
class SignedChange:
    """One printed fact that differs in the live data from what the chair signed."""

    class_name: str              # as signed
    unit_name: str               # as signed; "" for a change to the class itself
    what: str                    # Swedish: which fact
    signed: str                  # as signed (and printed)
    now: str                     # in the live data


def changes_since_signing(db: Store, actor: User, year: int) -> tuple[SignedChange, ...]:
    """What the live data says differently from the signed decisions (empty unless signed): unit
    names, förvaltningar, class names and weighted totals. Shown beside the signed list, never in it."""
    require_role(actor, *READERS)
    with db.read() as con:
        sig = store.signature(con, year) or {}
        if sig.get("status") != SIGNED:
            return ()
        signed_classes, signed = store.signed_classes(con, year), store.signed_awards(con, year)
        live_classes, live = store.class_decisions(con, year), store.awards(con, year)
    totals = dict(results.weighted_totals(db, year).select("submission_id", "total").iter_rows())
    class_now = dict(zip(live_classes["class_code"], live_classes["class_name"], strict=True))
    class_then = dict(zip(signed_classes["class_code"], signed_classes["class_name"], strict=True))
    changes = [SignedChange(name, "", "Klassens namn", name, class_now.get(code) or CHANGE_GONE)
               for code, name in class_then.items() if class_now.get(code) != name]
    now = {r["submission_id"]: r for r in live.iter_rows(named=True)}
    for a in signed.iter_rows(named=True):
        klass, unit, row = class_then.get(a["class_code"], a["class_code"]), a["unit_name"], now.get(a["submission_id"])
        if row is None:
            changes.append(SignedChange(klass, unit, "Utmärkelsen", KIND_NAMES[a["kind"]], CHANGE_GONE))
            continue
        for what, key in (("Enhetens namn", "unit_name"), ("Förvaltning", "organisation")):
            if row[key] != a[key]:
                changes.append(SignedChange(klass, unit, what, a[key], row[key]))
        then_total, now_total = a["final_total"], totals.get(a["submission_id"])
        if _total_text(then_total) != _total_text(now_total):
            changes.append(SignedChange(klass, unit, "Viktad totalpoäng", _total_text(then_total),
                                        _total_text(now_total)))
    return tuple(changes)


CHANGE_GONE = "finns inte längre"


def _total_text(total: float | None) -> str:
    return swedish.decimal(total, 2)
