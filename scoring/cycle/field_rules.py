"""The rules for every field a person types or imports, defined once for every entry path.

Unit fields are entered through the units form (core: ``registration.save_unit``),
``kvalitet import-units`` and the Import page (``imports.validate_units``). Examiner and
account fields are entered through account creation (``auth.add_user``),
``kvalitet import-examiners`` and the Import page (``imports.validate_examiners``).

Invariants
----------
* Each rule is one frozen object holding its label, limits, allowed characters and
  messages. It has two evaluators built from the same definition: :meth:`check` for one value
  from a form (Python) and :meth:`parse` for a column of file cells (Polars, vectorised).
  Both return the same Swedish message for the same bad value, so a value is refused with
  the same words on every path (tests/unit/test_field_rules.py holds them to it).
* One message per field: blank (when required), then too long, then the format or range rule.
* Only the *format* of a field is checked here. Whether a unit may take part (size, the
  51 % rule, …) is eligibility (scoring.cycle.eligibility): an enskilt driven unit without its share
  of Stockholmers is saved and imported, but not registered without the kansli's reason.
* Pure: no I/O, no streamlit.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import polars as pl

from scoring import swedish

__all__ = [
    "CAPACITY", "DISPLAY_NAME", "EMAIL", "EMPLOYEES", "EXAMINER_NAME", "EXPERIENCE", "HAS_PLAN",
    "MANAGER_BUDGET", "MANAGER_STAFF", "MESSAGES", "OPERATOR", "OPERATOR_TYPES", "ORGANISATION", "PARTICIPATION_TARGET",
    "STOCKHOLM_SHARE", "TRAINING_YEAR", "UNIT_CLASS", "UNIT_ID", "UNIT_NAME", "USERNAME",
    "Choice", "Percent", "Text", "Whole", "norm", "norm_expr", "shown", "shown_expr",
]

MAX_CELL_CHARS = 5_000
SHOWN_CHARS = 60

MESSAGES: dict[str, str] = {
    "required": "{label} måste fyllas i.",
    "too_long": "{label} får vara högst {max} tecken, fick {n}.",
    "integer": "{label} måste vara ett heltal, fick '{v}'.",
    "range": "{label} måste vara mellan {min} och {max}, fick '{v}'.",
    "percent": "{label} måste vara en andel i procent mellan {min} och {max}, fick '{v}'.",
    "choice": "{label} måste vara {choices}, fick '{v}'.",
}

# "12", "1 200", "12,0" / "12.0" (Excel floats) are whole numbers; "1e3", "tolv" are not.
WHOLE_FORMAT = r"^[+-]?\d{1,9}(?:[.,]0*)?$"
# "75", "75 %", "75,5", "75.5%": one number, an optional % sign after it.
PERCENT_FORMAT = r"^(\d{1,3}(?:[.,]\d+)?)\s*%?$"
_SPACES = re.compile(r"[\s\u00a0]")


def norm(value: str) -> str:
    """How choices are compared: lower case, '-' and '_' as spaces, single spaces."""
    return re.sub(r"[\s_\-]+", " ", value).strip().lower()


def norm_expr(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"[\s_\-]+", " ").str.strip_chars()


def shown(value: object) -> str:
    """A value as quoted in a message: numbers the Swedish way, long text cut."""
    if isinstance(value, float):
        text = swedish.typed(value)
    else:
        text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def shown_expr(expr: pl.Expr) -> pl.Expr:
    cut = expr.str.slice(0, SHOWN_CHARS - 1) + pl.lit("…")
    return pl.when(expr.str.len_chars() > SHOWN_CHARS).then(cut).otherwise(expr)


class _Rule:
    """What every rule shares: label, required, length and the message templates."""

    label: str
    required: bool
    max_chars: int
    required_message: str

    def _say(self, key: str, **fields: object) -> str:
        return MESSAGES[key].format(label=self.label, **fields)

    def _blank(self) -> str | None:
        return (self.required_message or self._say("required")) if self.required else None

    def _length(self, text: str) -> str | None:
        return self._say("too_long", max=self.max_chars, n=len(text)) if len(text) > self.max_chars else None

    def _template(self, message: str) -> str:
        """A message with '{v}' (or '{n}') left for pl.format."""
        return message.replace("{v}", "{}").replace("{n}", "{}")

    def _base_expr(self, cell: pl.Expr, invalid: pl.Expr) -> pl.Expr:
        """Blank, then too long, then `invalid` (the rule's own check) — as in :meth:`_base`."""
        blank = self._blank()
        length = cell.str.len_chars()
        too_long = pl.format(self._template(self._say("too_long", max=self.max_chars, n="{n}")),
                             length.cast(pl.String))
        return (pl.when(cell.is_null()).then(pl.lit(blank, pl.String))
                .when(length > self.max_chars).then(too_long).otherwise(invalid))

    def _base(self, value: object) -> tuple[bool, str | None]:
        """(done, message): done when the value is blank or too long."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return True, self._blank()
        if isinstance(value, str):
            too_long = self._length(value.strip())
            if too_long:
                return True, too_long
        return False, None


@dataclass(frozen=True)
class Text(_Rule):
    """Free text: required, at most `max_chars`, optionally only the characters of `pattern`."""

    label: str
    max_chars: int = MAX_CELL_CHARS
    required: bool = True
    pattern: str | None = None          # full match; the same syntax in Python and Polars
    pattern_message: str = ""           # with {label} and {v}
    lower: bool = False                 # case is not meaningful (user names)
    required_message: str = ""

    def clean(self, value: object) -> str:
        text = "" if value is None else str(value).strip()
        return text.lower() if self.lower else text

    def check(self, value: object) -> str | None:
        done, message = self._base(None if value is None else str(value))
        if done:
            return message
        text = self.clean(value)
        if self.pattern and not re.fullmatch(self.pattern, text):
            return self.pattern_message.format(label=self.label, v=shown(text))
        return None

    def parse(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        """(value, message-or-null) for trimmed cells (null when blank)."""
        value = cell.str.to_lowercase() if self.lower else cell
        invalid = pl.lit(None, pl.String)
        if self.pattern:
            bad = ~value.str.contains(f"^(?:{self.pattern})$")
            message = pl.format(self._template(self.pattern_message.format(label=self.label, v="{v}")),
                                shown_expr(value))
            invalid = pl.when(bad).then(message)
        return value, self._base_expr(cell, invalid)


class _Number(_Rule):
    """A number in [low, high]: one check and one parse around the rule's own reading of a value
    (:meth:`_number` for a form's value, :meth:`_number_expr` for file cells; None/null when malformed)."""

    low: float
    high: float

    def _malformed(self, v: str) -> str:
        raise NotImplementedError

    def _out_of_range(self, v: str) -> str:
        raise NotImplementedError

    def _number(self, value: object) -> float | int | None:
        raise NotImplementedError

    def _number_expr(self, cell: pl.Expr) -> pl.Expr:
        raise NotImplementedError

    def value(self, value: object) -> float | int | None:
        """The number a valid value stands for (after :meth:`check` passed)."""
        return None if value is None or value == "" else self._number(value)

    def check(self, value: object) -> str | None:
        done, message = self._base(value)
        if done:
            return message
        number = None if isinstance(value, bool) else self._number(value)
        v = shown(value.strip() if isinstance(value, str) else value)
        if number is None:
            return self._malformed(v)
        if not self.low <= number <= self.high:
            return self._out_of_range(v)
        return None

    def parse(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        number, v = self._number_expr(cell), shown_expr(cell)
        invalid = (pl.when(number.is_null()).then(pl.format(self._template(self._malformed("{v}")), v))
                   .when((number < self.low) | (number > self.high))
                   .then(pl.format(self._template(self._out_of_range("{v}")), v)))
        return number, self._base_expr(cell, invalid)


@dataclass(frozen=True)
class Whole(_Number):
    """A whole number in [low, high]; '1 200' and '12,0' (an Excel float) from files."""

    label: str
    low: int
    high: int
    required: bool = True
    max_chars: int = MAX_CELL_CHARS
    required_message: str = ""

    def _malformed(self, v: str) -> str:
        return self._say("integer", v=v)

    def _out_of_range(self, v: str) -> str:
        return self._say("range", min=swedish.whole(self.low), max=swedish.whole(self.high), v=v)

    def _number(self, value: object) -> int | None:
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else None
        compact = _SPACES.sub("", str(value).strip())
        return int(re.match(r"[+-]?\d+", compact).group()) if re.match(WHOLE_FORMAT, compact) else None

    def _number_expr(self, cell: pl.Expr) -> pl.Expr:
        compact = cell.str.replace_all(r"[\s\u00a0]", "")
        return (pl.when(compact.str.contains(WHOLE_FORMAT))
                .then(compact.str.extract(r"^([+-]?\d+)", 1).cast(pl.Int64, strict=False)))


@dataclass(frozen=True)
class Percent(_Number):
    """A share in percent, 0–100; '75', '75 %' and '75,5' from files."""

    label: str
    low: float = 0
    high: float = 100
    required: bool = False
    max_chars: int = MAX_CELL_CHARS
    required_message: str = ""

    def _malformed(self, v: str) -> str:
        return self._say("percent", min=swedish.number(self.low), max=swedish.number(self.high), v=v)

    _out_of_range = _malformed          # one message: a share in percent between low and high

    def _number(self, value: object) -> float | None:
        if isinstance(value, (int, float)):
            return None if math.isnan(value) else float(value)
        found = re.match(PERCENT_FORMAT, str(value).strip().replace("\u00a0", " "))
        return float(found.group(1).replace(",", ".")) if found else None

    def _number_expr(self, cell: pl.Expr) -> pl.Expr:
        number = cell.str.replace_all("\u00a0", " ", literal=True).str.extract(PERCENT_FORMAT, 1)
        return number.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


@dataclass(frozen=True)
class Choice(_Rule):
    """One of a few values; `spellings` maps every accepted spelling (after :func:`norm`) to it."""

    label: str
    spellings: Mapping[str, object] = field(default_factory=dict)
    spoken: str = ""                    # "kommunal, bolag eller enskilt driven"
    required: bool = True
    max_chars: int = MAX_CELL_CHARS
    required_message: str = ""
    accept_bool: bool = False

    def _bad(self, v: str) -> str:
        return self._say("choice", choices=self.spoken, v=v)

    def value(self, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self.accept_bool and isinstance(value, bool):
            return value
        return self.spellings.get(norm(str(value)))

    def check(self, value: object) -> str | None:
        done, message = self._base(value)
        if done:
            return message
        if self.accept_bool and isinstance(value, bool):
            return None
        if isinstance(value, bool) or norm(str(value)) not in self.spellings:
            return self._bad(shown(value.strip() if isinstance(value, str) else value))
        return None

    def parse(self, cell: pl.Expr, dtype: pl.DataType | None = None) -> tuple[pl.Expr, pl.Expr]:
        kinds = {type(v) for v in self.spellings.values()}
        dtype = dtype or (pl.Boolean() if kinds == {bool} else pl.String())
        value = norm_expr(cell).replace_strict(dict(self.spellings), default=None, return_dtype=dtype)
        invalid = pl.when(value.is_null()).then(pl.format(self._template(self._bad("{v}")), shown_expr(cell)))
        return value, self._base_expr(cell, invalid)


# ---------------------------------------------------------------- the fields

YES_NO: dict[str, bool] = {
    **dict.fromkeys(("ja", "j", "yes", "y", "true", "sant", "1"), True),
    **dict.fromkeys(("nej", "n", "no", "false", "falskt", "0"), False),
}
OPERATOR_TYPES = ("kommunal", "bolag", "enskilt driven")
OPERATOR_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("kommunal", "kommunalt", "kommunal regi", "egen regi"), "kommunal"),
    **dict.fromkeys(("bolag", "kommunalt bolag", "stadens bolag"), "bolag"),
    **dict.fromkeys(("enskilt driven", "enskilt drivet", "enskild", "enskild regi", "entreprenad",
                     "privat", "privat driven", "privat regi"), "enskilt driven"),
}

UNIT_ID = Text("Enhets-id", 64, pattern=r"[A-Za-z0-9][A-Za-z0-9._-]*",
               pattern_message=("{label} får bara innehålla bokstäverna a–z, siffror, punkt, _ och - "
                                "och börja med en bokstav eller siffra, fick '{v}'."))
UNIT_NAME = Text("Enhetens namn", 300)
ORGANISATION = Text("Förvaltning eller bolag", 300)
MANAGER_BUDGET = Choice("Chefens budgetansvar", YES_NO, "ja eller nej", accept_bool=True)
MANAGER_STAFF = Choice("Chefens personalansvar", YES_NO, "ja eller nej", accept_bool=True)
HAS_PLAN = Choice("Verksamhetsplan med mål", YES_NO, "ja eller nej", accept_bool=True)
EMPLOYEES = Whole("Antal anställda", 1, 100_000)
OPERATOR = Choice("Driftform", OPERATOR_SPELLINGS, "kommunal, bolag eller enskilt driven")
STOCKHOLM_SHARE = Percent("Andel stockholmare")
UNIT_CLASS = Text("Tävlingsklass", 300, required=False)
PARTICIPATION_TARGET = Whole("Målet", 0, 1000, required=False)   # units an organisation wants to take part

USERNAME = Text("Användarnamnet", 64, pattern=r"[a-z0-9._-]+", lower=True,
                required_message="Ange ett användarnamn.",
                pattern_message=("{label} får bara innehålla a–z, 0–9, punkt, bindestreck och understreck, "
                                 "fick '{v}'."))
DISPLAY_NAME = Text("Namnet", 200, required=False)       # an account without one shows its user name
EXAMINER_NAME = replace(DISPLAY_NAME, required=True)       # the roster needs the examiner's name
TRAINING_YEAR = Whole("Utbildningsår", 2000, 2100)
CAPACITY = Whole("Kapacitet", 1, 50)
EXPERIENCE = Text("Erfarenhet av klasser", required=False)
EMAIL = Text("E-postadressen", 254, required=False, pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+",
             pattern_message="'{v}' ser inte ut som en e-postadress.")
