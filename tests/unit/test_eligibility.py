"""Entry rules for units: one reason per broken rule, empty when eligible."""

from dataclasses import replace

import pytest

from scoring.cycle.eligibility import (
    MIN_EMPLOYEES,
    MIN_STOCKHOLM_SHARE,
    UnitProfile,
    check_eligibility,
    is_eligible,
)

CITY_UNIT = UnitProfile(
    manager_budget_responsibility=True,
    manager_staff_responsibility=True,
    has_plan_with_goals=True,
    employees=12,
    operator_type="kommunal",
    stockholm_share=None,
)
PRIVATE_UNIT = replace(CITY_UNIT, operator_type="enskilt driven", stockholm_share=80.0)


def test_thresholds_match_the_board_decisions():
    assert (MIN_EMPLOYEES, MIN_STOCKHOLM_SHARE) == (5, 51)


def test_check_eligibility_city_unit_meeting_all_rules_has_no_reasons():
    assert check_eligibility(CITY_UNIT) == ()
    assert is_eligible(CITY_UNIT) is True


@pytest.mark.parametrize("operator_type", ["kommunal", "bolag"])
def test_check_eligibility_city_run_unit_ignores_stockholm_share(operator_type):
    unit = replace(CITY_UNIT, operator_type=operator_type, stockholm_share=10.0)
    assert check_eligibility(unit) == ()


def test_check_eligibility_manager_without_budget_responsibility_is_a_reason():
    unit = replace(CITY_UNIT, manager_budget_responsibility=False)
    assert check_eligibility(unit) == ("Chefen saknar budgetansvar.",)
    assert is_eligible(unit) is False


def test_check_eligibility_manager_without_staff_responsibility_is_a_reason():
    unit = replace(CITY_UNIT, manager_staff_responsibility=False)
    assert check_eligibility(unit) == ("Chefen saknar personalansvar.",)


def test_check_eligibility_missing_plan_with_goals_is_a_reason():
    unit = replace(CITY_UNIT, has_plan_with_goals=False)
    assert check_eligibility(unit) == ("Enheten saknar verksamhetsplan med mål.",)


def test_check_eligibility_four_employees_is_too_few():
    unit = replace(CITY_UNIT, employees=4)
    assert check_eligibility(unit) == (
        "Enheten har 4 medarbetare inklusive chefen; minst 5 krävs.",
    )


def test_check_eligibility_five_employees_is_enough():
    assert check_eligibility(replace(CITY_UNIT, employees=5)) == ()


def test_check_eligibility_unknown_operator_type_is_a_reason():
    unit = replace(CITY_UNIT, operator_type="x")
    assert check_eligibility(unit) == ("Okänd driftform 'x'.",)


def test_check_eligibility_operator_type_ignores_case_and_spacing():
    unit = replace(PRIVATE_UNIT, operator_type="  Enskilt   Driven ")
    assert check_eligibility(unit) == ()


def test_check_eligibility_private_unit_with_enough_share_is_eligible():
    assert check_eligibility(PRIVATE_UNIT) == ()


def test_check_eligibility_private_unit_at_51_percent_is_eligible():
    assert check_eligibility(replace(PRIVATE_UNIT, stockholm_share=51.0)) == ()


def test_check_eligibility_private_unit_at_50_percent_is_too_little():
    unit = replace(PRIVATE_UNIT, stockholm_share=50.0)
    assert check_eligibility(unit) == (
        "En enskilt driven enhet måste till minst 51 % arbeta för stockholmare "
        "(angivet: 50 %).",
    )


def test_check_eligibility_private_unit_just_under_51_percent_uses_decimal_comma():
    unit = replace(PRIVATE_UNIT, stockholm_share=50.5)
    assert check_eligibility(unit) == (
        "En enskilt driven enhet måste till minst 51 % arbeta för stockholmare "
        "(angivet: 50,5 %).",
    )


def test_check_eligibility_private_unit_at_40_percent_names_the_share():
    unit = replace(PRIVATE_UNIT, stockholm_share=40)
    assert check_eligibility(unit) == (
        "En enskilt driven enhet måste till minst 51 % arbeta för stockholmare "
        "(angivet: 40 %).",
    )


def test_check_eligibility_private_unit_without_share_is_a_reason():
    unit = replace(PRIVATE_UNIT, stockholm_share=None)
    assert check_eligibility(unit) == (
        "Andelen stockholmare saknas för en enskilt driven enhet.",
    )


@pytest.mark.parametrize("share", [-1.0, 100.5, float("nan")])
def test_check_eligibility_private_unit_share_outside_0_to_100_is_a_reason(share):
    reasons = check_eligibility(replace(PRIVATE_UNIT, stockholm_share=share))
    assert len(reasons) == 1
    assert reasons[0].startswith("Andelen stockholmare måste vara mellan 0 och 100 %")


def test_check_eligibility_entreprenad_follows_the_private_share_rule():
    unit = replace(PRIVATE_UNIT, operator_type="entreprenad", stockholm_share=30.0)
    assert check_eligibility(unit) == (
        "En enhet på entreprenad måste till minst 51 % arbeta för stockholmare "
        "(angivet: 30 %).",
    )


def test_check_eligibility_budget_not_kept_is_a_reason():
    unit = replace(CITY_UNIT, budget_kept=False)
    assert check_eligibility(unit) == (
        "Enheten har inte hållit sin budget (budgethållning).",
    )


def test_check_eligibility_budget_kept_unknown_is_not_checked():
    assert check_eligibility(replace(CITY_UNIT, budget_kept=None)) == ()
    assert check_eligibility(replace(CITY_UNIT, budget_kept=True)) == ()


def test_check_eligibility_several_broken_rules_give_one_reason_each_in_order():
    unit = UnitProfile(
        manager_budget_responsibility=False,
        manager_staff_responsibility=False,
        has_plan_with_goals=False,
        employees=3,
        operator_type="enskilt driven",
        stockholm_share=40.0,
        budget_kept=False,
    )
    assert check_eligibility(unit) == (
        "Chefen saknar budgetansvar.",
        "Chefen saknar personalansvar.",
        "Enheten saknar verksamhetsplan med mål.",
        "Enheten har 3 medarbetare inklusive chefen; minst 5 krävs.",
        "En enskilt driven enhet måste till minst 51 % arbeta för stockholmare "
        "(angivet: 40 %).",
        "Enheten har inte hållit sin budget (budgethållning).",
    )
    assert is_eligible(unit) is False
