"""Score files for ``kvalitet analyse``: the input of scoring.committee.analysis.analyse from a file.

Accepted:
* a table (.csv, .txt, .xlsx or .parquet) with analyse()'s own columns (submission_id, examiner,
  class_code, criterion, score, weight, optionally consensus_score and final_score);
* the results archive of a cycle (scoring.ceremony.archive): ``resultat-ÅR-csv.zip`` or ``resultat-ÅR.xlsx``.
  Its sheet *Individuella poäng* gives the scores of the submitted assessments (the unit id stands for
  the submission: one per unit and cycle), *Kriterier* the weights, *Konsensuspoäng* the done
  consensus and *Platsbesök* the adjusted scores;
* a lone *Individuella poäng* sheet as CSV: then every criterion weighs the same.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl

from scoring.cycle import import_files as tabular
from scoring.committee.analysis import INPUT_COLUMNS

__all__ = ["MESSAGE_UNKNOWN_FILE", "PRACTICE_COLUMN", "from_archive", "load_scores", "with_practice"]

MESSAGE_UNKNOWN_FILE = ("{name} är varken en poängfil med kolumnerna {columns} eller ett resultatarkiv "
                        "(bladet ”Individuella poäng”).")
INDIVIDUAL, CRITERIA, CONSENSUS, VISITS = "Individuella poäng", "Kriterier", "Konsensuspoäng", "Platsbesök"
_SUBMITTED, _DONE = "Inskickad", "Klar"


def load_scores(path: str | Path) -> pl.DataFrame:
    path = Path(path)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _typed(pl.read_parquet(io.BytesIO(data)))
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = {Path(n).stem: tabular.read_table(archive.read(n), n) for n in archive.namelist()
                      if n.lower().endswith(".csv")}
    elif suffix == ".xlsx":
        sheets = _workbook(data, path.name)
    else:
        sheets = {"": tabular.read_table(data, path.name)}
    first = next(iter(sheets.values()))
    if len(sheets) == 1 and all(c in first.columns for c in INPUT_COLUMNS):
        return _typed(first)
    if INDIVIDUAL in sheets or (len(sheets) == 1 and "Examinator" in first.columns):
        return from_archive(sheets.get(INDIVIDUAL, first), sheets.get(CRITERIA), sheets.get(CONSENSUS),
                            sheets.get(VISITS))
    raise ValueError(MESSAGE_UNKNOWN_FILE.format(name=path.name, columns=", ".join(INPUT_COLUMNS)))


def _workbook(data: bytes, name: str) -> dict[str, pl.DataFrame]:
    """Each sheet of an archive workbook; row 1 of a class sheet is its title, the others have a header."""
    try:
        raw = pl.read_excel(io.BytesIO(data), sheet_id=0, has_header=False, infer_schema_length=0)
    except Exception:                           # not an archive: read it as one table
        return {"": tabular.read_table(data, name)}
    sheets = {}
    for sheet, frame in raw.items():
        header = [str(v) if v is not None else f"kolumn_{i}" for i, v in enumerate(frame.row(0))]
        sheets[sheet] = frame.slice(1).rename(dict(zip(frame.columns, header, strict=True))).with_columns(
            pl.all().cast(pl.String))
    if INDIVIDUAL not in sheets and len(sheets) == 1:
        return {"": tabular.read_table(data, name)}
    return sheets


def _number(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.replace(",", ".").str.strip_chars().cast(pl.Float64, strict=False)


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    optional = [c for c in ("consensus_score", "final_score") if c in frame.columns]
    practice = ([pl.col(PRACTICE_COLUMN).cast(pl.String).str.to_lowercase().is_in(["true", "1"])
                 if frame[PRACTICE_COLUMN].dtype == pl.String else pl.col(PRACTICE_COLUMN).cast(pl.Boolean)]
                if PRACTICE_COLUMN in frame.columns else [])      # the committee's own input marks the practice case
    return _whole_ids(frame).select(
        "submission_id", pl.col("examiner").cast(pl.String), pl.col("class_code").cast(pl.String),
        pl.col("criterion").cast(pl.String).cast(pl.Int64, strict=False) if frame["criterion"].dtype == pl.String
        else pl.col("criterion"),
        _number("score"), _number("weight"), *[_number(c) for c in optional], *practice)


def from_archive(individual: pl.DataFrame, criteria: pl.DataFrame | None = None,
                 consensus: pl.DataFrame | None = None, visits: pl.DataFrame | None = None) -> pl.DataFrame:
    """analyse()'s input from the archive's sheets (all-string frames as tabular.read_table gives)."""
    if "Status" in individual.columns:
        individual = individual.filter(pl.col("Status") == _SUBMITTED)
    scores = individual.select(
        pl.col("Enhets-id").alias("submission_id"),
        pl.col("Examinator").alias("examiner"), pl.col("Klass").alias("class_code"),
        pl.col("Kriterium").cast(pl.Int64, strict=False).alias("criterion"), _number("Poäng").alias("score"))
    if criteria is not None:
        weights = criteria.select(pl.col("Nr").cast(pl.Int64, strict=False).alias("criterion"),
                                  _number("Vikt (%)").alias("weight"))
        scores = scores.join(weights, on="criterion", how="left")
    else:
        scores = scores.with_columns(weight=pl.lit(1.0))
    agreed = None
    if consensus is not None and consensus.height:
        done = consensus.filter(pl.col("Status") == _DONE) if "Status" in consensus.columns else consensus
        agreed = done.select(pl.col("Enhets-id").alias("submission_id"),
                             pl.col("Kriterium").cast(pl.Int64, strict=False).alias("criterion"),
                             _number("Poäng").alias("consensus_score"))
        scores = scores.join(agreed, on=["submission_id", "criterion"], how="left")
    else:
        scores = scores.with_columns(consensus_score=pl.lit(None, pl.Float64))
    if visits is not None and visits.height:
        adjusted = visits.select(pl.col("Enhets-id").alias("submission_id"),
                                 pl.col("Kriterium").cast(pl.Int64, strict=False).alias("criterion"),
                                 _number("Justerad poäng").alias("_visit"))
        scores = scores.join(adjusted, on=["submission_id", "criterion"], how="left")
    else:
        scores = scores.with_columns(_visit=pl.lit(None, pl.Float64))
    scores = (scores.with_columns(final_score=pl.coalesce("_visit", "consensus_score")).drop("_visit")
              .select(*INPUT_COLUMNS, "consensus_score", "final_score"))
    return _whole_ids(scores)


PRACTICE_COLUMN = "is_practice"


def with_practice(scores: pl.DataFrame, practice: pl.DataFrame) -> pl.DataFrame:
    """analyse()'s input with the practice case's rows appended (scoring.assessment.practice.analysis_rows): every real row
    gets is_practice = false, the practice rows true. analyse() uses the practice rows only to link and estimate
    examiner effects; they never appear in its output. Columns the practice rows lack (consensus_score,
    final_score) are null for them."""
    real = scores.with_columns(pl.lit(False).alias(PRACTICE_COLUMN))
    if practice.is_empty():
        return real
    extra = practice.with_columns(pl.lit(True).alias(PRACTICE_COLUMN))
    if real.schema["submission_id"] == pl.String:
        extra = extra.with_columns(pl.col("submission_id").cast(pl.String))
    return pl.concat([real, extra], how="diagonal_relaxed")


def _whole_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """submission_id as whole numbers where every one is a number (an export of analyse()'s input),
    else as the text it is (the archive's unit id, e.g. E007)."""
    if frame["submission_id"].dtype != pl.String:
        return frame
    ids = frame["submission_id"].str.strip_chars()
    numbers = ids.cast(pl.Int64, strict=False)
    return frame.with_columns(numbers if numbers.null_count() == ids.null_count() else ids)
