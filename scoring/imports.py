"""Validation of the kansli's import files (units, examiners). Pure: frame in, result out.

The database write is done elsewhere, all-or-nothing: ``ImportResult.rows`` is
only non-empty when ``errors`` is empty.

Invariants
----------
* Input is a frame as produced by :func:`scoring.tabular.read_table`: frame
  row ``i`` is spreadsheet row ``i + 2`` (header is row 1). Every
  ``RowError.row_number`` uses that spreadsheet numbering; header/file-level
  problems are reported on row 1 with ``column=None``.
* Validation is vectorised: every check is a Polars expression producing a
  message (or null) per cell; only the failing cells become Python objects.
* Rows whose recognised cells are all blank are skipped (not errors), so the
  admin's empty spacer rows do not block an import.
* Every user-facing text is in :data:`MESSAGES` (Swedish).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import polars as pl

__all__ = [
    "EXAMINER_COLUMNS",
    "EXAMINER_SCHEMA",
    "MAX_CELL_CHARS",
    "MAX_REPORTED_ERRORS",
    "MESSAGES",
    "UNIT_COLUMNS",
    "UNIT_SCHEMA",
    "ImportResult",
    "RowError",
    "preview",
    "validate_examiners",
    "validate_units",
]

MAX_CELL_CHARS = 5_000
MAX_ID_CHARS = 64
# Beyond this the admin cannot act on the list anyway; the total goes to notices.
MAX_REPORTED_ERRORS = 1_000
HEADER_ROW = 1
FIRST_DATA_ROW = 2
_SHOWN_VALUE_CHARS = 60

DRIFTFORM_KOMMUNAL = "kommunal"
DRIFTFORM_BOLAG = "bolag"
DRIFTFORM_ENSKILT = "enskilt driven"

MESSAGES: dict[str, str] = {
    "missing_one": "Kolumnen '{cols}' saknas.",
    "missing_many": "Kolumnerna {cols} saknas.",
    "wrong_file_hint": " Kontrollera att det är rätt fil och att rubrikerna står på första raden.",
    "ambiguous": "Kolumnerna {cols} betyder samma sak ('{col}'). Behåll bara en av dem.",
    "unknown_column": "Kolumnen '{col}' känns inte igen och läses inte in.",
    "no_rows": "Filen har rubriker men inga rader.",
    "classes_unchecked": "Tävlingsklasserna i '{col}' har inte kontrollerats eftersom ingen omgång är vald.",
    "too_many_errors": "Visar de första {shown} felen av {total}.",
    "required": "{col} måste fyllas i.",
    "too_long": "{col} är för lång: {v} tecken (högst {max}).",
    "integer": "{col} måste vara ett heltal, fick '{v}'",
    "at_least": "{col} måste vara minst {min}, fick '{v}'",
    "between": "{col} måste vara mellan {min} och {max}, fick '{v}'",
    "year": "{col} måste vara ett årtal mellan {min} och {max}, fick '{v}'",
    "yes_no": "{col} måste vara ja eller nej, fick '{v}'",
    "driftform": "{col} måste vara kommunal, bolag eller enskilt driven, fick '{v}'",
    "percent": "{col} måste vara en andel i procent mellan 0 och 100, fick '{v}'",
    "percent_required": "{col} måste fyllas i för enskilt drivna enheter (minst 51 % krävs).",
    "organisation": "okänd förvaltning eller bolag: '{v}'",
    "class": "okänd tävlingsklass: '{v}'",
    "username": "{col} får bara innehålla a–z, 0–9, punkt, understreck och bindestreck, fick '{v}'",
    "email": "{col} ser inte ut som en e-postadress: '{v}'",
    "duplicate": "{col} '{v}' förekommer redan på rad {v}.",
    "row_label": "Rad {row}",
}

# Accepted spellings, compared after _norm_text (lower case, single spaces).
_YES_NO: dict[str, bool] = {
    **dict.fromkeys(("ja", "j", "yes", "y", "true", "sant", "1"), True),
    **dict.fromkeys(("nej", "n", "no", "false", "falskt", "0"), False),
}
_DRIFTFORM: dict[str, str] = {
    **dict.fromkeys(("kommunal", "kommunalt", "kommunal regi", "egen regi"), DRIFTFORM_KOMMUNAL),
    **dict.fromkeys(("bolag", "kommunalt bolag", "stadens bolag"), DRIFTFORM_BOLAG),
    **dict.fromkeys(
        ("enskilt driven", "enskilt drivet", "enskild", "enskild regi", "entreprenad",
         "privat", "privat driven", "privat regi"),
        DRIFTFORM_ENSKILT,
    ),
}

_Parser = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]


@dataclass(frozen=True)
class RowError:
    """One problem, located as the admin sees it (header = row 1)."""

    row_number: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = MESSAGES["row_label"].format(row=self.row_number)
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    """``rows`` is typed and complete only when ``errors`` is empty (else 0 rows, same schema)."""

    rows: pl.DataFrame
    errors: tuple[RowError, ...]
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_frame(self) -> pl.DataFrame:
        """The errors as a table for the UI (rad, kolumn, fel)."""
        return pl.DataFrame(
            {
                "rad": [e.row_number for e in self.errors],
                "kolumn": [e.column for e in self.errors],
                "fel": [e.message for e in self.errors],
            },
            schema={"rad": pl.Int64, "kolumn": pl.String, "fel": pl.String},
        )


@dataclass(frozen=True)
class _Column:
    name: str
    synonyms: tuple[str, ...] = ()
    required_column: bool = True
    required_value: bool = True
    max_chars: int = MAX_CELL_CHARS


_UNIT_SPECS: tuple[_Column, ...] = (
    _Column("enhets_id", ("enhetsid", "enhet_id", "id"), max_chars=MAX_ID_CHARS),
    _Column("namn", ("enhet", "enhetsnamn", "enhetens_namn")),
    _Column("organisation", ("forvaltning", "forvaltning_bolag", "forvaltning_eller_bolag", "bolag")),
    _Column("chef_budgetansvar", ("budgetansvar",)),
    _Column("chef_personalansvar", ("personalansvar",)),
    _Column("verksamhetsplan_med_mal", ("verksamhetsplan", "verksamhetsplan_mal")),
    _Column("antal_anstallda", ("anstallda", "antal_medarbetare", "medarbetare")),
    _Column("driftform", ("driftsform", "regiform")),
    # Required only for enskilt drivna units (the 51 % rule); see _unit_rules.
    _Column("andel_stockholmare", ("stockholmare", "andel_stockholmare_procent"), required_value=False),
    _Column("tavlingsklass", ("klass",), required_column=False, required_value=False),
)
_EXAMINER_SPECS: tuple[_Column, ...] = (
    _Column("anvandarnamn", ("anvandare", "anvandarid", "anvandar_id"), max_chars=MAX_ID_CHARS),
    _Column("namn", ("examinator", "fullstandigt_namn")),
    _Column("organisation", ("forvaltning", "forvaltning_bolag", "forvaltning_eller_bolag", "bolag")),
    _Column("utbildningsar", ("utbildad_ar", "ar_utbildad", "utbildad")),
    _Column("kapacitet", ("max_enheter", "antal_enheter")),
    _Column("erfarenhet_klasser", ("erfarenhet", "klasser"), required_column=False, required_value=False),
    _Column("e_post", ("epost", "email", "e_mail", "mejl", "mail"), required_column=False, required_value=False),
)

UNIT_COLUMNS: tuple[str, ...] = tuple(c.name for c in _UNIT_SPECS)
EXAMINER_COLUMNS: tuple[str, ...] = tuple(c.name for c in _EXAMINER_SPECS)
UNIT_SCHEMA: dict[str, pl.DataType] = {
    "rad": pl.Int64(), "enhets_id": pl.String(), "namn": pl.String(), "organisation": pl.String(),
    "chef_budgetansvar": pl.Boolean(), "chef_personalansvar": pl.Boolean(),
    "verksamhetsplan_med_mal": pl.Boolean(), "antal_anstallda": pl.Int64(), "driftform": pl.String(),
    "andel_stockholmare": pl.Float64(), "tavlingsklass": pl.String(),
}
EXAMINER_SCHEMA: dict[str, pl.DataType] = {
    "rad": pl.Int64(), "anvandarnamn": pl.String(), "namn": pl.String(), "organisation": pl.String(),
    "utbildningsar": pl.Int64(), "kapacitet": pl.Int64(), "erfarenhet_klasser": pl.List(pl.String()),
    "e_post": pl.String(),
}


# ---------------------------------------------------------------- helpers

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _norm_header(header: str) -> str:
    """'Antal anställda ' / 'ANTAL_ANSTÄLLDA' / 'E-post' -> 'antal_anstallda' / 'e_post'."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower().translate(_FOLD)).strip("_")


def _norm_py(value: str) -> str:
    """Python twin of _norm_text, for building lookup tables."""
    return re.sub(r"\s+", " ", value.replace("-", " ").replace("_", " ")).strip().lower()


def _norm_text(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"[\s_\-]+", " ").str.strip_chars()


def _shown(expr: pl.Expr) -> pl.Expr:
    """A cell as quoted in a message: long values are cut so messages stay readable."""
    cut = expr.str.slice(0, _SHOWN_VALUE_CHARS - 1) + pl.lit("…")
    return pl.when(expr.str.len_chars() > _SHOWN_VALUE_CHARS).then(cut).otherwise(expr)


def _msg(key: str, col: str, *values: pl.Expr, **fields: object) -> pl.Expr:
    """MESSAGES[key] as an expression; each '{v}' takes the next of ``values``."""
    template = MESSAGES[key].format(col=col, v="{}", **fields)
    return pl.format(template, *values) if values else pl.lit(template)


def _lookup(expr: pl.Expr, table: Mapping[str, object], dtype: pl.DataType) -> pl.Expr:
    return _norm_text(expr).replace_strict(dict(table), default=None, return_dtype=dtype)


def _empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


def _thousands(n: int) -> str:
    """Swedish digit grouping: 100000 -> '100 000'."""
    return f"{n:,}".replace(",", " ")


def _quote_list(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " och " + quoted[-1]


# ---------------------------------------------------------------- parsers
# Each parser gets the trimmed cell (null when blank) and returns
# (typed value, message-or-null). Blank cells are handled by the caller.


def _text(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    return cell, pl.lit(None, pl.String)


def _integer(col: str, low: int, high: int | None, *, year: bool = False) -> _Parser:
    """Whole number in [low, high] (high None = no upper bound); year=True words it as a year."""
    bad_format = "year" if year else "integer"
    bad_range = "year" if year else ("at_least" if high is None else "between")

    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        compact = cell.str.replace_all(r"[\s\u00a0]", "")
        # "12", "1 200", "12,0" / "12.0" (Excel floats) are integers; "1e3", "tolv" are not.
        well_formed = compact.str.contains(r"^[+-]?\d{1,9}(?:[.,]0*)?$")
        value = compact.str.extract(r"^([+-]?\d+)", 1).cast(pl.Int64, strict=False)
        out_of_range = (value < low) if high is None else ((value < low) | (value > high))
        error = (
            pl.when(~well_formed).then(_msg(bad_format, col, _shown(cell), min=low, max=high))
            .when(out_of_range).then(_msg(bad_range, col, _shown(cell), min=low, max=high))
        )
        return value, error

    return parse


def _choice(col: str, table: Mapping[str, object], dtype: pl.DataType, key: str) -> _Parser:
    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        value = _lookup(cell, table, dtype)
        return value, pl.when(value.is_null()).then(_msg(key, col, _shown(cell)))

    return parse


def _percent(col: str) -> _Parser:
    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        # "75", "75 %", "75,5", "75.5%": an optional % sign after one number.
        number = cell.str.replace_all("\u00a0", " ", literal=True).str.extract(
            r"^(\d{1,3}(?:[.,]\d+)?)\s*%?$", 1
        )
        value = number.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        valid = value.is_not_null() & (value <= 100)
        return value, pl.when(~valid).then(_msg("percent", col, _shown(cell)))

    return parse


def _username(col: str) -> _Parser:
    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        value = cell.str.to_lowercase()  # case is not meaningful in a login name
        valid = value.str.contains(r"^[a-z0-9._-]+$")
        return value, pl.when(~valid).then(_msg("username", col, _shown(cell)))

    return parse


def _email(col: str) -> _Parser:
    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        valid = cell.str.contains(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
        return cell, pl.when(~valid).then(_msg("email", col, _shown(cell)))

    return parse


def _class_table(class_codes: Mapping[str, str]) -> dict[str, str]:
    """Code or name (any case) -> code; codes win over a clashing name."""
    table = {_norm_py(name): code for code, name in class_codes.items()}
    table.update({_norm_py(code): code for code in class_codes})
    return table


def _class_single(col: str, class_codes: Mapping[str, str] | None) -> _Parser:
    if class_codes is None:  # no cycle chosen: keep as written (a notice says so)
        return _text
    return _choice(col, _class_table(class_codes), pl.String(), "class")


def _class_list(col: str, class_codes: Mapping[str, str] | None) -> _Parser:
    def parse(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        items = cell.str.replace_all(";", ",", literal=True).str.split(",").list.eval(
            pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")
        )
        if class_codes is None:
            return items.list.unique(maintain_order=True), pl.lit(None, pl.String)
        table = _class_table(class_codes)
        mapped = items.list.eval(_lookup(pl.element(), table, pl.String()))
        unknown = items.list.eval(
            pl.element().filter(_lookup(pl.element(), table, pl.String()).is_null())
        ).list.join("', '")
        error = pl.when(unknown != "").then(_msg("class", col, _shown(unknown)))
        return mapped.list.unique(maintain_order=True), error

    return parse


# ---------------------------------------------------------------- engine


def _map_headers(
    columns: list[str], specs: tuple[_Column, ...]
) -> tuple[dict[str, str], list[RowError], list[str]]:
    """Actual header -> canonical name; file-level errors; notices for ignored columns."""
    lookup = {_norm_header(s): spec.name for spec in specs for s in (spec.name, *spec.synonyms)}
    found: dict[str, list[str]] = {}
    notices: list[str] = []
    for header in columns:
        canonical = lookup.get(_norm_header(header))
        if canonical is None:
            notices.append(MESSAGES["unknown_column"].format(col=header))
        else:
            found.setdefault(canonical, []).append(header)
    errors = [
        RowError(HEADER_ROW, None, MESSAGES["ambiguous"].format(cols=_quote_list(hs), col=name))
        for name, hs in found.items() if len(hs) > 1
    ]
    missing = [s.name for s in specs if s.required_column and s.name not in found]
    if missing:
        key = "missing_one" if len(missing) == 1 else "missing_many"
        cols = missing[0] if len(missing) == 1 else _quote_list(missing)
        text = MESSAGES[key].format(cols=cols)
        if len(missing) * 2 > sum(s.required_column for s in specs):  # most missing: wrong file?
            text += MESSAGES["wrong_file_hint"]
        errors.insert(0, RowError(HEADER_ROW, None, text))
    return {hs[0]: name for name, hs in found.items()}, errors, notices


def _prepare(df: pl.DataFrame, header_map: dict[str, str], specs: tuple[_Column, ...]) -> pl.DataFrame:
    """Canonical columns, trimmed, blank -> null, with spreadsheet row number 'rad';
    blank rows dropped only now, after numbering."""
    cells = [
        pl.col(actual).cast(pl.String).str.strip_chars().replace("", None).alias(canonical)
        for actual, canonical in header_map.items()
    ]
    absent = [pl.lit(None, pl.String).alias(s.name) for s in specs if s.name not in header_map.values()]
    rad = pl.int_range(FIRST_DATA_ROW, df.height + FIRST_DATA_ROW, dtype=pl.Int64).alias("rad")
    work = df.select(rad, *cells, *absent)
    present = list(header_map.values())
    return work.filter(pl.any_horizontal(pl.col(present).is_not_null())) if present else work.clear()


def _cell_stage(
    specs: tuple[_Column, ...], parsers: Mapping[str, _Parser]
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Typed value and error expression per column (required / too long / parser)."""
    values, errors = [], []
    for spec in specs:
        cell = pl.col(spec.name)
        value, invalid = parsers.get(spec.name, _text)(cell)
        length = cell.str.len_chars()
        blank = _msg("required", spec.name) if spec.required_value else pl.lit(None, pl.String)
        error = pl.when(cell.is_null()).then(blank)
        error = error.when(length > spec.max_chars).then(
            _msg("too_long", spec.name, length.cast(pl.String), max=spec.max_chars)
        ).otherwise(invalid)
        values.append(value.alias(spec.name))
        errors.append(error.cast(pl.String).alias(f"__fel__{spec.name}"))
    return values, errors


def _duplicates(col: str) -> pl.Expr:
    """Error on every repeat of a key (case-insensitive), naming the first row with it."""
    key = pl.col(col).str.to_lowercase()
    first = pl.col("rad").min().over(key)
    is_repeat = key.is_not_null() & (pl.col("rad") != first) & pl.col(f"__fel__{col}").is_null()
    message = _msg("duplicate", col, _shown(pl.col(col)), first.cast(pl.String))
    return pl.when(is_repeat).then(message).otherwise(pl.col(f"__fel__{col}")).alias(f"__fel__{col}")


def _collect_errors(
    checked: pl.DataFrame, specs: tuple[_Column, ...]
) -> tuple[list[RowError], list[str]]:
    error_cols = [f"__fel__{s.name}" for s in specs]
    long = (
        checked.select("rad", *error_cols)
        .unpivot(index="rad", variable_name="kolumn", value_name="fel")
        .drop_nulls("fel")
        .sort("rad", maintain_order=True)  # stable: keeps column order within a row
    )
    total = long.height
    shown = long.head(MAX_REPORTED_ERRORS)
    errors = [
        RowError(row, col.removeprefix("__fel__"), message)
        for row, col, message in shown.iter_rows()
    ]
    notices = [] if total <= MAX_REPORTED_ERRORS else [
        MESSAGES["too_many_errors"].format(shown=_thousands(MAX_REPORTED_ERRORS), total=_thousands(total))
    ]
    return errors, notices


def _validate(
    df: pl.DataFrame,
    specs: tuple[_Column, ...],
    parsers: Mapping[str, _Parser],
    rules: Callable[[], list[pl.Expr]],
    schema: Mapping[str, pl.DataType],
) -> ImportResult:
    header_map, file_errors, notices = _map_headers(list(df.columns), specs)
    if file_errors:
        return ImportResult(_empty(schema), tuple(file_errors), tuple(notices))
    work = _prepare(df, header_map, specs)
    if work.height == 0:
        no_rows = RowError(HEADER_ROW, None, MESSAGES["no_rows"])
        return ImportResult(_empty(schema), (no_rows,), tuple(notices))
    values, cell_errors = _cell_stage(specs, parsers)
    # One lazy query: Polars shares the common sub-expressions of values and
    # messages (about twice as fast as two eager steps on 100 000 rows).
    checked = work.lazy().with_columns(*values, *cell_errors).with_columns(rules()).collect()
    errors, more_notices = _collect_errors(checked, specs)
    if errors:
        return ImportResult(_empty(schema), tuple(errors), tuple(notices + more_notices))
    rows = checked.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
    return ImportResult(rows, (), tuple(notices))


def _class_notice(
    df: pl.DataFrame, col: str, specs: tuple[_Column, ...], class_codes: object
) -> list[str]:
    """Say so when class names were kept unchecked (no cycle chosen)."""
    if class_codes is not None or col not in _map_headers(list(df.columns), specs)[0].values():
        return []
    return [MESSAGES["classes_unchecked"].format(col=col)]


def _with_notices(result: ImportResult, extra: list[str]) -> ImportResult:
    return ImportResult(result.rows, result.errors, result.notices + tuple(extra)) if extra else result


# ---------------------------------------------------------------- public


def validate_units(
    df: pl.DataFrame,
    organisations: Collection[str],
    class_codes: Mapping[str, str] | None = None,
) -> ImportResult:
    """Validate a units file. ``class_codes`` maps code -> name for the cycle;
    None means no cycle is chosen and 'tavlingsklass' is kept as written."""
    org_table = {_norm_py(o): o for o in organisations}
    parsers: dict[str, _Parser] = {
        "organisation": _choice("organisation", org_table, pl.String(), "organisation"),
        "chef_budgetansvar": _choice("chef_budgetansvar", _YES_NO, pl.Boolean(), "yes_no"),
        "chef_personalansvar": _choice("chef_personalansvar", _YES_NO, pl.Boolean(), "yes_no"),
        "verksamhetsplan_med_mal": _choice("verksamhetsplan_med_mal", _YES_NO, pl.Boolean(), "yes_no"),
        "antal_anstallda": _integer("antal_anstallda", 1, None),
        "driftform": _choice("driftform", _DRIFTFORM, pl.String(), "driftform"),
        "andel_stockholmare": _percent("andel_stockholmare"),
        "tavlingsklass": _class_single("tavlingsklass", class_codes),
    }
    result = _validate(df, _UNIT_SPECS, parsers, _unit_rules, UNIT_SCHEMA)
    return _with_notices(result, _class_notice(df, "tavlingsklass", _UNIT_SPECS, class_codes))


def _unit_rules() -> list[pl.Expr]:
    col = "andel_stockholmare"
    needs_share = (pl.col("driftform") == DRIFTFORM_ENSKILT) & pl.col(col).is_null()
    share = pl.when(needs_share & pl.col(f"__fel__{col}").is_null()).then(
        _msg("percent_required", col)
    ).otherwise(pl.col(f"__fel__{col}")).alias(f"__fel__{col}")
    return [_duplicates("enhets_id"), share]


def validate_examiners(
    df: pl.DataFrame,
    organisations: Collection[str],
    class_codes: Mapping[str, str] | None = None,
) -> ImportResult:
    """Validate an examiners file; 'erfarenhet_klasser' becomes a list of class codes."""
    org_table = {_norm_py(o): o for o in organisations}
    parsers: dict[str, _Parser] = {
        "anvandarnamn": _username("anvandarnamn"),
        "organisation": _choice("organisation", org_table, pl.String(), "organisation"),
        "utbildningsar": _integer("utbildningsar", 2000, 2100, year=True),
        "kapacitet": _integer("kapacitet", 1, 50),
        "erfarenhet_klasser": _class_list("erfarenhet_klasser", class_codes),
        "e_post": _email("e_post"),
    }
    rules = lambda: [_duplicates("anvandarnamn")]  # noqa: E731
    result = _validate(df, _EXAMINER_SPECS, parsers, rules, EXAMINER_SCHEMA)
    result = _fill_empty_lists(result)
    return _with_notices(result, _class_notice(df, "erfarenhet_klasser", _EXAMINER_SPECS, class_codes))


def _fill_empty_lists(result: ImportResult) -> ImportResult:
    """A blank 'erfarenhet_klasser' means no experience yet: [] rather than null."""
    if not result.ok:
        return result
    rows = result.rows.with_columns(pl.col("erfarenhet_klasser").fill_null(pl.lit([], pl.List(pl.String))))
    return ImportResult(rows, result.errors, result.notices)


def preview(df: pl.DataFrame, n: int = 20, max_chars: int = 200) -> pl.DataFrame:
    """First ``n`` rows with their spreadsheet row number ('rad'), long cells cut, for the UI."""
    head = df.head(n).cast(pl.String)
    cut = [
        pl.when(pl.col(c).str.len_chars() > max_chars)
        .then(pl.col(c).str.slice(0, max_chars - 1) + pl.lit("…"))
        .otherwise(pl.col(c)).alias(c)
        for c in head.columns
    ]
    rad = pl.int_range(FIRST_DATA_ROW, head.height + FIRST_DATA_ROW, dtype=pl.Int64).alias("rad")
    return head.select(rad, *cut) if "rad" not in head.columns else head.select(cut)
