"""`kvalitet bench --browser`: what users wait for, timed in Chromium (issue 16).

`kvalitet bench` times the server's rerun through AppTest; users wait for the browser too (drawing a
chart of 500 bars, a table of 7,500 rows). This mode serves the app with `streamlit run` on a copy of the
scale database, logs in one browser context per role and clicks the sidebar link of each page, as a user
does. The clock runs from the click until
- Streamlit's script run is over (its app element says notRunning; the status widget is hidden in this
  app's minimal toolbar) and no element is stale,
- the page's heading is shown (the expected content),
- every Plotly chart has drawn its SVG and every table in view its canvas (a table further down draws
  when it is scrolled to),
- and for 400 ms no long task (the browser's main thread busy ≥ 50 ms) has run and nothing on the page
  has changed: the browser is free again, and no late part of the page is still arriving.
  Not counted as a change: what happens inside a table's <canvas>. Streamlit's grid (glide-data-grid)
  keeps an accessible copy of the rows in view as a <table role="grid"> inside its canvas, which nobody
  sees, and rebuilds it 200 ms after the grid's last change (its own debounce), so a page with a table
  would otherwise always end ≈ 300 ms after it was drawn. That moment is recorded per page beside the
  clock (``grid_copy_ms``: when a screen reader has the rows), and reported, but not judged.
The end is the latest of "drawn", the end of the last long task and the last change to the page. Each page is visited once untimed
first (the server's caches of the committee's views are warm, as after the first visitor).

Floor: a bare Streamlit app of two pages (scoring/bench/floor_page.py) served by a second `streamlit run`,
clicked in the same browser, interleaved with the pages: every page click is paired with a floor click
just before it, and a page's ratio is its median over the median of its paired floor clicks.

Budgets (issue 16): examiner pages ≤ 3× the floor; consensus and kansli pages ≤ 4×; committee pages ≤ 6×;
and no page over 2 s. The cycle is put in the phase the page belongs to (the assessment phase with work
open for examiners and the kansli, the decision phase for the committee), as in `kvalitet bench`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scoring.bench import run as bench
from scoring.bench import server as app_server

REPO = bench.REPO
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
FLOOR_SCRIPT = "scoring/bench/floor_page.py"
NEVER_OVER_MS = 2000.0
QUIET_MS = 400          # no long task for this long: the browser is free again
TIMEOUT_MS = 60_000
EXAMINER, KANSLI, COMMITTEE = 3.0, 4.0, 6.0
LEAVE_TO = ("byt-losenord", "Byt lösenord")   # every role's small page, to leave a page before timing it again
SCREENSHOTS = os.environ.get("KVALITET_BENCH_SCREENSHOTS")   # a folder: each timed page as it was drawn


@dataclass(frozen=True)
class BrowserPage:
    name: str           # machine name, stable in the JSON
    url: str            # the page's url in scoring.ui.registry
    username: str       # who clicks (a demo account; the same at every scale)
    phase: str          # the cycle's phase while it is measured
    max_ratio: float    # at most this many times the floor
    heading: str        # the page's own heading (h1): the expected content; "" for a page headed by
                        # what it shows (Bedöm bidrag: the unit's name), then its document title counts
    title: str = ""     # the page's document title starts so (registry title); only when heading is ""


PAGES: tuple[BrowserPage, ...] = (
    BrowserPage("examiner.start", "oversikt", "examinator2", "assessment", EXAMINER, "Översikt"),
    BrowserPage("examiner.my_assessments", "bedomningar", "examinator2", "assessment", EXAMINER, "Mina bedömningar"),
    BrowserPage("examiner.score_submission", "bedom", "examinator2", "assessment", EXAMINER, "", "Bedöm bidrag"),
    BrowserPage("lead.consensus", "konsensus", "examinator1", "assessment", KANSLI, "Konsensus"),
    BrowserPage("lead.site_visits", "platsbesok", "examinator1", "assessment", KANSLI, "Platsbesök"),
    BrowserPage("kansli.start", "oversikt", "admin", "assessment", KANSLI, "Översikt"),
    BrowserPage("kansli.cycle", "omgang", "admin", "assessment", KANSLI, "Omgång"),
    BrowserPage("kansli.units", "enheter", "admin", "assessment", KANSLI, "Enheter och anmälan"),
    BrowserPage("kansli.documents", "tavlingsbidrag", "admin", "assessment", KANSLI, "Tävlingsbidrag"),
    BrowserPage("kansli.teams", "team", "admin", "assessment", KANSLI, "Examinatorer och team"),
    BrowserPage("kansli.assessments", "kansli-bedomningar", "admin", "assessment", KANSLI, "Bedömningar"),
    BrowserPage("kansli.progress", "framsteg", "admin", "assessment", KANSLI, "Framsteg"),
    BrowserPage("kansli.accounts", "konton", "admin", "assessment", KANSLI, "Konton"),
    BrowserPage("kansli.audit", "granskningslogg", "admin", "assessment", KANSLI, "Granskningslogg"),
    BrowserPage("committee.start", "oversikt", "kommitte1", "decision", COMMITTEE, "Översikt"),
    BrowserPage("committee.ranking", "rangordning", "kommitte1", "decision", COMMITTEE, "Rangordning"),
    BrowserPage("committee.calibration", "kalibrering", "kommitte1", "decision", COMMITTEE, "Kalibrering"),
    BrowserPage("committee.decisions", "beslut", "kommitte1", "decision", COMMITTEE, "Beslut"),
    BrowserPage("committee.statistics", "statistik", "kommitte1", "decision", COMMITTEE, "Statistik"),
    BrowserPage("committee.site_visits", "platsbesok", "kommitte1", "decision", COMMITTEE, "Platsbesök"),
)

# In the browser: the end of the latest long task, and whether the page is drawn.
_OBSERVE = """
window.__kvLongEnd = 0;
window.__kvMutated = 0;
window.__kvCopy = 0;
new MutationObserver((records) => {
  const now = performance.now();
  for (const r of records) {       // a grid's accessible copy inside its <canvas> is invisible: apart
    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    if (el && el.closest("canvas")) window.__kvCopy = now; else window.__kvMutated = now;
  }
}).observe(document, {
  subtree: true, childList: true, attributes: true, characterData: true});
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__kvLongEnd = Math.max(window.__kvLongEnd, e.startTime + e.duration);
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
"""
_DRAWN = """([heading, title]) => {
  const app = document.querySelector('[data-testid="stApp"]');     // Streamlit's own run state
  if (!app || app.dataset.testScriptState !== "notRunning") return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (!document.title.startsWith(title)) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  if (![...main.querySelectorAll("h1")].some((h) => h.innerText.trim().startsWith(heading))) return false;
  for (const c of main.querySelectorAll('[data-testid="stPlotlyChart"]')) if (!c.querySelector(".main-svg")) return false;
  for (const d of main.querySelectorAll('[data-testid="stDataFrame"]')) {   // a table draws once it is in view
    const box = d.getBoundingClientRect();                  // a hidden one (a closed tab or expander) has no size
    if (box.height > 0 && box.top < window.innerHeight * 0.75 && !d.querySelector("canvas")) return false;
  }
  return true;
}"""
_CLICK = """(url) => {
  const links = [...document.querySelectorAll('[data-testid="stSidebar"] a')];
  const segment = (a) => (a.getAttribute("href") || "").split("/").pop();
  // The role's start page is linked without a name (""): taken when no link names the url.
  const link = links.find((a) => segment(a) === url) || links.find((a) => segment(a) === "");
  if (!link) return false;
  window.__kvClick = performance.now();
  link.click();
  return true;
}"""


@dataclass
class Measured:
    name: str
    label: str
    budget: str
    samples_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    grid_copy_ms: list[float] = field(default_factory=list)   # when the tables' accessible copy was last rebuilt
    median_ms: float | None = None
    floor_median_ms: float | None = None
    ratio: float | None = None
    max_ratio: float | None = None
    ok: bool | None = None
    error: str | None = None


# ------------------------------------------------------------------------------------------ the clock

def _wait_drawn(page, heading: str, title: str = "") -> float:
    """Milliseconds from the last click (window.__kvClick) until drawn and quiet (see the module doc)."""
    page.wait_for_function(_DRAWN, arg=[heading, title], polling=50, timeout=TIMEOUT_MS)
    drawn = page.evaluate("performance.now()")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        now, long_end, mutated, clicked = page.evaluate(
            "[performance.now(), window.__kvLongEnd, window.__kvMutated, window.__kvClick]")
        end = max(drawn, long_end, mutated)
        if now - end >= QUIET_MS or time.monotonic() > deadline:
            return round(end - clicked, 1)
        page.wait_for_timeout(100)


def _click(page, url: str, heading: str, title: str = "") -> float:
    if not page.evaluate(_CLICK, url):
        raise RuntimeError(f"länken till /{url} finns inte i sidomenyn")
    return _wait_drawn(page, heading, title)


def _log_in(browser, base: str, username: str, password: str) -> tuple[Any, Any, float]:
    """A new browser context logged in as username; returns (context, page, ms from the click to drawn)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.add_init_script(_OBSERVE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base)
    page.get_by_label("Användarnamn", exact=True).fill(username)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.wait_for_timeout(300)
    page.evaluate("""() => {
      window.__kvClick = performance.now();
      [...document.querySelectorAll("button")].find((b) => b.innerText.trim() === "Logga in").click();
    }""")
    page.get_by_text("Logga ut").wait_for(timeout=TIMEOUT_MS)
    ms = _wait_drawn(page, "")
    return context, page, ms


class _Floor:
    """The bare page's browser tab: each call clicks over to its other page and times it."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        self.context.add_init_script(_OBSERVE)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.goto(base)
        self.at = "golv"
        _wait_drawn_first(self.page, "Golv")

    def click(self) -> float:
        target = "golv-b" if self.at == "golv-a" else "golv-a"
        ms = _click(self.page, target, "Golv B" if target == "golv-b" else "Golv A")
        self.at = target
        return ms


def _wait_drawn_first(page, heading: str) -> None:
    page.evaluate("window.__kvClick = performance.now()")
    _wait_drawn(page, heading)


# ------------------------------------------------------------------------------------------ a run

def _label(p: BrowserPage) -> str:
    return f"{p.heading or p.title} ({p.username})"


def _budget(max_ratio: float | None) -> str:
    return " och ".join(([f"≤ {max_ratio:g}× golvet"] if max_ratio else []) + [f"≤ {NEVER_OVER_MS / 1000:g} s"])


def _judge(m: Measured) -> None:
    if m.error or not m.samples_ms:
        m.ok = False if m.error else None
        return
    m.median_ms = round(statistics.median(m.samples_ms), 1)
    if m.floor_ms:
        m.floor_median_ms = round(statistics.median(m.floor_ms), 1)
        m.ratio = round(m.median_ms / m.floor_median_ms, 2) if m.floor_median_ms else None
    m.ok = m.median_ms <= NEVER_OVER_MS and (m.max_ratio is None or (m.ratio is not None and m.ratio <= m.max_ratio))


def _phase_pages(browser, base: str, floor: _Floor, pages: list[BrowserPage], repeat: int, password: str,
                 results: dict[str, Measured], log: Callable[[str], None]) -> None:
    """Log in every user of `pages` once (timed), then `repeat` rounds: for each page a floor click and
    the page's own click. A page that is already shown is left for another first (not timed)."""
    sessions: dict[str, tuple[Any, Any]] = {}
    try:
        for username in dict.fromkeys(p.username for p in pages):
            name = f"login.{username}"
            m = results.setdefault(name, Measured(name, f"Inloggning till första sidan ({username})", _budget(None)))
            try:
                m.floor_ms.append(floor.click())
                context, page, ms = _log_in(browser, base, username, password)
                m.samples_ms.append(ms)
                sessions[username] = (context, page)
            except Exception as exc:  # noqa: BLE001 - one user's failure is reported, the run goes on
                m.error = f"{type(exc).__name__}: {str(exc)[:300]}"
        current: dict[str, str] = {}
        for p in pages:                               # one untimed visit each: the server's caches warm
            if p.username in sessions:
                try:
                    _click(sessions[p.username][1], p.url, p.heading, p.title)
                    current[p.username] = p.url
                except Exception:  # noqa: BLE001 - the timed rounds report it
                    current.pop(p.username, None)
        for round_no in range(repeat):
            log(f"    varv {round_no + 1} av {repeat}")
            for p in pages:
                m = results.setdefault(p.name, Measured(p.name, _label(p), _budget(p.max_ratio), max_ratio=p.max_ratio))
                if p.username not in sessions or m.error:
                    m.error = m.error or "inloggningen misslyckades"
                    continue
                page = sessions[p.username][1]
                try:
                    if current.get(p.username, "") in (p.url, ""):   # leave the page first, untimed
                        _click(page, *LEAVE_TO)
                    m.floor_ms.append(floor.click())
                    m.samples_ms.append(_click(page, p.url, p.heading, p.title))
                    copy = page.evaluate("window.__kvCopy > window.__kvClick ? window.__kvCopy - window.__kvClick : null")
                    if copy is not None:
                        m.grid_copy_ms.append(round(copy, 1))
                    current[p.username] = p.url
                    if SCREENSHOTS:
                        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(Path(SCREENSHOTS) / f"{p.name}.png"), full_page=False)
                except Exception as exc:  # noqa: BLE001
                    m.error = f"{type(exc).__name__}: {str(exc)[:300]}"
                    current.pop(p.username, None)
    finally:
        for context, _ in sessions.values():
            context.close()


def selected(only: list[str] | None) -> list[BrowserPage]:
    if not only:
        return list(PAGES)
    known = {p.name for p in PAGES}
    unknown = [n for n in only if n not in known]
    if unknown:
        raise ValueError(f"Okända sidor: {', '.join(unknown)}. Välj bland: {', '.join(sorted(known))}.")
    return [p for p in PAGES if p.name in only]


def run(db_path: Path, repeat: int, only: list[str] | None = None, password: str = "demo",
        log: Callable[[str], None] = print) -> list[Measured]:
    """Measure the chosen pages on a fresh copy of db_path; returns one Measured per page and log-in, judged."""
    from playwright.sync_api import sync_playwright

    from scoring.store import Store
    wanted = selected(only)
    results: dict[str, Measured] = {}
    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-browser-") as tmp:
        work = Path(tmp) / "bench.duckdb"
        shutil.copy(db_path, work)
        with sync_playwright() as pw, app_server.streamlit(FLOOR_SCRIPT) as floor_base:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                floor = _Floor(browser, floor_base)
                for phase in ("assessment", "decision"):
                    pages = [p for p in wanted if p.phase == phase]
                    if not pages:
                        continue
                    db = Store(work)
                    try:
                        bench._deadline_days(db) if phase == "assessment" else bench._set_phase(db, phase)
                    finally:
                        db.close()
                    log(f"  sidor i fasen {phase}: {', '.join(p.name for p in pages)} …")
                    with app_server.streamlit("app.py", {"KVALITET_DB": str(work)}) as base:
                        _phase_pages(browser, base, floor, pages, repeat, password, results, log)
            finally:
                browser.close()
    for m in results.values():
        _judge(m)
    return list(results.values())


# ------------------------------------------------------------------------------------------ report

def _fmt(ms: float | None) -> str:
    return "–" if ms is None else (f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms").replace(".", ",")


def table(results: list[Measured]) -> str:
    head = ("Sida", "Median", "Golv", "× golvet", "Tabellernas kopia för skärmläsare", "Budget", "")
    rows = [head] + [(m.label, _fmt(m.median_ms), _fmt(m.floor_median_ms),
                      "–" if m.ratio is None else f"{m.ratio:.1f}".replace(".", ","),
                      _fmt(statistics.median(m.grid_copy_ms) if m.grid_copy_ms else None), m.budget,
                      "fel: " + m.error if m.error else {True: "OK", False: "MISS", None: "–"}[m.ok])
                     for m in results]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def to_json(results: list[Measured], scale: int, repeat: int, db_path: Path) -> dict:
    return {"mode": "browser", "scale": scale, "repeat": repeat, "database": str(db_path),
            "never_over_ms": NEVER_OVER_MS, "quiet_ms": QUIET_MS, "machine": bench.machine(),
            "results": [asdict(m) for m in results]}


def main(args: argparse.Namespace) -> int:
    """`kvalitet bench --browser`: 0 when every page holds its budget, 1 otherwise."""
    repeat = args.repeat or 5
    if repeat < 1:
        raise ValueError("--repeat måste vara minst 1.")
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} saknas: installera Chromium (scripts/ensure-system-deps.sh).")
    only = args.only.split(",") if args.only else None
    db_path = Path(args.db) if args.db else bench.cache_path(args.scale, Path(args.dir))
    if not (args.db and db_path.exists()):      # a database given is used as it is (e.g. `kvalitet demo --scale`)
        bench.ensure_database(db_path, args.scale)
    print(f"Mäter i Chromium på {db_path} (skala {args.scale}, {repeat} varv, golvet varvat med sidorna) …")
    results = run(db_path, repeat, only)
    print()
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(results, args.scale, repeat, db_path), ensure_ascii=False,
                                              indent=2), encoding="utf-8")
        print(f"\nSiffrorna är skrivna till {args.json}.")
    missed = [m.label for m in results if m.ok is False]
    if missed:
        print(f"\nBudgeten hölls inte för: {'; '.join(missed)}.", file=sys.stderr)
        return 1
    return 0
