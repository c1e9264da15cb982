"""`kvalitet new-cycle YEAR [--from FILE]`, run in-process on what `kvalitet init` leaves."""
from pathlib import Path

from scoring.cli import main
from scoring.store import Store, audit, cycles

REPO = Path(__file__).resolve().parents[2]


def _init(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "kvalitet.duckdb"
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "ett-långt-lösenord")
    assert main(["init", "--db", str(path)]) == 0
    return path


def _cycles(path: Path) -> list[tuple[int, str]]:
    db = Store(path)
    try:
        with db.read() as con:
            return [(y, cycles.get_cycle(con, y)["title"]) for y in cycles.years(con)]
    finally:
        db.close()


def test_new_cycle_from_file_then_copy_then_existing_year_refused(tmp_path, monkeypatch, capsys):
    path = _init(tmp_path, monkeypatch)
    assert main(["new-cycle", "2027", "--from", str(REPO / "criteria" / "2026.toml"), "--db", str(path)]) == 0
    assert "Omgången 2027 är skapad från" in capsys.readouterr().out
    assert main(["new-cycle", "2028", "--db", str(path)]) == 0
    assert "Omgången 2028 är skapad från omgången 2027" in capsys.readouterr().out
    assert _cycles(path) == [(2028, "Stockholms stads kvalitetsutmärkelse 2028"),
                             (2027, "Stockholms stads kvalitetsutmärkelse 2027")]
    assert main(["new-cycle", "2027", "--db", str(path)]) != 0
    assert "Omgången 2027 finns redan." in capsys.readouterr().err
    db = Store(path)
    try:
        with db.read() as con:
            log = audit.entries(con, entity="cycle")
    finally:
        db.close()
    assert log.select("action", "entity_key", "actor").rows() == [("copy", "2028", "cli"), ("create", "2027", "cli")]


def test_new_cycle_broken_file_refused_and_nothing_written(tmp_path, monkeypatch, capsys):
    path = _init(tmp_path, monkeypatch)
    broken = tmp_path / "trasig.toml"
    broken.write_text("year = 2026\ntitle = 'Trasig'\n", encoding="utf-8")
    assert main(["new-cycle", "2026", "--from", str(broken), "--db", str(path)]) != 0
    assert "trasig.toml" in capsys.readouterr().err
    assert _cycles(path) == []
