"""Pure tabular I/O for the kansli's Excel/CSV files: bytes in, frames out, and back.

Invariants
----------
* ``read_table`` returns a frame whose columns are all ``pl.String`` and whose
  header names are trimmed and unique. Row ``i`` of the frame (0-based) is row
  ``i + 2`` of the spreadsheet the admin sees (header is row 1): blank lines
  in the middle of the file are kept as all-null rows so that the numbering
  never drifts; only trailing blank rows are dropped.
* Every failure to read raises :class:`TableError` with a Swedish message that
  names the file; nothing else escapes (the UI shows ``str(error)`` as is).
* Everything we export passes through :func:`neutralise`, so a cell can never
  be run as a formula by Excel/LibreOffice (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePath

import polars as pl
import xlsxwriter

from scoring import swedish

__all__ = [
    "MAX_BYTES",
    "MESSAGES",
    "TableError",
    "neutralise",
    "read_table",
    "sanitise_sheet_names",
    "to_csv",
    "to_csv_zip",
    "to_xlsx",
]

MAX_BYTES = 20 * 1024 * 1024
# An .xlsx is a zip: cap what it may inflate to, so a 20 MB "zip bomb" cannot
# exhaust memory inside calamine.
MAX_XLSX_INFLATED = 400 * 1024 * 1024
# Share of control characters (other than tab/CR/LF) above which decoded text
# is treated as binary junk rather than a CSV.
_MAX_CONTROL_SHARE = 0.01

MESSAGES: dict[str, str] = {
    "wrong_type": "Filen '{name}' är varken CSV eller Excel (.xlsx).",
    "old_xls": (
        "Filen '{name}' är i det gamla Excel-formatet (.xls). "
        "Spara om den som Excel-arbetsbok (.xlsx) eller CSV och försök igen."
    ),
    "too_big": "Filen '{name}' är för stor ({size}). Största tillåtna storlek är 20 MB.",
    "empty": "Filen '{name}' är tom.",
    "header_only": "Filen '{name}' har rubriker men inga rader.",
    "unreadable": "Filen '{name}' kunde inte läsas: {reason}",
    "binary": "den innehåller binärdata och verkar inte vara en textfil.",
    "zip_as_csv": "den ser ut att vara en Excel-fil. Byt filändelse till .xlsx.",
    "encoding": "teckenkodningen känns inte igen (spara som CSV UTF-8).",
    "ragged": "rad {row} har {got} fält men rubrikraden har {want}.",
    "bad_csv": "filen är inte korrekt CSV ({detail}).",
    "corrupt_xlsx": "filen är skadad eller är inte en riktig Excel-arbetsbok (.xlsx).",
    "xlsx_too_big": "arbetsboken är för stor när den packas upp.",
    "no_sheet": "arbetsboken saknar kalkylblad.",
    "header_not_first": "rad 1 är tom. Rubrikerna (kolumnnamnen) ska stå på första raden.",
    "duplicate_header": "kolumnen '{col}' förekommer mer än en gång i rubrikraden.",
}

# "General" shows 75.5 as 75,5 in Swedish Excel and a year as 2019 (Polars'
# default "#,##0.000" would show "2 019,000").
_NUMBER_FORMATS = {
    dtype: "General"
    for dtype in (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64,
                  pl.Float32, pl.Float64)
}
_CSV_SUFFIXES = frozenset({".csv", ".txt"})
_SEPARATORS = (";", ",", "\t")
# OWASP: cells starting with these are interpreted as formulas by spreadsheets.
_FORMULA_PREFIX = r"^[=+\-@\t\r]"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


class TableError(ValueError):
    """A file could not be read as a table; ``str(err)`` is the Swedish message."""


def _fail(key: str, name: str, **kw: object) -> TableError:
    return TableError(MESSAGES[key].format(name=name, **kw))


def _unreadable(name: str, reason_key: str, **kw: object) -> TableError:
    return TableError(MESSAGES["unreadable"].format(name=name, reason=MESSAGES[reason_key].format(**kw)))


# ---------------------------------------------------------------- reading


def read_table(data: bytes, filename: str) -> pl.DataFrame:
    """Read an uploaded CSV/TXT/XLSX file into an all-string frame (see module invariants)."""
    name = PurePath(filename or "").name or "(namnlös)"
    suffix = PurePath(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise _fail("too_big", name, size=swedish.file_size(len(data)))
    if suffix == ".xls":
        raise _fail("old_xls", name)
    if suffix not in _CSV_SUFFIXES and suffix != ".xlsx":
        raise _fail("wrong_type", name)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _fail("empty", name)
    df = _read_xlsx(data, name) if suffix == ".xlsx" else _read_csv(data, name)
    return _finish(df, name)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not) first; UTF-16 if it has a BOM (Excel "Unicode text"); else cp1252."""
    if data.startswith(b"PK\x03\x04"):
        raise _unreadable(name, "zip_as_csv")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        raise _unreadable(name, "binary")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:  # cp1252 leaves 5 bytes undefined
                raise _unreadable(name, "encoding") from None
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise _unreadable(name, "binary")
    return text


def _sniff_separator(text: str) -> tuple[str, str]:
    """Return (separator, text); honours Excel's optional first line ``sep=;``."""
    first, _, rest = text.partition("\n")
    hint = first.strip()
    if hint.lower().startswith("sep=") and len(hint) == 5:
        return hint[4], rest
    # Count outside quotes in the header line only: headers are short names,
    # so the true separator dominates there (data cells may contain commas).
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {sep: unquoted.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])  # ties keep ';' (Swedish Excel)
    return best, text


def _read_csv(data: bytes, name: str) -> pl.DataFrame:
    sep, text = _sniff_separator(_decode(data, name))
    if not text.partition("\n")[0].strip():  # data.strip() was non-empty, so more follows
        raise _unreadable(name, "header_not_first")
    try:
        # has_header=False: we take the header ourselves so that duplicate
        # names are reported instead of silently renamed by Polars.
        return pl.read_csv(
            text.encode("utf-8"), separator=sep, has_header=False, infer_schema=False,
            quote_char='"', raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise _explain_csv_error(text, sep, name, exc) from None


def _explain_csv_error(text: str, sep: str, name: str, exc: Exception) -> TableError:
    """Polars' messages are English and row-less; re-scan (slow path, errors only) for the row."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = next(rows, [])
    for number, row in enumerate(rows, start=2):
        if len(row) > len(header):
            return _unreadable(name, "ragged", row=number, got=len(row), want=len(header))
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _unreadable(name, "bad_csv", detail=detail)


def _read_xlsx(data: bytes, name: str) -> pl.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _unreadable(name, "corrupt_xlsx") from None
    if inflated > MAX_XLSX_INFLATED:
        raise _unreadable(name, "xlsx_too_big")
    try:
        # has_header=False + drop_empty_rows=False keep spreadsheet row numbers exact.
        df = pl.read_excel(
            data, sheet_id=1, engine="calamine", has_header=False, infer_schema_length=0,
            drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False,
            read_options={"skip_rows": 0},  # keep leading blank rows: row numbers stay exact
        )
    except Exception:  # calamine raises its own (non-Polars) exception types
        raise _unreadable(name, "corrupt_xlsx") from None
    return df.cast(pl.String)


def _finish(raw: pl.DataFrame, name: str) -> pl.DataFrame:
    """Promote row 0 to header, drop unnamed empty columns and trailing blank rows."""
    if raw.height == 0 or raw.width == 0:
        raise _fail("empty", name)
    header = [(v or "").strip().lstrip("\ufeff").strip() for v in raw.row(0)]
    if not any(header):
        # Accepting a header further down would break "frame row i = sheet row i+2".
        raise _unreadable(name, "header_not_first")
    body = raw.slice(1)
    keep = [i for i, h in enumerate(header) if h or body.get_column(raw.columns[i]).is_not_null().any()]
    if not keep:  # only separators / blank cells
        raise _fail("empty", name)
    names = [header[i] or f"kolumn_{i + 1}" for i in keep]
    seen: set[str] = set()
    for col in names:
        if col in seen:
            raise _unreadable(name, "duplicate_header", col=col)
        seen.add(col)
    body = body.select(pl.col(raw.columns[i]).alias(new) for i, new in zip(keep, names))
    # '' and null mean the same in a spreadsheet; one spelling downstream.
    body = _drop_trailing_blank(body.with_columns(pl.all().replace("", None)))
    if body.height == 0:
        raise _fail("header_only", name)
    return body


def _drop_trailing_blank(df: pl.DataFrame) -> pl.DataFrame:
    blank = pl.all_horizontal(pl.all().is_null() | (pl.all().str.strip_chars() == ""))
    flags = df.select(blank.alias("b")).get_column("b")
    filled = (~flags).arg_true()
    return df.head(int(filled[-1]) + 1 if filled.len() else 0)


# ---------------------------------------------------------------- writing


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to string cells (and headers) starting with = + - @ TAB CR.

    Only string columns are touched: real numbers are not formulas, and
    changing them would make the export less useful.
    """
    fix = pl.when(pl.col(pl.String).str.contains(_FORMULA_PREFIX)).then(
        pl.lit("'") + pl.col(pl.String)
    ).otherwise(pl.col(pl.String))
    out = df.with_columns(fix.name.keep())
    renames = {c: f"'{c}" for c in out.columns if re.match(_FORMULA_PREFIX, c)}
    return out.rename(renames) if renames else out


def _flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Scalar text cells for CSV/Excel: lists become ', '-joined text, categories
    plain text, other nested values their Python text."""
    exprs = []
    for col, dtype in df.schema.items():
        if isinstance(dtype, (pl.List, pl.Array)):
            exprs.append(pl.col(col).cast(pl.List(pl.String)).list.join(", "))
        elif isinstance(dtype, (pl.Categorical, pl.Enum)):
            exprs.append(pl.col(col).cast(pl.String))  # so neutralise sees the text
        elif isinstance(dtype, (pl.Struct, pl.Object)):
            exprs.append(pl.col(col).map_elements(str, return_dtype=pl.String))
    return df.with_columns(exprs) if exprs else df


def _prepare(df: pl.DataFrame) -> pl.DataFrame:
    return neutralise(_flatten(df))


def sanitise_sheet_names(names: list[str]) -> list[str]:
    """Excel rules: ≤31 chars, none of []:*?/\\, not empty, no leading/trailing
    apostrophe, not 'History', unique case-insensitively."""
    result: list[str] = []
    taken: set[str] = set()
    for raw in names:
        base = _SHEET_FORBIDDEN.sub("_", str(raw)).strip().strip("'").strip()[:31] or "Blad"
        if base.lower() == "history":
            base = "History_"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)].rstrip().rstrip("'") + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def to_xlsx(sheets: Mapping[str, pl.DataFrame], *, autofit: bool = True,
            titles: Mapping[str, str] | None = None) -> bytes:
    """One worksheet per entry (order kept), bold header, fitted columns, frozen header row.

    titles: sheet key -> a heading written as text in cell A1 (e.g. a class's full name,
    which a sheet name cannot hold); that sheet's table then starts on row 3.

    autofit=True measures every cell (xlsxwriter's autofit: exact, but about as
    slow as writing the cells). autofit=False sets each column's width from its
    longest text, computed in Polars in one pass: for big exports (tens of
    thousands of rows) where the difference of a few pixels does not matter.
    """
    buffer = io.BytesIO()
    # The string_to_* options off: xlsxwriter must write text as text, never
    # turning "=..." into a formula or "http..." into a link (belt and braces
    # on top of neutralise).
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        frames = list(sheets.values()) or [pl.DataFrame()]
        names = sanitise_sheet_names(list(sheets.keys()) or ["Blad1"])
        for key, sheet_name, frame in zip(list(sheets.keys()) or [None], names, frames):
            frame = _prepare(frame)
            title = (titles or {}).get(key)
            if frame.width == 0 or title:
                sheet = workbook.add_worksheet(sheet_name)
                if title:
                    sheet.write_string(0, 0, title, workbook.add_format({"bold": True, "font_size": 12}))
                if frame.width == 0:
                    continue
            sizing = {"autofit": True} if autofit else {"column_widths": _column_widths(frame)}
            frame.write_excel(
                workbook, sheet if title else sheet_name, header_format={"bold": True},
                position=(2, 0) if title else (0, 0), freeze_panes=(3, 0) if title else (1, 0),
                dtype_formats=_NUMBER_FORMATS, **sizing,
            )
    return buffer.getvalue()


_PX_PER_CHAR, _PX_PADDING, _PX_FILTER_BUTTON, _PX_MAX = 7, 7, 16, 1790


def _column_widths(frame: pl.DataFrame) -> dict[str, int]:
    """Pixel widths like xlsxwriter's autofit, from character counts (one vectorised pass):
    the longest cell's text or the header with its filter button, 7 px padding, at most
    Excel's 1790 px."""
    shown = {pl.Date: 10, pl.Datetime: 19, pl.Time: 8}  # Polars' default Excel formats
    longest = frame.select(
        pl.lit(shown[dtype.base_type()]).alias(col) if dtype.base_type() in shown
        else pl.col(col).cast(pl.String).str.len_chars().max()
        for col, dtype in frame.schema.items()).row(0)
    return {col: min(max(_PX_PER_CHAR * (n or 0), _PX_PER_CHAR * len(col) + _PX_FILTER_BUTTON)
                     + _PX_PADDING, _PX_MAX)
            for col, n in zip(frame.columns, longest)}


def to_csv(df: pl.DataFrame) -> bytes:
    """';'-separated, decimal comma, CRLF, UTF-8 with BOM: what Swedish Excel opens correctly."""
    text = _prepare(df).write_csv(
        separator=";", line_terminator="\r\n", decimal_comma=True, include_bom=False
    )
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _zip_member_names(names: list[str]) -> list[str]:
    result: list[str] = []
    taken: set[str] = set()
    for raw in names:
        base = _FILE_FORBIDDEN.sub("_", str(raw)).strip(" .") or "blad"
        base = base[:100]
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base} ({n})"
        taken.add(candidate.lower())
        result.append(candidate + ".csv")
    return result


def to_csv_zip(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """The CSV twin of :func:`to_xlsx`: a zip with one ``<sheet>.csv`` per entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, frame in zip(_zip_member_names(list(sheets.keys())), sheets.values()):
            archive.writestr(member, to_csv(frame))
    return buffer.getvalue()
