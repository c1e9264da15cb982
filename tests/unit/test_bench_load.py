"""`kvalitet bench --load N` runs at scale 1 with a few sessions at Streamlit's protocol level and reports
well-formed JSON: every action timed, every acknowledged save found stored. Timings are never asserted."""
import json
from pathlib import Path

import pytest

from scoring.bench import load as bench_load
from scoring.cli import main


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    folder = tmp_path_factory.mktemp("load")
    out = folder / "load.json"
    code = main(["bench", "--load", "3", "--scale", "1", "--db", str(folder / "scale1.duckdb"),
                 "--load-seconds", "0", "--load-think", "0.1,0.3", "--json", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8")), str(out)


def test_load_json_names_every_action_with_its_percentiles(report):
    _, data, _ = report
    assert data["mode"] == "load" and data["sessions"] == 3 and data["scale"] == 1
    assert set(data["actions"]) == set(bench_load.ACTIONS)
    for action in data["actions"].values():
        assert action["count"] >= 3          # every session did each action at least once
        assert 0 < action["p50_ms"] <= action["p95_ms"] <= action["max_ms"]
    assert data["failure_count"] == 0, data["failures"]


def test_load_counts_every_acknowledged_save_as_stored(report):
    _, data, _ = report
    saves = data["saves"]
    assert saves["acknowledged"] == data["actions"]["save"]["count"] + bench_load.SOLO_SAVES + 1
    assert saves["stored"] == saves["acknowledged"]
    assert saves["last_stored"] == saves["last_wanted"] >= 4


def test_load_reports_the_server_and_a_verdict_per_target(report):
    code, data, _ = report
    server = data["server"]
    assert 0 <= server["cpu_share"] <= 1 and server["peak_rss_mb"] >= server["rss_logged_in_mb"] > 0
    assert set(server["cpu_ms_per_action_solo"]) == {"open_list", "open_submission", "save"}
    assert all(ms >= 0 for ms in server["cpu_ms_per_action_solo"].values())
    assert server["cpu_ms_per_action_load"] > 0     # the server did work for the sessions' actions
    machine = data["machine"]
    assert len(machine["load_average"]) == 2 and all(x >= 0 for x in machine["load_average"])
    assert machine["cpu_pressure"] is None or 0 <= machine["cpu_pressure"] <= 1
    assert [t["name"] for t in data["targets"]] == ["save_p95", "saves_stored", "peak_rss", "idle_session",
                                                    "runs_per_save"]
    assert all(t["ok"] in (True, False) for t in data["targets"])
    assert {t["name"]: t["ok"] for t in data["targets"]}["saves_stored"] is True
    assert 1 <= data["runs_per_save"]["max"] <= bench_load.RUNS_PER_SAVE
    assert code == (0 if data["ok"] else 1)


def test_load_refuses_fewer_than_two_sessions(tmp_path):
    assert main(["bench", "--load", "1", "--scale", "1", "--db", str(tmp_path / "x.duckdb")]) == 2
