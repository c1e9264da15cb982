"""Whether a unit may take part in the quality award (the board decisions' entry rules).

Invariants
----------
* :func:`check_eligibility` returns one Swedish reason per broken rule, in a
  fixed order (manager, plan, size, operator, budget). An empty tuple means
  the unit is eligible; :func:`is_eligible` is exactly that test.
* Pure: no I/O, no streamlit; thresholds are the constants below so the UI
  can quote them.

Rules (2012 and 2022 decisions, 2015 note)
------------------------------------------
* The manager has both budget and staff responsibility for the unit.
* The unit has a verksamhetsplan with goals.
* At least ``MIN_EMPLOYEES`` employees, the manager included.
* Run by the city (``kommunal``), a city company (``bolag``) or privately
  with city financing (``enskilt driven``; ``entreprenad`` is accepted as the
  other privately run form the decisions name). A privately run unit must
  spend at least ``MIN_STOCKHOLM_SHARE`` % of its work on Stockholmers; the
  share is ignored for city-run units.
* 2015: good results such as budgethållning (followed up in ILS).
  ``budget_kept=False`` is a reason; ``None`` means "not followed up yet" and
  is *not* checked, because the 2012 and 2022 decisions do not make it an
  entry rule and the ILS figure is often not available at registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring import swedish

__all__ = [
    "MIN_EMPLOYEES",
    "MIN_STOCKHOLM_SHARE",
    "OPERATOR_TYPES",
    "UnitProfile",
    "check_eligibility",
    "is_eligible",
]

MIN_EMPLOYEES = 5
MIN_STOCKHOLM_SHARE = 51

CITY_OPERATOR_TYPES = ("kommunal", "bolag")
# Privately run forms -> the noun phrase used in the reasons.
PRIVATE_OPERATOR_NOUNS = {
    "enskilt driven": "enskilt driven enhet",
    "entreprenad": "enhet på entreprenad",
}
OPERATOR_TYPES = CITY_OPERATOR_TYPES + tuple(PRIVATE_OPERATOR_NOUNS)

REASON_NO_BUDGET_RESPONSIBILITY = "Chefen saknar budgetansvar."
REASON_NO_STAFF_RESPONSIBILITY = "Chefen saknar personalansvar."
REASON_NO_PLAN = "Enheten saknar verksamhetsplan med mål."
REASON_TOO_FEW_EMPLOYEES = (
    "Enheten har {employees} medarbetare inklusive chefen; minst {minimum} krävs."
)
REASON_UNKNOWN_OPERATOR = "Okänd driftform '{operator_type}'."
REASON_SHARE_TOO_LOW = (
    "En {noun} måste till minst {minimum} % arbeta för stockholmare (angivet: {share} %)."
)
REASON_SHARE_MISSING = "Andelen stockholmare saknas för en {noun}."
REASON_SHARE_OUT_OF_RANGE = (
    "Andelen stockholmare måste vara mellan 0 och 100 % (angivet: {share} %)."
)
REASON_BUDGET_NOT_KEPT = "Enheten har inte hållit sin budget (budgethållning)."


@dataclass(frozen=True)
class UnitProfile:
    """What the kansli knows about a unit when judging its eligibility."""

    manager_budget_responsibility: bool
    manager_staff_responsibility: bool
    has_plan_with_goals: bool
    employees: int  # the manager included
    operator_type: str  # 'kommunal' | 'bolag' | 'enskilt driven' | 'entreprenad'
    stockholm_share: float | None  # percent of the work serving Stockholmers
    budget_kept: bool | None = None  # None: not followed up, not checked


def check_eligibility(profile: UnitProfile) -> tuple[str, ...]:
    """Swedish reasons the unit may not take part; empty when it may."""
    return (
        _manager_reasons(profile)
        + _plan_reasons(profile)
        + _size_reasons(profile)
        + _operator_reasons(profile)
        + _budget_reasons(profile)
    )


def is_eligible(profile: UnitProfile) -> bool:
    return not check_eligibility(profile)


def _manager_reasons(profile: UnitProfile) -> tuple[str, ...]:
    reasons = []
    if not profile.manager_budget_responsibility:
        reasons.append(REASON_NO_BUDGET_RESPONSIBILITY)
    if not profile.manager_staff_responsibility:
        reasons.append(REASON_NO_STAFF_RESPONSIBILITY)
    return tuple(reasons)


def _plan_reasons(profile: UnitProfile) -> tuple[str, ...]:
    return () if profile.has_plan_with_goals else (REASON_NO_PLAN,)


def _size_reasons(profile: UnitProfile) -> tuple[str, ...]:
    if profile.employees >= MIN_EMPLOYEES:
        return ()
    return (
        REASON_TOO_FEW_EMPLOYEES.format(
            employees=profile.employees, minimum=MIN_EMPLOYEES
        ),
    )


def _operator_reasons(profile: UnitProfile) -> tuple[str, ...]:
    # Spelling from forms and spreadsheets varies in case and spacing only.
    operator = " ".join(profile.operator_type.split()).casefold()
    if operator in CITY_OPERATOR_TYPES:
        return ()
    noun = PRIVATE_OPERATOR_NOUNS.get(operator)
    if noun is None:
        return (REASON_UNKNOWN_OPERATOR.format(operator_type=profile.operator_type),)
    share = profile.stockholm_share
    if share is None:
        return (REASON_SHARE_MISSING.format(noun=noun),)
    # NaN fails both comparisons and so lands here too.
    if not 0 <= share <= 100:
        return (REASON_SHARE_OUT_OF_RANGE.format(share=_percent(share)),)
    if share < MIN_STOCKHOLM_SHARE:
        return (
            REASON_SHARE_TOO_LOW.format(
                noun=noun, minimum=MIN_STOCKHOLM_SHARE, share=_percent(share)
            ),
        )
    return ()


def _budget_reasons(profile: UnitProfile) -> tuple[str, ...]:
    # Only an explicit False counts; None means ILS has not been consulted.
    return (REASON_BUDGET_NOT_KEPT,) if profile.budget_kept is False else ()


_percent = swedish.percent     # 40.0 -> '40', 50.5 -> '50,5' (Swedish decimal comma), NaN -> '–' 
