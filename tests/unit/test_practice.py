"""The practice case's pure rules (issue 18): deviations and their Swedish text, the flag, and how the exercise
links examiner groups that share no unit."""
from scoring.assessment import practice
from scoring.assessment.practice import Deviation


def test_deviation_text_says_milder_for_a_higher_score():
    assert Deviation(3, 70, 50).text == "+20 på kriterium 3: du är mildare än referensen"


def test_deviation_text_says_stricter_for_a_lower_score_with_a_minus_sign():
    assert Deviation(2, 40, 60).text == "−20 på kriterium 2: du är strängare än referensen"


def test_deviation_text_writes_a_half_point_with_a_decimal_comma():
    assert practice.deviation_text(4, -2.5) == "−2,5 på kriterium 4: du är strängare än referensen"


def test_deviation_text_for_the_same_score():
    assert practice.deviation_text(1, 0) == "±0 på kriterium 1: samma poäng som referensen"


def test_deviations_skip_unscored_criteria():
    devs = practice.deviations({1: 60, 2: None, 3: 30}, {1: 50, 2: 50, 3: 50})
    assert [(d.criterion, d.diff) for d in devs] == [(1, 10), (3, -20)]


def test_mean_absolute_and_weighted_total():
    devs = practice.deviations({1: 60, 2: 30}, {1: 50, 2: 50})
    assert practice.mean_absolute(devs) == 15
    assert practice.weighted_total(devs, {1: 30, 2: 10}) == (10 * 30 - 20 * 10) / 40


def test_flag_at_the_threshold_not_below():
    devs = practice.deviations({1: 70, 2: 40}, {1: 50, 2: 50})       # mean |deviation| 15
    assert practice.flagged(devs, 15)
    assert not practice.flagged(devs, 16)
    assert not practice.flagged([], 1)


def test_fixed_teams_form_separate_groups_that_the_practice_case_links():
    teams = [("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i")]
    pairs = [(f"unit{t}{u}", e) for t, team in enumerate(teams) for u in range(4) for e in team]
    assert practice.components(pairs) == 3
    everyone = [e for team in teams for e in team]
    assert practice.components(pairs, everyone) == 1


def test_one_examiner_per_team_is_enough_to_link_the_teams():
    pairs = [("u1", "a"), ("u1", "b"), ("u2", "c"), ("u2", "d")]
    assert practice.components(pairs, ["a", "c"]) == 1
    assert practice.components(pairs, ["a"]) == 2


def test_distribution_counts_each_examiners_latest_attempt_without_names():
    import polars as pl
    scores = pl.DataFrame({"examiner": ["x", "x", "y"], "attempt": [1, 2, 1], "criterion": [1, 1, 1],
                           "score": [90, 50, 50]})
    dist = practice.distribution(scores)
    assert dist.columns == ["criterion", "score", "examiners"]
    assert dist.rows() == [(1, 50, 2)]
