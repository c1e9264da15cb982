"""The feedback overview's rules, kept in the core (scoring.ceremony.feedback) rather than on the kansli's page."""
import polars as pl

from scoring.ceremony import feedback
from scoring.assessment import results

OVERVIEW = pl.DataFrame({
    "submission_id": [1, 2, 3, 4, 5],
    "source": [results.SITE_VISIT, results.CONSENSUS, results.INDIVIDUAL_MEAN, results.MISSING, None],
    "consensus_status": ["done", "done", "open", "not_open", "not_open"],
    "submitted": [3, 3, 2, 1, 0],
    "members": [3, 3, 3, 3, 3],
    "opened_by_admin": [False, False, True, False, False],
})


def test_preliminary_is_every_total_that_rests_on_neither_consensus_nor_site_visit():
    assert feedback.preliminary(OVERVIEW)["submission_id"].to_list() == [3, 4]


def test_awaiting_consensus_is_a_team_not_all_submitted_and_not_yet_opened_by_the_kansli():
    assert feedback.awaiting_consensus(OVERVIEW)["submission_id"].to_list() == [4, 5]


def test_consensus_closed_is_a_done_consensus():
    assert feedback.consensus_closed(OVERVIEW)["submission_id"].to_list() == [1, 2]
