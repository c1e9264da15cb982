"""scoring.cycle.field_rules: one definition per field, the same answer from the form's check and the file's check."""
from __future__ import annotations

import polars as pl
import pytest

from scoring.cycle import field_rules as rules

CASES = [
    (rules.UNIT_NAME, ["Förskolan Ängsö", "N" * 300, "N" * 301, "", "  ", "=HYPERLINK()"]),
    (rules.UNIT_ID, ["E001", "a.b_c-1", "a b", "-x", "Å001", "E" * 64, "E" * 65, ""]),
    (rules.EMPLOYEES, ["12", "1 200", "12,0", "0", "-3", "12,5", "tolv", "100000", "100001", "1e3", ""]),
    (rules.STOCKHOLM_SHARE, ["75", "75 %", "75,5", "0", "100", "100,1", "-1", "mycket", "120 %", "75\u00a0%", ""]),
    (rules.OPERATOR, ["kommunal", "Enskilt driven", "entreprenad", "privat", "kooperativ", ""]),
    (rules.MANAGER_BUDGET, ["ja", "Nej", "J", "kanske", ""]),
    (rules.USERNAME, ["anna.a", "Anna.A", "anna a", "åsa", "a" * 64, "a" * 65, ""]),
    (rules.DISPLAY_NAME, ["Anna", "N" * 200, "N" * 201, ""]),
    (rules.EXAMINER_NAME, ["Anna", ""]),
    (rules.TRAINING_YEAR, ["2019", "1999", "2101", "2 019", "tjugo", ""]),
    (rules.CAPACITY, ["1", "50", "0", "51", "fem"]),
    (rules.EMAIL, ["anna@stockholm.se", "inte-en-adress", "a@b", "x" * 250 + "@a.se", ""]),
]


def _file_messages(rule, cells: list[str]) -> list[str | None]:
    """The rule's check over a column of cells as the import sees them: trimmed, blank as null."""
    column = pl.col("cell").str.strip_chars().replace("", None)
    frame = pl.DataFrame({"cell": cells}, schema={"cell": pl.String})
    prepared = frame.select(column.alias("cell"))
    return prepared.select(rule.parse(pl.col("cell"))[1].cast(pl.String).alias("m"))["m"].to_list()


@pytest.mark.parametrize("rule, cells", CASES, ids=lambda x: x.label if hasattr(x, "label") else "")
def test_form_check_and_file_check_give_the_same_message(rule, cells):
    assert _file_messages(rule, cells) == [rule.check(cell) for cell in cells]


def test_typed_form_values_get_the_messages_file_cells_get():
    assert rules.EMPLOYEES.check(0) == rules.EMPLOYEES.check("0") == (
        "Antal anställda måste vara mellan 1 och 100\u00a0000, fick '0'.")   # a no-break space: one word
    assert rules.EMPLOYEES.check(12.5) == rules.EMPLOYEES.check("12,5") == (
        "Antal anställda måste vara ett heltal, fick '12,5'.")
    assert rules.EMPLOYEES.check(True) == "Antal anställda måste vara ett heltal, fick 'True'."
    assert rules.STOCKHOLM_SHARE.check(120.0) == rules.STOCKHOLM_SHARE.check("120") == (
        "Andel stockholmare måste vara en andel i procent mellan 0 och 100, fick '120'.")
    assert rules.STOCKHOLM_SHARE.check(float("nan")) is not None
    assert rules.MANAGER_BUDGET.check(False) is None and rules.MANAGER_BUDGET.check(None) == (
        "Chefens budgetansvar måste fyllas i.")


def test_valid_values_become_the_stored_value():
    assert rules.EMPLOYEES.value("1 200") == 1200 and rules.EMPLOYEES.value(7) == 7
    assert rules.STOCKHOLM_SHARE.value("75,5 %") == 75.5 and rules.STOCKHOLM_SHARE.value(None) is None
    assert rules.OPERATOR.value("Entreprenad") == "enskilt driven"
    assert rules.MANAGER_BUDGET.value("Ja") is True and rules.MANAGER_BUDGET.value(False) is False
    assert rules.USERNAME.clean(" Anna.A ") == "anna.a"


def test_long_values_are_cut_in_messages():
    message = rules.UNIT_ID.check("å" * 61)
    assert message == f"Enhets-id får bara innehålla bokstäverna a–z, siffror, punkt, _ och - och börja med en " \
                      f"bokstav eller siffra, fick '{'å' * 59}…'."


def test_numbers_in_messages_are_written_the_swedish_way():
    assert rules.TRAINING_YEAR.check(1999) == "Utbildningsår måste vara mellan 2000 och 2100, fick '1999'."  # a year
    assert rules.EMPLOYEES.check(12.25) == "Antal anställda måste vara ett heltal, fick '12,25'."
    assert rules.STOCKHOLM_SHARE.check(100.5) == (
        "Andel stockholmare måste vara en andel i procent mellan 0 och 100, fick '100,5'.")
    assert rules.EMPLOYEES.check(1e6) == "Antal anställda måste vara mellan 1 och 100\u00a0000, fick '1000000'."
    assert rules.STOCKHOLM_SHARE.check(-1.5) == rules.STOCKHOLM_SHARE.check("-1,5")   # quoted as typed


def test_whole_and_percent_values_from_forms_and_files_agree():
    cells = ["75", " 75,5 % ", "100", "101", "x", "", None]
    frame = pl.DataFrame({"c": [c.strip() if c else None for c in cells]}, schema={"c": pl.String})
    for rule in (rules.STOCKHOLM_SHARE, rules.EMPLOYEES):
        from_file = frame.select(rule.parse(pl.col("c").replace("", None))[0].alias("v"))["v"].to_list()
        from_form = [rule.value(c) if rule.check(c) is None and c not in (None, "") else None for c in cells]
        valid = [rule.check(c) is None for c in cells]
        assert [v for v, ok in zip(from_file, valid) if ok] == [v for v, ok in zip(from_form, valid) if ok], rule.label
    assert rules.STOCKHOLM_SHARE.value(" 75,5 % ") == 75.5 and rules.EMPLOYEES.value("1\u00a0200") == 1200
