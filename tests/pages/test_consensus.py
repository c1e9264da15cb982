"""Konsensus page: the lead edits and locks, a member reads, an examiner not yet allowed sees why."""
from tests.conftest import button


def _open(app, who):
    at = app(who)
    at.switch_page("scoring/ui/pages/consensus.py").run()
    assert not at.exception
    return at


def _pick(at, *parts: str):
    """Choose the first bidrag whose label contains every part."""
    index = next(i for i, label in enumerate(at.selectbox[0].options) if all(p in label for p in parts))
    at.selectbox[0].select_index(index).run()
    assert not at.exception
    return at


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_lead_lands_on_the_draft_with_flagged_criteria_first(app):
    at = _open(app, "examinator1")
    assert "Utvärderingsledare · 3/3 inskickade · konsensus: utkast" in at.selectbox[0].options[
        at.selectbox[0].options.index(at.selectbox[0].format_func(at.selectbox[0].value))]
    headers = [m for m in _markdown(at) if m.startswith("**") and "vikt" in m]
    badges = [m for m in _markdown(at) if "Oenighet" in m or "Samstämmigt" in m]
    assert len(headers) == 5 and len(badges) == 5
    flagged = ["Oenighet" in b for b in badges]
    assert flagged == sorted(flagged, reverse=True) and any(flagged)
    assert "1 av 5 kriterier har en spridning på 30 poäng eller mer" in " ".join(c.value for c in at.caption)


def test_lead_saves_draft_then_marks_done_and_it_locks(app):
    at = _open(app, "examinator1")
    for i, value in enumerate((70, 60, 50, 40, 30)):
        at.number_input[i].set_value(value)
    button(at, "Spara utkast").click().run()
    assert not at.exception
    assert any("sparad som utkast" in s.value for s in at.success)
    button(at, "Markera som klar").click().run()
    assert any("markerad som klar" in s.value for s in at.success)
    assert "Markera som klar" not in [b.label for b in at.button] and not at.number_input
    assert "**Konsensus: 70** · Konsensus 70" in " ".join(_markdown(at))


def test_lead_cannot_mark_done_without_scores(app):
    at = _open(app, "examinator1")
    button(at, "Markera som klar").click().run()
    assert at.error and "saknar poäng" in at.error[0].value
    assert "Markera som klar" in [b.label for b in at.button]


def test_member_sees_team_read_only(app):
    at = _pick(_open(app, "examinator2"), "3/3 inskickade", "ej påbörjad")
    assert any("Utvärderingsledaren för in teamets konsensus" in i.value for i in at.info)
    assert "Markera som klar" not in [b.label for b in at.button] and not at.number_input
    assert any("\nPoäng: **" in m for m in _markdown(at))


def test_examiner_without_own_submission_is_told_why_and_sees_no_scores(app):
    at = _pick(_open(app, "examinator3"), "0/3 inskickade")
    assert any("först när du har skickat in din egen bedömning" in i.value for i in at.info)
    assert not any("Poäng: **" in m for m in _markdown(at))
