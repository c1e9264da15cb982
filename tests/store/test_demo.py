"""The demo database: a real workload, deterministic, with demo accounts only there."""
import pytest

from scoring import demo
from scoring.platform import auth
from scoring.cli import main
from scoring.store import Store

YEAR = 2026


def _snapshot(store: Store) -> dict:
    """Every domain table's contents, minus timestamps and password hashes (salted, so never equal)."""
    tables = ["organisation", "unit", "submission", "assignment", "assessment", "score", "examiner"]
    snap = {t: store.frame(f"SELECT * FROM {t} ORDER BY ALL").drop(
        [c for c in ("updated_at", "submitted_at", "assigned_at", "registered_on") if c in
         store.frame(f"SELECT * FROM {t} LIMIT 0").columns]).rows() for t in tables}
    snap["account"] = store.frame("SELECT username, role, organisation_id, is_demo FROM account ORDER BY 1").rows()
    return snap


def test_demo_has_a_real_workload(db):
    counts = db.frame(
        "SELECT count(DISTINCT s.unit_id) AS units, count(DISTINCT s.class_code) AS classes,"
        " count(DISTINCT u.organisation_id) AS orgs FROM submission s JOIN unit u ON u.id = s.unit_id"
        " WHERE s.cycle = ?", [YEAR]).row(0, named=True)
    assert counts["units"] >= 40 and counts["classes"] == 5 and counts["orgs"] >= 10
    assert db.frame("SELECT count(*) AS n FROM submission WHERE cycle = ? AND length(text) > 200", [YEAR])["n"][0] \
        == counts["units"]


def test_demo_has_15_examiners_in_teams_of_3_with_one_lead_each(db):
    teams = db.frame(
        "SELECT a.submission_id, count(*) AS members, count(*) FILTER (WHERE a.is_lead) AS leads"
        " FROM assignment a JOIN submission s ON s.id = a.submission_id WHERE s.cycle = ? GROUP BY 1", [YEAR])
    assert set(teams["members"]) == {3} and set(teams["leads"]) == {1}
    roles = dict(db.frame("SELECT role, count(*) AS n FROM account GROUP BY 1").rows())
    assert roles == {"admin": 1, "examiner": 10, "lead": 5, "committee": 3, "chair": 1}


def test_demo_never_assigns_an_examiner_to_a_unit_of_their_own_organisation(db):
    clashes = db.frame(
        "SELECT count(*) AS n FROM assignment a JOIN account acc ON acc.username = a.examiner"
        " JOIN submission s ON s.id = a.submission_id JOIN unit u ON u.id = s.unit_id"
        " WHERE acc.organisation_id = u.organisation_id")
    assert clashes["n"][0] == 0


def test_demo_has_assessments_in_every_state(db):
    states = dict(db.frame(
        "SELECT x.status, count(*) AS n FROM assessment x JOIN submission s ON s.id = x.submission_id"
        " WHERE s.cycle = ? GROUP BY 1", [YEAR]).rows())
    assert set(states) == {"not_started", "draft", "submitted"}
    assert min(states.values()) >= 10


def test_demo_accounts_log_in_with_demo_and_are_flagged(db):
    user = auth.login(db, "examinator1", demo.DEMO_PASSWORD)
    assert user.role == "lead"
    assert db.frame("SELECT bool_and(is_demo) AS all_demo FROM account")["all_demo"][0] is True


def test_demo_is_deterministic(tmp_path, demo_template):
    again = tmp_path / "again.duckdb"
    demo.build(again)
    first, second = Store(demo_template), Store(again)
    assert _snapshot(first) == _snapshot(second)


def test_demo_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "k.duckdb"
    assert main(["demo", "--db", str(path)]) == 0
    assert main(["demo", "--db", str(path)]) == 2
    assert "finns redan. Använd --force" in capsys.readouterr().err
    assert main(["demo", "--db", str(path), "--force"]) == 0


def test_demo_respects_kvalitet_db(tmp_path, monkeypatch):
    target = tmp_path / "via-env.duckdb"
    monkeypatch.setenv("KVALITET_DB", str(target))
    assert main(["demo"]) == 0
    assert target.exists()


def test_python_dash_m_scoring_is_the_same_cli(tmp_path):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "scoring", "--help"], capture_output=True, text=True, check=True)
    assert "demo" in out.stdout and "add-user" in out.stdout


@pytest.mark.parametrize("username", ["admin", "examinator15", "kommitte3", "stadsdirektor"])
def test_demo_named_accounts_exist(db, username):
    assert auth.login(db, username, "demo").username == username
