"""scoring.swedish: the one way numbers, money and dates are written in Swedish, with one rounding rule."""
import datetime as dt
import math

import pytest

from scoring import swedish
from scoring.swedish import MINUS, NBSP


def test_decimal_rounds_half_away_from_zero_on_the_written_value():
    assert swedish.decimal(48.25) == "48,3"
    assert swedish.decimal(-48.25) == f"{MINUS}48,3"
    assert swedish.decimal(2.675, 2) == "2,68"              # the float is 2.67499…; the written value rounds up
    assert swedish.decimal(0.05, 1) == "0,1"


def test_decimal_keeps_its_decimals_and_number_drops_a_trailing_zero():
    assert swedish.decimal(62.0) == "62,0"
    assert swedish.number(62.0) == "62"
    assert swedish.number(62.5) == "62,5"
    assert swedish.number(48.25) == "48,3"
    assert swedish.number(48.96) == "49"
    assert swedish.decimal(7, 0) == "7"


def test_negative_numbers_use_a_real_minus_and_never_minus_zero():
    assert swedish.decimal(-1.5) == f"{MINUS}1,5"
    assert swedish.number(-3.0) == f"{MINUS}3"
    assert swedish.decimal(-0.04) == "0,0"
    assert swedish.number(-0.04) == "0"


def test_none_and_nan_show_a_dash_or_the_given_empty():
    for show in (swedish.decimal, swedish.number, swedish.percent):
        assert show(None) == "–"
        assert show(math.nan) == "–"
        assert show(None, 1, "") == ""


def test_thousands_are_grouped_with_no_break_spaces():
    assert swedish.decimal(1234567.5) == f"1{NBSP}234{NBSP}567,5"
    assert swedish.number(1234567.5) == f"1{NBSP}234{NBSP}567,5"
    assert swedish.number(-1234567.0) == f"{MINUS}1{NBSP}234{NBSP}567"
    assert swedish.thousands(999) == "999"
    assert swedish.thousands(1000) == f"1{NBSP}000"


def test_percent_rounds_like_every_other_number():
    assert swedish.percent(40.0) == "40"
    assert swedish.percent(50.5) == "50,5"
    assert swedish.percent(0.005, 2) == "0,01"
    assert swedish.percent(0.005) == "0"
    assert swedish.percent(33.333333) == "33,3"


def test_kronor_groups_and_keeps_the_amount_on_one_line():
    assert swedish.kronor(50000) == f"50{NBSP}000{NBSP}kr"
    assert swedish.kronor(1250000) == f"1{NBSP}250{NBSP}000{NBSP}kr"
    assert swedish.kronor(0) == f"0{NBSP}kr"
    assert swedish.kronor(None) == ""


def test_dates_use_swedish_month_and_weekday_names():
    assert swedish.date(dt.date(2022, 11, 29)) == "29 november 2022"
    assert swedish.long_date(dt.date(2022, 11, 29)) == "tisdag 29 november 2022"
    assert swedish.date(None) == "–"
    assert [swedish.date(dt.date(2026, m, 1)).split()[1] for m in (1, 5, 12)] == ["januari", "maj", "december"]


@pytest.mark.parametrize(("count", "expected"), [(0, "0 examinatorer"), (1, "1 examinator"), (2, "2 examinatorer")])
def test_plural_picks_the_form_by_count(count, expected):
    assert swedish.plural(count, "{count} examinator", "{count} examinatorer") == expected


def test_whole_groups_only_from_five_digits_so_a_year_stays_one_word():
    assert swedish.whole(2026) == "2026"
    assert swedish.whole(9999) == "9999"
    assert swedish.whole(10000) == f"10{NBSP}000"
    assert swedish.whole(100000) == f"100{NBSP}000"
    assert swedish.whole(-5) == f"{MINUS}5"
    assert swedish.whole(-12345) == f"{MINUS}12{NBSP}345"


def test_share_writes_a_proportion_in_percent_with_the_one_rounding_rule():
    assert swedish.share(0.4) == f"40{NBSP}%"
    assert swedish.share(0.125) == f"13{NBSP}%"             # half away from zero, where f"{0.125:.0%}" gives 12%
    assert swedish.share(0.0449, 1) == f"4,5{NBSP}%"
    assert swedish.share(0.145) == f"15{NBSP}%"             # on the written value: 0.145 * 100 is 14.4999… as a float
    assert swedish.share(1.0) == f"100{NBSP}%"
    assert swedish.share(None) == "–" and swedish.share(math.nan, empty="") == ""


def test_file_size_in_mb_with_a_decimal_comma_or_in_whole_kb():
    assert swedish.file_size(26_500_000) == f"25,3{NBSP}MB"
    assert swedish.file_size(1024 * 1024) == f"1,0{NBSP}MB"
    assert swedish.file_size(1536) == f"2{NBSP}kB"                  # 1,5 kB rounds up
    assert swedish.file_size(100) == f"1{NBSP}kB"                   # never "0 kB"


def test_typed_quotes_a_number_back_as_a_person_types_it():
    assert swedish.typed(12.25) == "12,25"
    assert swedish.typed(-1.0) == "-1"                      # a hyphen, as typed; not the figure's real minus
    assert swedish.typed(1e6) == "1000000"                  # no grouping, no exponent
    assert swedish.typed(0.1 + 0.2) == "0,30000000000000004"    # every decimal it has: nothing rounded away
    assert swedish.typed(math.nan) == "–"


def _as_a_truncating_grid_shows(value: float, digits: int) -> str:
    """What st.dataframe's localized number format draws at `digits` decimals: it cuts decimals off (seen in
    Chromium: 62.96 drawn as "62,9"). Decimal of the float's repr, cut towards zero."""
    from decimal import ROUND_DOWN, Decimal
    cut = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)
    return swedish._written(cut)


@pytest.mark.parametrize("value", [62.96, 0.876, 48.25, 79.45, 63.35, 99.99, 0.3, 2.3, 63.4, -1.25, -0.04, 0.05,
                                   1234.55, 0.0, 5.0])
@pytest.mark.parametrize("digits", [0, 1, 2])
def test_a_rounded_cell_shows_the_one_rule_even_where_the_grid_truncates(value, digits):
    assert _as_a_truncating_grid_shows(swedish.rounded(value, digits), digits) == swedish.decimal(value, digits)


def test_rounded_keeps_missing_values():
    assert swedish.rounded(None) is None
    assert math.isnan(swedish.rounded(float("nan")))


def test_signed_writes_the_sign_on_the_same_rounding_as_the_figure():
    assert swedish.signed(1.25) == "+1,3"
    assert swedish.signed(-1.25) == f"{MINUS}1,3"
    assert swedish.signed(0.04) == "0,0" and swedish.signed(-0.04) == "0,0"      # rounds to nothing: no sign
    assert swedish.signed(0.04, zero="±") == "±0,0"
    assert swedish.signed(0.05) == "+0,1"                                           # rounds up, so it is a rise
    assert swedish.signed(3, 0) == "+3" and swedish.signed(-3, 0) == f"{MINUS}3"
    assert swedish.signed(None) == "–" and swedish.signed(None, empty="") == ""


def test_half_up_is_the_rule_as_a_number():
    assert swedish.half_up(61.25) == 61.3 and round(61.25, 1) == 61.2      # what Python's round() would do
    assert swedish.half_up(62.5, 0) == 63.0 and swedish.half_up(-62.5, 0) == -63.0


def test_listing_joins_with_och_and_no_serial_comma():
    assert swedish.listing([]) == ""
    assert swedish.listing(["2025"]) == "2025"
    assert swedish.listing(["2025", "2024"]) == "2025 och 2024"
    assert swedish.listing(["2025", "2024", "2023"]) == "2025, 2024 och 2023"
