"""The rulebook as data: one TOML file per cycle, and a loader that validates it.

A cycle's classes, dates, criteria, weights and scale differ between years, so
they are data. The loader refuses a broken file with a Swedish message that
names the file and the field, so the kansli can fix it without reading code.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring import swedish

FOLDER = Path(__file__).parent
CRITERIA_COUNT = 5
WEIGHT_TOTAL = 100.0
DATE_FIELDS = (
    "approval_deadline", "submission_deadline", "assessment_deadline",
    "consensus_deadline", "decision_date", "ceremony",
)


class RulebookError(ValueError):
    """A cycle file is broken. The message names the file and the field."""


@dataclass(frozen=True)
class CompetitionClass:
    code: str
    name: str
    prize_amount: int | None = None


@dataclass(frozen=True)
class Criterion:
    number: int
    title: str
    description: str
    weight: float
    guidance: tuple[str, ...]


@dataclass(frozen=True)
class ScaleBand:
    low: int
    high: int
    descriptor: str


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    step: int
    bands: tuple[ScaleBand, ...]

    def values(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1, self.step))

    def describe(self, score: int | None) -> str:
        """The band descriptor for a score ('' for no score)."""
        if score is None:
            return ""
        for band in self.bands:
            if band.low <= score <= band.high:
                return band.descriptor
        return ""


@dataclass(frozen=True)
class Rulebook:
    year: int
    title: str
    dates: dict[str, dt.date]
    ceremony_place: str
    chair_title: str
    classes: tuple[CompetitionClass, ...]
    criteria: tuple[Criterion, ...]
    scale: Scale
    logo: str | None = None


def available_years() -> tuple[int, ...]:
    return tuple(sorted(int(p.stem) for p in FOLDER.glob("[0-9][0-9][0-9][0-9].toml")))


def load_year(year: int) -> Rulebook:
    path = FOLDER / f"{year}.toml"
    if not path.exists():
        raise RulebookError(f"Det finns ingen regelfil för {year} ({path.name}).")
    return load_file(path)


def load_file(path: Path | str) -> Rulebook:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulebookError(f"{path.name}: filen är inte giltig TOML ({exc}).") from exc
    return parse(raw, path.name)


def parse(raw: dict[str, Any], source: str) -> Rulebook:
    """Validate a parsed cycle file. `source` names it in every message."""
    field = _Fields(raw, source)
    criteria = tuple(_criterion(field, i) for i in range(len(field.list("criteria"))))
    _check_criteria(criteria, source)
    classes = tuple(_class(field, i) for i in range(len(field.list("classes"))))
    if not classes:
        raise RulebookError(f"{source}: fältet 'classes' måste ha minst en tävlingsklass.")
    codes = [c.code for c in classes]
    if len(set(codes)) != len(codes):
        raise RulebookError(f"{source}: fältet 'classes.code' har dubbletter.")
    return Rulebook(
        year=field.int("year"),
        title=field.str("title"),
        dates={name: field.date(f"dates.{name}") for name in DATE_FIELDS},
        ceremony_place=field.str("ceremony.place"),
        chair_title=field.str("ceremony.chair_title"),
        classes=classes,
        criteria=criteria,
        scale=_scale(field),
        logo=raw.get("ceremony", {}).get("logo"),
    )


def _criterion(field: _Fields, i: int) -> Criterion:
    p = f"criteria[{i}]"
    weight = field.number(f"{p}.weight")
    if weight <= 0:
        raise RulebookError(f"{field.source}: fältet '{p}.weight' måste vara större än 0.")
    return Criterion(
        number=field.int(f"{p}.number"),
        title=field.str(f"{p}.title"),
        description=field.str(f"{p}.description"),
        weight=weight,
        guidance=tuple(field.str(f"{p}.guidance[{j}]") for j in range(len(field.list(f"{p}.guidance")))),
    )


def _check_criteria(criteria: tuple[Criterion, ...], source: str) -> None:
    numbers = sorted(c.number for c in criteria)
    if numbers != list(range(1, CRITERIA_COUNT + 1)):
        raise RulebookError(
            f"{source}: fältet 'criteria' måste ha kriterierna 1–{CRITERIA_COUNT} en gång var (har {numbers})."
        )
    total = sum(c.weight for c in criteria)
    if abs(total - WEIGHT_TOTAL) > 1e-9:
        raise RulebookError(f"{source}: fältet 'criteria.weight' måste summera till 100 (summerar till {swedish.number(total, 2)}).")


def _class(field: _Fields, i: int) -> CompetitionClass:
    p = f"classes[{i}]"
    prize = field.get(f"{p}.prize_amount")
    if prize is not None and (not isinstance(prize, int) or prize < 0):
        raise RulebookError(f"{field.source}: fältet '{p}.prize_amount' måste vara ett heltal ≥ 0.")
    return CompetitionClass(code=field.str(f"{p}.code"), name=field.str(f"{p}.name"), prize_amount=prize)


def _scale(field: _Fields) -> Scale:
    lo, hi, step = field.int("scale.min"), field.int("scale.max"), field.int("scale.step")
    if not (lo < hi and step > 0 and (hi - lo) % step == 0):
        raise RulebookError(f"{field.source}: fältet 'scale' måste ha min < max och ett steg som delar intervallet.")
    bands = tuple(
        ScaleBand(field.int(f"scale.bands[{i}].low"), field.int(f"scale.bands[{i}].high"),
                  field.str(f"scale.bands[{i}].descriptor"))
        for i in range(len(field.list("scale.bands")))
    )
    uncovered = [v for v in range(lo, hi + 1, step) if not any(b.low <= v <= b.high for b in bands)]
    if uncovered:
        raise RulebookError(f"{field.source}: fältet 'scale.bands' saknar beskrivning för poängen {uncovered}.")
    return Scale(lo, hi, step, bands)


class _Fields:
    """Typed access to dotted paths like 'criteria[2].weight', with messages naming the field."""

    def __init__(self, raw: dict[str, Any], source: str):
        self.raw, self.source = raw, source

    def get(self, path: str) -> Any:
        node: Any = self.raw
        for part in path.replace("]", "").split("."):
            name, _, index = part.partition("[")
            if not isinstance(node, dict) or name not in node:
                return None
            node = node[name]
            if index:
                if not isinstance(node, list) or int(index) >= len(node):
                    return None
                node = node[int(index)]
        return node

    def _fail(self, path: str, what: str) -> RulebookError:
        return RulebookError(f"{self.source}: fältet '{path}' {what}.")

    def str(self, path: str) -> str:
        value = self.get(path)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(path, "saknas eller är inte en text")
        return value.strip()

    def int(self, path: str) -> int:
        value = self.get(path)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(path, "saknas eller är inte ett heltal")
        return value

    def number(self, path: str) -> float:
        value = self.get(path)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise self._fail(path, "saknas eller är inte ett tal")
        return float(value)

    def date(self, path: str) -> dt.date:
        value = self.get(path)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self._fail(path, "saknas eller är inte ett datum (ÅÅÅÅ-MM-DD)")
        return value

    def list(self, path: str) -> list[Any]:
        value = self.get(path)
        if not isinstance(value, list):
            raise self._fail(path, "saknas eller är inte en lista")
        return value
