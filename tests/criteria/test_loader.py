"""The rulebook files: every shipped cycle loads, and broken files are refused by file and field."""
import datetime as dt
import tomllib
from pathlib import Path

import pytest

import criteria
from criteria import RulebookError

FOLDER = Path(criteria.__file__).parent


def _raw(year: int) -> dict:
    return tomllib.loads((FOLDER / f"{year}.toml").read_text(encoding="utf-8"))


def test_available_years_are_the_shipped_cycles():
    assert criteria.available_years() == (2012, 2015, 2022, 2026)


@pytest.mark.parametrize("year", [2012, 2015, 2022, 2026])
def test_load_year_has_five_equal_weights_summing_to_100(year):
    book = criteria.load_year(year)
    assert [c.number for c in book.criteria] == [1, 2, 3, 4, 5]
    assert [c.weight for c in book.criteria] == [20.0] * 5
    assert all(c.guidance for c in book.criteria)
    assert book.dates["approval_deadline"] == dt.date(year, 6, 30)


def test_load_year_2022_classes_exactly_as_in_the_decision():
    book = criteria.load_year(2022)
    assert [c.name for c in book.classes] == [
        "Förskola",
        "Skola",
        "Äldreomsorg inklusive myndighetsbedömning",
        "Socialtjänst och stöd och service till personer med funktionsnedsättning inklusive myndighetsbedömning",
        "Andra verksamheter, såsom administrativa verksamheter, stadens bolag och tekniska verksamheter",
    ]
    assert book.dates["submission_deadline"] == dt.date(2022, 5, 17)


def test_load_year_2012_classes_and_ceremony_date():
    book = criteria.load_year(2012)
    assert [c.name for c in book.classes] == [
        "Förskola", "Skola", "Äldreomsorg", "Annan vård och omsorg", "Andra verksamheter"]
    assert book.dates["ceremony"] == dt.date(2012, 11, 20)


@pytest.mark.parametrize("year, day", [(2012, 20), (2015, 24), (2022, 29)])
def test_load_year_ceremony_dates_from_the_seeds(year, day):
    book = criteria.load_year(year)
    assert book.dates["ceremony"] == dt.date(year, 11, day)
    assert book.ceremony_place == "Blå hallen, Stadshuset"


def test_scale_is_0_to_100_in_steps_of_10_with_a_descriptor_for_every_value():
    scale = criteria.load_year(2022).scale
    assert scale.values() == tuple(range(0, 101, 10))
    assert all(scale.describe(v) for v in scale.values())
    assert scale.describe(None) == ""


def test_parse_weights_not_summing_to_100_names_file_and_field():
    raw = _raw(2022)
    raw["criteria"][0]["weight"] = 30
    with pytest.raises(RulebookError) as err:
        criteria.parse(raw, "2022.toml")
    assert str(err.value) == "2022.toml: fältet 'criteria.weight' måste summera till 100 (summerar till 110)."
    raw["criteria"][0]["weight"] = 20.5
    with pytest.raises(RulebookError) as err:
        criteria.parse(raw, "2022.toml")
    assert str(err.value) == "2022.toml: fältet 'criteria.weight' måste summera till 100 (summerar till 100,5)."


def test_parse_missing_criterion_is_refused():
    raw = _raw(2022)
    del raw["criteria"][4]
    with pytest.raises(RulebookError, match=r"kriterierna 1–5 en gång var \(har \[1, 2, 3, 4\]\)"):
        criteria.parse(raw, "x.toml")


def test_parse_missing_title_names_the_field():
    raw = _raw(2022)
    del raw["criteria"][2]["title"]
    with pytest.raises(RulebookError) as err:
        criteria.parse(raw, "x.toml")
    assert str(err.value) == "x.toml: fältet 'criteria[2].title' saknas eller är inte en text."


def test_parse_date_as_text_is_refused():
    raw = _raw(2022)
    raw["dates"]["ceremony"] = "29 november"
    with pytest.raises(RulebookError, match=r"'dates.ceremony' saknas eller är inte ett datum"):
        criteria.parse(raw, "x.toml")


def test_parse_scale_band_gap_is_refused():
    raw = _raw(2022)
    del raw["scale"]["bands"][1]
    with pytest.raises(RulebookError, match=r"saknar beskrivning för poängen \[20, 30\]"):
        criteria.parse(raw, "x.toml")


def test_parse_duplicate_class_codes_refused():
    raw = _raw(2022)
    raw["classes"][1]["code"] = raw["classes"][0]["code"]
    with pytest.raises(RulebookError, match="'classes.code' har dubbletter"):
        criteria.parse(raw, "x.toml")


def test_load_file_broken_toml_names_the_file(tmp_path):
    bad = tmp_path / "2030.toml"
    bad.write_text("year = = 2030", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"^2030.toml: filen är inte giltig TOML"):
        criteria.load_file(bad)


def test_load_year_unknown_year_is_refused():
    with pytest.raises(RulebookError, match="ingen regelfil för 1999"):
        criteria.load_year(1999)
