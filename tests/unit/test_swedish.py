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
