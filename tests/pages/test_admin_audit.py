"""Granskningslogg: the admin filters the log and can export it."""
from scoring.assessment import individual as assessment
from tests.conftest import user_of

PAGE = "scoring/ui/pages/admin_audit.py"


def _open(app, db):
    me = user_of(db, "examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    assessment.save_draft(db, me, sid, {1: {"score": 30, "strengths": "<b>fet</b>"}},
                          assessment.open_assessment(db, me, sid).version)
    at = app("admin")
    return at.switch_page(PAGE).run(), sid


def test_audit_page_lists_entries_newest_first_with_export(app, db):
    at, sid = _open(app, db)
    assert not at.exception
    assert [t.value for t in at.title] == ["Granskningslogg"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Nr", "Tidpunkt", "Vem", "Händelse", "Vad", "Nyckel", "Gammalt värde", "Nytt värde"]
    assert table["Händelse"].iloc[0] == "Inloggning" and table["Vem"].iloc[0] == "admin"
    assert f"{sid}/examinator3" in set(table["Nyckel"])
    assert [b.label for b in at.get("download_button")] == ["Excel", "CSV"]


def test_audit_page_filters_by_actor_and_action(app, db):
    at, sid = _open(app, db)
    boxes = {s.label: s for s in at.selectbox}
    boxes["Vem"].set_value("examinator3").run()
    table = at.dataframe[0].value
    assert set(table["Vem"]) == {"examinator3"} and "Utkast sparat" in set(table["Händelse"])
    {s.label: s for s in at.selectbox}["Händelse"].set_value("save_draft").run()
    table = at.dataframe[0].value
    assert set(table["Vem"]) == {"examinator3"} and set(table["Händelse"]) == {"Utkast sparat"}
    assert set(table["Vad"]) == {"Bedömning"}
    assert "<b>fet</b>" in table["Nytt värde"].iloc[0]
    {s.label: s for s in at.selectbox}["Händelse"].set_value("login").run()
    assert [i.value for i in at.info] == ["Inga poster matchar filtret."]


def test_audit_page_inverted_dates_show_swedish_error(app, db):
    import datetime as dt
    at, _ = _open(app, db)
    dates = {d.label: d for d in at.date_input}
    dates["Från och med"].set_value(dt.date(2026, 5, 2))
    dates["Till och med"].set_value(dt.date(2026, 5, 1)).run()
    assert [e.value for e in at.error] == ["Från-datumet (2026-05-02) ligger efter till-datumet (2026-05-01)."]
    assert not at.dataframe


def test_every_action_and_entity_the_code_logs_has_a_swedish_name():
    """Every literal action/entity passed to audit.record anywhere in scoring/ has a Swedish word."""
    import ast
    from pathlib import Path

    from scoring.platform import audit_trail
    found: dict[int, set[str]] = {2: set(), 3: set()}
    for path in Path(audit_trail.__file__).parents[1].rglob("*.py"):   # all of scoring/
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                for i in found:
                    arg = node.args[i]   # a code, or `"a" if … else "b"`
                    branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                    found[i] |= {b.value for b in branches if isinstance(b, ast.Constant)}
    assert len(found[2]) > 30
    assert found[2] - set(audit_trail.ACTION_NAMES) == set()
    assert found[3] - set(audit_trail.ENTITY_NAMES) == set()
