"""The ranking within a class: order, the documented tie-break, and the unit detail's data."""
import polars as pl

from scoring.committee import ranking


def _frames(rows: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """rows: submission_id, unit_name, class_code, scores (five criterion scores or None), calibrated."""
    units = pl.DataFrame([{"submission_id": r["submission_id"], "unit_name": r["unit_name"],
                           "class_code": r.get("class_code", "k")} for r in rows])
    finals = pl.DataFrame([{"submission_id": r["submission_id"], "class_code": r.get("class_code", "k"),
                            "criterion": c + 1, "score": s}
                           for r in rows for c, s in enumerate(r["scores"])],
                          schema={"submission_id": pl.Int64, "class_code": pl.String, "criterion": pl.Int64,
                                  "score": pl.Float64})
    totals = pl.DataFrame([{"submission_id": r["submission_id"],
                            "total": None if None in r["scores"] else sum(r["scores"]) / len(r["scores"]),
                            "source": "konsensus", "site_visit": False} for r in rows],
                          schema={"submission_id": pl.Int64, "total": pl.Float64, "source": pl.String,
                                  "site_visit": pl.Boolean})
    calibrated = pl.DataFrame([{"submission_id": r["submission_id"], "calibrated_mean": r.get("calibrated")}
                               for r in rows], schema={"submission_id": pl.Int64, "calibrated_mean": pl.Float64})
    return totals, finals, calibrated, units


def _ranked(rows: list[dict]) -> pl.DataFrame:
    return ranking.rank_units(*_frames(rows))


def test_rank_units_orders_by_total_within_each_class():
    result = _ranked([
        {"submission_id": 1, "unit_name": "A", "scores": [50] * 5, "class_code": "x"},
        {"submission_id": 2, "unit_name": "B", "scores": [70] * 5, "class_code": "x"},
        {"submission_id": 3, "unit_name": "C", "scores": [60] * 5, "class_code": "y"},
        {"submission_id": 4, "unit_name": "D", "scores": [90] * 5, "class_code": "y"},
    ])
    assert result.filter(pl.col("class_code") == "x")["submission_id"].to_list() == [2, 1]
    assert result.filter(pl.col("class_code") == "y")["submission_id"].to_list() == [4, 3]
    assert result["place"].to_list() == [1, 2, 1, 2]
    assert not result["tied"].any()
    assert result["decided_by"].null_count() == 4


def test_rank_units_tie_broken_by_the_higher_lowest_criterion():
    result = _ranked([
        {"submission_id": 1, "unit_name": "A", "scores": [40, 80, 80, 80, 70], "calibrated": 90.0},
        {"submission_id": 2, "unit_name": "B", "scores": [60, 70, 70, 70, 80], "calibrated": 10.0},
    ])
    assert result["submission_id"].to_list() == [2, 1]         # both total 70; B's lowest is 60, A's 40
    assert result["shared_place"].to_list() == [1, 1]
    assert result["tied"].to_list() == [True, True]
    assert result["decided_by"].to_list() == ["lägsta kriteriepoäng"] * 2


def test_rank_units_tie_then_broken_by_the_calibrated_mean():
    result = _ranked([
        {"submission_id": 1, "unit_name": "A", "scores": [60, 80, 70, 70, 70], "calibrated": 68.0},
        {"submission_id": 2, "unit_name": "B", "scores": [60, 70, 80, 70, 70], "calibrated": 72.5},
    ])
    assert result["submission_id"].to_list() == [2, 1]
    assert result["decided_by"].to_list() == ["kalibrerat medel"] * 2


def test_rank_units_last_resort_is_the_name_and_says_the_committee_decides():
    result = _ranked([
        {"submission_id": 1, "unit_name": "Öster", "scores": [70] * 5, "calibrated": 70.0},
        {"submission_id": 2, "unit_name": "Abrahamsberg", "scores": [70] * 5, "calibrated": 70.0},
    ])
    assert result["unit_name"].to_list() == ["Abrahamsberg", "Öster"]
    assert result["place"].to_list() == [1, 2]
    assert result["decided_by"].to_list() == ["namnordning – kommittén avgör"] * 2


def test_rank_units_floating_point_noise_does_not_break_a_tie():
    totals, finals, calibrated, units = _frames([
        {"submission_id": 1, "unit_name": "A", "scores": [70] * 5, "calibrated": 60.0},
        {"submission_id": 2, "unit_name": "B", "scores": [70] * 5, "calibrated": 80.0},
    ])
    totals = totals.with_columns(total=pl.Series([70.00000000000001, 70.0]))
    result = ranking.rank_units(totals, finals, calibrated, units)
    assert result["submission_id"].to_list() == [2, 1]   # equal at six decimals → calibrated mean decides
    assert result["tied"].all()


def test_rank_units_incomplete_totals_come_last():
    result = _ranked([
        {"submission_id": 1, "unit_name": "A", "scores": [90, 90, 90, 90, None], "calibrated": 95.0},
        {"submission_id": 2, "unit_name": "B", "scores": [30] * 5, "calibrated": 30.0},
    ])
    assert result["submission_id"].to_list() == [2, 1]
    assert result["shared_place"].to_list() == [1, None]
    assert not result["tied"].any()


def test_rank_units_three_way_tie_each_pair_named_by_its_own_rule():
    result = _ranked([
        {"submission_id": 1, "unit_name": "A", "scores": [50, 90, 70, 70, 70], "calibrated": 70.0},
        {"submission_id": 2, "unit_name": "B", "scores": [60, 80, 70, 70, 70], "calibrated": 60.0},
        {"submission_id": 3, "unit_name": "C", "scores": [60, 80, 70, 70, 70], "calibrated": 65.0},
        {"submission_id": 4, "unit_name": "D", "scores": [50] * 5, "calibrated": 99.0},
    ])
    assert result["submission_id"].to_list() == [3, 2, 1, 4]
    assert result["decided_by"].to_list() == ["kalibrerat medel", "kalibrerat medel", "lägsta kriteriepoäng", None]
    assert result["shared_place"].to_list() == [1, 1, 1, 4]


def test_rank_scored_units_orders_the_classes_by_their_position_with_the_same_places():
    rows = [
        {"submission_id": 1, "unit_name": "A", "scores": [50] * 5, "class_code": "a", "calibrated": 50.0},
        {"submission_id": 2, "unit_name": "B", "scores": [70] * 5, "class_code": "a", "calibrated": 40.0},
        {"submission_id": 3, "unit_name": "C", "scores": [70] * 5, "class_code": "a", "calibrated": 60.0},
        {"submission_id": 4, "unit_name": "D", "scores": [60, 60, 60, 60, None], "class_code": "b"},
        {"submission_id": 5, "unit_name": "E", "scores": [80] * 5, "class_code": "b", "calibrated": 80.0},
    ]
    totals, finals, calibrated, units = _frames(rows)
    units = units.with_columns(class_position=pl.col("class_code").replace_strict({"a": 2, "b": 1}))
    by_code = ranking.rank_units(totals, finals, calibrated, units)
    scored = (units.join(totals, on="submission_id")
              .join(finals.group_by("submission_id").agg(min_criterion=pl.col("score").min()), on="submission_id")
              .join(calibrated, on="submission_id"))
    by_position = ranking.rank_scored_units(scored, classes_by=("class_position", "class_code"))
    assert by_position["class_code"].to_list() == ["b", "b", "a", "a", "a"]
    assert by_position["submission_id"].to_list() == [5, 4, 3, 2, 1]
    assert by_position.sort("submission_id").equals(by_code.select(by_position.columns).sort("submission_id"))
    assert by_position["place"].to_list() == [1, 2, 1, 2, 3]
    assert by_position["shared_place"].to_list() == [1, None, 1, 1, 3]
    assert by_position["decided_by"].to_list() == [None, None, "kalibrerat medel", "kalibrerat medel", None]


def test_radar_data_gives_the_unit_and_the_class_median_per_criterion():
    _, finals, _, _ = _frames([
        {"submission_id": 1, "unit_name": "A", "scores": [10, 20, 30, 40, 50]},
        {"submission_id": 2, "unit_name": "B", "scores": [30, 40, 50, 60, 70]},
        {"submission_id": 3, "unit_name": "C", "scores": [50, 60, 70, 80, 90]},
        {"submission_id": 4, "unit_name": "D", "scores": [100] * 5, "class_code": "other"},
    ])
    criteria = pl.DataFrame({"criterion": [1, 2, 3, 4, 5], "title": list("abcde")})
    profile = ranking.radar_data(finals, 1, criteria)
    assert profile["score"].to_list() == [10, 20, 30, 40, 50]
    assert profile["median"].to_list() == [30, 40, 50, 60, 70]    # the other class is left out
    assert profile["title"].to_list() == list("abcde")


def test_examiner_spread_per_criterion():
    scores = pl.DataFrame({"submission_id": [1] * 6, "examiner": ["a", "b", "c"] * 2,
                           "criterion": [1, 1, 1, 2, 2, 2], "score": [40.0, 60.0, 80.0, 50.0, 50.0, 50.0]})
    spread = ranking.examiner_spread(scores, 1)
    assert spread["range"].to_list() == [40.0, 0.0]
    assert spread["mean"].to_list() == [60.0, 50.0]
    assert spread["n"].to_list() == [3, 3]


def test_unit_history_marks_participation_place_and_award():
    submissions = pl.DataFrame({"submission_id": [10, 11]})
    parts = pl.DataFrame({"submission_id": [10, 10], "earlier_cycle": [2018, 2022], "earlier_submission": [1, 5],
                          "earlier_class": ["k", "k"], "earlier_class_name": ["Klass", "Klass"]})
    totals = pl.DataFrame({"submission_id": [1, 2, 5, 6, 7], "cycle": [2018, 2018, 2022, 2022, 2022],
                           "class_code": ["k"] * 5, "total": [50.0, 60.0, 80.0, 70.0, None]})
    awards = pl.DataFrame({"cycle": [2022], "submission_id": [5], "kind": ["winner"]})
    history = ranking.unit_history(submissions, [2018, 2022], parts, totals, awards)
    mine = history.filter(pl.col("submission_id") == 10)
    assert mine["earlier_cycle"].to_list() == [2022, 2018]
    assert mine["took_part"].to_list() == [True, True]
    assert mine["place"].to_list() == [1, 2]
    assert mine["of"].to_list() == [3, 2]
    assert mine["award"].to_list() == ["winner", None]
    other = history.filter(pl.col("submission_id") == 11)
    assert other["took_part"].to_list() == [False, False]
    summary = dict(ranking.history_summary(history).iter_rows())
    assert summary == {10: "2022: vinnare · 2018: plats 2 av 2", 11: "–"}
