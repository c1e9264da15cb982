"""Correct Swedish for numbers, money, dates and counts — written once, used by the UI, the PDFs, the e-mails
and the xlsx labels.

One rounding rule everywhere: half away from zero on the decimal value as written (48.25 → "48,3",
−48.25 → "−48,3", 0.005 % → "0,01 %" at two decimals), through `Decimal.quantize(ROUND_HALF_UP)` on the
number's shortest decimal form, never on its binary float (which would give 48,2 for 48.25 in some places).

Two kinds of number, each shown one way:
- `decimal(x, digits)` — a figure that stands beside others in a list or table (rankings, measures,
  severities, ± spreads, sizes) keeps its decimals so the column reads evenly: 62.0 → "62,0".
- `number(x, decimals)` — a score or total in running text or a printed report drops a trailing zero:
  62.0 → "62", 62.5 → "62,5". `percent()` is a `number()` followed by nothing (the caller writes "%" or
  says "procent"): 40.0 → "40", 50.55 → "50,6".
Both write a decimal comma, a real minus sign (−1,5, never "−0,0") and group thousands with a no-break
space (1 234 567,5), as the Swedish Language Council recommends, so a number never splits across lines.
None and NaN show as "–" (or the `empty` given).

Kronor: "50 000 kr" with no-break spaces. Dates: "29 november 2022", "tisdag 29 november 2022".
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
NBSP = "\u00a0"
MINUS = "\u2212"
EMPTY = "–"


def plural(count: int, one: str, many: str) -> str:
    """`one` when count is exactly 1, else `many`; either may hold {count}."""
    return (one if count == 1 else many).format(count=count)


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _rounded(x: float | int | Decimal, digits: int) -> Decimal:
    """Half away from zero on the decimal value as written (str(48.25) is '48.25', so it rounds up)."""
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _written(value: Decimal) -> str:
    """A rounded Decimal as Swedes write it: thousands grouped with no-break spaces, decimal comma, real minus."""
    if value == 0:
        value = abs(value)                                  # no "−0,0"
    text = f"{abs(value):,f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if value < 0 else "") + text


def decimal(x: float | None, digits: int = 1, empty: str = EMPTY) -> str:
    """A figure among others, with exactly `digits` decimals: 62.0 → '62,0', −1.25 → '−1,3'."""
    if _missing(x):
        return empty
    return _written(_rounded(x, digits))


def number(x: float | None, decimals: int = 1, empty: str = EMPTY) -> str:
    """A score or total in text: at most `decimals` decimals, no trailing zero: 62.0 → '62', 48.25 → '48,3'."""
    if _missing(x):
        return empty
    value = _rounded(x, decimals)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return _written(value)


def percent(x: float | None, decimals: int = 1, empty: str = EMPTY) -> str:
    """A share in percent without the sign: 40.0 → '40', 50.5 → '50,5', 0.005 at 2 decimals → '0,01'."""
    return number(x, decimals, empty)


def thousands(n: int) -> str:
    """1234567 → '1 234 567' (no-break spaces)."""
    return _written(Decimal(int(n)))


def kronor(amount: int | None, empty: str = "") -> str:
    """50000 → '50 000 kr', with no-break spaces so the amount never splits; None → `empty`."""
    return empty if amount is None else f"{thousands(amount)}{NBSP}kr"


def date(day: dt.date | None, empty: str = EMPTY) -> str:
    """29 november 2022"""
    return empty if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """tisdag 29 november 2022"""
    return f"{WEEKDAYS[day.weekday()]} {date(day)}"
