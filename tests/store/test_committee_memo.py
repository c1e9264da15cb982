"""The committee's ranking and the memo of its model: kept figures equal fresh ones, a changed score
gives a new key and new figures without forgetting anything, the memo stays small, and examiners are
refused."""
from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest

from scoring.assessment import individual as assessment
from scoring.committee import views as committee
from scoring.platform.access import AccessDenied
from scoring.store import ranking as store

YEAR, HISTORY = 2026, 2022


@pytest.fixture(autouse=True)
def _no_kept_models():
    """Each test starts and ends with an empty memo (it is module state, shared by the process)."""
    committee.forget_models()
    yield
    committee.forget_models()


def _scores(db, year):
    """The memo's input: the criterion scores plus the practice case's rows, usernames as the kansli sees them."""
    from tests.conftest import user_of
    return committee.analysis_scores(db, user_of(db, "admin"), year)


@pytest.mark.parametrize("year", [HISTORY, YEAR])
def test_ranking_kept_model_gives_the_figures_of_a_fresh_computation(db, user, year):
    actor = user("kommitte1" if year == HISTORY else "admin")    # 2026 is in assessment: not the committee's yet
    fresh = committee.ranking(db, actor, year)
    assert len(committee._MODELS.keys()) == 1
    kept = committee.ranking(db, actor, year)
    assert len(committee._MODELS.keys()) == 1                  # the same ratings: the same model
    committee.forget_models()
    again = committee.ranking(db, actor, year)
    for other in (kept, again):
        assert other.table.equals(fresh.table)
        assert other.confidence.equals(fresh.confidence)
        assert other.notes == fresh.notes
    assert fresh.table["p_first"].drop_nulls().len() > 0


def test_ranking_model_equals_the_core_functions_on_the_ratings(db, user):
    actor = user("stadsdirektor")
    ranked = committee.ranking(db, actor, HISTORY)
    model = committee.fit_model(committee.analysis_scores(db, user("admin"), HISTORY))   # usernames, as the memo's
    got = ranked.table.select("submission_id", "calibrated_mean", "p_first").sort("submission_id")
    want = (model.units.select("submission_id", "calibrated_mean", "p_first")
            .with_columns(pl.col("submission_id").cast(pl.Int32)).sort("submission_id"))
    joined = got.join(want, on="submission_id")
    assert joined.height == want.height == got["calibrated_mean"].drop_nulls().len() > 0
    assert (joined["calibrated_mean"] - joined["calibrated_mean_right"]).abs().max() < 1e-9
    assert joined["p_first"].to_list() == joined["p_first_right"].to_list()
    assert ranked.confidence.sort("class_code").equals(model.classes.sort("class_code"))


def test_a_changed_score_gives_a_new_key_and_new_figures_without_forgetting(db, user):
    actor = user("admin")                                          # the kansli follows 2026 while it is assessed
    before = committee.ranking(db, actor, YEAR)
    earlier = committee.earlier_cycles(db, actor, YEAR)          # 2026 pools its variances with signed 2022
    assert earlier.years == (HISTORY,)
    key_before = committee.model_key(_scores(db, YEAR)) + earlier.key
    assert committee._MODELS.keys() == [key_before]

    # examinator1 corrects a submitted assessment through the real write path: reopened, submitted again.
    mine = assessment.my_assessments(db, user("examinator1"), YEAR)
    sid = mine.filter(pl.col("status") == "submitted")["submission_id"][0]
    assessment.reopen(db, user("admin"), sid, "examinator1", "Fel poäng på kriterium 1")
    view = assessment.open_assessment(db, user("examinator1"), sid)
    raw = {n: {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
           for n, e in view.entries.items()}
    raw[1]["score"] = 10 if raw[1]["score"] != 10 else 90
    assessment.submit(db, user("examinator1"), sid, raw, view.version)

    after = committee.ranking(db, actor, YEAR)                    # no forget_models() in between
    key_after = committee.model_key(_scores(db, YEAR)) + earlier.key
    assert key_after != key_before
    assert committee._MODELS.keys() == [key_before, key_after]
    row = {name: frame.table.filter(pl.col("submission_id") == sid).row(0, named=True)
           for name, frame in (("before", before), ("after", after))}
    assert row["after"]["calibrated_mean"] != pytest.approx(row["before"]["calibrated_mean"])
    fresh = committee.fit_model(committee.analysis_scores(db, actor, YEAR), earlier).units.filter(
        pl.col("submission_id") == sid)
    assert row["after"]["calibrated_mean"] == pytest.approx(fresh["calibrated_mean"][0])


def test_model_key_depends_on_the_content_not_the_row_order(db):
    scores = _scores(db, HISTORY)
    key = committee.model_key(scores)
    assert committee.model_key(scores.reverse()) == key
    first = pl.int_range(pl.len()) == 0
    bumped = scores.with_columns(pl.when(first).then(pl.col("score") + 1e-9).otherwise(pl.col("score")).alias("score"))
    assert committee.model_key(bumped) != key
    renamed = scores.with_columns(pl.when(first).then(pl.lit("någon annan")).otherwise(pl.col("examiner"))
                                  .alias("examiner"))
    assert committee.model_key(renamed) != key
    moved = scores.with_columns(pl.when(first).then(pl.lit("x")).otherwise(pl.col("class_code")).alias("class_code"))
    assert committee.model_key(moved) != key
    agreed = scores.with_columns(pl.when(first).then(pl.lit(0.0)).otherwise(pl.col("final_score")).alias("final_score"))
    assert committee.model_key(agreed) != key
    assert committee.model_key(scores, draws=500) != key


def test_model_memo_is_a_small_lru():
    memo = committee._Memo(size=3)
    made = []

    def model(name):
        def compute():
            made.append(name)
            return name
        return compute
    for name in "abcd":
        memo.get(name, model(name))
    assert memo.keys() == ["b", "c", "d"]                      # the oldest went
    assert memo.get("b", model("b")) == "b" and made == ["a", "b", "c", "d"]
    memo.get("e", model("e"))
    assert memo.keys() == ["d", "b", "e"]                      # b was used, so c went
    assert memo.peek("d") == "d" and memo.peek("x") is None     # a peek counts as a use, and computes nothing
    memo.put("f", "f")
    assert memo.keys() == ["e", "d", "f"]                      # d was peeked at, so b went
    assert 1 <= committee._MODELS.size <= 8


def test_ranking_from_parallel_sessions_is_the_same(db, user):
    actor = user("kommitte2")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: committee.ranking(db, actor, HISTORY), range(8)))
    assert all(r.table.equals(results[0].table) for r in results)
    assert len(committee._MODELS.keys()) == 1


def test_ranking_is_the_view_without_what_the_unit_detail_needs(db, user):
    actor = user("admin")
    view = committee.ranking_view(db, actor, YEAR)
    ranked = committee.ranking(db, actor, YEAR)
    assert ranked.table.equals(view.table.drop("history"))
    assert ranked.confidence.equals(view.confidence)
    assert ranked.table["class_position"].is_sorted()


@pytest.mark.parametrize("username", ["examinator1", "examinator4"])
def test_examiners_may_not_read_the_ranking(db, user, username):
    with pytest.raises(AccessDenied):
        committee.ranking(db, user(username), YEAR)
    assert committee._MODELS.keys() == []


def test_a_model_is_found_by_data_version_and_by_content_after_an_unrelated_write(db, user):
    actor = user("kommitte1")
    first = committee.ranking(db, actor, HISTORY)
    committee.ranking(db, actor, HISTORY)
    assert len(committee._MODEL_AT.keys()) == 1 and len(committee._MODELS.keys()) == 1   # no write: one version
    # A committed write that leaves the ratings as they were: a new data version, the same model by content.
    db.write(lambda con: con.execute("UPDATE cycle SET phase = phase WHERE year = ?", [YEAR]))
    again = committee.ranking(db, actor, HISTORY)
    assert len(committee._MODEL_AT.keys()) == 2
    assert len(committee._MODELS.keys()) == 1
    assert again.table.equals(first.table)
