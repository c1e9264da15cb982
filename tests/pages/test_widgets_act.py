"""scoring/ui/widgets.act: the one way a page calls the core for a change: a refusal (bad input, role, unknown
key) is shown as an error and the page goes on; success runs `after`, flashes the message and starts over."""
from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from scoring.platform.access import AccessDenied, ValidationError
    from scoring.ui import widgets

    widgets.show_flash()
    outcome = st.radio("Utfall", ["ok", "fel", "nekad", "okänd"], key="utfall")
    if st.button("Spara"):
        def work() -> int:
            if outcome == "fel":
                raise ValidationError(["Första felet.", "Andra felet."])
            if outcome == "nekad":
                raise AccessDenied("Din roll får inte göra detta.")
            if outcome == "okänd":
                raise LookupError("Omgången 1999 finns inte.")
            return 3
        widgets.act(work, lambda n: f"{n} sparade.", after=lambda n: st.session_state.update(efter=n))
        st.write("efter act")                      # reached only when the core said no


def test_success_runs_after_flashes_the_message_built_from_the_result_and_reruns():
    at = AppTest.from_function(_page).run()
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["3 sparade."] and at.session_state["efter"] == 3
    assert "efter act" not in [m.value for m in at.markdown]


def test_each_kind_of_refusal_is_shown_and_nothing_after_it_runs():
    for choice, shown in (("fel", "- Första felet.\n- Andra felet."), ("nekad", "Din roll får inte göra detta."),
                          ("okänd", "Omgången 1999 finns inte.")):
        at = AppTest.from_function(_page).run()
        at.radio(key="utfall").set_value(choice).run()
        at.button[0].click().run()
        assert not at.exception, choice
        assert [e.value for e in at.error] == [shown] and not at.success, choice
        assert "efter" not in at.session_state and "efter act" in [m.value for m in at.markdown], choice
