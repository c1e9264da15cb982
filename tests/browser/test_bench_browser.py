"""`kvalitet bench --browser` runs at scale 1 in Chromium and writes well-formed JSON. Timings are never asserted."""
import json
import subprocess
import sys

import pytest

from scoring.bench import browser as bench_browser
from tests.conftest import REPO

CHOSEN = ("examiner.my_assessments", "committee.ranking")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    folder = tmp_path_factory.mktemp("bench-browser")
    out = folder / "browser.json"
    # Its own process, as an operator runs it (and Playwright's sync API cannot start inside the browser tests'
    # own running Playwright loop).
    run = subprocess.run([sys.executable, "-m", "scoring", "bench", "--browser", "--scale", "1",
                          "--db", str(folder / "scale1.duckdb"), "--repeat", "1", "--only", ",".join(CHOSEN),
                          "--json", str(out)], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert out.exists(), run.stdout + run.stderr
    return run.returncode, json.loads(out.read_text(encoding="utf-8"))


def test_browser_bench_times_the_chosen_pages_against_the_floor(report):
    code, data = report
    assert data["mode"] == "browser" and data["scale"] == 1 and data["repeat"] == 1
    by_name = {m["name"]: m for m in data["results"]}
    assert set(by_name) == {*CHOSEN, "login.examinator2", "login.kommitte1"}   # each user logs in once
    for name in CHOSEN:
        m = by_name[name]
        assert m["error"] is None, m["error"]
        assert len(m["samples_ms"]) == 1 and len(m["floor_ms"]) == 1       # one page click, one floor click
        assert m["median_ms"] > 0 and m["floor_median_ms"] > 0
        assert m["ratio"] == pytest.approx(m["median_ms"] / m["floor_median_ms"], abs=0.01)
        assert m["ok"] in (True, False)
        assert m["max_ratio"] == {"examiner.my_assessments": 3, "committee.ranking": 6}[name]
        assert "golvet" in m["budget"] and "2 s" in m["budget"]
    # The ranking's table is in view: its accessible copy (inside the grid's canvas) is recorded beside the clock.
    assert len(by_name["committee.ranking"]["grid_copy_ms"]) == 1
    assert by_name["committee.ranking"]["grid_copy_ms"][0] > 0
    assert code == (0 if all(m["ok"] for m in data["results"]) else 1)


def test_browser_bench_refuses_unknown_pages():
    with pytest.raises(ValueError, match="Okända sidor: page.nowhere"):
        bench_browser.selected(["page.nowhere"])
    assert [p.name for p in bench_browser.selected(list(CHOSEN))] == list(CHOSEN)
