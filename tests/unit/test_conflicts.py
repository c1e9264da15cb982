"""scoring.conflicts: jäv by organisation id, declared jäv as team reasons, committee recusal."""
import polars as pl
import pytest

from scoring import conflicts
from scoring.platform.access import AccessDenied, User


def test_same_organisation_compares_ids_and_never_bars_an_account_without_one():
    assert conflicts.same_organisation(3, 3)
    assert not conflicts.same_organisation(3, 4)
    assert not conflicts.same_organisation(None, 3)
    assert not conflicts.same_organisation(None, None)


def test_team_reasons_names_both_kinds_of_jav():
    assert conflicts.team_reasons("anna", 3, "u1", 3, "Skolförvaltningen", {("anna", "u1")}) == [
        "Examinatorn anna tillhör samma förvaltning eller bolag som enheten (Skolförvaltningen).",
        "Examinatorn anna har anmält jäv mot enheten.",
    ]
    assert conflicts.team_reasons("anna", 4, "u1", 3, "Skolförvaltningen", {("anna", "u2")}) == []


CLASS_ORGS = pl.DataFrame({"class_code": ["skola", "skola", "forskola"], "organisation_id": [1, 2, 2],
                           "organisation": ["Norrmalm", "Söder", "Söder"]})
MEMBERS = pl.DataFrame({"username": ["k1", "k2", "chair"], "display_name": ["Kim", "Alva", "Ordf"],
                        "organisation_id": [2, 5, None], "organisation": ["Söder", "Kista", None]},
                       schema_overrides={"organisation_id": pl.Int64})


def test_recusals_lists_members_whose_organisation_has_a_unit_in_the_class():
    found = conflicts.recusals(MEMBERS, CLASS_ORGS)
    assert found.select("username", "class_code").rows() == [("k1", "forskola"), ("k1", "skola")]


def test_refuse_recused_names_the_class_and_the_organisation():
    member = User("k1", "Kim", "committee", organisation_id=2)
    with pytest.raises(AccessDenied, match="Du har jäv i klassen Skola: din förvaltning \\(Söder\\)"):
        conflicts.refuse_recused(member, "skola", "Skola", CLASS_ORGS)
    conflicts.refuse_recused(User("k2", "Alva", "committee", organisation_id=5), "skola", "Skola", CLASS_ORGS)
    conflicts.refuse_recused(User("chair", "Ordf", "chair"), "skola", "Skola", CLASS_ORGS)
