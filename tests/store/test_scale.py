"""The scale generator: deterministic, and the shape it promises (issue 8)."""
from pathlib import Path

import pytest

import criteria
from scoring.bench import generator as scale
from scoring.cli import main
from scoring.store import Store

TABLES = ("organisation", "unit", "submission", "assignment", "assessment", "score", "consensus",
          "consensus_score", "site_visit", "site_visit_score", "award", "decision_signature", "examiner")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "scale1.duckdb"
    scale.build(path, scale=1)
    return path


@pytest.fixture
def store(built: Path):
    db = Store(built)
    yield db
    db.close()


def _snapshot(db: Store) -> dict:
    snap = {}
    for table in TABLES:
        snap[table] = db.frame(f"SELECT * FROM {table} ORDER BY ALL").rows()
    snap["account"] = db.frame("SELECT username, role, organisation_id, is_demo FROM account ORDER BY 1").rows()
    return snap


def test_scale_build_is_deterministic(built: Path, store: Store, tmp_path: Path):
    again = tmp_path / "again.duckdb"
    scale.build(again, scale=1)
    other = Store(again)
    try:
        assert _snapshot(other) == _snapshot(store)
    finally:
        other.close()


def test_scale_build_has_the_promised_counts_per_table(store: Store):
    shape = scale.counts(1)
    per_cycle = store.frame(
        "SELECT s.cycle, count(DISTINCT s.id) AS subs, count(*) AS places,"
        " count(*) FILTER (WHERE x.status = 'submitted') AS submitted"
        " FROM submission s JOIN assignment a ON a.submission_id = s.id"
        " JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " GROUP BY 1 ORDER BY 1")
    assert per_cycle["cycle"].to_list() == [*scale.HISTORY_YEARS, scale.CURRENT_YEAR]
    assert set(per_cycle["subs"]) == {shape["submissions"]}
    assert set(per_cycle["places"]) == {3 * shape["submissions"]}
    assert set(per_cycle["submitted"]) == {3 * shape["submissions"]}
    total_subs = shape["submissions"] * shape["cycles"]
    counts = {t: store.frame(f"SELECT count(*) AS n FROM {t}")["n"][0] for t in TABLES}
    assert counts["unit"] == shape["units"]
    assert counts["submission"] == total_subs
    assert counts["score"] == 3 * 5 * total_subs
    assert store.frame("SELECT count(*) AS n FROM score WHERE score IS NULL OR strengths = ''"
                       " OR improvements = ''")["n"][0] == 0
    assert counts["consensus"] == total_subs and counts["consensus_score"] == 5 * total_subs
    assert store.frame("SELECT DISTINCT status FROM consensus")["status"].to_list() == ["done"]
    assert counts["decision_signature"] == len(scale.HISTORY_YEARS)
    assert counts["award"] == 5 * len(scale.HISTORY_YEARS)
    assert counts["site_visit"] == scale.VISITS_PER_CLASS * 5 * shape["cycles"]
    phases = dict(store.frame("SELECT year, phase FROM cycle").rows())
    assert phases.pop(scale.CURRENT_YEAR) == scale.CURRENT_PHASE and set(phases.values()) == {"closed"}
    assert store.frame("SELECT count(*) AS n FROM criterion WHERE cycle = ?", [scale.CURRENT_YEAR])["n"][0] == 5


def test_scale_build_has_the_demo_accounts_and_more_examiners(store: Store):
    roles = dict(store.frame("SELECT role, count(*) AS n FROM account GROUP BY 1").rows())
    examiners = scale.counts(1)["examiners"]
    assert roles == {"admin": 1, "committee": 3, "chair": 1, "lead": (examiners + 2) // 3,
                     "examiner": examiners - (examiners + 2) // 3}
    names = set(store.frame("SELECT username FROM account")["username"])
    assert {"admin", "kommitte1", "stadsdirektor", "examinator1", "examinator15", f"examinator{examiners}"} <= names
    assert store.frame("SELECT bool_and(is_demo) AS d FROM account")["d"][0]


def test_scale_teams_have_three_members_and_one_lead_of_lead_role(store: Store):
    teams = store.frame(
        "SELECT a.submission_id, count(*) AS members, count(*) FILTER (WHERE a.is_lead) AS leads,"
        " bool_and(NOT a.is_lead OR acc.role = 'lead') AS lead_is_lead"
        " FROM assignment a JOIN account acc ON acc.username = a.examiner GROUP BY 1")
    assert set(teams["members"]) == {3} and set(teams["leads"]) == {1} and teams["lead_is_lead"].all()


def test_scale_never_assigns_an_examiner_to_a_unit_of_their_own_organisation(store: Store):
    clashes = store.frame(
        "SELECT count(*) AS n FROM assignment a JOIN submission s ON s.id = a.submission_id"
        " JOIN unit u ON u.id = s.unit_id JOIN account acc ON acc.username = a.examiner"
        " WHERE acc.organisation_id = u.organisation_id")
    assert clashes["n"][0] == 0


def test_scale_loads_stay_within_capacity_and_are_balanced(store: Store):
    loads = store.frame(
        "SELECT a.examiner, count(*) AS n, any_value(e.capacity) AS capacity FROM assignment a"
        " JOIN submission s ON s.id = a.submission_id JOIN examiner e ON e.username = a.examiner"
        " WHERE s.cycle = ? GROUP BY 1", [scale.CURRENT_YEAR])
    assert (loads["n"] <= loads["capacity"]).all()
    assert loads["n"].max() - loads["n"].min() <= 3


def test_history_rulebook_is_2022_moved_to_the_year():
    book = scale.history_rulebook(2019)
    assert book.year == 2019 and "2019" in book.title and "2022" not in book.title
    assert {d.year for d in book.dates.values()} == {2019}
    assert [c.code for c in book.classes] == [c.code for c in criteria.load_year(2022).classes]


def test_demo_cli_with_scale_builds_the_scale_database(tmp_path: Path, capsys):
    path = tmp_path / "cli.duckdb"
    assert main(["demo", "--scale", "2", "--db", str(path)]) == 0
    assert "skala 2" in capsys.readouterr().out
    db = Store(path)
    try:
        n = db.frame("SELECT count(*) AS n FROM submission WHERE cycle = ?", [scale.CURRENT_YEAR])["n"][0]
    finally:
        db.close()
    assert n == scale.counts(2)["submissions"]
    assert main(["demo", "--scale", "2", "--db", str(path)]) == 2   # refuses to overwrite without --force


def test_scale_below_one_is_refused(tmp_path: Path):
    with pytest.raises(ValueError):
        scale.build(tmp_path / "zero.duckdb", scale=0)
    assert not (tmp_path / "zero.duckdb").exists()


def test_signed_history_cycles_have_what_signing_freezes_so_their_ceremony_documents_build(store: Store):
    """Signed lists and diplomas read the frozen copy (signed_class / signed_award), as after the chair signs."""
    from scoring.ceremony import winners as ceremony
    from tests.conftest import user_of
    frozen = dict(store.frame("SELECT cycle, count(*) AS n FROM signed_award GROUP BY cycle").rows())
    assert frozen == {year: 5 for year in scale.HISTORY_YEARS}
    assert store.frame("SELECT count(*) AS n FROM signed_class")["n"][0] == 5 * len(scale.HISTORY_YEARS)
    newest = max(scale.HISTORY_YEARS)
    listing = ceremony.winner_list(store, user_of(store, "admin"), newest)
    assert sum(len(c.winners) for c in listing.classes) == 5
    assert ceremony.document_pdf(store, user_of(store, "admin"), "diplom", newest)[:5] == b"%PDF-"
