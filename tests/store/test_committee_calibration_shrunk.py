"""Kalibrering's severity table and noise sd come from the shrunk model of committee_analysis (the one
the ranking uses), not from the least-squares fit of scoring.committee.calibration."""
import polars as pl
import pytest

from scoring.committee import views as committee
from scoring.committee.calibration import calibrate_examiners
from scoring.committee.analysis import fit_cycle

HISTORY = 2022


def test_calibration_view_severity_is_the_shrunk_examiner_effect(db, user):
    admin = user("admin")
    view = committee.calibration_view(db, admin, HISTORY)
    fitted = fit_cycle(committee.analysis_scores(db, admin, HISTORY))
    joined = view.examiners.join(fitted.examiners, on="examiner")
    assert joined.height == view.examiners.height == fitted.examiners.height == 15
    assert (joined["severity"] - joined["severity_right"]).abs().max() < 1e-9
    assert (joined["severity_se"] - joined["severity_se_right"]).abs().max() < 1e-9
    assert view.calibration.sigma == pytest.approx(fitted.sigma)
    # Not the least-squares fit: shrinkage pulls the spread of the severities toward 0.
    ols = calibrate_examiners(committee.ratings(db, admin, HISTORY)).examiners
    assert view.examiners["severity"].std() < ols["severity"].std()
    assert view.calibration.examiners["examiner"].str.starts_with("examinator").all()   # the kansli: usernames


def test_calibration_view_committee_sees_the_same_shrunk_severities_under_pseudonyms(db, user):
    named = committee.calibration_view(db, user("admin"), HISTORY).examiners
    hidden = committee.calibration_view(db, user("kommitte1"), HISTORY)
    assert hidden.examiners["examiner"].str.contains(r"^Examinator [A-Z]+$").all()
    assert hidden.calibration.examiners.is_empty()
    assert sorted(hidden.examiners["severity"].to_list()) == pytest.approx(sorted(named["severity"].to_list()))
    assert hidden.examiners["severity"].is_sorted(descending=True)
    assert hidden.examiners.filter(pl.col("enough_data")).height == 15
