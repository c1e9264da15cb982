"""The committee's ranking pools its variances with the signed earlier cycles (scoring.committee.views:
earlier_cycles, the kept variances; scoring.store.ranking.earlier_signed): the demo's 2026 pools with
its signed 2022, and stops when 2022's decisions are reopened."""
import polars as pl
import pytest

from scoring.committee import views as committee
from scoring.committee.analysis import EARLIER_AT_MOST, cycle_variances, pool_earlier
from scoring.store import assessments as assessment_store
from scoring.store import ranking as store
from tests.ceremony_setup import reopen_2022

YEAR, HISTORY = 2026, 2022


@pytest.fixture(autouse=True)
def _nothing_kept():
    committee.forget_models()
    committee.forget_earlier()
    yield
    committee.forget_models()
    committee.forget_earlier()


def _model(db) -> committee.RatingsModel:
    """The model the ranking of 2026 keeps (the only one in the memo after one ranking)."""
    (key,) = committee._MODELS.keys()
    return committee._MODELS.get(key, lambda: pytest.fail("the ranking's model was not kept"))


def test_ranking_of_2026_pools_the_variances_with_signed_2022(db, user):
    admin = user("admin")
    committee.ranking(db, admin, YEAR)
    model = _model(db)
    assert model.earlier_years == (HISTORY,)
    # The prior is 2022's own variances (fitted alone, as cycle_variances gives them), its degrees of
    # freedom capped at 2026's own counts.
    own = cycle_variances(committee.analysis_scores(db, admin, HISTORY))
    pooled = pool_earlier([own])
    counts = cycle_variances(committee.analysis_scores(db, admin, YEAR)).counts      # 2026's units, examiners, ...
    for name in ("tau", "examiner", "sigma"):
        df, scale2 = model.prior[name]
        assert scale2 == pytest.approx(pooled[name][1])
        assert df == min(pooled[name][0], EARLIER_AT_MOST * counts[name]) and df > 2.0
    assert committee.earlier_cycles(db, admin, YEAR).prior == pooled


def test_ranking_without_a_signed_earlier_cycle_uses_the_weak_priors_and_other_variances(db, user):
    admin = user("admin")
    with_2022 = committee.ranking(db, admin, YEAR)
    pooled = _model(db)
    reopen_2022(db)                                        # 2022's decisions are no longer signed
    committee.forget_models()
    assert committee.earlier_cycles(db, admin, YEAR).years == ()
    alone_ranking = committee.ranking(db, admin, YEAR)
    alone = _model(db)
    assert alone.earlier_years == () and alone.prior["tau"][0] == 1.0     # the weak prior: one degree of freedom
    assert pooled.prior["tau"][0] > 10.0
    assert any(alone.variances[n] != pytest.approx(pooled.variances[n], rel=1e-6) for n in ("tau", "examiner", "sigma"))
    # The same scores, other variances: the best estimates move.
    a = with_2022.table.select("submission_id", "calibrated_mean").drop_nulls()
    b = alone_ranking.table.select("submission_id", "calibrated_mean").drop_nulls()
    joined = a.join(b, on="submission_id")
    assert joined.height > 0 and (joined["calibrated_mean"] - joined["calibrated_mean_right"]).abs().max() > 1e-6
    # 2022 itself has no earlier cycle: its ranking never pools.
    committee.ranking(db, admin, HISTORY)
    assert committee.earlier_cycles(db, admin, HISTORY).years == ()


def test_earlier_variances_are_fitted_once_and_refitted_when_2022_changes(db, user):
    admin = user("admin")
    first = committee.ranking(db, admin, YEAR)
    kept = committee._EARLIER_VARIANCES.keys()
    assert len(kept) == 1 and kept[0].startswith(f"{HISTORY}:")
    committee.forget_models()                              # a changed 2026 score: the model is refitted ...
    again = committee.ranking(db, admin, YEAR)
    assert committee._EARLIER_VARIANCES.keys() == kept      # ... 2022's variances are not
    assert again.table.equals(first.table)
    committee.forget_earlier()
    committee.forget_models()
    assert committee.ranking(db, admin, YEAR).table.equals(first.table)   # kept equals fresh

    # A corrected 2022 score changes its fingerprint, so its variances are fitted again.
    with db.read() as con:
        before = store.earlier_signed(con, YEAR, 3)
        row = store.analysis_scores(con, HISTORY).row(0, named=True)
    new = 0 if row["score"] >= 50 else 100
    db.write(lambda con: assessment_store.upsert_scores(con, row["submission_id"], row["examiner"],
                                                          [(row["criterion"], new, "", "")]))
    with db.read() as con:
        after = store.earlier_signed(con, YEAR, 3)
    assert after["fingerprint"][0] != before["fingerprint"][0] and after["rows"][0] == before["rows"][0]
    committee.ranking(db, admin, YEAR)
    assert len(committee._EARLIER_VARIANCES.keys()) == 2
    assert len(committee._MODELS.keys()) == 2              # same 2026 scores, other earlier cycle: a new model


def test_earlier_signed_lists_the_latest_signed_cycles_before_the_year(db):
    with db.read() as con:
        found = store.earlier_signed(con, YEAR, 3)
        none = store.earlier_signed(con, HISTORY, 3)
        zero = store.earlier_signed(con, YEAR, 0)
        rows = store.analysis_scores(con, HISTORY).height
    assert found.select("cycle", "rows").rows() == [(HISTORY, rows)]
    assert none.is_empty() and zero.is_empty()
    assert found.schema["fingerprint"] == pl.String
