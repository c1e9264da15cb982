"""Download buttons that export what a page shows: Excel (.xlsx) and CSV, with formula-like cells neutralised.

Usage: `export_buttons(frame, "enheter-2026")` or, for several tables in one workbook,
`export_buttons({"Enheter": units, "Beslut": decisions}, "anmalan-2026")` (CSV then comes as a zip
with one file per table). The files are built only when a button is pressed.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl
import streamlit as st

from scoring.cycle.import_files import to_csv, to_csv_zip, to_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r"[^\w.-]+")


def _sheets(data: pl.DataFrame | Mapping[str, pl.DataFrame], name: str) -> dict[str, pl.DataFrame]:
    return {name: data} if isinstance(data, pl.DataFrame) else dict(data)


def file_stem(name: str) -> str:
    """A safe file name stem: 'Enheter 2026' -> 'Enheter_2026'."""
    return _UNSAFE.sub("_", name).strip("_") or "export"


def export_buttons(data: pl.DataFrame | Mapping[str, pl.DataFrame], name: str, key: str | None = None) -> None:
    """Two buttons, 'Excel' and 'CSV', side by side."""
    sheets = _sheets(data, name)
    stem, key = file_stem(name), key or f"export-{file_stem(name)}"
    single = len(sheets) == 1
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        "Excel", lambda: to_xlsx(sheets), file_name=f"{stem}.xlsx", mime=XLSX_MIME, key=f"{key}-xlsx",
        icon=":material/download:", on_click="ignore", help="Hämta tabellen som Excel-arbetsbok (.xlsx)")
    right.download_button(
        "CSV", (lambda: to_csv(next(iter(sheets.values())))) if single else (lambda: to_csv_zip(sheets)),
        file_name=f"{stem}.csv" if single else f"{stem}-csv.zip", mime="text/csv" if single else "application/zip",
        key=f"{key}-csv", icon=":material/download:", on_click="ignore",
        help="Hämta som CSV (semikolon, UTF-8) för svenska Excel" + ("" if single else "; en fil per tabell i en zip"))
