"""Återföringsrapporter (kansli): overview, downloads, opening consensus early and reopening a done one."""
from streamlit.testing.v1 import AppTest

from tests.conftest import button


def _open(app) -> AppTest:
    at = app("admin")
    at.switch_page("scoring/ui/pages/admin_feedback.py").run()
    assert not at.exception
    return at


def _form_select(at, label):
    return next(s for s in at.selectbox if s.label == label)


def test_admin_gets_one_report_or_all_as_zip(app):
    at = _open(app)
    downloads = [d.label for d in at.get("download_button")]
    assert downloads == ["Hämta återföringsrapport (PDF)", "Hämta zip (45 rapporter)"]
    assert any("saknar klar konsensus" in c.value for c in at.caption)
    at.selectbox[0].set_value(2022).run()
    assert [d.label for d in at.get("download_button")][1] == "Hämta zip (23 rapporter)"
    assert not any("saknar klar konsensus" in c.value for c in at.caption)


def test_admin_opens_consensus_for_an_incomplete_team_with_reason(app):
    at = _open(app)
    team = _form_select(at, "Team")
    before = len(team.options)
    chosen = team.options[0].split(" – ")[0]
    button(at, "Öppna konsensus").click().run()
    assert at.error and "Ange varför" in at.error[0].value
    next(t for t in at.text_input if t.label == "Skäl").input("Examinatorn är sjukskriven")
    button(at, "Öppna konsensus").click().run()
    assert not at.exception
    assert any(f"Konsensus är öppnad för {chosen}" in s.value for s in at.success)
    assert len(_form_select(at, "Team").options) == before - 1


def test_admin_reopens_a_done_consensus(app):
    at = _open(app)
    next(t for t in at.text_input if t.label == "Skäl till att konsensus öppnas igen").input("Fel poäng")
    button(at, "Öppna igen").click().run()
    assert not at.exception
    assert any("är öppnad igen" in s.value for s in at.success)


def test_examiner_never_gets_the_page(app):
    at = app("examinator1")
    try:
        at.switch_page("scoring/ui/pages/admin_feedback.py")
    except ValueError as exc:
        assert "Could not find a navigation page" in str(exc)
    else:
        raise AssertionError("the examiner reached the kansli's report page")
