"""Input contract for the printed documents: plain, frozen data.

The store layer fills these from the database; the builders in this package
only read them. Nothing here knows about SQL, Streamlit or ReportLab, so a
document can be rebuilt from the same data at any time and always looks the
same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


class UnsignedDecisionError(ValueError):
    """The winner documents were asked for before the chair signed.

    Winner lists, diplomas and the programme name the winners, so they may
    only be printed as final once the stadsdirektör has signed the decisions.
    A draft (marked UTKAST on every page) is always allowed.
    """

    MESSAGE = "Vinnarlistan kan inte skapas innan stadsdirektören har signerat besluten."

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class CriterionResult:
    """The final result for one of the five criteria for one unit.

    score: the final score on the cycle's scale (0..scale_max), or None if the
        criterion was not assessed; printed as "Ej bedömd".
    band_descriptor: the scale step's wording for that score, e.g.
        "Goda metoder som används i stora delar av verksamheten".
    score_source: where the final score came from, e.g. "platsbesök",
        "konsensus" or "medelvärde av individuella bedömningar".
    class_median: the median final score of the unit's class, or None when
        there is none to compare with (e.g. the unit is alone in its class).
    strengths / improvements: free text; newlines are kept, a blank line
        starts a new paragraph.
    adjustment_reason: why the committee adjusted the score at the site
        visit; empty when it was not adjusted.
    """

    number: int
    title: str
    score: int | None
    band_descriptor: str
    strengths: str
    improvements: str
    class_median: float | None
    score_source: str
    adjustment_reason: str = ""


@dataclass(frozen=True)
class FeedbackReport:
    """One unit's återföringsrapport.

    weighted_total: the unit's weighted total on 0..scale_max, derived by the
        caller from the cycle's weights; None prints "Ej beräknad".
    summary: the evaluation lead's short summary (free text).
    short_titles: optional axis labels for the radar chart, one per
        criterion in the same order; when empty the full titles are used.
    """

    cycle_year: int
    cycle_title: str
    unit_name: str
    organisation: str
    class_name: str
    criteria: tuple[CriterionResult, ...]
    weighted_total: float | None
    summary: str
    scale_max: int = 100
    short_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Winner:
    """A unit the committee decided to reward (or mention) in one class.

    prize_amount: the prischeck in whole kronor, or None when no money goes
        with it (typical for an honourable mention).
    honourable: True for a hedersomnämnande. Which list of ClassResult a
        Winner sits in decides how it is printed; this flag is kept so a
        Winner carries its meaning on its own, and a Winner in `winners`
        with honourable=True gets no diploma.
    """

    unit_name: str
    organisation: str
    motivation: str
    prize_amount: int | None
    honourable: bool = False


@dataclass(frozen=True)
class ClassResult:
    """The decision for one competition class; no winners prints "Ingen vinnare".

    presenter: who hands out the award in this class at the ceremony.
    decided: False while the committee has no decision for the class yet (only in a
        draft); it then prints "Beslut saknas ännu" instead of "Ingen vinnare".
    """

    class_name: str
    presenter: str | None
    winners: tuple[Winner, ...]
    honourable_mentions: tuple[Winner, ...] = ()
    decided: bool = True


@dataclass(frozen=True)
class CeremonyPack:
    """Everything the ceremony documents need, classes in ceremony order.

    signed_on: the date the chair signed the decisions; None means unsigned,
        and then only drafts can be printed (see UnsignedDecisionError).
    logo_path: optional image file for the diplomas; a missing or
        unreadable file is skipped.
    """

    cycle_year: int
    cycle_title: str
    ceremony_date: datetime.date
    ceremony_place: str
    chair_name: str
    chair_title: str
    signed_on: datetime.date | None
    classes: tuple[ClassResult, ...]
    logo_path: str | None = None

    def require_signed(self, draft: bool) -> None:
        """Refuse a final document for unsigned decisions."""
        if self.signed_on is None and not draft:
            raise UnsignedDecisionError()
