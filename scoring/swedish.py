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

`whole()` writes a bound or count in a sentence, grouped only from five digits on (a year stays "2026");
`signed()` a difference with its sign (+1,5, −1,5, ±0); `share()` a proportion as "40 %"; `file_size()` "26,3 MB" or "12 kB"; `typed()` quotes a number back as
it is typed (12,25; -1), for messages that say what was given.
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


def listing(items: list[str]) -> str:
    """Items as a Swedish list: "a", "a och b", "a, b och c" (no serial comma); "" for none."""
    return " och ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " och " + items[-1]


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _rounded(x: float | int | Decimal, digits: int) -> Decimal:
    """Half away from zero on the decimal value as written (str(48.25) is '48.25', so it rounds up)."""
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def half_up(x: float, digits: int = 1) -> float:
    """`x` rounded by this module's rule, as a number: for a figure that is compared or drawn as it is shown
    (61.25 → 61.3, where Python's round() gives 61.2)."""
    return float(_rounded(x, digits))


def rounded(x: float | None, digits: int = 1) -> float | None:
    """The float a table cell should hold to show `x` at `digits` decimals by this module's rule, for a grid
    that cuts decimals off instead of rounding (Streamlit's st.dataframe shows 62.96 as "62,9"): rounded half
    away from zero, then moved a hair (10^-(digits+8)) away from zero so a grid that truncates the binary
    float (63.4 is 63.39999…) still shows the rounded figure. The cell stays a number: it sorts as one."""
    if _missing(x):
        return x
    value = float(_rounded(x, digits))
    return value + math.copysign(10.0 ** -(digits + 8), value) if value else 0.0


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


def signed(x: float | None, digits: int = 1, zero: str = "", empty: str = EMPTY) -> str:
    """A change or a difference with its sign, on the same rounding as decimal(): +1,5, −1,5, and `zero`
    before a figure that rounds to nothing (±0 where no change is the news, else 0,0)."""
    if _missing(x):
        return empty
    value = _rounded(x, digits)
    return ("+" if value > 0 else zero if value == 0 else "") + _written(value)


def thousands(n: int) -> str:
    """1234567 → '1 234 567' (no-break spaces)."""
    return _written(Decimal(int(n)))


def whole(n: int) -> str:
    """A bound or count in a sentence, grouped from five digits on as the Language Council allows, so a year
    or a four-digit figure stays one word: 2026 → '2026', 100000 → '100 000' (no-break space)."""
    return thousands(n) if abs(n) >= 10_000 else (MINUS if n < 0 else "") + str(abs(int(n)))


def share(p: float | None, decimals: int = 0, empty: str = EMPTY) -> str:
    """A proportion (0–1) in percent with its sign after a no-break space: 0.4 → '40 %', 0.125 → '13 %'."""
    return empty if _missing(p) else f"{percent(Decimal(str(p)) * 100, decimals)}{NBSP}%"   # 0.145 → 15 %, exactly


def typed(x: float | None, empty: str = EMPTY) -> str:
    """A number quoted back as a person types it (in "fick '…'"): every decimal it has, a decimal comma, no
    grouping and '-' for minus, so a form's value reads as the same cell in a file: -1, 12,25, 1000000."""
    if _missing(x):
        return empty
    return format(Decimal(repr(float(x))).normalize(), "f").replace(".", ",")


MEBIBYTE = 1024 * 1024


def file_size(n_bytes: int) -> str:
    """A file's size: '26,3 MB' from one mebibyte on, else whole kB and at least '1 kB' (no-break space)."""
    if n_bytes >= MEBIBYTE:
        return f"{decimal(n_bytes / MEBIBYTE)}{NBSP}MB"
    return f"{thousands(max(1, int(_rounded(n_bytes / 1024, 0))))}{NBSP}kB"


def kronor(amount: int | None, empty: str = "") -> str:
    """50000 → '50 000 kr', with no-break spaces so the amount never splits; None → `empty`."""
    return empty if amount is None else f"{thousands(amount)}{NBSP}kr"


def date(day: dt.date | None, empty: str = EMPTY) -> str:
    """29 november 2022"""
    return empty if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """tisdag 29 november 2022"""
    return f"{WEEKDAYS[day.weekday()]} {date(day)}"
