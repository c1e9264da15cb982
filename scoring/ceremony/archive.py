"""The cycle's results as an archive: one Excel workbook (and the same tables as CSV in a zip).

Invariants:
- The numbers are the committee's: places, totals and sources come from
  scoring.committee.views.ranking_view (which uses scoring.assessment.results and scoring.committee.ranking),
  criterion scores from scoring.assessment.results.final_scores. Nothing is recomputed here.
- Only the kansli (admin) and the chair may export it: it shows every examiner's scores. The
  chair only once the cycle's results are open to the committee (visibility.results_visible,
  from the site-visit phase on); the core refuses earlier, the page disables the buttons.
- Every text cell goes through scoring.cycle.import_files, which neutralises cells that a
  spreadsheet would run as a formula (=, +, -, @).
- Awards come from the committee's decisions; the "Omgång" sheet says whether the chair
  has signed them, so an export made before signing cannot pass for the final result.
"""
from __future__ import annotations

import datetime as dt
import re

import polars as pl

from scoring import rulebook, swedish
from scoring.committee import views as committee
from scoring.committee import decisions
from scoring.committee import ranking
from scoring.cycle import import_files as tabular
from scoring.assessment import visibility
from scoring.platform.access import User, require_role
from scoring.store import Store, cycles
from scoring.store import ceremony as store

ROLES = ("admin", "chair")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")
DECIMALS = 2
AWARD_NAMES = {"winner": "Vinnare", "honourable": "Hedersomnämnande"}
STATUS_NAMES = {"submitted": "Inskickad", "draft": "Utkast", "not_started": "Ej påbörjad",
                "done": "Klar", "open": "Pågår"}
SHEET_INFO, SHEET_CRITERIA = "Omgång", "Kriterier"
SHEET_INDIVIDUAL, SHEET_CONSENSUS, SHEET_VISITS, SHEET_DECISIONS = (
    "Individuella poäng", "Konsensuspoäng", "Platsbesök", "Beslut")


def sheets(db: Store, actor: User, year: int) -> dict[str, pl.DataFrame]:
    """Sheet name -> table, in workbook order: the cycle, its criteria, one sheet per class
    (see class_sheet_name; the full class name is in the sheet's cell A1, see class_titles), then
    every individual score, every consensus score, the site-visit adjustments and the decisions."""
    return _sheets_and_titles(db, actor, year)[0]


def class_sheet_name(position: int, class_name: str) -> str:
    """A short sheet name within Excel's 31 characters: the class's number in the cycle and as many
    whole words of its name as fit, without a dangling 'och'/'inklusive' or comma. Unique within a
    cycle because the numbers are."""
    name, prefix = "", f"{position} "
    for word in class_name.split():
        if len(prefix) + len(name) + len(word) + (1 if name else 0) > MAX_SHEET_NAME:
            break
        name = f"{name} {word}" if name else word
    words = name.split()
    while len(words) > 1 and (words[-1].lower() in _DANGLING or words[-2].endswith(",")):
        words = words[:-1]
    short = " ".join(words).rstrip(",") or class_name[:MAX_SHEET_NAME - len(prefix)]
    return _SHEET_UNSAFE.sub("-", prefix + short)[:MAX_SHEET_NAME]


MAX_SHEET_NAME = 31
_DANGLING = {"och", "inklusive", "samt", "såsom", "med", "till", "för", "av", "i", "på"}


def may_export(db: Store, actor: User, year: int) -> visibility.Decision:
    """May the actor export the cycle's archive now? (The page mirrors it; sheets() enforces it.)"""
    require_role(actor, *ROLES)
    return visibility.results_visible(actor, rulebook.phase(db, year))


def _sheets_and_titles(db: Store, actor: User, year: int) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    may_export(db, actor, year).require()
    view = committee.ranking_view(db, actor, year)
    decided = decisions.cycle_decisions(db, actor, year)
    with db.read() as con:
        cycle = cycles.get_cycle(con, year)
        individual = store.individual_scores(con, year)
        agreed = store.consensus_scores(con, year)
        visits = store.site_visit_scores(con, year)
    out = {SHEET_INFO: _info(cycle, decided, view), SHEET_CRITERIA: _criteria(view.criteria)}
    titles = {}
    for klass in view.classes.iter_rows(named=True):
        name = class_sheet_name(klass["position"], klass["class_name"])
        out[name] = _class_sheet(view, decided.awards, klass["class_code"])
        titles[name] = f"{klass['position']}. {klass['class_name']}"
    out[SHEET_INDIVIDUAL] = _individual(individual)
    out[SHEET_CONSENSUS] = _consensus(agreed)
    out[SHEET_VISITS] = _visits(visits)
    out[SHEET_DECISIONS] = _decisions(decided)
    return out, titles


def workbook(db: Store, actor: User, year: int) -> bytes:
    tables, titles = _sheets_and_titles(db, actor, year)
    return tabular.to_xlsx(tables, autofit=False, titles=titles)


def csv_zip(db: Store, actor: User, year: int) -> bytes:
    return tabular.to_csv_zip(sheets(db, actor, year))


def workbook_and_csv_zip(db: Store, actor: User, year: int) -> tuple[bytes, bytes]:
    """Both archive files from one computation of the sheets (the ranking view is most of
    that): for callers that write both, e.g. the ceremony folder."""
    tables, titles = _sheets_and_titles(db, actor, year)
    return tabular.to_xlsx(tables, autofit=False, titles=titles), tabular.to_csv_zip(tables)


def file_name(year: int, suffix: str) -> str:
    return f"resultat-{year}.xlsx" if suffix == "xlsx" else f"resultat-{year}-csv.zip"


# -- sheets ---------------------------------------------------------------------------------------

def _info(cycle: dict, decided: decisions.CycleDecisions, view: committee.RankingView) -> pl.DataFrame:
    signed = decided.status == decisions.SIGNED
    state = ("Signerade" if signed else "Öppnade igen efter signering – inte signerade"
             if decided.status == decisions.REOPENED
             else "Inte signerade – utmärkelserna är domarkommitténs förslag")
    rows = [("Omgång", str(cycle["year"])), ("Titel", cycle["title"]),
            ("Prisutdelning", f"{cycle['ceremony_date']:%Y-%m-%d}, {cycle['ceremony_place']}"),
            ("Beslut", state)]
    if decided.signed_at is not None:
        rows += [("Signerade av" if signed else "Senast signerade av", decided.signed_by_name or decided.signed_by),
                 ("Signerade" if signed else "Senast signerade", f"{decided.signed_at:%Y-%m-%d %H:%M}")]
    rows += [("Placering", "Inom klassen, högst slutlig viktad totalpoäng först. Lika totalpoäng skiljs så här:")]
    rows += [(f"Regel {n}", rule) for n, rule in enumerate(ranking.TIE_BREAK_RULES, start=1)]
    rows += [("Källa", "platsbesök före konsensus före medelvärde av individuella bedömningar"),
             ("Exporterad", f"{dt.datetime.now():%Y-%m-%d %H:%M}")]
    rows += [("Anmärkning", note) for note in view.notes]
    return pl.DataFrame(rows, schema={"Uppgift": pl.String, "Värde": pl.String}, orient="row")


def _criteria(criteria: pl.DataFrame) -> pl.DataFrame:
    return criteria.select(pl.col("criterion").alias("Nr"), pl.col("title").alias("Kriterium"),
                           pl.col("weight").alias("Vikt (%)"))


def _class_sheet(view: committee.RankingView, awards: pl.DataFrame, class_code: str) -> pl.DataFrame:
    """Place, unit, förvaltning, each criterion's final score and source, the weighted total, the award."""
    table = view.table.filter(pl.col("class_code") == class_code)
    finals = view.finals.filter(pl.col("class_code") == class_code)
    wide = table.select("submission_id")
    for number in view.criteria["criterion"].to_list():
        one = finals.filter(pl.col("criterion") == number).select(
            "submission_id", _half_up("score", DECIMALS).alias(f"K{number} poäng"),
            pl.col("source").alias(f"K{number} källa"))
        wide = wide.join(one, on="submission_id", how="left")
    return (table.join(wide, on="submission_id", how="left")
            .join(awards.select("submission_id", "kind", "prize_amount"), on="submission_id", how="left")
            .sort("place")
            .select(pl.col("place").alias("Placering"), pl.col("unit_id").alias("Enhets-id"),
                    pl.col("unit_name").alias("Enhet"), pl.col("organisation").alias("Förvaltning"),
                    *[c for c in wide.columns if c != "submission_id"],
                    _half_up("total", DECIMALS).alias("Viktad totalpoäng"),
                    pl.col("source").alias("Totalpoängens källa"),
                    _yes("tied").alias("Lika totalpoäng"), pl.col("decided_by").alias("Avgjordes av"),
                    _half_up("p_first", 3).alias("Sannolikhet att vara bäst"),
                    pl.col("kind").replace_strict(AWARD_NAMES, default=None).alias("Utmärkelse"),
                    pl.col("prize_amount").alias("Prischeck (kr)")))


def _half_up(column: str, digits: int) -> pl.Expr:
    """A figure rounded by the one rule of scoring.swedish (half away from zero on the decimal value as
    written, as the PDFs and the pages show it); Polars' own round() goes half to even (48.25 → 48.2)."""
    return pl.col(column).map_elements(lambda x: swedish.half_up(x, digits), return_dtype=pl.Float64,
                                       skip_nulls=True)


def _yes(column: str) -> pl.Expr:
    """A flag as Swedish text: 'ja' or empty (Excel would show TRUE/FALSE in English)."""
    return pl.when(pl.col(column)).then(pl.lit("ja")).otherwise(pl.lit(""))


def _named() -> list[pl.Expr]:
    return [pl.col("class_name").alias("Klass"), pl.col("unit_id").alias("Enhets-id"),
            pl.col("unit_name").alias("Enhet")]


def _individual(scores: pl.DataFrame) -> pl.DataFrame:
    return scores.select(
        *_named(), pl.col("organisation").alias("Förvaltning"), pl.col("examiner").alias("Examinator"),
        pl.col("examiner_name").alias("Namn"), _yes("is_lead").alias("Utvärderingsledare"),
        pl.col("status").replace_strict(STATUS_NAMES, default=pl.col("status")).alias("Status"),
        pl.col("criterion").alias("Kriterium"), pl.col("score").alias("Poäng"),
        pl.col("strengths").alias("Styrkor"), pl.col("improvements").alias("Förbättringsområden"),
        pl.col("submitted_at").alias("Inskickad"))


def _consensus(scores: pl.DataFrame) -> pl.DataFrame:
    return scores.select(
        *_named(), pl.col("organisation").alias("Förvaltning"),
        pl.col("status").replace_strict(STATUS_NAMES, default=pl.col("status")).alias("Status"),
        pl.col("criterion").alias("Kriterium"), pl.col("score").alias("Poäng"),
        pl.col("strengths").alias("Styrkor"), pl.col("improvements").alias("Förbättringsområden"),
        pl.col("done_by").alias("Klar av"), pl.col("done_at").alias("Klar"))


def _visits(scores: pl.DataFrame) -> pl.DataFrame:
    return scores.select(*_named(), pl.col("visit_date").alias("Besöksdatum"),
                         pl.col("criterion").alias("Kriterium"), pl.col("score").alias("Justerad poäng"),
                         pl.col("reason").alias("Skäl"))


def _decisions(decided: decisions.CycleDecisions) -> pl.DataFrame:
    """One row per award, and one per class without any (Ingen vinnare / Inget beslut ännu)."""
    rows = (decided.classes.join(decided.awards, on="class_code", how="left", suffix="_award")
            .with_columns(decision=pl.when(pl.col("kind").is_not_null())
                          .then(pl.col("kind").replace_strict(AWARD_NAMES, default=None))
                          .when(pl.col("recorded")).then(pl.lit("Ingen vinnare"))
                          .otherwise(pl.lit("Inget beslut ännu")),
                          _kind_order=pl.col("kind").replace_strict({"winner": 0, "honourable": 1}, default=2))
            .sort("position", "_kind_order", "unit_name", nulls_last=True))
    return rows.select(
        pl.col("class_name").alias("Klass"), pl.col("decision").alias("Beslut"),
        pl.col("unit_id").alias("Enhets-id"), pl.col("unit_name").alias("Enhet"),
        pl.col("organisation").alias("Förvaltning"), pl.col("motivation_award").alias("Motivering"),
        pl.col("prize_amount").alias("Prischeck (kr)"),
        _half_up("final_total", DECIMALS).alias("Totalpoäng vid signering"),
        pl.col("motivation").alias("Klassens motivering"), pl.col("presenter").alias("Utdelare"))
