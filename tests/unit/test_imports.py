"""scoring.cycle.import_checks: validating the kansli's units and examiners files.

The corpus in tests/corpus/imports/ pairs each committed file with the exact
messages it must produce (cases.toml); generated cases are built here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.cycle.import_checks import (
    EXAMINER_SCHEMA,
    MAX_CELL_CHARS,
    MAX_REPORTED_ERRORS,
    UNIT_SCHEMA,
    ImportResult,
    RowError,
    preview,
    validate_examiners,
    validate_units,
)
from scoring.cycle.import_files import TableError, read_table, to_csv, to_xlsx

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "imports"
MANIFEST = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
ORGS: list[str] = MANIFEST["context"]["organisations"]
CLASSES: dict[str, str] = MANIFEST["context"]["classes"]
UNIT_HEADER = [
    "enhets_id", "namn", "organisation", "chef_budgetansvar", "chef_personalansvar",
    "verksamhetsplan_med_mal", "antal_anstallda", "driftform", "andel_stockholmare", "tavlingsklass",
]
GOOD_UNIT = ["E001", "Förskolan Ängsö", ORGS[0], "ja", "ja", "ja", "14", "kommunal", "", "FSK"]
EXAMINER_HEADER = ["anvandarnamn", "namn", "organisation", "utbildningsar", "kapacitet", "erfarenhet_klasser"]
GOOD_EXAMINER = ["anna.a", "Anna A", ORGS[1], "2019", "4", "FSK"]
VALID_CLASSES = ("Giltiga klasser i omgången: FSK (Förskola), SKO (Skola), ÄLD (Äldreomsorg), AND (Andra verksamheter). "
                 "Skriv koden, namnet eller början av namnet.")


def _units(*rows: list[str], header: list[str] = UNIT_HEADER) -> pl.DataFrame:
    return pl.DataFrame([list(r) for r in rows], schema=header, orient="row")


def _unit(**changes: str) -> list[str]:
    row = dict(zip(UNIT_HEADER, GOOD_UNIT))
    row.update(changes)
    return list(row.values())


def _errors(result: ImportResult) -> list[tuple[int, str | None, str]]:
    return [(e.row_number, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- corpus


def _case_id(case: dict[str, Any]) -> str:
    return case["file"]


@pytest.mark.parametrize("case", MANIFEST["case"], ids=_case_id)
def test_corpus_file_produces_exact_messages(case: dict[str, Any]) -> None:
    data = (CORPUS / case["file"]).read_bytes()
    if "table_error" in case:
        with pytest.raises(TableError) as caught:
            read_table(data, case["file"])
        assert str(caught.value) == case["table_error"]
        return
    validator = {"units": validate_units, "examiners": validate_examiners}[case["validator"]]
    result = validator(read_table(data, case["file"]), ORGS, CLASSES)
    expected = [(row, column or None, message) for row, column, message in case["errors"]]
    assert _errors(result) == expected
    assert list(result.notices) == case.get("notices", [])
    assert result.rows.height == case.get("rows", 0)


def test_corpus_every_file_has_a_case() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "cases.toml"}
    assert files == {case["file"] for case in MANIFEST["case"]}


def test_corpus_cp1252_file_keeps_swedish_letters() -> None:
    df = read_table((CORPUS / "units_good_cp1252.csv").read_bytes(), "units_good_cp1252.csv")
    rows = validate_units(df, ORGS, CLASSES).rows
    assert rows.get_column("namn").to_list()[:2] == ["Förskolan Ängsö", "Äldreboendet Åkerö"]
    assert rows.get_column("tavlingsklass").to_list() == ["FSK", "ÄLD", "AND"]
    assert rows.get_column("driftform").to_list() == ["kommunal", "enskilt driven", "bolag"]
    assert rows.get_column("andel_stockholmare").to_list() == [None, 75.0, None]


def test_corpus_formula_cells_import_as_text_and_export_neutralised() -> None:
    df = read_table((CORPUS / "units_formulas.csv").read_bytes(), "units_formulas.csv")
    rows = validate_units(df, ORGS, CLASSES).rows
    names = rows.get_column("namn").to_list()
    assert names == ['=HYPERLINK("http://example.invalid";"Klicka")', "+46 8 508 000 00", "-Minus-enheten", "@SUM(A1:A2)"]
    exported = read_table(to_csv(rows.select("enhets_id", "namn")), "export.csv")
    assert exported.get_column("namn").to_list() == ["'" + n for n in names]
    from_xlsx = pl.read_excel(to_xlsx({"Enheter": rows.select("namn")}))
    assert from_xlsx.get_column("namn").to_list() == ["'" + n for n in names]


# ---------------------------------------------------------------- units: good input


def test_validate_units_rows_are_typed_and_numbered() -> None:
    result = validate_units(_units(GOOD_UNIT, _unit(enhets_id="E002", andel_stockholmare="80")), ORGS, CLASSES)
    assert result.ok and result.errors == ()
    assert result.rows.schema == pl.Schema(UNIT_SCHEMA)
    assert result.rows.row(0, named=True) == {
        "rad": 2, "enhets_id": "E001", "namn": "Förskolan Ängsö", "organisation": ORGS[0],
        "chef_budgetansvar": True, "chef_personalansvar": True, "verksamhetsplan_med_mal": True,
        "antal_anstallda": 14, "driftform": "kommunal", "andel_stockholmare": None, "tavlingsklass": "FSK",
    }


def test_validate_units_headers_case_space_accents_and_synonyms() -> None:
    header = [
        " Enhets-ID ", "ENHETSNAMN", "Förvaltning/bolag", "Budgetansvar", "Personalansvar",
        "Verksamhetsplan med mål", "Antal anställda", "Driftsform", "Andel Stockholmare (%)", "Klass",
    ]
    result = validate_units(_units(GOOD_UNIT, header=header), ORGS, CLASSES)
    assert result.ok, result.errors
    assert result.notices == ()


def test_validate_units_tavlingsklass_column_is_optional() -> None:
    result = validate_units(_units(GOOD_UNIT[:-1], header=UNIT_HEADER[:-1]), ORGS, CLASSES)
    assert result.ok
    assert result.rows.get_column("tavlingsklass").to_list() == [None]


@pytest.mark.parametrize(
    ("written", "share"),
    [("75", 75.0), ("75 %", 75.0), ("75,5", 75.5), ("75.5%", 75.5), ("0", 0.0), ("100", 100.0), (" 51 % ", 51.0)],
)
def test_validate_units_percent_formats_accepted(written: str, share: float) -> None:
    result = validate_units(_units(_unit(driftform="entreprenad", andel_stockholmare=written)), ORGS, CLASSES)
    assert result.rows.get_column("andel_stockholmare").to_list() == [share]


@pytest.mark.parametrize("written", ["-1", "100,1", "75 procent", "7 5", "1e2", "½", "%75", "75%%", "1 000"])
def test_validate_units_percent_bad_rejected(written: str) -> None:
    result = validate_units(_units(_unit(andel_stockholmare=written)), ORGS, CLASSES)
    assert _errors(result) == [
        (2, "andel_stockholmare", f"Andel stockholmare måste vara en andel i procent mellan 0 och 100, fick '{written}'.")
    ]


@pytest.mark.parametrize(
    ("written", "driftform"),
    [("kommunal", "kommunal"), ("Kommunal regi", "kommunal"), ("BOLAG", "bolag"),
     ("entreprenad", "enskilt driven"), ("Enskilt driven", "enskilt driven"), ("enskilt-drivet", "enskilt driven")],
)
def test_validate_units_driftform_synonyms(written: str, driftform: str) -> None:
    result = validate_units(_units(_unit(driftform=written, andel_stockholmare="60")), ORGS, CLASSES)
    assert result.rows.get_column("driftform").to_list() == [driftform]


@pytest.mark.parametrize(
    ("written", "value"),
    [("ja", True), ("JA", True), ("j", True), ("Sant", True), ("true", True), ("1", True),
     ("nej", False), ("Nej", False), ("n", False), ("FALSKT", False), ("false", False), ("0", False)],
)
def test_validate_units_yes_no_spellings(written: str, value: bool) -> None:
    result = validate_units(_units(_unit(chef_budgetansvar=written)), ORGS, CLASSES)
    assert result.rows.get_column("chef_budgetansvar").to_list() == [value]


@pytest.mark.parametrize(("written", "number"), [("14", 14), ("1 200", 1200), ("12,0", 12), ("12.0", 12), ("+7", 7)])
def test_validate_units_integer_formats(written: str, number: int) -> None:
    result = validate_units(_units(_unit(antal_anstallda=written)), ORGS, CLASSES)
    assert result.rows.get_column("antal_anstallda").to_list() == [number]


@pytest.mark.parametrize(("written", "code"), [("FSK", "FSK"), ("fsk", "FSK"), ("Förskola", "FSK"), ("  äldreomsorg ", "ÄLD")])
def test_validate_units_class_by_code_or_name(written: str, code: str) -> None:
    result = validate_units(_units(_unit(tavlingsklass=written)), ORGS, CLASSES)
    assert result.rows.get_column("tavlingsklass").to_list() == [code]


@pytest.mark.parametrize(("written", "code"), [
    ("för", "FSK"), ("FÖRSK", "FSK"), ("sk", "SKO"), ("Äldre", "ÄLD"), ("a", "AND"), ("andra verk", "AND"),
])
def test_validate_units_class_by_unambiguous_prefix(written: str, code: str) -> None:
    result = validate_units(_units(_unit(tavlingsklass=written)), ORGS, CLASSES)
    assert result.rows.get_column("tavlingsklass").to_list() == [code]


SHARED_PREFIX = {"SKO": "Skola", "SOC": "Socialtjänst", "AND": "Andra verksamheter"}


def test_validate_units_ambiguous_class_names_the_candidates() -> None:
    result = validate_units(_units(_unit(tavlingsklass="s"), _unit(enhets_id="E002", tavlingsklass="Musik")),
                            ORGS, SHARED_PREFIX)
    assert _errors(result) == [
        (2, "tavlingsklass", "Tävlingsklassen 's' kan vara flera klasser: SKO (Skola) eller SOC (Socialtjänst). "
                             "Skriv mer av koden eller namnet."),
        (3, "tavlingsklass", "Okänd tävlingsklass: 'Musik'. Giltiga klasser i omgången: SKO (Skola), "
                             "SOC (Socialtjänst), AND (Andra verksamheter). Skriv koden, namnet eller början av namnet."),
    ]


def test_validate_examiners_class_list_by_prefix_and_ambiguous_item() -> None:
    good = dict(zip(EXAMINER_HEADER, GOOD_EXAMINER)) | {"erfarenhet_klasser": "sk; soc, Andra"}
    bad = good | {"anvandarnamn": "bo.b", "erfarenhet_klasser": "SKO, s"}
    assert validate_examiners(_examiners(list(good.values())), ORGS, SHARED_PREFIX).rows.get_column(
        "erfarenhet_klasser").to_list() == [["SKO", "SOC", "AND"]]
    result = validate_examiners(_examiners(list(good.values()), list(bad.values())), ORGS, SHARED_PREFIX)
    assert [(e.row_number, e.column) for e in result.errors] == [(3, "erfarenhet_klasser")]
    assert result.errors[0].message.startswith("Tävlingsklassen 's' kan vara flera klasser: SKO (Skola) eller SOC")


def test_validate_units_organisation_matched_case_and_space_insensitive() -> None:
    result = validate_units(_units(_unit(organisation="  östermalms   STADSDELSFÖRVALTNING")), ORGS, CLASSES)
    assert result.rows.get_column("organisation").to_list() == [ORGS[0]]


def test_validate_units_without_classes_keeps_text_and_says_so() -> None:
    result = validate_units(_units(_unit(tavlingsklass="Vad som helst")), ORGS, None)
    assert result.rows.get_column("tavlingsklass").to_list() == ["Vad som helst"]
    assert result.notices == ("Tävlingsklasserna i 'tavlingsklass' har inte kontrollerats eftersom ingen omgång är vald.",)


def test_validate_units_typed_input_frame_accepted() -> None:
    df = _units(GOOD_UNIT).with_columns(pl.lit(14).alias("antal_anstallda"))
    assert validate_units(df, ORGS, CLASSES).rows.get_column("antal_anstallda").to_list() == [14]


def test_validate_units_from_real_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "enheter.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("Enheter")
        sheet.write_row(0, 0, UNIT_HEADER)
        sheet.write_row(1, 0, ["E001", "Förskolan Ängsö", ORGS[0], "ja", "ja", "ja", 14, "kommunal", None, "FSK"])
        sheet.write_row(3, 0, ["E002", "Boendet Åkerö", ORGS[1], "Ja", "ja", "nej", 8, "entreprenad", 75.5, "ÄLD"])
        sheet.write_row(4, 0, ["E003", "Skolan", ORGS[1], "ja", "ja", "ja", "tolv", "kommunal", None, "SKO"])
    result = validate_units(read_table(path.read_bytes(), path.name), ORGS, CLASSES)
    # the blank row 3 is skipped and row 5 keeps its spreadsheet number
    assert _errors(result) == [(5, "antal_anstallda", "Antal anställda måste vara ett heltal, fick 'tolv'.")]


def test_validate_units_xlsx_good_rows() -> None:
    data = to_xlsx({"Enheter": _units(GOOD_UNIT, _unit(enhets_id="E002", antal_anstallda="1 200"))})
    result = validate_units(read_table(data, "export.xlsx"), ORGS, CLASSES)
    assert result.rows.get_column("antal_anstallda").to_list() == [14, 1200]


# ---------------------------------------------------------------- units: bad input


def test_validate_units_long_cell_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    long_name = "Å" * (MAX_CELL_CHARS + 1000)
    rows = [";".join(UNIT_HEADER), ";".join(GOOD_UNIT), ";".join(_unit(enhets_id="E002", namn=long_name))]
    path.write_bytes("\r\n".join(rows).encode("utf-8"))
    result = validate_units(read_table(path.read_bytes(), path.name), ORGS, CLASSES)
    assert _errors(result) == [(3, "namn", "Enhetens namn får vara högst 300 tecken, fick 6000.")]


def test_validate_units_long_id_is_a_row_error() -> None:
    result = validate_units(_units(_unit(enhets_id="E" * 65)), ORGS, CLASSES)
    assert _errors(result) == [(2, "enhets_id", "Enhets-id får vara högst 64 tecken, fick 65.")]


def test_validate_units_long_value_is_cut_in_message() -> None:
    result = validate_units(_units(_unit(antal_anstallda="x" * 200)), ORGS, CLASSES)
    assert result.errors[0].message == f"Antal anställda måste vara ett heltal, fick '{'x' * 59}…'."


def test_validate_units_ambiguous_columns_is_a_file_error() -> None:
    header = UNIT_HEADER + ["Förvaltning"]
    result = validate_units(_units(GOOD_UNIT + ["x"], header=header), ORGS, CLASSES)
    assert _errors(result) == [
        (1, None, "Kolumnerna 'organisation' och 'Förvaltning' betyder samma sak ('organisation'). Behåll bara en av dem.")
    ]


def test_validate_units_only_blank_rows_is_a_file_error() -> None:
    result = validate_units(_units([None] * 10, ["  "] * 10), ORGS, CLASSES)
    assert _errors(result) == [(1, None, "Filen har rubriker men inga rader.")]
    assert result.rows.schema == pl.Schema(UNIT_SCHEMA) and result.rows.height == 0


def test_validate_units_errors_mean_no_rows() -> None:
    result = validate_units(_units(GOOD_UNIT, _unit(enhets_id="E002", organisation="Okänd")), ORGS, CLASSES)
    assert not result.ok
    assert result.rows.height == 0


def test_validate_units_empty_organisation_list_rejects_all() -> None:
    result = validate_units(_units(GOOD_UNIT), [], CLASSES)
    assert _errors(result) == [(2, "organisation", f"Okänd förvaltning eller bolag: '{ORGS[0]}'.")]


# ---------------------------------------------------------------- 100 000 rows


def _big_units_file(tmp_path: Path, bad_every: int = 0) -> Path:
    path = tmp_path / "stor.csv"
    lines = [";".join(UNIT_HEADER)]
    for i in range(100_000):
        staff = "tolv" if bad_every and i % bad_every == 0 else str(5 + i % 90)
        lines.append(f"E{i:06d};Enhet {i} Åkeshov;{ORGS[i % 3]};ja;ja;nej;{staff};entreprenad;{51 + i % 49},5 %;Förskola")
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def test_validate_units_100k_rows(tmp_path: Path) -> None:
    path = _big_units_file(tmp_path)
    result = validate_units(read_table(path.read_bytes(), path.name), ORGS, CLASSES)
    assert result.ok
    assert result.rows.height == 100_000
    assert result.rows.row(99_999) == (
        100_001, "E099999", "Enhet 99999 Åkeshov", ORGS[0], True, True, False, 14, "enskilt driven", 90.5, "FSK",
    )


def test_validate_units_100k_rows_errors_capped(tmp_path: Path) -> None:
    path = _big_units_file(tmp_path, bad_every=2)
    result = validate_units(read_table(path.read_bytes(), path.name), ORGS, CLASSES)
    assert len(result.errors) == MAX_REPORTED_ERRORS
    assert result.errors[0] == RowError(2, "antal_anstallda", "Antal anställda måste vara ett heltal, fick 'tolv'.")
    assert result.errors[-1].row_number == 2 + 2 * (MAX_REPORTED_ERRORS - 1)
    assert result.notices == ("Visar de första 1\u00a0000 felen av 50\u00a0000.",)   # no-break spaces (scoring.swedish)


# ---------------------------------------------------------------- row numbering property


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["good", "bad", "blank"]), min_size=1, max_size=30))
def test_validate_units_error_rows_match_spreadsheet_rows(kinds: list[str]) -> None:
    rows = []
    for i, kind in enumerate(kinds):
        if kind == "blank":
            rows.append([None] * len(UNIT_HEADER))
        else:
            rows.append(_unit(enhets_id=f"E{i}", antal_anstallda="tolv" if kind == "bad" else "9"))
    result = validate_units(_units(*rows), ORGS, CLASSES)
    expected_bad = [i + 2 for i, kind in enumerate(kinds) if kind == "bad"]
    if "good" not in kinds and not expected_bad:
        assert _errors(result) == [(1, None, "Filen har rubriker men inga rader.")]
    else:
        assert [e.row_number for e in result.errors] == expected_bad
        assert result.rows.get_column("rad").to_list() == ([] if expected_bad else [i + 2 for i, k in enumerate(kinds) if k == "good"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=10, max_size=10), min_size=1, max_size=8))
def test_validate_units_never_raises_on_arbitrary_cells(rows: list[list[str | None]]) -> None:
    result = validate_units(_units(*rows), ORGS, CLASSES)
    assert result.ok == (result.rows.height > 0)
    assert all(isinstance(e, RowError) and e.message for e in result.errors)


# ---------------------------------------------------------------- examiners


def _examiners(*rows: list[str], header: list[str] = EXAMINER_HEADER) -> pl.DataFrame:
    return pl.DataFrame([list(r) for r in rows], schema=header, orient="row")


def test_validate_examiners_rows_are_typed() -> None:
    result = validate_examiners(
        _examiners(GOOD_EXAMINER, ["Bo.Ek", "Bo Ek", ORGS[0], "2022", "1", ""]), ORGS, CLASSES
    )
    assert result.rows.schema == pl.Schema(EXAMINER_SCHEMA)
    assert result.rows.rows() == [
        (2, "anna.a", "Anna A", ORGS[1], 2019, 4, ["FSK"], None),
        (3, "bo.ek", "Bo Ek", ORGS[0], 2022, 1, [], None),
    ]


def test_validate_examiners_class_list_separators_names_and_repeats() -> None:
    row = GOOD_EXAMINER[:-1] + ["fsk; Skola , FSK,, äldreomsorg"]
    result = validate_examiners(_examiners(row), ORGS, CLASSES)
    assert result.rows.get_column("erfarenhet_klasser").to_list() == [["FSK", "SKO", "ÄLD"]]


def test_validate_examiners_without_classes_keeps_codes_and_says_so() -> None:
    row = GOOD_EXAMINER[:-1] + ["X1, Y2"]
    result = validate_examiners(_examiners(row), ORGS, None)
    assert result.rows.get_column("erfarenhet_klasser").to_list() == [["X1", "Y2"]]
    assert result.notices == (
        "Tävlingsklasserna i 'erfarenhet_klasser' har inte kontrollerats eftersom ingen omgång är vald.",
    )


def test_validate_examiners_optional_columns_absent() -> None:
    result = validate_examiners(_examiners(GOOD_EXAMINER[:-1], header=EXAMINER_HEADER[:-1]), ORGS, CLASSES)
    assert result.rows.select("erfarenhet_klasser", "e_post").rows() == [([], None)]


def test_validate_examiners_missing_columns_named() -> None:
    df = _examiners(["a", "b"], header=["anvandarnamn", "namn"])
    assert _errors(validate_examiners(df, ORGS, CLASSES)) == [
        (1, None, "Kolumnerna 'organisation', 'utbildningsar' och 'kapacitet' saknas. "
                  "Kontrollera att det är rätt fil och att rubrikerna står på första raden."),
    ]


@pytest.mark.parametrize(
    ("column", "written", "message"),
    [
        ("kapacitet", "0", "Kapacitet måste vara mellan 1 och 50, fick '0'."),
        ("kapacitet", "51", "Kapacitet måste vara mellan 1 och 50, fick '51'."),
        ("utbildningsar", "2101", "Utbildningsår måste vara mellan 2000 och 2100, fick '2101'."),
        ("utbildningsar", "", "Utbildningsår måste fyllas i."),
        ("anvandarnamn", "anna a", "Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck, fick 'anna a'."),
        ("erfarenhet_klasser", "FSK, Trollskola", "Okänd tävlingsklass: 'Trollskola'. " + VALID_CLASSES),
    ],
)
def test_validate_examiners_bad_cell_message(column: str, written: str, message: str) -> None:
    row = dict(zip(EXAMINER_HEADER, GOOD_EXAMINER)) | {column: written}
    assert _errors(validate_examiners(_examiners(list(row.values())), ORGS, CLASSES)) == [(2, column, message)]


# ---------------------------------------------------------------- result helpers and preview


def test_row_error_str_for_cell_and_file() -> None:
    assert str(RowError(3, "namn", "namn måste fyllas i.")) == "Rad 3, namn: namn måste fyllas i."
    assert str(RowError(1, None, "Kolumnen 'namn' saknas.")) == "Rad 1: Kolumnen 'namn' saknas."


def test_import_result_errors_frame() -> None:
    result = validate_units(_units(_unit(namn="")), ORGS, CLASSES)
    assert result.errors_frame().rows() == [(2, "namn", "Enhetens namn måste fyllas i.")]
    assert validate_units(_units(GOOD_UNIT), ORGS, CLASSES).errors_frame().height == 0


def test_preview_numbers_rows_and_cuts_long_cells() -> None:
    df = pl.DataFrame({"namn": ["A", "B" * 300, "C"], "antal": ["1", "2", "3"]})
    shown = preview(df, n=2)
    assert shown.columns == ["rad", "namn", "antal"]
    assert shown.get_column("rad").to_list() == [2, 3]
    assert shown.get_column("namn").to_list() == ["A", "B" * 199 + "…"]
