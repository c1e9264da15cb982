"""The results archive: the xlsx round-trips through Polars to the committee's own numbers."""
import io
import zipfile

import polars as pl
import pytest

from scoring import swedish
from scoring.ceremony import archive
from scoring.ceremony import winners as ceremony
from scoring.committee import views as committee
from scoring.committee import decisions
from scoring.assessment import results
from scoring.platform.access import AccessDenied
from tests.ceremony_setup import YEAR, sign_2022
from tests.conftest import user_of


@pytest.fixture
def signed(db):
    sign_2022(db)
    return db


def read_back(db, actor) -> dict[str, pl.DataFrame]:
    """Every sheet; a class sheet's table starts on row 3, under the class's full name in A1."""
    data = archive.workbook(db, actor, YEAR)
    book = pl.read_excel(io.BytesIO(data), sheet_id=0)
    classes = [name for name in book if name[:1].isdigit()]
    book.update({name: pl.read_excel(io.BytesIO(data), sheet_name=name, read_options={"header_row": 2})
                 for name in classes})
    return book


def class_titles(db, actor) -> dict[str, str]:
    """Each class sheet's cell A1."""
    data = archive.workbook(db, actor, YEAR)
    return {name: pl.read_excel(io.BytesIO(data), sheet_name=name, has_header=False).row(0)[0]
            for name in pl.read_excel(io.BytesIO(data), sheet_id=0) if name[:1].isdigit()}


def test_xlsx_class_sheets_equal_the_committee_ranking(signed):
    admin = user_of(signed, "admin")
    book = read_back(signed, admin)
    view = committee.ranking_view(signed, admin, YEAR)
    finals = results.final_scores(signed, YEAR)
    awards = decisions.cycle_decisions(signed, admin, YEAR).awards
    names = [archive.class_sheet_name(r["position"], r["class_name"]) for r in view.classes.iter_rows(named=True)]
    assert list(book)[2:2 + len(names)] == names
    for sheet, code in zip(names, view.classes["class_code"]):
        got = book[sheet]
        want = view.table.filter(pl.col("class_code") == code).sort("place")
        assert got["Placering"].to_list() == want["place"].to_list() == list(range(1, want.height + 1))
        assert got["Enhet"].to_list() == want["unit_name"].to_list()
        assert got["Förvaltning"].to_list() == want["organisation"].to_list()
        assert got["Viktad totalpoäng"].to_list() == [swedish.half_up(t, 2) for t in want["total"]]
        assert got["Totalpoängens källa"].to_list() == want["source"].to_list()
        for number in range(1, 6):
            scores = dict(finals.filter(pl.col("criterion") == number).select("submission_id", "score").iter_rows())
            assert got[f"K{number} poäng"].to_list() == [swedish.half_up(scores[s], 2) for s in want["submission_id"]]
        kinds = dict(awards.select("submission_id", "kind").iter_rows())
        expected = [archive.AWARD_NAMES.get(kinds.get(s)) for s in want["submission_id"]]
        assert got["Utmärkelse"].to_list() == expected
    assert sum(book[s]["Utmärkelse"].is_not_null().sum() for s in names) == awards.height == 6


def test_xlsx_has_every_individual_and_consensus_score_and_the_decisions(signed):
    admin = user_of(signed, "admin")
    book = read_back(signed, admin)
    individual = signed.frame("SELECT count(*) AS n, sum(score) AS total FROM score sc"
                              " JOIN submission s ON s.id = sc.submission_id WHERE s.cycle = ?", [YEAR]).row(0)
    assert (book["Individuella poäng"].height, book["Individuella poäng"]["Poäng"].sum()) == individual
    agreed = signed.frame("SELECT count(*) AS n, sum(cs.score) AS total FROM consensus_score cs"
                          " JOIN submission s ON s.id = cs.submission_id WHERE s.cycle = ?", [YEAR]).row(0)
    assert (book["Konsensuspoäng"].height, book["Konsensuspoäng"]["Poäng"].sum()) == agreed
    decided = book["Beslut"]
    assert decided["Beslut"].to_list().count("Vinnare") == 5
    assert decided["Beslut"].to_list().count("Hedersomnämnande") == 1
    assert decided["Beslut"].to_list().count("Ingen vinnare") == 1
    info = dict(book["Omgång"].iter_rows())
    assert info["Beslut"] == "Signerade" and info["Signerade av"] == "Stadsdirektören (demo)"


def test_unsigned_archive_says_so(db):
    info = dict(pl.read_excel(io.BytesIO(archive.workbook(db, user_of(db, "admin"), 2026)),
                              sheet_name="Omgång").iter_rows())
    assert info["Beslut"].startswith("Inte signerade")


def test_formula_looking_text_is_neutralised_in_xlsx_and_csv(signed):
    chair = user_of(signed, "stadsdirektor")
    ceremony.set_presenters(signed, chair, YEAR, {"forskola": "=HYPERLINK(\"http://x\")", "skola": "@SUM(A1)",
                                                  "andra": "-2+3"})
    presenters = read_back(signed, chair)["Beslut"]["Utdelare"].drop_nulls().unique().sort().to_list()
    assert presenters == ["'-2+3", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    with zipfile.ZipFile(io.BytesIO(archive.csv_zip(signed, chair, YEAR))) as packed:
        members = packed.namelist()
        decided = packed.read("Beslut.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in decided and "'@SUM(A1)" in decided and ";=" not in decided
    assert len(members) == len(read_back(signed, chair))


def test_archive_is_for_admin_and_chair_only(signed):
    for username in ("kommitte1", "examinator1"):
        with pytest.raises(AccessDenied):
            archive.workbook(signed, user_of(signed, username), YEAR)


def test_class_sheets_have_short_unique_names_and_the_full_class_name_in_a1(signed):
    admin = user_of(signed, "admin")
    view = committee.ranking_view(signed, admin, YEAR)
    titles = class_titles(signed, admin)
    full = [f"{r['position']}. {r['class_name']}" for r in view.classes.iter_rows(named=True)]
    assert list(titles.values()) == full
    assert any(len(name) > 31 for name in full)          # the cycle has a class name Excel could not hold
    assert all(len(name) <= 31 and not name.endswith((" och", " inklusive", ",")) for name in titles)
    assert len({name.lower() for name in titles}) == len(titles)


@pytest.mark.parametrize("position, name, expected", [
    (3, "Äldreomsorg inklusive myndighetsbedömning", "3 Äldreomsorg"),
    (4, "Socialtjänst och stöd och service till personer med funktionsnedsättning", "4 Socialtjänst och stöd"),
    (5, "Andra verksamheter, såsom administrativa verksamheter", "5 Andra verksamheter"),
    (1, "Förskola", "1 Förskola"),
    (12, "Ett_mycket_långt_ord_utan_mellanslag_alls", "12 Ett_mycket_långt_ord_utan_me"),
    (2, "Fråga? [ja]: nej/kanske", "2 Fråga- -ja-- nej-kanske"),
])
def test_class_sheet_name(position, name, expected):
    assert archive.class_sheet_name(position, name) == expected


def test_the_chair_gets_the_archive_only_once_results_are_open_to_the_committee(db):
    chair, admin = user_of(db, "stadsdirektor"), user_of(db, "admin")
    assert decisions.cycle_decisions(db, admin, 2026).phase == "assessment"
    assert not archive.may_export(db, chair, 2026).allowed
    with pytest.raises(AccessDenied, match="platsbesök"):
        archive.workbook(db, chair, 2026)
    with pytest.raises(AccessDenied, match="platsbesök"):
        archive.csv_zip(db, chair, 2026)
    assert archive.may_export(db, admin, 2026).allowed and archive.may_export(db, chair, YEAR).allowed


def test_archive_figures_round_half_away_from_zero_as_the_pdfs_and_pages_do():
    """Polars' round() goes half to even (48.25 → 48.2, 0.125 → 0.12); the archive must show what the
    PDFs and the pages show."""
    frame = pl.DataFrame({"x": [48.25, 0.125, -2.25, 61.25, None, 62.96]})
    got = frame.select(archive._half_up("x", 1))["x"].to_list()
    assert got == [48.3, 0.1, -2.3, 61.3, None, 63.0]
    assert frame.select(archive._half_up("x", 2))["x"].to_list()[1] == 0.13
    assert [swedish.decimal(v) for v in got if v is not None] == [swedish.decimal(v) for v in frame["x"] if v is not None]
