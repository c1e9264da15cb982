"""`kvalitet bench --load N`: a deadline day. N examiners at once against one app server, at Streamlit's own
protocol level (issue 16.4).

Each session is a websocket to /_stcore/stream speaking what Streamlit's browser client speaks: BackMsg
rerun_script with the page's name, its query string and the widget states (streamlit.proto), answered by
ForwardMsg deltas and script_finished. No browser runs, so a hundred sessions fit on a small machine; the server
does everything it does for a browser (log-in, the whole script run, every element sent). The session, which
speaks the protocol, is scoring/bench/load_session.py (streamlit stays under scoring/ui).

The run:
1. The scale database is copied, moved to the assessment phase, and served by `streamlit run app.py`.
2. Solo: one examiner opens the list, opens a submission and saves, alone, a few times: the solo median
   save, and the server's CPU time per action (alone, the CPU around an action is that action's own).
3. Log-in: a tenth of the sessions log in one after another (RSS then), the rest all at once (a burst of
   argon2 checks); each opens its list and idles: RSS with everyone logged in, and the growth per idle session.
4. Load: every session, with 5–15 s of random think time before each action, opens its list, opens one of its
   submissions, changes a score and a text, and saves (the field's commit and the click, back to back, as in
   the browser when a click on "Spara utkast" takes the focus from the field), until the time is up.
5. The server is stopped and every acknowledged save ("Utkastet är sparat (version n)" seen by the session) is
   looked up: its unique text in the audit entry of its transaction, and each session's last one as the
   stored value.

The clock of an action runs from the first BackMsg until the run that answers it has finished (for a save: the
run that shows the confirmation). The server's CPU share, its CPU per action (alone; under load all its CPU
over the actions finished) and RSS come from /proc (Linux).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scoring.bench import server
from scoring.bench.load_session import ACTIONS, Session

REPO = Path(__file__).resolve().parents[2]
THINK_SECONDS = (5.0, 15.0)
SOLO_SAVES = 8
ACTION_LABELS = {"login": "logga in", "open_list": "öppna listan", "open_submission": "öppna ett bidrag",
                 "save": "spara utkast"}
# Targets (issue 16.4)
SAVE_P95_RATIO = 2.0          # p95 save under load ≤ 2× the solo median
PEAK_RSS_MB = 1024.0          # with every session logged in
IDLE_SESSION_MB = 5.0         # per additional idle session
RUNS_PER_SAVE = 2             # script runs per save (the field's commit and the click)


# ------------------------------------------------------------------------------------------ the server

class Server:
    """`streamlit run app.py` on a free port, with the process's CPU time and RSS read from /proc."""

    def __init__(self, db_path: Path, log_path: Path):
        self.port = server.free_port()
        env = {**os.environ, "KVALITET_DB": str(db_path)}
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.peak_rss_mb = 0.0

    def wait_ready(self, timeout: float = server.START_SECONDS) -> None:
        server.wait_until_up(f"http://127.0.0.1:{self.port}", self.proc, "app.py", timeout)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                value = int(line.split()[1]) / 1024
                self.peak_rss_mb = max(self.peak_rss_mb, value)
                return value
        return 0.0

    def hwm_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        server.stop(self.proc, 30)
        self._log.close()


# ------------------------------------------------------------------------------------------ the run

def _prepare(db_path: Path, n: int) -> tuple[list[tuple[str, list[int]]], str]:
    """The assessment phase, and N + 1 examiners (the first saves alone) with work open: up to two of each one's
    submitted assessments reopened by the kansli, as on a deadline day when examiners correct their drafts."""
    from scoring.assessment import individual as assessment
    from scoring.bench import run as bench
    from scoring.platform.access import ValidationError
    from scoring.store import Store
    db = Store(db_path)
    try:
        bench._set_phase(db, "assessment")
        admin, found = bench._actor(db, "admin"), []
        for i in range(1, 10_000):
            try:
                actor = bench._actor(db, f"examinator{i}")
            except TypeError:          # no such account: past the last examiner
                break
            mine = assessment.my_assessments(db, actor, bench.YEAR).sort("submission_id")
            open_ = mine.filter(mine["status"] != "submitted")["submission_id"].to_list()
            for sid in mine.filter(mine["status"] == "submitted")["submission_id"].to_list():
                if len(open_) >= 2:
                    break
                try:
                    assessment.reopen(db, admin, sid, actor.username, "Belastningstest: examinatorn kompletterar.")
                    open_.append(sid)
                except ValidationError:
                    continue
            if open_:
                found.append((actor.username, sorted(open_)))
            if len(found) > n:
                break
    finally:
        db.close()
    if len(found) < n + 1:
        raise ValueError(f"Skaldatabasen har bara {len(found)} examinatorer med ofärdiga bedömningar; "
                         f"--load {n} behöver {n + 1}.")
    return found[1:n + 1], found[0][0] + "|" + ",".join(map(str, found[0][1]))


async def _solo(server: Server, examiner: str, rng: random.Random) -> tuple[Session, dict[str, list[float]]]:
    """One examiner alone: open the list, open a submission, save, SOLO_SAVES times (after one untimed round).
    Alone, the server's CPU time around each action is that action's own: CPU seconds per action."""
    username, sids = examiner.split("|")
    s = Session(username, [int(x) for x in sids.split(",")], server.port)
    await s.connect()
    await s.login()
    cpu: dict[str, list[float]] = {a: [] for a in ACTIONS if a != "login"}
    for i in range(SOLO_SAVES + 1):            # the first round warms the server, not counted
        sid = s.submissions[0]
        for name, step in (("open_list", s.open_list), ("open_submission", lambda: s.open_submission(sid)),
                           ("save", lambda: s.save(sid, rng))):
            before = server.cpu_seconds()
            await step()
            await asyncio.sleep(0.1)           # what the server does after the run (sending) counts too
            if i:
                cpu[name].append(server.cpu_seconds() - before)
    s.times = {a: v[1:] for a, v in s.times.items()}
    s.runs_per_save = s.runs_per_save[1:]
    return s, cpu


async def _examiner(s: Session, rng: random.Random, until: float, think: tuple[float, float]) -> None:
    """Open the list, open a submission, save; think 5–15 s before each action; until the time is up (at
    least one round)."""
    try:
        while True:
            sid = rng.choice(s.submissions)
            for step in (s.open_list, lambda: s.open_submission(sid), lambda: s.save(sid, rng)):
                await asyncio.sleep(rng.uniform(*think))
                await step()
            if time.monotonic() >= until:
                return
    except Exception as exc:   # a session that breaks is reported, the others go on
        s.failures.append(f"{s.username}: {type(exc).__name__}: {exc}")


async def _load(server: Server, examiners, solo_examiner: str, seconds: float,
                think: tuple[float, float], log) -> dict[str, Any]:
    rng = random.Random(16)
    log("  ensam examinator sparar …")
    solo, solo_cpu = await _solo(server, solo_examiner, rng)
    await solo.close()
    rss_start = server.rss_mb()
    sessions = [Session(u, sids, server.port) for u, sids in examiners]
    first = max(1, len(sessions) // 10)
    log(f"  {first} loggar in en i taget, sedan {len(sessions) - first} samtidigt …")
    for s in sessions[:first]:
        await s.connect()
        await s.login()
        await s.open_list()
    await asyncio.sleep(1.0)
    rss_first = server.rss_mb()

    async def enter(s: Session) -> None:
        await s.connect()
        await s.login()
        await s.open_list()

    sampler = asyncio.create_task(_sample(server))
    await asyncio.gather(*(enter(s) for s in sessions[first:]))
    await asyncio.sleep(2.0)
    rss_all = server.rss_mb()
    log(f"  {len(sessions)} inloggade ({rss_all:.0f} MB); belastning i {seconds:.0f} s …")
    done0 = sum(len(s.times[a]) for s in sessions for a in ACTIONS)
    cpu0, wall0, pressure0, machine0 = server.cpu_seconds(), time.monotonic(), cpu_pressure_us(), os.getloadavg()[0]
    until = time.monotonic() + seconds
    await asyncio.gather(*(_examiner(s, random.Random(s.username), until, think) for s in sessions))
    cpu, wall = server.cpu_seconds() - cpu0, time.monotonic() - wall0
    done = sum(len(s.times[a]) for s in sessions for a in ACTIONS) - done0
    pressure1 = cpu_pressure_us()
    pressure = (None if pressure0 is None or pressure1 is None
                else (pressure1 - pressure0) / 1e6 / wall)
    machine = (machine0, os.getloadavg()[0])
    sampler.cancel()
    for s in sessions:
        await s.close()
    idle = (rss_all - rss_first) / (len(sessions) - first) if len(sessions) > first else None
    return {"solo": solo, "solo_cpu": solo_cpu, "load_cpu_per_action": cpu / done if done else None,
            "cpu_pressure": pressure, "load_average": machine,
            "sessions": sessions, "cpu_share": cpu / wall / (os.cpu_count() or 1),
            "cpu_cores": cpu / wall, "load_seconds": wall, "rss_start_mb": rss_start, "rss_first_mb": rss_first,
            "rss_logged_in_mb": rss_all, "idle_first": first, "idle_mb_per_session": idle}


def cpu_pressure_us() -> int | None:
    """The machine's CPU pressure (Linux PSI, /proc/pressure/cpu): microseconds during which at least one task
    waited for a core. Over the load it says how much of the time the server may have waited for a core that
    other work held (the machine is shared); None where the kernel does not tell."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    fields = dict(part.split("=") for part in line.split()[1:])
    return int(fields["total"]) if "total" in fields else None


async def _sample(server: Server) -> None:
    while True:
        server.rss_mb()
        await asyncio.sleep(0.25)


def _verify(db_path: Path, sessions: list[Session]) -> dict[str, int]:
    """After the server stopped: every acknowledged save in the audit entry of its own transaction, and each
    session's last acknowledged save as the stored value."""
    from scoring.assessment import individual as assessment
    from scoring.bench import run as bench
    from scoring.store import Store, audit
    db = Store(db_path)
    try:
        with db.read() as con:
            logged = "\n".join(v or "" for v in audit.entries(con, entity="assessment", action="save_draft",
                                                              limit=10_000_000)["new_value"].to_list())
        acknowledged = sum(len(s.acknowledged) for s in sessions)
        in_audit = sum(1 for s in sessions for _, _, token in s.acknowledged if json.dumps(token)[1:-1] in logged)
        last_stored = 0
        for s in sessions:
            by_sid: dict[int, str] = {}
            for sid, _, token in s.acknowledged:
                by_sid[sid] = token
            view_of = {sid: assessment.open_assessment(db, bench._actor(db, s.username), sid) for sid in by_sid}
            last_stored += sum(1 for sid, token in by_sid.items() if view_of[sid].entries[1].strengths == token)
        last_wanted = sum(len({sid for sid, _, _ in s.acknowledged}) for s in sessions)
    finally:
        db.close()
    return {"acknowledged": acknowledged, "stored": in_audit, "last_wanted": last_wanted, "last_stored": last_stored}


# ------------------------------------------------------------------------------------------ the report

def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(n: int, scale: int, out: dict[str, Any], stored: dict[str, int]) -> dict[str, Any]:
    sessions: list[Session] = out["sessions"]
    actions = {}
    for a in ACTIONS:
        values = [t for s in sessions for t in s.times[a]]
        actions[a] = {"label": ACTION_LABELS[a], "count": len(values), "p50_ms": _r(_pct(values, 0.5)),
                      "p95_ms": _r(_pct(values, 0.95)), "max_ms": _r(max(values) if values else None)}
    solo_median = statistics.median(out["solo"].times["save"]) if out["solo"].times["save"] else None
    runs = [r for s in sessions for r in s.runs_per_save] + out["solo"].runs_per_save
    p95_save = actions["save"]["p95_ms"]
    targets = [
        _target("save_p95", f"p95 spara ≤ {SAVE_P95_RATIO:g}× ensam median ({_fmt(solo_median)} ms)",
                p95_save, None if solo_median is None else SAVE_P95_RATIO * solo_median, "ms"),
        _target("saves_stored", "varje bekräftad sparning finns lagrad", stored["stored"], stored["acknowledged"],
                "st", exact=True),
        _target("peak_rss", f"högsta RSS med {n} inloggade ≤ {PEAK_RSS_MB:g} MB", _r(out["peak_rss_mb"]),
                PEAK_RSS_MB, "MB"),
        _target("idle_session", f"≤ {IDLE_SESSION_MB:g} MB per ytterligare inaktiv session",
                _r(out["idle_mb_per_session"]), IDLE_SESSION_MB, "MB"),
        _target("runs_per_save", f"skriptkörningar per sparning ≤ {RUNS_PER_SAVE}",
                max(runs) if runs else None, RUNS_PER_SAVE, "st"),
    ]
    failures = [f for s in sessions for f in s.failures] + out["solo"].failures
    return {"mode": "load", "sessions": n, "scale": scale, "cpu_count": os.cpu_count(),
            # the machine while the load ran (shared with other work): load average at start and end, and the
            # share of the time some task waited for a core (PSI; None where the kernel does not tell)
            "machine": {"load_average": [round(x, 2) for x in out["load_average"]],
                        "cpu_pressure": None if out["cpu_pressure"] is None else round(out["cpu_pressure"], 3)},
            "load_seconds": _r(out["load_seconds"]), "solo_save_median_ms": _r(solo_median),
            "actions": actions, "runs_per_save": {"mean": _r(statistics.mean(runs)) if runs else None,
                                                  "max": max(runs) if runs else None},
            "server": {"cpu_share": round(out["cpu_share"], 3), "cpu_cores": round(out["cpu_cores"], 2),
                       "peak_rss_mb": _r(out["peak_rss_mb"]), "rss_before_mb": _r(out["rss_start_mb"]),
                       "rss_logged_in_mb": _r(out["rss_logged_in_mb"]),
                       "idle_mb_per_session": _r(out["idle_mb_per_session"]),
                       # CPU seconds the server spends per action: alone (each action's own, mean), and under
                       # load (all CPU during the load divided by the actions finished in it)
                       "cpu_ms_per_action_solo": {a: _r(1000 * statistics.mean(v)) if v else None
                                                  for a, v in out["solo_cpu"].items()},
                       "cpu_ms_per_action_load": _r(None if out["load_cpu_per_action"] is None
                                                    else 1000 * out["load_cpu_per_action"])},
            "saves": stored, "targets": targets, "failures": failures[:50], "failure_count": len(failures),
            "ok": all(t["ok"] is not False for t in targets) and not failures}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def _target(name: str, label: str, value, limit, unit: str, exact: bool = False) -> dict[str, Any]:
    if value is None or limit is None:
        ok = None
    else:
        ok = value == limit if exact else value <= limit
    return {"name": name, "label": label, "value": value, "limit": _r(limit) if not exact else limit,
            "unit": unit, "ok": ok}


def table(rep: dict[str, Any]) -> str:
    lines = [f"Belastning: {rep['sessions']} sessioner, skala {rep['scale']}, {rep['load_seconds']:.0f} s, "
             f"{rep['cpu_count']} kärnor",
             "", "| åtgärd | antal | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for a in rep["actions"].values():
        lines.append(f"| {a['label']} | {a['count']} | {_fmt(a['p50_ms'])} | {_fmt(a['p95_ms'])} | "
                     f"{_fmt(a['max_ms'])} |")
    server = rep["server"]
    lines += ["", f"Servern: CPU-andel {server['cpu_share'] * 100:.0f} % av maskinen "
                  f"({server['cpu_cores']:.2f} kärnor), högsta RSS {server['peak_rss_mb']:.0f} MB, "
                  f"RSS med alla inloggade {server['rss_logged_in_mb']:.0f} MB. "
                  f"Skriptkörningar per sparning: medel {rep['runs_per_save']['mean']}, "
                  f"högst {rep['runs_per_save']['max']}. Ensam median för spara: "
                  f"{_fmt(rep['solo_save_median_ms'])} ms.",
              "Serverns CPU per åtgärd, ensam: " + ", ".join(
                  f"{ACTION_LABELS[a]} {_fmt(ms)} ms" for a, ms in server["cpu_ms_per_action_solo"].items())
              + f"; under belastningen i medel {_fmt(server['cpu_ms_per_action_load'])} ms per åtgärd.",
              "Maskinen under belastningen: load " + " → ".join(f"{x:.1f}" for x in rep["machine"]["load_average"])
              + ("" if rep["machine"]["cpu_pressure"] is None else
                 f", någon process väntade på en ledig kärna {rep['machine']['cpu_pressure'] * 100:.0f} % av tiden")
              + ".",
              "", "| mål | uppmätt | gräns | |", "|---|---:|---:|---|"]
    for t in rep["targets"]:
        verdict = "–" if t["ok"] is None else "OK" if t["ok"] else "MISS"
        value = "–" if t["value"] is None else f"{t['value']:g} {t['unit']}"
        limit = "–" if t["limit"] is None else f"{t['limit']:g} {t['unit']}"
        lines.append(f"| {t['label']} | {value} | {limit} | {verdict} |")
    if rep["failure_count"]:
        lines.append(f"\n{rep['failure_count']} fel i sessionerna, t.ex.: " + "; ".join(rep["failures"][:3]))
    return "\n".join(lines)


def _run_to_end(coroutine: Any) -> Any:
    """Runs the sessions' event loop to the end, in a thread of its own when the
    caller already runs one (Playwright's sync API does, in the test process)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def main(args: argparse.Namespace) -> int:
    """Returns 0 when every target holds, 1 otherwise."""
    from scoring.bench import run as bench
    n = int(args.load)
    if n < 2:
        raise ValueError("--load behöver minst 2 sessioner.")
    source = Path(args.db) if args.db else bench.cache_path(args.scale, args.dir)
    bench.ensure_database(source, args.scale)
    chosen = getattr(args, "load_seconds", None)
    seconds = 120.0 if chosen is None else float(chosen)
    if seconds < 0:
        raise ValueError("--load-seconds kan inte vara negativt.")
    think = THINK_SECONDS
    if getattr(args, "load_think", None):
        low, high = (float(x) for x in args.load_think.split(","))
        if not 0 <= low <= high:
            raise ValueError("--load-think tar två tal i sekunder, t.ex. 5,15.")
        think = (low, high)
    with tempfile.TemporaryDirectory(prefix="kvalitet-load-") as tmp:
        work = Path(tmp) / "load.duckdb"
        shutil.copy(source, work)
        examiners, solo = _prepare(work, n)
        print(f"Belastning: {n} examinatorer mot en appserver (skala {args.scale}) …")
        server = Server(work, Path(tmp) / "server.log")
        try:
            server.wait_ready()
            out = _run_to_end(_load(server, examiners, solo, seconds, think, print))
            out["peak_rss_mb"] = max(server.peak_rss_mb, server.hwm_mb())
        except BaseException:
            server.stop()
            print((Path(tmp) / "server.log").read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        server.stop()
        stored = _verify(work, out["sessions"] + [out["solo"]])
    rep = report(n, args.scale, out, stored)
    print()
    print(table(rep))
    if args.json:
        Path(args.json).write_text(json.dumps(rep, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nSiffrorna är skrivna till {args.json}.")
    if not rep["ok"]:
        print("\nMålen hölls inte: " + "; ".join(t["label"] for t in rep["targets"] if t["ok"] is False)
              + (f"; {rep['failure_count']} fel i sessionerna" if rep["failure_count"] else ""), file=sys.stderr)
        return 1
    return 0
