"""`kvalitet bench` runs at a small scale and reports well-formed figures. Timings are never asserted."""
import json
from pathlib import Path

import pytest

from scoring.bench import run as bench
from scoring.cli import main

KEYS = {"name", "median_ms", "p95_ms", "budget", "ok"}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, Path]:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "bench.json"
    code = main(["bench", "--scale", "1", "--db", str(folder / "scale1.duckdb"), "--repeat", "2", "--quick",
                 "--only", "page.my_assessments,save_score,ranking", "--json", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8")), folder


def test_bench_json_has_every_measurement_with_name_figures_budget_and_verdict(report):
    _, data, _ = report
    names = [m["name"] for m in data["measurements"]]
    assert names == [s.name for s in bench.MEASUREMENTS]
    for m in data["measurements"]:
        assert KEYS <= set(m), m["name"]
        assert m["ok"] in (True, False, None)
        assert m["budget"]
    assert data["scale"] == 1 and data["machine"]["nproc"] >= 1 and data["machine"]["python"]


def test_bench_measures_the_chosen_operations_against_their_floors(report):
    _, data, _ = report
    by_name = {m["name"]: m for m in data["measurements"]}
    for name, floor in (("page.my_assessments", "floor.empty_page"), ("save_score", "floor.insert"),
                        ("ranking", "floor.group_by")):
        m = by_name[name]
        assert m["status"] in ("OK", "MISS"), (name, m["status"], m["note"])
        assert m["runs"] == len(m["samples_ms"]) >= 2
        assert 0 < m["median_ms"] <= m["p95_ms"] <= max(m["samples_ms"])
        assert m["floor"] == floor and by_name[floor]["status"] == "golv" and by_name[floor]["median_ms"] > 0
        assert m["ratio"] == pytest.approx(m["median_ms"] / by_name[floor]["median_ms"], rel=0.01)
        assert m["ok"] is (m["status"] == "OK")
    assert by_name["feedback_pdfs"]["status"] == "hoppad" and by_name["feedback_pdfs"]["ok"] is None
    assert by_name["memory.app_peak"]["value_mb"] > 0


def test_bench_exit_code_says_whether_a_budget_was_missed(report):
    code, data, _ = report
    missed = any(m["ok"] is False for m in data["measurements"])
    assert code == (1 if missed else 0)
    assert data["ok"] is not missed


def test_bench_reuses_the_database_it_built_and_stamps_it(report):
    _, _, folder = report
    path = folder / "scale1.duckdb"
    stamp = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    assert stamp["scale"] == 1 and stamp["schema_version"] >= 1
    before = path.stat().st_mtime_ns
    assert bench.ensure_database(path, 1, log=lambda _: None) == path
    assert path.stat().st_mtime_ns == before


def test_bench_refuses_to_overwrite_a_database_it_did_not_build(tmp_path: Path):
    foreign = tmp_path / "kvalitet.duckdb"
    foreign.write_bytes(b"not ours")
    with pytest.raises(FileExistsError):
        bench.ensure_database(foreign, 1, log=lambda _: None)
    assert foreign.read_bytes() == b"not ours"


def test_bench_unknown_measurement_is_refused_before_anything_is_built(tmp_path: Path, capsys):
    assert main(["bench", "--scale", "1", "--db", str(tmp_path / "x.duckdb"), "--only", "nope"]) == 2
    assert "Okänd mätning: nope" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_judge_marks_budget_ratio_and_memory_misses():
    results = {s.name: bench.Result(s.name, s.label, s.budget_text(), status=bench.SKIPPED)
               for s in bench.MEASUREMENTS}
    results["floor.empty_page"] = bench.Result("floor.empty_page", "", "", median_ms=40.0)
    results["page.my_assessments"] = bench.Result("page.my_assessments", "", "", median_ms=130.0)  # 3.25× floor
    results["page.consensus"] = bench.Result("page.consensus", "", "", median_ms=290.0)
    results["memory.app_peak"] = bench.Result("memory.app_peak", "", "", value_mb=501.0)
    bench._judge(results)
    assert results["page.my_assessments"].ratio == 3.25 and results["page.my_assessments"].status == "MISS"
    assert results["page.consensus"].ok is True
    assert results["memory.app_peak"].ok is False
    assert results["floor.empty_page"].status == "golv" and results["floor.empty_page"].ok is None
    assert results["save_score"].ok is None   # not measured: never counted as a miss
    assert "| MISS |" in bench.table([results["page.my_assessments"]])


def test_a_page_missing_from_the_registry_is_reported_as_missing():
    from scoring.bench import pages as bench_pages
    assert not bench_pages._registered("scoring/ui/pages/finns_inte.py")
    assert bench_pages._registered("scoring/ui/pages/my_assessments.py")


def test_the_page_process_reports_its_own_peak_memory_not_its_parents():
    """getrusage's maxrss survives fork and exec on Linux: a page process started by a large bench process
    would report the bench's peak. The page process reads its own address space's peak (VmHWM) instead."""
    import subprocess
    import sys
    ballast = b"x" * (700 * 1024 * 1024)   # written, so resident in this (the parent) process
    child = subprocess.run([sys.executable, "-c", "from scoring.bench.pages import _peak_rss_mb; "
                            "print(_peak_rss_mb())"], capture_output=True, text=True, check=True)
    del ballast
    assert 10 < float(child.stdout) < 500


def test_bench_at_several_scales_ends_with_how_the_figures_grow(tmp_path):
    out = tmp_path / "growth.json"
    code = main(["bench", "--scales", "1,2", "--dir", str(tmp_path), "--repeat", "2", "--quick",
                 "--only", "page.my_assessments,ranking", "--json", str(out)])
    assert code in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scales"] == [1, 2] and [r["scale"] for r in data["reports"]] == [1, 2]
    small, large = (r["data"] for r in data["reports"])
    assert large["submissions"] == 2 * small["submissions"] and large["score_rows"] == 2 * small["score_rows"]
    lines = data["growth"].splitlines()
    assert lines[0].startswith("| mätning | skala 1 | skala 2 | tillväxt 1→2 |")
    [ranking] = [line for line in lines if line.startswith("| Rangordning: viktade")]
    assert f"omgångens poängrader: {small['score_rows']} → {large['score_rows']} (2.0×)" in ranking
    assert (tmp_path / "bench-scale1.duckdb").exists() and (tmp_path / "bench-scale2.duckdb").exists()


def test_bench_scales_refuses_a_single_scale_and_a_fixed_database(tmp_path):
    assert main(["bench", "--scales", "3", "--dir", str(tmp_path)]) == 2
    assert main(["bench", "--scales", "1,3", "--db", str(tmp_path / "x.duckdb")]) == 2
