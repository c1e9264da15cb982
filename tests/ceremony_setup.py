"""2022 decisions of the ceremony tests' own, made through the core (scoring.committee.decisions).

The demo signs 2022 already; these helpers reopen it and record known proposals, so the tests
can check exact texts (markup characters, a very long motivation, two winners sharing a prize).

Per class, in the cycle's order: Förskola has a winner with a motivation full of markup
characters and an honourable mention; Skola has no winner; Äldreomsorg a winner with a very
long motivation; the last two classes one winner each, the last with two winners.
"""
from __future__ import annotations

import polars as pl

from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.assessment import results
from scoring.committee.decisions import AwardChoice
from scoring.store import Store
from tests.conftest import user_of

YEAR = 2022
TRICKY = 'Förskolan visar att "barnens röst" & <lek> går före allt – \'varje dag\'.'
LONG = " ".join(["Enheten arbetar systematiskt med förbättringar som följs upp och sprids till andra."] * 40)
NO_WINNER_REASON = "Ingen enhet i klassen nådde upp till nivån för en utmärkelse i år."


def ranked(db: Store) -> pl.DataFrame:
    """2022's units by weighted total within each class, best first: class_code, place, submission_id."""
    return (results.weighted_totals(db, YEAR).sort("class_code", "total", "submission_id",
                                                   descending=[False, True, False], nulls_last=True)
            .with_columns(place=pl.int_range(1, pl.len() + 1).over("class_code")))


def reopen_2022(db: Store) -> None:
    """Move 2022 back to the decision phase and, if signed (the demo signs it), reopen it as the chair."""
    admin, chair = user_of(db, "admin"), user_of(db, "stadsdirektor")
    state = decisions.cycle_decisions(db, admin, YEAR)
    if state.phase != "decision":
        cycle_setup.move_phase(db, admin, YEAR, "decision", reason="Beslut inför prisutdelningen (test).")
    if state.status == decisions.SIGNED:
        decisions.reopen(db, chair, YEAR, "Testets egna beslut ersätter demons.")


def sign_2022(db: Store) -> None:
    """Replace 2022's decisions with this module's proposals, signed by the chair; the cycle ends closed."""
    reopen_2022(db)
    record_proposals(db)
    decisions.sign(db, user_of(db, "stadsdirektor"), YEAR)
    cycle_setup.move_phase(db, user_of(db, "admin"), YEAR, "closed")


def record_proposals(db: Store) -> None:
    chair = user_of(db, "stadsdirektor")
    table = ranked(db)
    codes = decisions.cycle_decisions(db, chair, YEAR).classes["class_code"].to_list()
    for i, code in enumerate(codes):
        ids = table.filter(pl.col("class_code") == code).sort("place")["submission_id"].to_list()
        if i == 0:
            decisions.record_proposal(db, chair, YEAR, code, "Förskolan vinner.", [AwardChoice(ids[0], TRICKY)],
                                      [AwardChoice(ids[1], "Ett lovvärt arbete med barns delaktighet.")])
        elif i == 1:
            decisions.record_proposal(db, chair, YEAR, code, NO_WINNER_REASON)
        elif i == 2:
            decisions.record_proposal(db, chair, YEAR, code, LONG, [AwardChoice(ids[0])])
        elif i == len(codes) - 1:
            decisions.record_proposal(db, chair, YEAR, code, "Två enheter delar priset.",
                                      [AwardChoice(ids[0], prize_amount=25_000),
                                       AwardChoice(ids[1], prize_amount=25_000)])
        else:
            decisions.record_proposal(db, chair, YEAR, code, "Ett föredömligt kvalitetsarbete.",
                                      [AwardChoice(ids[0])])
