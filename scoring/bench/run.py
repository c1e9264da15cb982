"""`kvalitet bench`: how fast the workbench is at N times Stockholm's size, against the floor of each operation.

Every operation is measured in the same run as its floor (what it cannot go below on this machine):
a page rerun against the rerun of an empty Streamlit page, saving a score against a bare parameterised
insert, the committee's ranking computation against a bare GROUP BY average over the same score rows.
Each figure is printed with its budget (issue 8); the command exits 1 when a measured budget is missed.

How it runs:
- The scale database (scoring.bench.generator) is cached at data/bench-scale<N>.duckdb and rebuilt when the code's
  schema version, the generator or the seed differs (a JSON file beside it records them). Every run works
  on a fresh copy, so measurements never see an earlier run's writes.
- The cycle is put in the state the operation belongs to, through the domain functions: the assessment
  phase with one of examinator2's assessments reopened and one of examinator1's consensus reopened (the
  days before the deadline: examiners editing, leads agreeing, the kansli following progress), and the
  decision phase for the committee and the exports.
- Page reruns run in a separate process (`python -m scoring.bench.pages --pages-worker ...`) with Streamlit's AppTest,
  logged in as a user of the right role, exactly like a session of the app; that process's peak resident
  memory (getrusage maxrss) is the app's peak memory.

The measurements are a table (MEASUREMENTS). A measurement whose module or page does not exist yet is
reported as "saknas ännu" and does not fail the run. Add one by appending a Spec and, for a page, a
PageRun; for anything else a function in CORE.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "data"
GENERATOR_VERSION = 2            # bump when scoring.bench.generator changes what it writes
YEAR = 2026
SIGNED_YEAR = 2025               # the newest closed, signed cycle of the scale database
MISSING = "saknas ännu"
SKIPPED = "hoppad"


# ------------------------------------------------------------------------------------------ the table

@dataclass(frozen=True)
class Spec:
    name: str                       # machine name, stable in the JSON
    label: str                      # what the table shows
    floor: str | None = None        # name of the floor measurement it is compared with
    budget_ms: float | None = None
    max_ratio: float | None = None  # at most this many times the floor
    budget_mb: float | None = None
    once: bool = False              # measured once (heavy), not repeated

    def budget_text(self) -> str:
        parts = []
        if self.budget_ms is not None:
            parts.append(f"≤ {_fmt_ms(self.budget_ms)}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× golvet")
        if self.budget_mb is not None:
            parts.append(f"≤ {self.budget_mb:g} MB")
        return " och ".join(parts) or "golv"


MEASUREMENTS: tuple[Spec, ...] = (
    Spec("floor.empty_page", "Golv: omkörning av en tom Streamlit-sida"),
    Spec("floor.app_frame", "Appens ram (inloggning, sidomeny, navigering) runt en tom sida", "floor.empty_page"),
    Spec("page.my_assessments", "Sida: Mina bedömningar (examinator)", "floor.empty_page", 150, 3),
    Spec("page.score_submission", "Sida: Bedöm bidrag (examinator)", "floor.empty_page", 150, 3),
    Spec("page.consensus", "Sida: Konsensus (utvärderingsledare)", "floor.empty_page", 300),
    Spec("page.admin_progress", "Sida: Framsteg (kansli)", "floor.empty_page", 300),
    Spec("page.committee_ranking", "Sida: Rangordning med kalibrering och sannolikheter (kommitté)",
         "floor.empty_page", 1000),
    Spec("floor.insert", "Golv: en parametriserad INSERT i DuckDB"),
    Spec("save_score", "Spara en bedömning (utkast, fem kriterier)", "floor.insert", 20),
    Spec("floor.group_by", "Golv: GROUP BY-medel över omgångens poängrader"),
    Spec("ranking", "Rangordning: viktade summor, kalibrering, 4 000 dragningar", "floor.group_by", None, 10),
    Spec("ranking.after_write", "Rangordning efter en sparad ändring som inte rör poängen (modellen känns igen på "
         "innehållet)", "floor.group_by", 250),
    Spec("ranking.cold", "Rangordning, första gången efter en ändrad poäng (modellen skattas om)", "floor.group_by",
         1000),
    Spec("assignment", "Teamfördelning för alla bidrag", None, 5000),
    Spec("ceremony_pack", "Ceremonipaket: vinnarlista, diplom och program (PDF)", None, 3000),
    Spec("diplomas_30", "Diplom för 30 vinnare (en PDF)", None, 3000),
    Spec("results_archive", "Resultatarkivet till ceremonimappen (xlsx och CSV), en gång", once=True),
    Spec("feedback_pdfs", "Alla återföringsrapporter som PDF", None, 60_000, once=True),
    Spec("memory.app_peak", "Appens högsta minnesanvändning (sidprocessen)", None, budget_mb=500),
)


@dataclass
class Result:
    name: str
    label: str
    budget: str
    median_ms: float | None = None
    p95_ms: float | None = None
    runs: int = 0
    floor: str | None = None
    floor_median_ms: float | None = None
    ratio: float | None = None
    value_mb: float | None = None
    cpu_median_ms: float | None = None   # this process's CPU time (excludes other processes' load)
    ok_cpu: bool | None = None           # the budget judged on CPU time instead (informative, not the verdict)
    ok: bool | None = None          # None: not measured (missing) or a floor
    status: str = ""                # OK, MISS, golv, saknas ännu, fel
    note: str = ""
    samples_ms: list[float] = field(default_factory=list, repr=False)


class Missing(Exception):
    """The module or page this measurement needs is not there yet."""


# ------------------------------------------------------------------------------------------ pages

@dataclass(frozen=True)
class PageRun:
    name: str
    page: str                       # path relative to the repository, as in scoring.ui.registry
    username: str
    phase: str                      # the cycle phase the page is measured in
    query: Callable[[Any], dict[str, str]] = lambda db: {}


def _reopened_assessment(db) -> dict[str, str]:
    return {"bidrag": str(_state(db)["assessment"])}


def _reopened_consensus(db) -> dict[str, str]:
    return {"bidrag": str(_state(db)["consensus"])}


PAGES: tuple[PageRun, ...] = (
    PageRun("page.my_assessments", "scoring/ui/pages/my_assessments.py", "examinator1", "assessment"),
    PageRun("page.score_submission", "scoring/ui/pages/score_submission.py", "examinator2", "assessment",
            _reopened_assessment),
    PageRun("page.consensus", "scoring/ui/pages/consensus.py", "examinator1", "assessment", _reopened_consensus),
    PageRun("page.admin_progress", "scoring/ui/pages/admin_progress.py", "admin", "assessment"),
    PageRun("page.committee_ranking", "scoring/ui/pages/committee_ranking.py", "kommitte1", "decision"),
)

def _run_pages(db_path: Path, names: list[str], repeat: int, floor: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out_file = Path(tmp) / "pages.json"
        cmd = [sys.executable, "-m", "scoring.bench.pages", "--pages-worker", str(out_file), "--db", str(db_path),
               "--repeat", str(repeat), "--names", ",".join(names)] + (["--with-floor"] if floor else [])
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        if proc.returncode != 0 or not out_file.exists():
            raise RuntimeError(f"sidprocessen misslyckades ({proc.returncode}): {proc.stderr[-2000:]}")
        return json.loads(out_file.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ state

def _actor(db, username: str):
    from scoring.platform.access import User
    from scoring.store import accounts
    with db.read() as con:
        row = accounts.get(con, username)
    return User(row["username"], row["display_name"], row["role"], row["organisation_id"])


def _state(db) -> dict[str, int]:
    """The submissions the examiner pages open: examinator2's first, and examinator1's first led one."""
    from scoring.assessment import individual as assessment
    mine = assessment.my_assessments(db, _actor(db, "examinator2"), YEAR).sort("submission_id")
    led = assessment.my_assessments(db, _actor(db, "examinator1"), YEAR).filter("is_lead").sort("submission_id")
    return {"assessment": int(mine["submission_id"][0]), "consensus": int(led["submission_id"][0])}


def _set_phase(db, phase: str) -> None:
    from scoring.store import audit, cycles

    def write(con) -> None:
        cycles.set_phase(con, YEAR, phase)
        audit.record(con, "bench", "set_phase", "cycle", YEAR, new={"phase": phase})
    db.write(write)


def _deadline_days(db) -> None:
    """The assessment phase with work open: one assessment back to draft, one consensus reopened."""
    from scoring.assessment import individual as assessment
    from scoring.assessment import consensus
    _set_phase(db, "assessment")
    admin, state = _actor(db, "admin"), _state(db)
    assessment.reopen(db, admin, state["assessment"], "examinator2", "Mätning: examinatorn kompletterar.")
    consensus.reopen(db, admin, state["consensus"], "Mätning: teamet ses igen.")


# ------------------------------------------------------------------------------------------ core operations

def time_runs(work: Callable[[], Any], repeat: int, warm: bool = True) -> list[tuple[float, float]]:
    """(wall ms, process CPU ms) per run. CPU time (all threads of this process) shows what a run costs
    when the machine is shared: wall time includes waiting for the cores."""
    if warm:
        work()
    out = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu_seconds()
        work()
        out.append(((time.perf_counter() - start) * 1000, (_cpu_seconds() - cpu) * 1000))
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the PDF process pool)."""
    t = os.times()   # children only in clock ticks; this process with process_time's resolution
    return time.process_time() + t.children_user + t.children_system


def _floor_insert(db, repeat: int) -> list[float]:
    from scoring.store import bench as store
    with db.read() as con:
        store.create_floor_table(con)
        counter = iter(range(10**9))
        return time_runs(lambda: store.bare_insert(con, next(counter)), repeat * 5)


def _save_score(db, repeat: int) -> list[float]:
    from scoring.assessment import individual as assessment
    actor, sid = _actor(db, "examinator2"), _state(db)["assessment"]
    view = assessment.open_assessment(db, actor, sid)
    version = [view.version]
    raw = {n: {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
           for n, e in view.entries.items()}

    def save() -> None:
        raw[1]["score"] = 100 - (raw[1]["score"] or 0) if raw[1]["score"] != 50 else 40
        version[0] = assessment.save_draft(db, actor, sid, raw, version[0])
    return time_runs(save, repeat * 2)


def _floor_group_by(db, repeat: int) -> list[float]:
    from scoring.store import bench as store
    with db.read() as con:
        return time_runs(lambda: store.bare_group_by(con, YEAR), repeat * 2)


def _ranking(db, repeat: int) -> dict[str, list[tuple[float, float]]]:
    """The ranking as the committee asks for it, again and again in its meeting: the model of the ratings
    (calibration and the 4,000 draws) is kept per data version and per content of the ratings, the units
    and their totals are read and ranked each time.
    Measured alternately with its floor (one GROUP BY, one ranking, …), so load on the shared machine
    falls on both; the floor's samples replace the ones measured on their own."""
    from scoring.committee import views as committee
    from scoring.store import bench as store
    actor = _actor(db, "kommitte1")
    committee.ranking(db, actor, YEAR)
    ranking, floor = [], []
    with db.read() as con:
        store.bare_group_by(con, YEAR)
        for _ in range(repeat * 2):
            floor.extend(time_runs(lambda: store.bare_group_by(con, YEAR), 1, warm=False))
            ranking.extend(time_runs(lambda: committee.ranking(db, actor, YEAR), 1, warm=False))
    return {"ranking": ranking, "floor.group_by": floor}


def _ranking_after_write(db, repeat: int) -> list[tuple[float, float]]:
    """The first ranking after a committed write that changed no score (a comment, a phase elsewhere): the
    data version has moved, so the model's input is read and hashed, and the kept model is found by its
    content. The write itself is not measured."""
    from scoring.committee import views as committee
    from scoring.store import bench as store
    actor = _actor(db, "kommitte1")
    committee.ranking(db, actor, YEAR)
    out = []
    for _ in range(repeat):
        db.write(lambda con: store.unchanged_write(con, YEAR))
        out.extend(time_runs(lambda: committee.ranking(db, actor, YEAR), 1, warm=False))
    return out


def _ranking_cold(db, repeat: int) -> list[float]:
    """The first ranking after a changed score: everything, the model included, computed afresh."""
    from scoring.committee import views as committee
    actor = _actor(db, "kommitte1")

    def cold() -> None:
        committee.forget_models()
        committee.ranking(db, actor, YEAR)
    return time_runs(cold, max(1, min(repeat, 10)))


def _assignment(db, repeat: int) -> list[float]:
    try:
        from scoring.cycle import teams
    except ImportError as exc:
        raise Missing(f"scoring.cycle.teams: {exc}") from exc
    admin = _actor(db, "admin")

    def propose() -> None:
        proposal = teams.propose(db, admin, YEAR, keep="none")
        if proposal.result.unstaffed:
            raise RuntimeError(f"{len(proposal.result.unstaffed)} bidrag fick inget fullt team")
    return time_runs(propose, max(1, min(repeat, 3)), warm=False)


def _ceremony(db, repeat: int) -> list[float]:
    try:
        from scoring.ceremony import winners as ceremony
    except ImportError as exc:
        raise Missing(f"scoring.ceremony.winners: {exc}") from exc
    admin = _actor(db, "admin")

    def documents() -> None:   # winner list, diplomas and programme, from the signed decision
        for kind in ceremony.DOCUMENTS:
            if not ceremony.document_pdf(db, admin, kind, SIGNED_YEAR):
                raise RuntimeError(f"{kind} blev tom")
    return time_runs(documents, max(1, min(repeat, 5)))


def _diplomas_30(db, repeat: int) -> list[float]:
    """Issue 6's case: 30 winners' diplomas in one PDF. The signed cycle's winners, repeated to 30."""
    try:
        from dataclasses import replace

        from scoring.ceremony import winners as ceremony
        from scoring.reports import ceremony as documents
    except ImportError as exc:
        raise Missing(f"scoring.ceremony.winners: {exc}") from exc
    pack = ceremony.ceremony_pack(db, _actor(db, "admin"), SIGNED_YEAR)
    winners = [w for c in pack.classes for w in c.winners]
    if not winners:
        raise RuntimeError("den signerade omgången har inga vinnare")
    thirty = tuple(winners[i % len(winners)] for i in range(30))
    pack = replace(pack, classes=(replace(pack.classes[0], winners=thirty, honourable_mentions=()),))
    return time_runs(lambda: documents.build_diplomas(pack), max(1, min(repeat, 5)))


def _archive(db, repeat: int) -> list[float]:
    try:
        from scoring.ceremony import archive
    except ImportError as exc:
        raise Missing(f"scoring.ceremony.archive: {exc}") from exc
    admin = _actor(db, "admin")
    return time_runs(lambda: (archive.workbook(db, admin, SIGNED_YEAR), archive.csv_zip(db, admin, SIGNED_YEAR)),
                    1, warm=False)


def _feedback(db, repeat: int) -> list[float]:
    try:
        from scoring.ceremony import feedback
    except ImportError as exc:
        raise Missing(f"scoring.ceremony.feedback: {exc}") from exc
    admin = _actor(db, "admin")
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), _cpu_seconds()
        written = feedback.export_folder(db, admin, YEAR, Path(tmp), workers=max(1, min(2, os.cpu_count() or 1)))
        elapsed = ((time.perf_counter() - start) * 1000, (_cpu_seconds() - cpu) * 1000)
    if not written:
        raise RuntimeError("inga rapporter skrevs")
    return [elapsed]


# name → (phase, function(db, repeat) → samples in ms)
CORE: dict[str, tuple[str, Callable[[Any, int], list[float]]]] = {
    "floor.insert": ("assessment", _floor_insert),
    "save_score": ("assessment", _save_score),
    "assignment": ("assessment", _assignment),
    "floor.group_by": ("decision", _floor_group_by),
    "ranking": ("decision", _ranking),
    "ranking.after_write": ("decision", _ranking_after_write),
    "ranking.cold": ("decision", _ranking_cold),
    "ceremony_pack": ("decision", _ceremony),
    "diplomas_30": ("decision", _diplomas_30),
    "results_archive": ("decision", _archive),
    "feedback_pdfs": ("decision", _feedback),
}


# ------------------------------------------------------------------------------------------ database

def cache_path(scale: int, folder: Path = CACHE_DIR) -> Path:
    return Path(folder) / f"bench-scale{scale}.duckdb"


def _wanted_stamp(scale: int, seed: int) -> dict[str, int]:
    from scoring.store.database import migration_files
    return {"schema_version": max(v for v, _, _ in migration_files()), "generator": GENERATOR_VERSION,
            "scale": scale, "seed": seed}


def ensure_database(path: Path, scale: int, seed: int = 2026, log: Callable[[str], None] = print) -> Path:
    """The scale database at `path`, rebuilt unless its stamp matches this code."""
    from scoring.bench import generator
    stamp_file = Path(f"{path}.json")
    wanted = _wanted_stamp(scale, seed)
    if path.exists() and stamp_file.exists():
        try:
            if json.loads(stamp_file.read_text(encoding="utf-8")) == wanted:
                return path
        except (OSError, ValueError):
            pass
    if path.exists() and not stamp_file.exists():
        raise FileExistsError(f"{path} finns redan men är inte byggd av `kvalitet bench`; den skrivs inte över. "
                              "Ange en ny fil med --db.")
    log(f"Bygger skaldatabasen (skala {scale}) i {path} …")
    start = time.perf_counter()
    stamp_file.write_text(json.dumps({"building": True}), encoding="utf-8")   # ours, even if interrupted
    generator.build(path, scale=scale, seed=seed, force=True)
    stamp_file.write_text(json.dumps(wanted), encoding="utf-8")
    log(f"  klar på {time.perf_counter() - start:.1f} s.")
    return path


# ------------------------------------------------------------------------------------------ running

def _summarise(spec: Spec, samples: list[tuple[float, float]] | list[list[float]]) -> Result:
    wall = [s[0] for s in samples]
    r = Result(spec.name, spec.label, spec.budget_text(), floor=spec.floor, runs=len(samples),
               samples_ms=[round(s, 3) for s in wall])
    r.median_ms = round(statistics.median(wall), 3)
    r.p95_ms = round(_percentile(wall, 95), 3)
    r.cpu_median_ms = round(statistics.median(s[1] for s in samples), 3)
    return r


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _judge(results: dict[str, Result]) -> None:
    for spec in MEASUREMENTS:
        r = results[spec.name]
        if r.status in (MISSING, "fel", SKIPPED):
            continue
        if spec.floor and results[spec.floor].median_ms:
            r.floor_median_ms = results[spec.floor].median_ms
            if r.median_ms is not None:
                r.ratio = round(r.median_ms / r.floor_median_ms, 2)
        checks = []
        if spec.budget_ms is not None:
            checks.append(r.median_ms is not None and r.median_ms <= spec.budget_ms)
        if spec.max_ratio is not None:
            checks.append(r.ratio is not None and r.ratio <= spec.max_ratio)
        if spec.budget_mb is not None:
            checks.append(r.value_mb is not None and r.value_mb <= spec.budget_mb)
        if not checks:
            r.status = "golv" if spec.name.startswith("floor.") else "info"
            continue
        r.ok = all(checks)
        r.status = "OK" if r.ok else "MISS"
        r.ok_cpu = _within(spec, r.cpu_median_ms, r.value_mb)


def _within(spec: Spec, ms: float | None, mb: float | None) -> bool | None:
    """The same budget judged on CPU time: what the run would take on an idle machine (informative)."""
    if spec.budget_mb is not None:
        return mb is not None and mb <= spec.budget_mb
    # Only the absolute budgets: a ratio of CPU times says little, because a floor's wall time is mostly
    # waiting (the empty page's rerun is thread start-up and polling, not CPU).
    if ms is None or spec.budget_ms is None:
        return None
    return ms <= spec.budget_ms


def selected(only: list[str] | None) -> set[str]:
    """The measurements to run: all, or the named ones with their floors (unknown names refused)."""
    names = {s.name for s in MEASUREMENTS}
    if not only:
        return names
    unknown = sorted(set(only) - names)
    if unknown:
        raise ValueError(f"Okänd mätning: {', '.join(unknown)}. Finns: {', '.join(sorted(names))}.")
    floors = {s.floor for s in MEASUREMENTS if s.name in only and s.floor}
    if "floor.empty_page" in floors:
        floors.add("floor.app_frame")
    return set(only) | floors


def run(db_path: Path, repeat: int, quick: bool = False, only: list[str] | None = None,
        log: Callable[[str], None] = print) -> list[Result]:
    """Measure on a fresh copy of `db_path`; returns one Result per Spec (skipped ones marked), judged."""
    from scoring.store import Store
    specs = {s.name: s for s in MEASUREMENTS}
    wanted = selected(only)
    results: dict[str, Result] = {name: Result(name, spec.label, spec.budget_text(), status=SKIPPED,
                                               note="inte vald") for name, spec in specs.items()}
    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        work = Path(tmp) / "bench.duckdb"
        shutil.copy(db_path, work)

        def core(phase: str) -> None:
            db = Store(work)
            try:
                if phase == "assessment":
                    _deadline_days(db)
                else:
                    _set_phase(db, phase)
                for name, (in_phase, fn) in CORE.items():
                    if in_phase != phase or name not in wanted:
                        continue
                    if name in ("feedback_pdfs", "results_archive") and quick:
                        results[name] = Result(name, specs[name].label, specs[name].budget_text(),
                                               status=SKIPPED, note="--quick")
                        continue
                    log(f"  {specs[name].label} …")
                    results.update(_measure(specs, name, lambda: fn(db, repeat)))
            finally:
                db.close()

        def pages(phase: str, floor: bool) -> float:
            names = [p.name for p in PAGES if p.phase == phase and p.name in wanted]
            floor = floor and "floor.empty_page" in wanted
            if not names and not floor:
                return 0.0
            log(f"  sidor i fasen {phase}: {', '.join(names)} …")
            out = _run_pages(work, names, repeat, floor)
            for name in names + (["floor.empty_page", "floor.app_frame"] if floor else []):
                spec = specs[name]
                if name in out["missing"]:
                    results[name] = Result(name, spec.label, spec.budget_text(), status=MISSING,
                                           note="sidan finns inte i registret ännu")
                elif name in out["errors"]:
                    results[name] = Result(name, spec.label, spec.budget_text(), status="fel",
                                           ok=False, note=out["errors"][name])
                else:
                    results[name] = _summarise(spec, out["samples"][name])
            return out["maxrss_mb"]

        core("assessment")
        peaks = {"bedömningsfasens sidor": pages("assessment", floor=True)}
        core("decision")
        peaks["kommitténs sida"] = pages("decision", floor=False)
    mem = specs["memory.app_peak"]
    if any(peaks.values()):   # measured whenever a page ran
        results[mem.name] = Result(mem.name, mem.label, mem.budget_text(), value_mb=round(max(peaks.values()), 1),
                                   runs=1, note=", ".join(f"{k}: {v:.0f} MB" for k, v in peaks.items() if v))
    _judge(results)
    return [results[s.name] for s in MEASUREMENTS]


def _measure(specs: dict[str, Spec], name: str, work: Callable[[], Any]) -> dict[str, Result]:
    """Run one measurement; it gives its samples, or samples for several names (a measurement taken
    alternately with its floor)."""
    spec = specs[name]
    try:
        got = work()
    except Missing as exc:
        return {name: Result(spec.name, spec.label, spec.budget_text(), status=MISSING, note=str(exc))}
    except Exception as exc:  # a broken operation is reported, and fails the run
        return {name: Result(spec.name, spec.label, spec.budget_text(), status="fel", ok=False,
                             note=f"{type(exc).__name__}: {exc}"[:500])}
    if isinstance(got, dict):
        return {n: _summarise(specs[n], samples) for n, samples in got.items()}
    return {name: _summarise(spec, got)}


# ------------------------------------------------------------------------------------------ report

def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    versions = {}
    for package in ("streamlit", "duckdb", "polars", "numpy", "reportlab", "pyarrow"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"nproc": os.cpu_count(), "cpu": cpu, "free_h": memory, "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "platform": platform.platform(), "packages": versions}


def _fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else "OK" if ok else "MISS"


def table(results: list[Result]) -> str:
    """The results as a Markdown table (printed, and quoted in docs/performance.md)."""
    rows = ["| mätning | median | p95 | CPU (median) | golv (median) | kvot | budget | resultat | på CPU-tid |",
            "|---|---:|---:|---:|---:|---:|---|---|---|"]
    for r in results:
        if r.value_mb is not None:
            median, p95 = f"{r.value_mb:.0f} MB", "–"
        else:
            median, p95 = _fmt_ms(r.median_ms), _fmt_ms(r.p95_ms)
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "–"
        status = r.status + (f" ({r.note})" if r.note and (r.status != "OK" or r.value_mb is not None) else "")
        rows.append(f"| {r.label} | {median} | {p95} | {_fmt_ms(r.cpu_median_ms)} | {_fmt_ms(r.floor_median_ms)} "
                    f"| {ratio} | {r.budget} | {status} | {_verdict(r.ok_cpu)} |")
    return "\n".join(rows)


def to_json(results: list[Result], scale: int, repeat: int, db_path: Path, counts: dict[str, int]) -> dict:
    return {"scale": scale, "repeat": repeat, "database": str(db_path), "rows": counts,
            "created": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine(),
            "measurements": [asdict(r) for r in results],
            "ok": not any(r.ok is False for r in results)}


def _counts(db_path: Path) -> dict[str, int]:
    from scoring.store import Store
    from scoring.store import bench as store
    db = Store(db_path)
    try:
        with db.read() as con:
            return store.table_counts(con, ("submission", "assignment", "assessment", "score", "consensus_score",
                                            "account", "cycle"))
    finally:
        db.close()


# What each measurement's work grows with (a key of scoring.store.bench.page_data), for the growth table;
# None: the same amount of work at every scale (one assessment, one insert, the signed cycle's winners).
GROWS_WITH = {
    "page.my_assessments": "examiner_submissions", "page.score_submission": None,
    "page.consensus": "lead_submissions", "page.admin_progress": "examiners",
    "page.committee_ranking": "largest_class", "save_score": None, "floor.group_by": "score_rows",
    "ranking": "score_rows", "ranking.after_write": "score_rows", "ranking.cold": "score_rows", "assignment": "submissions",
    "feedback_pdfs": "submissions", "results_archive": "submissions",
}
DATA_NAMES = {"examiner_submissions": "examinatorns bidrag", "lead_submissions": "ledarens konsensusbidrag",
              "largest_class": "största klassen", "submissions": "omgångens bidrag",
              "examiners": "examinatorer", "score_rows": "omgångens poängrader"}


def growth_table(reports: list[dict]) -> str:
    """How each figure grows from the smallest to the largest scale, beside how the data it shows grows."""
    reports = sorted(reports, key=lambda r: r["scale"])
    first, last = reports[0], reports[-1]
    head = " | ".join(f"skala {r['scale']}" for r in reports)
    rows = [f"| mätning | {head} | tillväxt {first['scale']}→{last['scale']} | data den visar eller räknar på |",
            "|---|" + "---:|" * len(reports) + "---:|---|"]
    by_scale = [{m["name"]: m for m in r["measurements"]} for r in reports]
    for spec in MEASUREMENTS:
        cells = [_figure(b.get(spec.name)) for b in by_scale]
        if all(c is None for c in cells):
            continue
        shown = [_fmt_mb(c) if spec.budget_mb else _fmt_ms(c) for c in cells]
        growth = f"{cells[-1] / cells[0]:.1f}×" if cells[0] and cells[-1] is not None else "–"
        key = GROWS_WITH.get(spec.name)
        if key and all(key in r.get("data", {}) for r in (first, last)):
            a, b = first["data"][key], last["data"][key]
            data = f"{DATA_NAMES[key]}: {a} → {b} ({b / a:.1f}×)" if a else DATA_NAMES[key]
        else:
            data = "lika mycket i alla skalor" if spec.name in GROWS_WITH else ""
        rows.append(f"| {spec.label} | {' | '.join(shown)} | {growth} | {data} |")
    return "\n".join(rows)


def _figure(m: dict | None) -> float | None:
    if not m:
        return None
    return m.get("value_mb") if m.get("value_mb") is not None else m.get("median_ms")


def _fmt_mb(mb: float | None) -> str:
    return "–" if mb is None else f"{mb:.0f} MB"


def _data_sizes(db_path: Path) -> dict[str, int]:
    from scoring.store import Store
    from scoring.store import bench as store
    db = Store(db_path)
    try:
        with db.read() as con:
            return store.page_data(con, YEAR)
    finally:
        db.close()


def main(args: argparse.Namespace) -> int:
    """`kvalitet bench`: returns 0 when every measured budget holds, 1 otherwise. With --scales, the bench
    runs at each scale in turn and ends with how the figures grow. With --browser, the pages are timed in
    Chromium instead (scoring.bench.browser)."""
    if getattr(args, "browser", False):
        from scoring.bench import browser as bench_browser
        return bench_browser.main(args)
    if getattr(args, "load", None):
        from scoring.bench import load as bench_load
        return bench_load.main(args)
    if getattr(args, "mail", False):
        from scoring.bench import mail as bench_mail
        return bench_mail.main(args)
    args.repeat = args.repeat or 20
    if args.repeat < 1:
        raise ValueError("--repeat måste vara minst 1.")
    if not args.scales:
        code, report = _one_scale(args, args.scale, Path(args.db) if args.db else cache_path(args.scale, args.dir))
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
            print(f"\nSiffrorna är skrivna till {args.json}.")
        return code
    if args.db:
        raise ValueError("--db och --scales går inte ihop: varje skala har sin egen databas.")
    scales = sorted({int(x) for x in args.scales.split(",") if x.strip()})
    if len(scales) < 2 or scales[0] < 1:
        raise ValueError("--scales behöver minst två skalor, t.ex. 1,3,10.")
    codes, reports = [], []
    for scale in scales:
        code, report = _one_scale(args, scale, cache_path(scale, args.dir))
        codes.append(code)
        reports.append(report)
    print("\nTillväxt:")
    print(growth_table(reports))
    if args.json:
        out = {"scales": scales, "reports": reports, "growth": growth_table(reports)}
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nSiffrorna är skrivna till {args.json}.")
    return max(codes)


def _one_scale(args: argparse.Namespace, scale: int, db_path: Path) -> tuple[int, dict]:
    only = args.only.split(",") if args.only else None
    selected(only)
    ensure_database(db_path, scale)
    load = os.getloadavg()[0]
    print(f"Mäter på {db_path} (skala {scale}, {args.repeat} upprepningar) …")
    if load > (os.cpu_count() or 1):
        print(f"Obs: maskinen är belastad (load {load:.1f} på {os.cpu_count()} kärnor); väggtiderna blir "
              "längre än på en ledig maskin. Kolumnen CPU visar processens egen tid.")
    results = run(db_path, args.repeat, quick=args.quick, only=only)
    counts = _counts(db_path)
    print()
    print(f"Skala {scale}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    print(table(results))
    report = to_json(results, scale, args.repeat, db_path, counts)
    report["data"] = _data_sizes(db_path)
    missed = [r.label for r in results if r.ok is False]
    if missed:
        print(f"\nBudgeten hölls inte för: {'; '.join(missed)}.", file=sys.stderr)
        return 1, report
    return 0, report


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=int, default=10, help="N gånger Stockholms storlek (standard 10)")
    p.add_argument("--db", help="skaldatabas att använda (standard: data/bench-scale<N>.duckdb, byggs vid behov)")
    p.add_argument("--json", metavar="FIL", help="skriv siffrorna som JSON till FIL")
    p.add_argument("--repeat", type=int, help="antal upprepningar per mätning (standard 20; med --browser 5 varv)")
    p.add_argument("--browser", action="store_true",
                   help="mät vad användaren väntar på: varje roll klickar på sina sidor i Chromium, varvat med en "
                        "tom Streamlit-sida som golv (--only tar då sidnamn som committee.ranking)")
    p.add_argument("--load", type=int, metavar="N",
                   help="en deadlinedag: N examinatorer samtidigt mot en appserver på Streamlits protokollnivå "
                        "(websocket), var och en öppnar listan, ett bidrag och sparar med 5–15 s betänketid")
    p.add_argument("--load-seconds", type=float, metavar="S", help="hur länge belastningen pågår (standard 120 s)")
    p.add_argument("--load-think", metavar="MIN,MAX", help="betänketid före varje åtgärd i sekunder (standard 5,15)")
    p.add_argument("--quick", action="store_true", help="hoppa över den tunga mätningen av alla PDF:er")
    p.add_argument("--mail", action="store_true",
                   help="mät utskick: lägg påminnelser i kön och skicka dem till en lokal SMTP-server (aiosmtpd) "
                        "på en kopia av skaldatabasen; varje påminnelse ska komma fram exakt en gång")
    p.add_argument("--mail-recipients", type=int, metavar="N", help="antal påminnelser med --mail (standard 4000)")
    p.add_argument("--only", metavar="NAMN,…", help="mät bara dessa (med sina golv), t.ex. save_score,ranking")
    p.add_argument("--dir", default=str(CACHE_DIR), help="mapp för skaldatabaserna (standard data/)")
    p.add_argument("--scales", metavar="N,…", help="mät i flera skalor i tur och ordning, t.ex. 1,3,10, och visa "
                   "hur siffrorna växer (varje skala får sin databas i data/)")
