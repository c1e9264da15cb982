"""The examiner roster: the kansli creates and edits examiners (account and roster record in one transaction)."""
from __future__ import annotations

import polars as pl
import pytest

from scoring.cycle import rosters
from scoring.platform.access import AccessDenied, ValidationError


def test_admin_creates_and_edits_an_examiner(db, user):
    admin = user("admin")
    data = rosters.ExaminerInput("ny.examinator", "Nya Examinatorn", "examiner", 3, 2025, 6, ("skola",),
                                 "ny@stockholm.se")
    rosters.save_examiner(db, admin, data, password="ett-langt-losenord", known_classes=["skola", "forskola"])
    rosters.save_examiner(db, admin, rosters.ExaminerInput("ny.examinator", "Nya Examinatorn", "lead", 3, 2025, 4,
                                                         ("skola", "forskola")), known_classes=["skola", "forskola"])
    row = rosters.roster(db, admin, 2026).filter(pl.col("username") == "ny.examinator").row(0, named=True)
    assert (row["role"], row["capacity"], sorted(row["classes"]), row["organisation_id"]) == \
        ("lead", 4, ["forskola", "skola"], 3)
    with pytest.raises(ValidationError) as err:
        rosters.save_examiner(db, admin, rosters.ExaminerInput("ny.examinator", " ", "chair", 3, 12, -1, ("okänd",),
                                                             "inte-en-adress"), known_classes=["skola"])
    assert len(err.value.messages) == 6
    with pytest.raises(AccessDenied):
        rosters.save_examiner(db, user("examinator1"), data)
