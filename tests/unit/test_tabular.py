"""scoring.cycle.import_files: reading uploaded CSV/XLSX bytes and writing safe exports."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.cycle.import_files import (
    MAX_BYTES,
    TableError,
    neutralise,
    read_table,
    sanitise_sheet_names,
    to_csv,
    to_csv_zip,
    to_xlsx,
)


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _sheet_names(data: bytes) -> list[str]:
    return list(pl.read_excel(data, sheet_id=0, raise_if_empty=False).keys())


def _first_sheet_xml(data: bytes) -> tuple[ElementTree.Element, ElementTree.Element]:
    """(worksheet, styles) XML of the first sheet, to inspect what Excel will see."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    return sheet, styles


def _cell_is_bold(sheet: ElementTree.Element, styles: ElementTree.Element, ref: str) -> bool:
    cell = sheet.find(f".//m:c[@r='{ref}']", _NS)
    xf = styles.findall("m:cellXfs/m:xf", _NS)[int(cell.get("s", "0"))]
    font = styles.findall("m:fonts/m:font", _NS)[int(xf.get("fontId", "0"))]
    return font.find("m:b", _NS) is not None


def _xlsx(rows: list[list[object]], *, sheets: int = 1, start_row: int = 0) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for n in range(sheets):
            sheet = workbook.add_worksheet(f"Blad{n + 1}")
            for i, row in enumerate(rows if n == 0 else [["annat"], ["blad"]]):
                sheet.write_row(start_row + i, 0, row)
    return buffer.getvalue()


# ---------------------------------------------------------------- CSV reading


def test_read_table_cp1252_decodes_swedish_letters() -> None:
    data = "namn;ort\nÅsa Öberg;Älvsjö\n".encode("cp1252")
    df = read_table(data, "enheter.csv")
    assert df.rows() == [("Åsa Öberg", "Älvsjö")]


def test_read_table_utf8_bom_comma_separated() -> None:
    data = "\ufeffnamn,ort\nÅsa,Älvsjö\n".encode()
    df = read_table(data, "e.csv")
    assert df.columns == ["namn", "ort"]
    assert df.rows() == [("Åsa", "Älvsjö")]


def test_read_table_quoted_fields_keep_separators_quotes_and_newlines() -> None:
    data = 'namn;text\n"Skola; Ängen";"rad 1\nrad 2 ""citat"""\n'.encode()
    assert read_table(data, "e.csv").rows() == [("Skola; Ängen", 'rad 1\nrad 2 "citat"')]


def test_read_table_comma_inside_data_does_not_fool_separator_detection() -> None:
    data = "namn;beskrivning\nA;ett, två, tre, fyra\n".encode()
    assert read_table(data, "e.csv").rows() == [("A", "ett, två, tre, fyra")]


def test_read_table_excel_sep_hint_line_is_honoured() -> None:
    data = b"sep=,\nnamn,ort\nA,B\n"
    assert read_table(data, "e.csv").rows() == [("A", "B")]


def test_read_table_utf16_tab_separated_txt() -> None:
    data = "namn\tort\nÅsa\tÄlvsjö\n".encode("utf-16")
    assert read_table(data, "export.txt").rows() == [("Åsa", "Älvsjö")]


def test_read_table_header_is_trimmed_and_cells_are_strings() -> None:
    df = read_table(b" namn ; antal \r\nA;12\r\n", "e.csv")
    assert df.columns == ["namn", "antal"]
    assert df.schema == {"namn": pl.String, "antal": pl.String}


def test_read_table_blank_middle_row_kept_so_numbering_holds() -> None:
    df = read_table(b"namn\nA\n\nC\n\n\n", "e.csv")
    # frame row i is spreadsheet row i + 2; trailing blank rows are dropped
    assert df.get_column("namn").to_list() == ["A", None, "C"]


def test_read_table_unnamed_empty_columns_dropped() -> None:
    df = read_table(b"namn;ort;;\nA;B;;\n", "e.csv")
    assert df.columns == ["namn", "ort"]


def test_read_table_unnamed_column_with_data_gets_a_name() -> None:
    df = read_table(b"namn;;\nA;x;\n", "e.csv")
    assert df.columns == ["namn", "kolumn_2"]


def test_read_table_duplicate_header_rejected() -> None:
    with pytest.raises(TableError, match="kolumnen 'namn' förekommer mer än en gång"):
        read_table(b"namn;namn\nA;B\n", "e.csv")


def test_read_table_blank_first_line_rejected() -> None:
    with pytest.raises(TableError, match="rad 1 är tom"):
        read_table(b"\nnamn;ort\nA;B\n", "e.csv")


def test_read_table_too_big_rejected() -> None:
    with pytest.raises(TableError, match="är för stor \\(20,0\u00a0MB\\)"):     # decimal comma, no-break space
        read_table(b"a" * (MAX_BYTES + 1), "stor.csv")


def test_read_table_whitespace_only_is_empty() -> None:
    with pytest.raises(TableError, match=r"^Filen 'e\.csv' är tom\.$"):
        read_table(b"\xef\xbb\xbf \r\n\r\n", "e.csv")


def test_read_table_xlsx_renamed_to_csv_explained() -> None:
    with pytest.raises(TableError, match="Byt filändelse till .xlsx"):
        read_table(_xlsx([["namn"], ["A"]]), "enheter.csv")


def test_read_table_filename_path_is_reduced_to_name() -> None:
    with pytest.raises(TableError, match=r"^Filen 'x\.docx' är varken"):
        read_table(b"data", r"C:/Users/kansli/x.docx")


def test_table_error_is_value_error() -> None:
    assert issubclass(TableError, ValueError)


def test_read_table_100k_rows(tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    lines = "".join(f"E{i:06d};Enhet {i} Åkeshov;{i % 90 + 5}\n" for i in range(100_000))
    path.write_bytes(("enhets_id;namn;antal\n" + lines).encode("cp1252"))
    df = read_table(path.read_bytes(), path.name)
    assert df.height == 100_000
    assert df.row(99_999) == ("E099999", "Enhet 99999 Åkeshov", "14")


# ---------------------------------------------------------------- XLSX reading


def test_read_table_xlsx_gives_all_strings() -> None:
    data = _xlsx([["enhets_id", "antal", "andel", "aktiv", "datum"], ["E1", 12, 75.5, True, "2024-05-17"]])
    df = read_table(data, "Enheter.XLSX")
    assert df.schema == dict.fromkeys(df.columns, pl.String)
    assert df.rows() == [("E1", "12", "75.5", "true", "2024-05-17")]


def test_read_table_xlsx_reads_first_sheet_only() -> None:
    df = read_table(_xlsx([["namn"], ["Första"]], sheets=2), "e.xlsx")
    assert df.rows() == [("Första",)]


def test_read_table_xlsx_blank_middle_row_kept() -> None:
    df = read_table(_xlsx([["namn"], ["A"], [None], ["C"]]), "e.xlsx")
    assert df.get_column("namn").to_list() == ["A", None, "C"]


def test_read_table_xlsx_header_not_on_row_1_rejected() -> None:
    with pytest.raises(TableError, match="rad 1 är tom"):
        read_table(_xlsx([["namn"], ["A"]], start_row=2), "e.xlsx")


def test_read_table_xlsx_header_only() -> None:
    with pytest.raises(TableError, match="har rubriker men inga rader"):
        read_table(_xlsx([["namn", "ort"]]), "e.xlsx")


def test_read_table_xlsx_empty_workbook() -> None:
    with pytest.raises(TableError, match=r"^Filen 'e\.xlsx' är tom\.$"):
        read_table(_xlsx([]), "e.xlsx")


# ---------------------------------------------------------------- neutralise


@pytest.mark.parametrize("cell", ["=1+1", "+46 8 508", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_formula_prefix_gets_apostrophe(cell: str) -> None:
    out = neutralise(pl.DataFrame({"a": [cell]}))
    assert out.item() == "'" + cell


@pytest.mark.parametrize("cell", ["Skola", " =1", "'=1", "1-2", "a@b.se", ""])
def test_neutralise_safe_text_unchanged(cell: str) -> None:
    assert neutralise(pl.DataFrame({"a": [cell]})).item() == cell


def test_neutralise_numbers_nulls_and_headers() -> None:
    df = pl.DataFrame({"=rubrik": ["=x", None], "n": [-1, 2]})
    out = neutralise(df)
    assert out.columns == ["'=rubrik", "n"]
    assert out.rows() == [("'=x", -1), (None, 2)]


# ---------------------------------------------------------------- exports


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "namn": ["Förskolan Ängen", "=HYPERLINK(\"x\")", None],
            "antal": [12, -3, None],
            "andel": [75.5, 0.25, None],
            "klasser": [["FSK", "SKO"], [], None],
            "datum": [dt.date(2024, 5, 17), None, dt.date(2022, 11, 29)],
        }
    )


def test_to_xlsx_round_trips_values_with_neutralised_cells() -> None:
    back = pl.read_excel(to_xlsx({"Enheter": _frame()}), sheet_name="Enheter")
    assert back.get_column("namn").to_list() == ["Förskolan Ängen", "'=HYPERLINK(\"x\")", None]
    assert back.get_column("antal").to_list() == [12, -3, None]
    assert back.get_column("andel").to_list() == [75.5, 0.25, None]
    assert back.get_column("klasser").to_list() == ["FSK, SKO", None, None]
    assert back.get_column("datum").cast(pl.Date).to_list() == [dt.date(2024, 5, 17), None, dt.date(2022, 11, 29)]


def test_to_xlsx_categorical_text_is_neutralised_too() -> None:
    df = pl.DataFrame({"a": ["=1", "ok"]}, schema={"a": pl.Categorical})
    assert pl.read_excel(to_xlsx({"s": df})).get_column("a").to_list() == ["'=1", "ok"]


def test_to_xlsx_numbers_use_general_format() -> None:
    with zipfile.ZipFile(io.BytesIO(to_xlsx({"s": pl.DataFrame({"ar": [2019], "andel": [75.5]})}))) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert "#,##0" not in styles  # no "2 019" or "75,500"


def test_to_xlsx_one_sheet_per_entry_in_order() -> None:
    data = to_xlsx({"Enheter": _frame(), "Examinatorer": pl.DataFrame({"a": [1]}), "Tom": pl.DataFrame()})
    assert _sheet_names(data) == ["Enheter", "Examinatorer", "Tom"]


def test_to_xlsx_cells_are_text_not_formulas_and_header_bold() -> None:
    sheet, styles = _first_sheet_xml(to_xlsx({"a": _frame()}))
    assert _cell_is_bold(sheet, styles, "A1")
    assert not _cell_is_bold(sheet, styles, "A2")
    assert sheet.findall(".//m:f", _NS) == []  # no formula anywhere
    assert sheet.find(".//m:c[@r='A3']", _NS).get("t") == "s"  # shared string = text


def test_to_xlsx_sheet_names_sanitised_and_unique() -> None:
    long = "Socialtjänst samt stöd och service till personer"
    data = to_xlsx({long: pl.DataFrame({"a": [1]}), long + " 2": pl.DataFrame({"a": [2]}), "a/b?": pl.DataFrame()})
    assert _sheet_names(data) == ["Socialtjänst samt stöd och serv", "Socialtjänst samt stöd och (2)", "a_b_"]


def test_sanitise_sheet_names_excel_rules() -> None:
    names = sanitise_sheet_names(["x" * 40, "X" * 40, "[Q1]: *?", "", "'citat'", "History", "blad", "Blad"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[2] == "_Q1__ __"
    assert names[3] == "Blad"
    assert names[4] == "citat"
    assert names[5] == "History_"
    assert names[6:] == ["blad (2)", "Blad (3)"]


def test_to_xlsx_empty_mapping_gives_valid_workbook() -> None:
    assert _sheet_names(to_xlsx({})) == ["Blad1"]


def test_to_csv_semicolon_utf8_bom_crlf() -> None:
    data = to_csv(pl.DataFrame({"namn": ["Åsa"], "antal": [3]}))
    assert data == "\ufeffnamn;antal\r\nÅsa;3\r\n".encode()


def test_to_csv_decimal_comma_and_neutralised() -> None:
    text = to_csv(pl.DataFrame({"andel": [75.5], "namn": ["@x"]})).decode("utf-8-sig")
    assert text.splitlines()[1] == "75,5;'@x"


def test_to_csv_round_trips_through_read_table() -> None:
    df = _frame().drop("klasser").with_columns(pl.all().cast(pl.String))
    back = read_table(to_csv(df), "export.csv")
    expected = neutralise(df)
    assert back.rows() == expected.rows()
    assert back.columns == expected.columns


def test_to_csv_zip_one_member_per_sheet() -> None:
    data = to_csv_zip({"Enheter": _frame(), "Enheter ": pl.DataFrame({"a": [1]}), "a/b": pl.DataFrame({"b": [2]})})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["Enheter.csv", "Enheter (2).csv", "a_b.csv"]
        assert archive.read("a_b.csv") == to_csv(pl.DataFrame({"b": [2]}))


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n;,\"'=+-@ åäöÅÄÖ"),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[A-Z][0-9]{1,4}", fullmatch=True), _TEXT), min_size=1, max_size=15))
def test_to_csv_round_trip_property_arbitrary_text(rows: list[tuple[str, str]]) -> None:
    df = pl.DataFrame(rows, schema=["id", "text"], orient="row")
    back = read_table(to_csv(df), "x.csv")
    expected = neutralise(df).with_columns(pl.col("text").replace("", None))
    assert back.rows() == expected.rows()
