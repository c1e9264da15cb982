"""`kvalitet import-units` / `import-examiners` / `set-password`, run in-process against a copy of the demo."""
from pathlib import Path

import polars as pl

from scoring.platform import auth
from scoring.cli import main
from scoring.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "imports"


def _units(path: Path) -> list[str]:
    db = Store(path)
    try:
        return db.frame("SELECT id FROM unit ORDER BY id")["id"].to_list()
    finally:
        db.close()


def test_import_units_good_file_exit_0(demo_path, tmp_path, capsys):
    file = tmp_path / "enheter.csv"
    file.write_text("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
                    "antal_anstallda;driftform;andel_stockholmare\n"
                    "N001;Förskolan Ny;Trafikkontoret;ja;ja;ja;12;kommunal;\n", encoding="cp1252")
    assert main(["import-units", str(file), "--db", str(demo_path)]) == 0
    assert "enheter.csv: inläst 1 ny enhet och 0 uppdaterade." in capsys.readouterr().out
    assert "N001" in _units(demo_path)


def test_import_units_bad_file_exit_2_with_row_errors_and_nothing_written(demo_path, capsys):
    before = _units(demo_path)
    code = main(["import-units", str(CORPUS / "units_unknown_organisation.csv"), "--db", str(demo_path),
                 "--cycle", "2026"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Inget har lästs in: units_unknown_organisation.csv har 3 fel." in err
    assert "Rad 3, organisation: Okänd förvaltning eller bolag: 'Narnia stadsdelsförvaltning'." in err
    assert "Rad 3, tavlingsklass: Okänd tävlingsklass: 'Trollskola'. Giltiga klasser i omgången: forskola (Förskola)" in err
    assert _units(demo_path) == before


def test_import_units_unreadable_file_exit_2(demo_path, capsys):
    assert main(["import-units", str(CORPUS / "old_format.xls"), "--db", str(demo_path)]) == 2
    assert "Rad 1: Filen 'old_format.xls' är i det gamla Excel-formatet (.xls)." in capsys.readouterr().err


def test_import_units_missing_file_exit_2(demo_path, tmp_path, capsys):
    assert main(["import-units", str(tmp_path / "finns-inte.csv"), "--db", str(demo_path)]) == 2
    assert "kunde inte läsas" in capsys.readouterr().err


def test_import_examiners_then_set_password_lets_them_log_in(demo_path, tmp_path, capsys, monkeypatch):
    file = tmp_path / "examinatorer.csv"
    file.write_text("anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser\n"
                    "greta.g;Greta G;Trafikkontoret;2025;4;skola, forskola\n", encoding="utf-8")
    assert main(["import-examiners", str(file), "--db", str(demo_path)]) == 0
    assert "kvalitet set-password" in capsys.readouterr().out
    monkeypatch.setenv("KVALITET_PASSWORD", "ett-langt-losenord")
    assert main(["set-password", "greta.g", "--db", str(demo_path)]) == 0
    db = Store(demo_path)
    try:
        assert auth.login(db, "greta.g", "ett-langt-losenord").role == "examiner"
        roster = db.frame("SELECT classes FROM examiner WHERE username = 'greta.g'")
        assert roster["classes"].to_list() == [["skola", "forskola"]]
    finally:
        db.close()


def test_import_examiners_bad_file_exit_2(demo_path, capsys):
    assert main(["import-examiners", str(CORPUS / "examiners_bad.csv"), "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert "Rad 3, anvandarnamn: Användarnamnet 'anna.andersson' förekommer redan på rad 2." in err
    db = Store(demo_path)
    try:
        assert db.frame("SELECT count(*) AS n FROM account WHERE username = 'anna.andersson'")["n"][0] == 0
    finally:
        db.close()


def test_import_units_xlsx(demo_path, tmp_path, capsys):
    from scoring.cycle.import_files import to_xlsx
    frame = pl.DataFrame({"enhets_id": ["N020"], "namn": ["Driftenheten"], "organisation": ["Trafikkontoret"],
                          "chef_budgetansvar": ["ja"], "chef_personalansvar": ["ja"],
                          "verksamhetsplan_med_mal": ["ja"], "antal_anstallda": ["20"], "driftform": ["kommunal"],
                          "andel_stockholmare": [""]})
    file = tmp_path / "enheter.xlsx"
    file.write_bytes(to_xlsx({"Enheter": frame}))
    assert main(["import-units", str(file), "--db", str(demo_path)]) == 0
    assert "N020" in _units(demo_path)
