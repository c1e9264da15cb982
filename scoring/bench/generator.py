"""A deterministic demo database N times Stockholm's size, for `kvalitet bench` and load checks.

`build(path, scale=10)` writes:
- the current cycle (2026, phase 'decision'): 250·N submissions from 300·N units, each staffed by a
  team of three (one utvärderingsledare) drawn from 40·N examiners, every assessment submitted with all
  five criteria scored and written, every consensus done, and site visits for the top units per class;
- ten closed cycles of history (2016–2025), each of the same size, with consensus, site visits, a
  signed decision and a winner per class. Their rulebooks are the 2022 rulebook with the year changed.

Every team respects jäv: no examiner assesses a unit of their own förvaltning or bolag. Teams are
balanced by load (examiner capacity 20) and mixed across submissions, so examiner calibration sees one
connected design, as in a real cycle. Demo accounts have the small demo's names (admin, examinator1…,
kommitte1..3, stadsdirektor; password `demo`), so the same logins work at every scale.

All rows go in with one bulk insert per table (`insert_frame`) inside one transaction; the values come
from one seeded NumPy generator, so the same seed and scale always give the same database.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

import criteria
from criteria import Rulebook
from scoring import rulebook
from scoring.platform.auth import hash_password
from scoring.demo import DEMO_PASSWORD, IMPROVEMENTS, ORGANISATIONS, OWNERS, PLACES, STRENGTHS, UNIT_KINDS
from scoring.store import Store, audit, insert_frame, replace_file
from scoring.store import bench as bench_store
from scoring.store import decisions as decisions_store
from scoring.store import units as units_store

CURRENT_YEAR = 2026
HISTORY_YEARS = tuple(range(2016, 2026))
TEMPLATE_YEAR = 2022
SUBMISSIONS_PER_SCALE, UNITS_PER_SCALE, EXAMINERS_PER_SCALE = 250, 300, 40
TEAM_SIZE, CAPACITY = 3, 20
VISITS_PER_CLASS = 3
CRITERIA = (1, 2, 3, 4, 5)
CURRENT_PHASE = "decision"

EXTRA_STRENGTHS = [
    "Arbetet bygger på en tydlig analys av tidigare års resultat.",
    "Enheten beskriver konkret hur lärdomar sprids till andra verksamheter.",
    "Uppföljningen sker regelbundet och diskuteras på arbetsplatsträffar.",
    "Samverkan med andra förvaltningar och civilsamhället är väl beskriven.",
]
EXTRA_IMPROVEMENTS = [
    "Redovisa resultat över längre tid för att visa trender.",
    "Beskriv hur medarbetarnas idéer prioriteras och återkopplas.",
    "Tydliggör vilka mål som styr förbättringsarbetet.",
    "Visa hur brukarnas synpunkter påverkat beslut under året.",
]


@dataclass(frozen=True)
class ScaleSummary:
    path: str
    scale: int
    units: int
    submissions: int
    examiners: int
    cycles: int
    scores: int


def counts(scale: int) -> dict[str, int]:
    """The promised shape at a scale: units, submissions per cycle, examiners, cycles."""
    return {"units": UNITS_PER_SCALE * scale, "submissions": SUBMISSIONS_PER_SCALE * scale,
            "examiners": EXAMINERS_PER_SCALE * scale, "cycles": 1 + len(HISTORY_YEARS)}


def build(path: str | Path, scale: int = 10, seed: int = 2026, force: bool = False) -> ScaleSummary:
    """Create the scale database at `path` (refusing to touch an existing file unless `force`)."""
    if scale < 1:
        raise ValueError("Skalan måste vara minst 1.")
    path = replace_file(path, force)
    db = Store(path)
    try:
        scores = db.write(lambda con: _populate(con, scale, seed))
        with db.read() as con:
            bench_store.checkpoint(con)
    finally:
        db.close()
    shape = counts(scale)
    return ScaleSummary(str(path), scale, shape["units"], shape["submissions"] * shape["cycles"],
                        shape["examiners"], shape["cycles"], scores)


def history_rulebook(year: int) -> Rulebook:
    """The 2022 rulebook moved to another year (same classes, criteria and scale; dates in that year)."""
    book = criteria.load_year(TEMPLATE_YEAR)
    return dataclasses.replace(book, year=year, title=book.title.replace(str(TEMPLATE_YEAR), str(year)),
                               dates={k: v.replace(year=year) for k, v in book.dates.items()})


# ---------------------------------------------------------------------------------------------- build

def _populate(con, scale: int, seed: int) -> int:
    rng = np.random.default_rng(seed)
    for year in HISTORY_YEARS:
        rulebook.install(con, history_rulebook(year), phase="closed")
    rulebook.install(con, criteria.load_year(CURRENT_YEAR), phase=CURRENT_PHASE)
    org_ids = [units_store.insert_organisation(con, *org) for org in ORGANISATIONS]
    examiners = _examiners(rng, scale, org_ids)
    _insert_accounts(con, examiners, org_ids)
    units = _units(rng, scale, org_ids)
    insert_frame(con, "unit", units.drop("class_code", "quality"))
    severity = rng.normal(0, 7, examiners.height)
    total_scores = 0
    for year in (*HISTORY_YEARS, CURRENT_YEAR):
        cycle_rng = np.random.default_rng([seed, year])
        subs = _submissions(cycle_rng, units, scale, year)
        total_scores += _cycle(con, cycle_rng, year, subs, examiners, severity)
    audit.record(con, "system", "create_scale_demo", "database", "scale", new={"scale": scale, "seed": seed})
    return total_scores


def _examiners(rng: np.random.Generator, scale: int, org_ids: list[int]) -> pl.DataFrame:
    n = EXAMINERS_PER_SCALE * scale
    codes = list(UNIT_KINDS)
    numbers = np.arange(1, n + 1)
    classes = [sorted(codes[j] for j in rng.choice(len(codes), 2, replace=False)) for _ in range(n)]
    return pl.DataFrame({
        "username": [f"examinator{i}" for i in numbers],
        "display_name": [f"Examinator {i}" for i in numbers],
        "role": ["lead" if (i - 1) % TEAM_SIZE == 0 else "examiner" for i in numbers],
        "organisation_id": [org_ids[(i * 5) % len(org_ids)] for i in numbers],   # the small demo's rule
        "training_year": [2010 + i % 16 for i in numbers],
        "classes": classes,
    })


def _insert_accounts(con, examiners: pl.DataFrame, org_ids: list[int]) -> None:
    hashed = hash_password(DEMO_PASSWORD)   # one hash of the public demo password: hashing is the slow part
    others = pl.DataFrame({
        "username": ["admin", "kommitte1", "kommitte2", "kommitte3", "stadsdirektor"],
        "display_name": ["Kansliet (demo)", "Kommittéledamot 1", "Kommittéledamot 2", "Kommittéledamot 3",
                         "Stadsdirektören (demo)"],
        "role": ["admin", "committee", "committee", "committee", "chair"],
        "organisation_id": [None, org_ids[1], org_ids[2], org_ids[3], None],
    }, schema_overrides={"organisation_id": pl.Int64})
    rows = pl.concat([others, examiners.select(others.columns)])
    insert_frame(con, "account", rows.with_columns(password_hash=pl.lit(hashed), is_demo=pl.lit(True)))
    insert_frame(con, "examiner", examiners.select(
        "username", "training_year", pl.lit(CAPACITY).alias("capacity"), "classes",
        (pl.col("username") + "@example.stockholm.se").alias("email")))


def _units(rng: np.random.Generator, scale: int, org_ids: list[int]) -> pl.DataFrame:
    n = UNITS_PER_SCALE * scale
    codes = list(UNIT_KINDS)
    rows: dict[str, list] = {k: [] for k in ("id", "name", "organisation_id", "employees", "operator_type",
                                             "stockholm_share", "class_code")}
    seen: dict[str, int] = {}
    for i in range(n):
        code = codes[i % len(codes)]
        kinds, owners = UNIT_KINDS[code], OWNERS[code]
        base = f"{PLACES[(i * 7 + i // len(codes)) % len(PLACES)]}s {kinds[(i // len(codes)) % len(kinds)]}"
        seen[base] = seen.get(base, 0) + 1
        private = i % 9 == 8
        rows["id"].append(f"E{i + 1:05d}")
        rows["name"].append(base if seen[base] == 1 else f"{base} {seen[base]}")
        rows["organisation_id"].append(org_ids[owners[(i * 7 + i // len(codes)) % len(owners)]])
        rows["employees"].append(int(rng.integers(6, 120)))
        rows["operator_type"].append("enskilt driven" if private else "kommunal")
        rows["stockholm_share"].append(float(rng.choice([60.0, 85.0, 100.0])) if private else 100.0)
        rows["class_code"].append(code)
    return pl.DataFrame(rows).with_columns(quality=pl.Series(rng.uniform(35, 85, n)))


def _submissions(rng: np.random.Generator, units: pl.DataFrame, scale: int, year: int) -> pl.DataFrame:
    """This cycle's participants: the first 250·N units now, a seeded sample of all units in history."""
    n = SUBMISSIONS_PER_SCALE * scale
    if year == CURRENT_YEAR:
        chosen = np.arange(n)
    else:
        chosen = np.sort(rng.choice(units.height, n, replace=False))
    subs = units[chosen].with_columns(quality=pl.col("quality") + pl.Series(rng.normal(0, 4, n)))
    texts = [_submission_text(rng, name, year) for name in subs["name"]]
    return subs.with_columns(text=pl.Series(texts))


def _submission_text(rng: np.random.Generator, name: str, year: int) -> str:
    parts = [
        "Vi samlar synpunkter genom brukarråd, enkäter och samtal i vardagen, och vi återkopplar vad de ledde till.",
        "Förbättringsarbetet följer en gemensam modell: idé, prövning, uppföljning och spridning.",
        "Ledningen har infört avvikelseträffar där misstag diskuteras öppet och leder till lärande.",
        "Medarbetarna driver egna utvecklingsgrupper och delar erfarenheter med andra enheter.",
        "Vi följer upp våra mål varje kvartal och redovisar resultaten över de senaste tre åren.",
    ]
    order = rng.permutation(len(parts))
    return "\n\n".join([f"{name} beskriver här sitt kvalitetsarbete inför kvalitetsutmärkelsen {year}.",
                        *(parts[i] for i in order)])


def _cycle(con, rng: np.random.Generator, year: int, subs: pl.DataFrame, examiners: pl.DataFrame,
           severity: np.ndarray) -> int:
    """One cycle's submissions, teams, submitted assessments, consensus, site visits and (history) decision."""
    day = dt.datetime(year, 9, 1, 9, 0)
    decisions = _board_decisions(con, year, subs)
    insert_frame(con, "submission", subs.join(decisions, on="organisation_id", maintain_order="left").select(
        pl.lit(year).alias("cycle"), pl.col("id").alias("unit_id"),
        "class_code", pl.lit("protocol_received").alias("registration_status"),
        pl.lit(dt.date(year, 3, 2)).alias("registered_on"), "board_decision_id", "text"))
    subs = subs.join(bench_store.submission_ids(con, year), left_on="id", right_on="unit_id",
                     maintain_order="left")
    places = _teams(rng, subs, examiners)
    insert_frame(con, "assignment", places.select(
        "submission_id", "examiner", "is_lead", pl.lit(dt.datetime(year, 5, 25, 10, 0)).alias("assigned_at")))
    stamp = pl.lit(day) + pl.duration(minutes=pl.col("submission_id") % 20_000)
    insert_frame(con, "assessment", places.select(
        "submission_id", "examiner", pl.lit("submitted").alias("status"), pl.lit(2).alias("version"),
        stamp.alias("updated_at"), stamp.alias("submitted_at")))
    scores = _scores(rng, subs, places, severity)
    insert_frame(con, "score", scores.select("submission_id", "examiner", "criterion", "score",
                                             "strengths", "improvements"))
    agreed = _consensus(con, rng, year, places, scores)
    _site_visits(con, rng, year, subs, agreed)
    return scores.height


def _board_decisions(con, year: int, subs: pl.DataFrame) -> pl.DataFrame:
    """One board decision per organisation and cycle, naming all its units; minutes received."""
    orgs = sorted(set(subs["organisation_id"]))
    rows = pl.DataFrame({
        "cycle": [year] * len(orgs), "organisation_id": orgs,
        "decided_on": [dt.date(year, 4, 14) + dt.timedelta(days=3 * i) for i in range(len(orgs))],
        "protocol_ref": [f"Protokoll {year}-04-{14 + i:02d}, § {12 + i}" for i in range(len(orgs))],
        "protocol_received_on": [dt.date(year, 5, 2) + dt.timedelta(days=3 * i) for i in range(len(orgs))],
    })
    insert_frame(con, "board_decision", rows)
    return bench_store.board_decision_ids(con, year)


def _teams(rng: np.random.Generator, subs: pl.DataFrame, examiners: pl.DataFrame) -> pl.DataFrame:
    """A lead and two members per submission: eligible (other organisation), least loaded, random ties."""
    names = examiners["username"].to_numpy()
    org = examiners["organisation_id"].to_numpy()
    is_lead = (examiners["role"] == "lead").to_numpy()
    load = np.zeros(len(names))
    rows: dict[str, list] = {"submission_id": [], "examiner": [], "is_lead": []}
    order = rng.permutation(subs.height)
    sub_ids, sub_orgs = subs["submission_id"].to_numpy(), subs["organisation_id"].to_numpy()
    for i in order:
        key = load + rng.random(len(names)) * 0.9
        key[(org == sub_orgs[i]) | (load >= CAPACITY)] = np.inf
        lead = int(np.argmin(np.where(is_lead, key, np.inf)))
        members = np.argsort(np.where(is_lead, np.inf, key), kind="stable")[:TEAM_SIZE - 1]
        team = [lead, *members.tolist()]
        if not np.isfinite(key[team]).all():
            raise RuntimeError("För få examinatorer utan jäv och med ledig kapacitet.")
        load[team] += 1
        for position, j in enumerate(team):
            rows["submission_id"].append(int(sub_ids[i]))
            rows["examiner"].append(str(names[j]))
            rows["is_lead"].append(position == 0)
    return pl.DataFrame(rows).sort("submission_id", pl.col("is_lead"), "examiner", descending=[False, True, False])


def _texts(rng: np.random.Generator, n: int, first: list[str], second: list[str]) -> pl.Series:
    combos = [f"{a} {b}" for a in first for b in second]
    return pl.Series(combos)[rng.integers(0, len(combos), n)]


def _scores(rng: np.random.Generator, subs: pl.DataFrame, places: pl.DataFrame,
            severity: np.ndarray) -> pl.DataFrame:
    """Five scores per assessment on the 0–100 scale: unit quality + examiner severity + noise."""
    index = {f"examinator{i + 1}": i for i in range(len(severity))}
    rows = (places.join(subs.select("submission_id", "quality"), on="submission_id")
            .join(pl.DataFrame({"criterion": list(CRITERIA)}), how="cross")
            .sort("submission_id", "examiner", "criterion"))
    n = rows.height
    level = rows["quality"].to_numpy() + severity[[index[e] for e in rows["examiner"]]] \
        + rng.normal(0, 5, len(CRITERIA))[rows["criterion"].to_numpy() - 1] + rng.normal(0, 8, n)
    score = np.clip(np.round(level / 10) * 10, 0, 100).astype(np.int32)
    return rows.with_columns(score=pl.Series(score),
                             strengths=_texts(rng, n, STRENGTHS, EXTRA_STRENGTHS),
                             improvements=_texts(rng, n, IMPROVEMENTS, EXTRA_IMPROVEMENTS))


def _consensus(con, rng: np.random.Generator, year: int, places: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """Every consensus done: the team's mean on the scale, with the lead's texts."""
    leads = places.filter(pl.col("is_lead")).select("submission_id", pl.col("examiner").alias("lead"))
    agreed = (scores.group_by("submission_id", "criterion").agg(mean=pl.col("score").mean())
              .join(scores.join(leads, on="submission_id").filter(pl.col("examiner") == pl.col("lead"))
                    .select("submission_id", "criterion", "strengths", "improvements"),
                    on=["submission_id", "criterion"])
              .sort("submission_id", "criterion"))
    shift = rng.choice([-10, 0, 0, 0, 10], agreed.height)
    agreed = agreed.with_columns(
        score=(pl.col("mean") / 10).round(0).cast(pl.Int32) * 10 + pl.Series(shift, dtype=pl.Int32)
    ).with_columns(score=pl.col("score").clip(0, 100))
    insert_frame(con, "consensus_score", agreed.select("submission_id", "criterion", "score", "strengths",
                                                       "improvements"))
    insert_frame(con, "consensus", leads.select(
        "submission_id", pl.lit("done").alias("status"), pl.lit(1).alias("version"),
        pl.col("lead").alias("done_by"), pl.lit(dt.datetime(year, 9, 28, 15, 0)).alias("done_at")))
    return agreed


def _site_visits(con, rng: np.random.Generator, year: int, subs: pl.DataFrame, agreed: pl.DataFrame) -> None:
    """The top units per class get a visit (every other one adjusts a criterion); history is decided."""
    totals = (agreed.group_by("submission_id").agg(total=pl.col("score").mean())
              .join(subs.select("submission_id", "class_code"), on="submission_id")
              .sort(["class_code", "total", "submission_id"], descending=[False, True, False]))
    top = totals.group_by("class_code", maintain_order=True).head(VISITS_PER_CLASS)
    visits = top.with_row_index("i").with_columns(
        selected_by=pl.lit("kommitte1"), selected_at=pl.lit(dt.datetime(year, 10, 2, 9, 0)),
        visit_date=pl.lit(dt.date(year, 10, 5)) + pl.duration(days=pl.col("i") % 10),
        visitors=pl.lit("Kommittéledamot 1, Kommittéledamot 2"),
        notes=pl.lit("Besöket bekräftade bilden från bidraget. Samtal med chef, medarbetare och brukarråd."))
    insert_frame(con, "site_visit", visits.select("submission_id", "selected_by", "selected_at", "visit_date",
                                                  "visitors", "notes"))
    adjusted = visits.filter(pl.col("i") % 2 == 0).with_columns(
        criterion=pl.Series(rng.integers(1, 6, visits.filter(pl.col("i") % 2 == 0).height), dtype=pl.Int32))
    adjusted = adjusted.join(agreed.select("submission_id", "criterion", pl.col("score").alias("agreed")),
                             on=["submission_id", "criterion"])
    insert_frame(con, "site_visit_score", adjusted.select(
        "submission_id", "criterion",
        pl.when(pl.col("agreed") < 100).then(pl.col("agreed") + 10).otherwise(90).alias("score"),
        pl.lit("Vid besöket visade enheten uppföljningar som inte fanns med i bidraget.").alias("reason")))
    if year != CURRENT_YEAR:
        _decision(con, year, top)


def _decision(con, year: int, top: pl.DataFrame) -> None:
    """A closed cycle: a winner per class with a motivation, and the chair's signature."""
    winners = top.group_by("class_code", maintain_order=True).first()
    motivation = ("Enheten visar ett systematiskt kvalitetsarbete där stockholmarnas synpunkter, medarbetarnas "
                  "idéer och uppföljningen hänger ihop och leder till bättre resultat.")
    insert_frame(con, "class_decision", winners.select(
        pl.lit(year).alias("cycle"), "class_code", pl.lit(motivation).alias("motivation"),
        pl.lit("stadsdirektor").alias("updated_by"), pl.lit(dt.datetime(year, 10, 25, 14, 0)).alias("updated_at")))
    insert_frame(con, "award", winners.select(
        pl.lit(year).alias("cycle"), "class_code", "submission_id", pl.lit("winner").alias("kind"),
        pl.lit(motivation).alias("motivation"), pl.lit(50_000).alias("prize_amount"),
        pl.col("total").alias("final_total")))
    insert_frame(con, "decision_signature", pl.DataFrame({
        "cycle": [year], "status": ["signed"], "signed_by": ["stadsdirektor"],
        "signed_at": [dt.datetime(year, 10, 25, 15, 0)]}))
    decisions_store.freeze_rows(con, year)   # what signing freezes: the signed lists and diplomas read this copy
