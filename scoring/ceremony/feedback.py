"""The återföringsrapport from the database: every unit's final scores, texts and a short summary.

Invariants:
- Only the kansli (admin) gets any unit's report, and the whole cycle as a zip.
  A lead gets the report of a unit their team assessed, and only when the team
  view is open to them (scoring.assessment.visibility): the report shows the team's
  result, which must not reach the lead before their own assessment is in.
- Scores come from scoring.assessment.results (site visit > consensus > individual mean);
  each criterion says which. Texts are the done consensus's, otherwise the
  team's submitted texts. A score the committee adjusted at the site visit
  prints the committee's reason for it, so the unit learns why.
- Everything for a cycle is read in a few bulk queries, so the zip of every
  unit costs one pass over the database.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from criteria import Rulebook
from scoring.assessment import consensus
from scoring.assessment import results
from scoring.assessment import visibility
from scoring import rulebook as rulebooks
from scoring import swedish
from scoring.platform.access import User, require_role
from scoring.reports import (CriterionResult, FeedbackReport, build_feedback_pdfs, build_feedback_report,
                             build_feedback_zip)
from scoring.swedish import number as format_number
from scoring.store import Store, assessments, units
from scoring.store import results as store

NOT_ALLOWED = "Bara kansliet och teamets utvärderingsledare kan hämta återföringsrapporten."


@dataclass(frozen=True)
class _CycleData:
    book: Rulebook
    submissions: pl.DataFrame
    finals: dict[tuple[int, int], tuple[float | None, str]]
    totals: dict[int, float | None]
    medians: dict[tuple[str, int], float]
    total_medians: dict[str, float]
    texts: dict[tuple[int, int], tuple[str, str]]
    reasons: dict[tuple[int, int], str]


def may_download(db: Store, actor: User, submission_id: int) -> visibility.Decision:
    """May the actor get this unit's report? (The UI mirrors this; the core enforces it.)"""
    if actor.role == "admin":
        return visibility.Decision(True)
    with db.read() as con:
        place = assessments.assignment(con, submission_id, actor.username)
    if place is None or not place["is_lead"]:
        return visibility.Decision(False, NOT_ALLOWED)
    return visibility.team_view(visibility.facts_for(db, actor, submission_id))


def feedback_report(db: Store, actor: User, submission_id: int) -> FeedbackReport:
    may_download(db, actor, submission_id).require()
    with db.read() as con:
        sub = units.require_submission(con, submission_id)
    data = _load(db, sub["cycle"])
    row = data.submissions.filter(pl.col("submission_id") == submission_id).row(0, named=True)
    return _report(data, row)


def feedback_pdf(db: Store, actor: User, submission_id: int) -> tuple[str, bytes]:
    """(file name, PDF bytes) of one unit's report."""
    report = feedback_report(db, actor, submission_id)
    with db.read() as con:
        sub = units.submission(con, submission_id)
    return file_name(report.cycle_year, sub["unit_id"], sub["unit_name"]), build_feedback_report(report)


def cycle_reports(db: Store, actor: User, year: int) -> list[tuple[str, FeedbackReport]]:
    """Every unit's report in the cycle, named for a zip or a folder (kansli only)."""
    require_role(actor, "admin")
    data = _load(db, year)
    return [(file_name(year, r["unit_id"], r["unit_name"]), _report(data, r))
            for r in data.submissions.iter_rows(named=True)]


def feedback_zip(db: Store, actor: User, year: int, workers: int = 1) -> bytes:
    return build_feedback_zip(cycle_reports(db, actor, year), workers=workers)


def export_folder(db: Store, actor: User, year: int, out: Path, workers: int = 1) -> list[Path]:
    """Write every unit's report as a PDF file into `out` (created if needed).

    Every PDF is built before the first file is written, so a failure leaves no half folder."""
    out.mkdir(parents=True, exist_ok=True)
    pdfs = list(build_feedback_pdfs(cycle_reports(db, actor, year), workers=workers))
    written = []
    for name, pdf_bytes in pdfs:
        target = out / name
        target.write_bytes(pdf_bytes)
        written.append(target)
    return written


def file_name(year: int, unit_id: str, unit_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", unit_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:60] or "enhet"
    safe_id = re.sub(r"[^A-Za-z0-9]+", "-", unit_id).strip("-") or "id"
    return f"aterforingsrapport-{year}-{safe_id}-{slug}.pdf"


# -- assembling --------------------------------------------------------------

def _load(db: Store, year: int) -> _CycleData:
    book = rulebooks.load(db, year)
    finals = results.final_scores(db, year)
    totals = results.weighted_totals(db, year)
    with db.read() as con:
        subs = store.submissions(con, year)
        agreed = store.consensus_texts(con, year)
        team = store.team_texts(con, year)
        reasons = store.site_visit_reasons(con, year)
    texts = {(r["submission_id"], r["criterion"]): (consensus.prefill(r["strengths"]),
                                                     consensus.prefill(r["improvements"]))
             for r in team.iter_rows(named=True)}
    texts.update({(r["submission_id"], r["criterion"]): (r["strengths"], r["improvements"])
                  for r in agreed.iter_rows(named=True)})
    return _CycleData(
        book, subs,
        {(r["submission_id"], r["criterion"]): (r["score"], r["source"]) for r in finals.iter_rows(named=True)},
        dict(zip(totals["submission_id"], totals["total"])),
        {(r["class_code"], r["criterion"]): r["median"] for r in results.class_medians(finals).iter_rows(named=True)},
        dict(results.class_total_medians(totals).iter_rows()),
        texts,
        {(r["submission_id"], r["criterion"]): r["reason"] for r in reasons.iter_rows(named=True)},
    )


def _report(data: _CycleData, row: dict) -> FeedbackReport:
    book, sid = data.book, row["submission_id"]
    criteria = []
    for c in book.criteria:
        score, source = data.finals.get((sid, c.number), (None, results.MISSING))
        shown = _shown_score(score, source)
        strengths, improvements = data.texts.get((sid, c.number), ("", ""))
        criteria.append(CriterionResult(
            c.number, c.title, shown, book.scale.describe(_on_scale(score, book)), strengths, improvements,
            data.medians.get((row["class_code"], c.number)), results.SOURCE_LABELS[source],
            data.reasons.get((sid, c.number), "") if source == results.SITE_VISIT else ""))
    total = data.totals.get(sid)
    summary = summarise(criteria, total, data.total_medians.get(row["class_code"]),
                        [data.finals.get((sid, c.number), (None, results.MISSING))[1] for c in book.criteria],
                        book.scale.max)
    return FeedbackReport(book.year, book.title, row["unit_name"], row["organisation"], row["class_name"],
                          tuple(criteria), total, summary, book.scale.max,
                          tuple(short_title(c.title) for c in book.criteria))


def _shown_score(score: float | None, source: str) -> int | float | None:
    if score is None:
        return None
    return swedish.half_up(score, 1) if source == results.INDIVIDUAL_MEAN else int(swedish.half_up(score, 0))


def _on_scale(score: float | None, book: Rulebook) -> int | None:
    """The scale step nearest a score (a mean of individual scores can fall between steps)."""
    if score is None:
        return None
    s = book.scale
    return min(s.values(), key=lambda v: (abs(v - score), -v))


def short_title(title: str) -> str:
    """A radar axis label: the title up to its first comma or ' och '."""
    return re.split(r",| och ", title, maxsplit=1)[0].strip() or title


def summarise(criteria: list[CriterionResult], total: float | None, class_median: float | None,
              sources: list[str], scale_max: int) -> str:
    """A short Swedish summary: total against the class, strongest and weakest criteria, caveats."""
    scored = [c for c in criteria if c.score is not None]
    if not scored:
        return "Bidraget har ännu ingen inskickad bedömning, så rapporten innehåller inga poäng än."
    parts = []
    if total is not None:
        sentence = f"Enhetens viktade totalpoäng är {format_number(total)} av {scale_max}"
        if class_median is not None:
            diff = total - class_median
            where = ("i nivå med" if abs(diff) < 0.05 else
                     f"{format_number(abs(diff))} poäng {'över' if diff > 0 else 'under'}")
            sentence += f", {where} klassens median ({format_number(class_median)})"
        parts.append(sentence + ".")
    high, low = max(c.score for c in scored), min(c.score for c in scored)
    if high == low:
        parts.append(f"Alla bedömda kriterier fick samma poäng ({format_number(high)}).")
    else:
        parts.append(f"Starkast bedöms {_names([c for c in scored if c.score == high])} ({format_number(high)} poäng).")
        parts.append(f"Störst utvecklingspotential finns inom {_names([c for c in scored if c.score == low])} "
                     f"({format_number(low)} poäng).")
    preliminary = [c.number for c, s in zip(criteria, sources) if s == results.INDIVIDUAL_MEAN]
    if preliminary:
        parts.append(f"För {_numbers(preliminary)} finns ingen klar konsensus; poängen är medelvärdet av "
                     "examinatorernas individuella bedömningar och är preliminär.")
    visited = [c.number for c, s in zip(criteria, sources) if s == results.SITE_VISIT]
    if visited:
        parts.append(f"Poängen för {_numbers(visited)} justerades efter platsbesöket.")
    return " ".join(parts)


def _names(items: list[CriterionResult]) -> str:
    return swedish.listing([f"kriterium {c.number}, {c.title.lower()}" for c in items])


def _numbers(numbers: list[int]) -> str:
    word = "kriterium" if len(numbers) == 1 else "kriterierna"
    text = [str(n) for n in numbers]
    return f"{word} {text[0] if len(text) == 1 else ', '.join(text[:-1]) + ' och ' + text[-1]}"



def report_overview(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every unit of the cycle: team progress, consensus status, final total and what it rests on (kansli)."""
    require_role(actor, "admin")
    overview = consensus.cycle_overview(db, actor, year)
    totals = results.weighted_totals(db, year).select("submission_id", "total", "source", "site_visit")
    return overview.join(totals, on="submission_id", how="left")


FINAL_SOURCES = (results.CONSENSUS, results.SITE_VISIT)


def preliminary(overview: pl.DataFrame) -> pl.DataFrame:
    """Rows of report_overview whose total is preliminary: it rests on neither a done consensus nor a site visit."""
    return overview.filter(~pl.col("source").is_in(FINAL_SOURCES))


def awaiting_consensus(overview: pl.DataFrame) -> pl.DataFrame:
    """Teams the kansli may open consensus for: not every member has submitted and it is not opened yet."""
    return overview.filter((pl.col("submitted") < pl.col("members")) & ~pl.col("opened_by_admin"))


def consensus_closed(overview: pl.DataFrame) -> pl.DataFrame:
    """Teams whose consensus is done (closed; the kansli may reopen it with a reason)."""
    return overview.filter(pl.col("consensus_status") == "done")
