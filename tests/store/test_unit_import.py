"""Imports into the database: every bad file in the corpus changes nothing; good files write everything.

"Nothing changed" is checked by reading every table the import could touch through a second Store
(its own connection), before and after.
"""
import datetime as dt
import tomllib
from pathlib import Path

import polars as pl
import pytest

from scoring.platform import auth
from scoring.cycle import setup as cycle_setup
from scoring.cycle import registration
from scoring.cycle import import_apply as unit_import
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import Store, audit
from scoring.store import registration as store
from scoring.cycle.import_files import to_xlsx

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "imports"
MANIFEST = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
CORPUS_CLASSES = MANIFEST["context"]["classes"]
TABLES = ("organisation", "unit", "submission", "account", "examiner", "board_decision", "participation_target",
          "audit_log")
YEAR = 2027
HEADER = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
          "antal_anstallda;driftform;andel_stockholmare;tavlingsklass")


def snapshot(path: Path) -> dict[str, list[tuple]]:
    other = Store(path)
    try:
        return {t: other.frame(f"SELECT * FROM {t} ORDER BY ALL").rows() for t in TABLES}
    finally:
        other.close()


@pytest.fixture
def corpus_cycle(db, user):
    """2027 in the registration phase with the corpus' classes (FSK, SKO, ÄLD, AND)."""
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    cycle_setup.save_classes(db, user("admin"), YEAR, [{"code": code, "name": name, "prize_amount": None}
                                                       for code, name in CORPUS_CLASSES.items()])
    return YEAR


def _run(db, user, case_file: str, kind: str):
    data = (CORPUS / case_file).read_bytes()
    run = unit_import.import_units if kind == "units" else unit_import.import_examiners
    return run(db, user("admin"), data, case_file, YEAR)


BAD = [c for c in MANIFEST["case"] if "table_error" in c or c.get("errors")]
GOOD = [c for c in MANIFEST["case"] if "table_error" not in c and not c.get("errors")]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c["file"])
def test_bad_corpus_file_reports_its_messages_and_changes_nothing(db, user, demo_path, corpus_cycle, case):
    before = snapshot(demo_path)
    plan = _run(db, user, case["file"], case.get("validator", "units"))
    assert not plan.ok
    if "table_error" in case:
        assert [(e.row_number, e.column, e.message) for e in plan.errors] == [(1, None, case["table_error"])]
    else:
        expected = [(row, column or None, message) for row, column, message in case["errors"]]
        assert [(e.row_number, e.column, e.message) for e in plan.errors] == expected
    assert plan.created == plan.updated == plan.registered == ()
    assert snapshot(demo_path) == before


@pytest.mark.parametrize("case", GOOD, ids=lambda c: c["file"])
def test_good_corpus_file_writes_every_row(db, user, demo_path, corpus_cycle, case):
    before = snapshot(demo_path)
    plan = _run(db, user, case["file"], case["validator"])
    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.created) + len(plan.updated) == case["rows"]
    after = snapshot(demo_path)
    table = "unit" if case["validator"] == "units" else "examiner"
    assert len(after[table]) == len(before[table]) + len(plan.created)
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1


def test_units_with_class_are_registered_and_existing_ids_updated(db, user, corpus_cycle):
    plan = _run(db, user, "units_good_cp1252.csv", "units")
    assert (plan.created, plan.updated) == ((), ("E001", "E002", "E003"))  # the demo has these ids already
    assert plan.registered == ("E001", "E002")  # E003 has no verksamhetsplan: imported, not registered
    assert "Rad 4: Stockholm Vatten och Avfall, kundtjänst (E003) uppfyller inte villkoren" in plan.notices[0]
    rows = registration.units_overview(db, user("admin"), YEAR).filter(pl.col("id").is_in(["E001", "E002", "E003"]))
    assert dict(zip(rows["id"], rows["class_code"])) == {"E001": "FSK", "E002": "ÄLD", "E003": None}
    assert rows.filter(pl.col("id") == "E003")["has_plan_with_goals"][0] is False
    assert rows.filter(pl.col("id") == "E002")["name"][0] == "Äldreboendet Åkerö"
    again = _run(db, user, "units_good_cp1252.csv", "units")  # same file twice: nothing new to register
    assert again.ok and again.registered == ()
    assert "2 enheter är redan anmälda i samma klass" in again.notices[-1]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_ineligible_unit_with_class_imported_but_not_registered(db, user, corpus_cycle):
    data = _csv("N001;Förskolan Liten;Östermalms stadsdelsförvaltning;ja;ja;ja;3;kommunal;;FSK",
                "N002;Förskolan Stor;Östermalms stadsdelsförvaltning;ja;ja;ja;30;kommunal;;FSK")
    preview = unit_import.check_units(db, user("admin"), data, "enheter.csv", YEAR)
    assert preview.ok and preview.registered == ("N002",)
    assert preview.notices == (
        "Rad 2: Förskolan Liten (N001) uppfyller inte villkoren och anmäls inte: Enheten har 3 medarbetare "
        "inklusive chefen; minst 5 krävs. Anmäl enheten för hand med en motivering om den ändå ska delta.",)
    unit_import.import_units(db, user("admin"), data, "enheter.csv", YEAR)
    rows = registration.units_overview(db, user("admin"), YEAR).filter(pl.col("id").is_in(["N001", "N002"]))
    assert dict(zip(rows["id"], rows["class_code"])) == {"N001": None, "N002": "FSK"}


def test_class_column_outside_registration_phase_refused(db, user, demo_path):
    before = snapshot(demo_path)
    data = _csv("N001;Förskolan Ny;Östermalms stadsdelsförvaltning;ja;ja;ja;30;kommunal;;forskola")
    plan = unit_import.import_units(db, user("admin"), data, "enheter.csv", 2026)
    assert [str(e) for e in plan.errors] == [
        "Rad 1: Omgången 2026 är i fasen individuell bedömning. Enheter anmäls till en tävlingsklass bara i fasen "
        "anmälan; töm kolumnen tavlingsklass för att bara läsa in enheterna."]
    assert snapshot(demo_path) == before


def test_unit_registered_in_other_class_refused(db, user, corpus_cycle):
    unit_import.import_units(db, user("admin"), _csv("N001;Skolan;Östermalms stadsdelsförvaltning;ja;ja;ja;30;"
                                                     "kommunal;;SKO"), "a.csv", YEAR)
    plan = unit_import.import_units(db, user("admin"), _csv("n001;Skolan;Östermalms stadsdelsförvaltning;ja;ja;ja;"
                                                            "30;kommunal;;FSK"), "b.csv", YEAR)
    assert [str(e) for e in plan.errors] == [
        "Rad 2, tavlingsklass: enheten är redan anmäld till omgången 2027 i klassen 'SKO'."]


def test_import_checks_again_at_write_time(db, user, demo_path):
    """A preview that went stale (the organisation was renamed meanwhile) cannot write a bad row."""
    data = _csv("N001;Enheten;Trafikkontoret;ja;ja;ja;30;kommunal;;")
    assert unit_import.check_units(db, user("admin"), data, "a.csv", 2026).ok
    org = next(r for r in registration.organisations(db, user("admin"), 2026).iter_rows(named=True)
               if r["name"] == "Trafikkontoret")
    registration.save_organisation(db, user("admin"), "Trafikförvaltningen", "förvaltning", org["board"], org["id"])
    before = snapshot(demo_path)
    plan = unit_import.import_units(db, user("admin"), data, "a.csv", 2026)
    assert [str(e) for e in plan.errors] == ["Rad 2, organisation: Okänd förvaltning eller bolag: 'Trafikkontoret'."]
    assert snapshot(demo_path) == before


def test_xlsx_units_import(db, user):
    frame = pl.DataFrame([["N010", "Parkenheten", "Trafikkontoret", "ja", "ja", "ja", "8", "kommunal", "", ""]],
                         schema=HEADER.split(";"), orient="row")
    plan = unit_import.import_units(db, user("admin"), to_xlsx({"Enheter": frame}), "enheter.xlsx", 2026)
    assert plan.ok and plan.created == ("N010",)
    assert registration.units_overview(db, user("admin"), 2026).filter(pl.col("id") == "N010")["name"][0] == "Parkenheten"


def test_imported_examiner_cannot_log_in_until_password_set(db, user, corpus_cycle):
    plan = _run(db, user, "examiners_good.txt", "examiners")
    assert plan.created == ("anna.andersson", "bo.ek")
    roster = unit_import.examiner_roster(db, user("admin")).filter(pl.col("username") == "anna.andersson")
    row = roster.row(0, named=True)
    assert (row["role"], row["organisation"], row["training_year"], row["capacity"]) == (
        "examiner", "Östermalms stadsdelsförvaltning", 2019, 4)
    assert row["classes"] == ["FSK", "SKO"] and row["needs_password"]
    with pytest.raises(auth.LoginError):
        auth.login(db, "anna.andersson", "")
    auth.set_password(db, user("admin"), "anna.andersson", "ett-langt-losenord")
    assert auth.login(db, "anna.andersson", "ett-langt-losenord").role == "examiner"


def test_reimporting_examiner_updates_roster_and_keeps_password_and_role(db, user):
    data = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser\n"
            "examinator1;Examinator Ett;Trafikkontoret;2024;3;skola\n").encode()
    plan = unit_import.import_examiners(db, user("admin"), data, "ex.csv", 2026)
    assert plan.updated == ("examinator1",)
    row = unit_import.examiner_roster(db, user("admin")).filter(pl.col("username") == "examinator1").row(0, named=True)
    assert (row["display_name"], row["role"], row["capacity"], row["classes"]) == ("Examinator Ett", "lead", 3, ["skola"])
    assert auth.login(db, "examinator1", "demo").role == "lead"


def test_examiner_username_of_other_role_refused(db, user, demo_path):
    before = snapshot(demo_path)
    data = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet\n"
            "kommitte1;K;Trafikkontoret;2024;3\n").encode()
    plan = unit_import.import_examiners(db, user("admin"), data, "ex.csv", 2026)
    assert [str(e) for e in plan.errors] == [
        "Rad 2, anvandarnamn: användarnamnet 'kommitte1' tillhör ett konto med rollen domarkommitté och kan inte "
        "bli examinator."]
    assert snapshot(demo_path) == before


def test_import_refused_for_examiner(db, user):
    with pytest.raises(AccessDenied):
        unit_import.check_units(db, user("examinator1"), _csv(), "a.csv", 2026)


def test_import_is_audited_with_what_it_did(db, user):
    unit_import.import_units(db, user("admin"), _csv("N001;Enheten;Trafikkontoret;ja;ja;ja;30;kommunal;;"),
                             "a.csv", 2026, today=dt.date(2026, 3, 1))
    with db.read() as con:
        entry = audit.entries(con, entity="unit").row(0, named=True)
        assert store.unit(con, "N001")["organisation_id"] is not None
    assert (entry["action"], entry["entity_key"]) == ("import", "a.csv") and '"N001"' in entry["new_value"]


# ---------------------------------------------------------------- one rule per field, on every entry path

FORM_UNIT = {"id": "N500", "name": "Förskolan Regel", "manager_budget_responsibility": True,
             "manager_staff_responsibility": True, "has_plan_with_goals": True, "employees": 12,
             "operator_type": "kommunal", "stockholm_share": None, "budget_kept": None}
FILE_UNIT = {"enhets_id": "N500", "namn": "Förskolan Regel", "organisation": "Trafikkontoret",
             "chef_budgetansvar": "ja", "chef_personalansvar": "ja", "verksamhetsplan_med_mal": "ja",
             "antal_anstallda": "12", "driftform": "kommunal", "andel_stockholmare": "", "tavlingsklass": ""}
UNIT_RULES = [  # (form field, form value, file column, file cell)
    ("name", "N" * 301, "namn", "N" * 301),
    ("name", "", "namn", ""),
    ("id", "a b", "enhets_id", "a b"),
    ("id", "-x", "enhets_id", "-x"),
    ("id", "E" * 65, "enhets_id", "E" * 65),
    ("employees", 0, "antal_anstallda", "0"),
    ("employees", 100_001, "antal_anstallda", "100001"),
    ("employees", 12.5, "antal_anstallda", "12,5"),
    ("employees", "tolv", "antal_anstallda", "tolv"),
    ("operator_type", "kooperativ", "driftform", "kooperativ"),
    ("stockholm_share", 120.0, "andel_stockholmare", "120"),
    ("stockholm_share", -1.0, "andel_stockholmare", "-1"),
    ("manager_budget_responsibility", "kanske", "chef_budgetansvar", "kanske"),
]


@pytest.mark.parametrize("field, value, column, cell", UNIT_RULES, ids=lambda v: str(v)[:12])
def test_unit_rule_refused_identically_by_form_and_import(db, user, demo_path, field, value, column, cell):
    """The units form (registration.save_unit) and import-units refuse the same value with the same words,
    and neither writes anything."""
    admin = user("admin")
    with db.read() as con:
        org = store.organisation_ids(con)["Trafikkontoret"]
    before = snapshot(demo_path)
    with pytest.raises(ValidationError) as form:
        registration.save_unit(db, admin, {**FORM_UNIT, "organisation_id": org, field: value}, new=True)
    row = {**FILE_UNIT, column: cell}
    data = ("\n".join([";".join(row), ";".join(row.values())]) + "\n").encode("utf-8")
    plan = unit_import.import_units(db, admin, data, "enheter.csv", 2026)
    assert [(e.row_number, e.column, e.message) for e in plan.errors] == [(2, column, form.value.messages[0])]
    assert len(form.value.messages) == 1
    assert snapshot(demo_path) == before


def test_301_character_unit_name_refused_by_cli_form_and_import(db, user, demo_path, tmp_path, capsys):
    from scoring.cli import main
    row = {**FILE_UNIT, "namn": "N" * 301}
    file = tmp_path / "enheter.csv"
    file.write_text("\n".join([";".join(row), ";".join(row.values())]) + "\n", encoding="utf-8")
    before = snapshot(demo_path)
    db.close()
    assert main(["import-units", str(file), "--db", str(demo_path), "--cycle", "2026"]) == 2
    assert "Rad 2, namn: Enhetens namn får vara högst 300 tecken, fick 301." in capsys.readouterr().err
    assert snapshot(demo_path) == before


ACCOUNT_RULES = [  # (user name, display name, file column)
    ("anna svensson", "Anna", "anvandarnamn"),
    ("åsa.öst", "Åsa", "anvandarnamn"),
    ("a" * 65, "Anna", "anvandarnamn"),
    ("", "Anna", "anvandarnamn"),
    ("anna", "N" * 201, "namn"),
]


@pytest.mark.parametrize("username, name, column", ACCOUNT_RULES, ids=lambda v: str(v)[:12])
def test_account_rule_refused_identically_by_account_creation_and_examiner_import(db, user, demo_path, username,
                                                                                 name, column):
    admin = user("admin")
    before = snapshot(demo_path)
    with pytest.raises(ValidationError) as created:
        auth.create_account(db, admin, username, name, "examiner", "ett-langt-losenord")
    data = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet\n"
            f"{username};{name};Trafikkontoret;2024;3\n").encode("utf-8")
    plan = unit_import.import_examiners(db, admin, data, "ex.csv", 2026)
    assert [(e.row_number, e.column, e.message) for e in plan.errors] == [(2, column, created.value.messages[0])]
    assert snapshot(demo_path) == before


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", ["units", "examiners"])
def test_template_names_the_cycles_classes_and_organisations_and_its_example_imports(db, user, corpus_cycle, kind):
    from scoring.cycle.import_files import read_table
    admin = user("admin")
    sheets = unit_import.template(db, admin, kind, YEAR)
    assert list(sheets) == [unit_import.TEMPLATE_SHEETS[kind], "Giltiga värden"]
    valid = sheets["Giltiga värden"]
    class_column = "tavlingsklass" if kind == "units" else "erfarenhet_klasser"
    classes = valid.filter(pl.col("kolumn") == class_column)
    assert dict(zip(classes["värde"], classes["förklaring"])) == CORPUS_CLASSES
    with db.read() as con:
        assert set(valid.filter(pl.col("kolumn") == "organisation")["värde"]) == set(store.organisation_ids(con))
    data = to_xlsx(sheets)
    assert list(read_table(data, "mall.xlsx").columns) == list(sheets[unit_import.TEMPLATE_SHEETS[kind]].columns)
    check = unit_import.check_units if kind == "units" else unit_import.check_examiners
    plan = check(db, admin, data, "mall.xlsx", YEAR)
    assert plan.ok and len(plan.created) == 1, [str(e) for e in plan.errors]
    if kind == "units":
        assert plan.registered == ("EX001",)  # 2027 takes registrations: the example names its first class


def test_template_without_a_cycle_has_no_classes(db, user):
    sheets = unit_import.template(db, user("admin"), "units", None)
    assert sheets["Enheter"]["tavlingsklass"][0] == ""
    assert sheets["Giltiga värden"].filter(pl.col("kolumn") == "tavlingsklass").is_empty()


def test_summary_speaks_of_examiners_or_units_with_swedish_plurals():
    from scoring.cycle.import_checks import ImportResult

    def plan(kind, created, updated, registered=0):
        return unit_import.ImportPlan(kind, "f.csv", None, ImportResult(pl.DataFrame(), ()), ("x",) * created,
                                      ("y",) * updated, ("z",) * registered, 2027)

    assert unit_import.summary(plan("examiners", 4, 1)) == "4 nya examinatorer och 1 uppdaterad"
    assert unit_import.summary(plan("examiners", 1, 0)) == "1 ny examinator och 0 uppdaterade"
    assert unit_import.summary(plan("units", 1, 2)) == "1 ny enhet och 2 uppdaterade"
    assert unit_import.registered_summary(plan("units", 2, 0, 1)) == "1 enhet anmäld till omgången 2027"
    assert unit_import.registered_summary(plan("units", 2, 0, 2)) == "2 enheter anmälda till omgången 2027"
    assert unit_import.registered_summary(plan("units", 2, 0)) == ""
