"""The page half of `kvalitet bench`: times page reruns with Streamlit's AppTest, in its own process.

scoring.bench.run starts `python -m scoring.bench.pages --pages-worker OUT ...`; this module logs in as the
page's user exactly like a session of the app, reruns each page and an empty page alternately, and writes the
samples and the process's peak memory to OUT as JSON. It lives under scoring/ui because it drives Streamlit;
the core bench (scoring.bench.run) stays free of it.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scoring.bench.run import PAGES, REPO, PageRun, time_runs

EMPTY_PAGE = "import streamlit as st\n"

# The app's own frame (page config, session check, sidebar, the role's navigation) around an empty page:
# what every page of the app pays before it shows anything. Shown beside the bare floor to explain it.
FRAME_PAGE = """
import streamlit as st
from scoring.ui import registry, shell, text

st.set_page_config(page_title=text.APP_TITLE, page_icon="🏅", layout="wide")
user = shell.current_user()
shell.sidebar(user)
if "frame_navigation" not in st.session_state:   # built once per session, as shell does
    sections = {"Mätning": [st.Page(lambda: None, title="Tom sida", url_path="tom-sida", default=True)]}
    for spec in registry.specs_for(user.role):
        sections.setdefault(spec.section, []).append(
            st.Page(REPO + "/" + spec.path, title=spec.title, icon=spec.icon, url_path=spec.url))
    st.session_state["frame_navigation"] = sections
st.navigation(st.session_state["frame_navigation"]).run()
"""


def _registered(page: str) -> bool:
    from scoring.ui import registry
    return (REPO / page).exists() and any(spec.path == page for spec in registry.PAGES)


def _share_script_cache() -> None:
    """AppTest compiles the scripts anew on every run (a fresh ScriptCache per run); `streamlit run`
    keeps one ScriptCache for the server's lifetime. Give AppTest one too, so a rerun costs what it
    costs a user, not the test harness's recompilation."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner
    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _apptest(script: Path):
    from streamlit.testing.v1 import AppTest
    return AppTest.from_file(str(script), default_timeout=300)


def _login(at, username: str) -> None:
    from scoring.demo import DEMO_PASSWORD
    from scoring.ui import text
    fields = {t.label: t for t in at.text_input}
    fields[text.USERNAME].input(username)
    fields[text.PASSWORD].input(DEMO_PASSWORD)
    next(b for b in at.button if b.label == text.LOGIN_BUTTON).click().run()


def _open_page(run: PageRun, query: dict[str, str]):
    at = _apptest(REPO / "app.py").run()
    _raise_page_exception(at)
    _login(at, run.username)
    _raise_page_exception(at)
    at.switch_page(run.page)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    _raise_page_exception(at)
    return at


def _logged_in(at, username: str):
    """An AppTest whose session is already logged in as `username` (as after the log-in form)."""
    from scoring.platform.access import User
    from scoring.store import Store, accounts
    from scoring.ui import state
    db = Store(os.environ["KVALITET_DB"])
    try:
        with db.read() as con:
            row = accounts.get(con, username)
    finally:
        db.close()
    at.session_state[state.USER] = User(row["username"], row["display_name"], row["role"], row["organisation_id"])
    at.session_state[state.LAST_ACTIVE] = time.monotonic()
    at.run()
    _raise_page_exception(at)
    return at


def _raise_page_exception(at) -> None:
    if at.exception:
        raise RuntimeError("; ".join(e.message for e in at.exception))


def _page_worker(db_path: str, names: list[str], repeat: int, floor: bool) -> dict[str, Any]:
    """Runs in its own process: each page as its user, and the empty page; returns samples and peak memory.

    The empty page is rerun alternately with each page (one floor rerun, one page rerun, …), so a moment of
    load on the shared machine falls on both and the ratio stays a property of the page. Page reruns cost a
    few milliseconds, so they are sampled three times as often as the other operations."""
    os.environ["KVALITET_DB"] = db_path
    os.chdir(REPO)
    from scoring.store import Store
    _share_script_cache()
    out: dict[str, Any] = {"samples": {}, "errors": {}, "missing": []}
    db = Store(db_path)
    queries = {run.name: run.query(db) for run in PAGES if run.name in names}
    db.close()
    samples = repeat * 3
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "empty_page.py"
        script.write_text(EMPTY_PAGE, encoding="utf-8")
        empty = _apptest(script).run()
        empty.run()
        floor_samples: list[tuple[float, float]] = []

        def measure(at) -> list[tuple[float, float]]:
            at.run()   # warm: caches filled, as for a user who has the page open
            mine = []
            for _ in range(samples):
                floor_samples.extend(time_runs(empty.run, 1, warm=False))
                mine.extend(time_runs(at.run, 1, warm=False))
            return mine

        for run in PAGES:
            if run.name not in names:
                continue
            if not _registered(run.page):
                out["missing"].append(run.name)
                continue
            try:
                at = _open_page(run, queries[run.name])
                out["samples"][run.name] = measure(at)
                _raise_page_exception(at)
            except Exception as exc:  # reported per page; the other pages are still measured
                out["errors"][run.name] = f"{type(exc).__name__}: {exc}"[:500]
        if floor:
            frame = Path(tmp) / "app_frame.py"
            frame.write_text(f"REPO = {str(REPO)!r}\n{FRAME_PAGE}", encoding="utf-8")
            try:
                out["samples"]["floor.app_frame"] = measure(_logged_in(_apptest(frame), "examinator1"))
            except Exception as exc:
                out["errors"]["floor.app_frame"] = f"{type(exc).__name__}: {exc}"[:500]
            out["samples"]["floor.empty_page"] = floor_samples or time_runs(empty.run, samples, warm=False)
    out["maxrss_mb"] = _peak_rss_mb()
    return out


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own address space; getrusage's
    maxrss does not: on Linux it keeps the parent's peak across fork and exec, so a page process started
    by a large bench process would report the bench's memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024



def _worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="scoring.bench.run")
    p.add_argument("--pages-worker", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--repeat", type=int, required=True)
    p.add_argument("--names", required=True)
    p.add_argument("--with-floor", action="store_true")
    args = p.parse_args(argv)
    out = _page_worker(args.db, [n for n in args.names.split(",") if n], args.repeat, args.with_floor)
    Path(args.pages_worker).write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main(sys.argv[1:]))
