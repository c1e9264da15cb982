"""The scoring form, one criterion at a time beside the submission, and the read-only view of a submitted one.

The examiner works through the five criteria with a picker; what they type is kept in this session (a working
copy per submission) when they move between criteria, and "Spara utkast"/"Skicka in" save all five at once.
One criterion at a time keeps the form beside the text it is about, and a rerun renders three inputs instead of
fifteen (issue 8: the scoring page must rerun within three times an empty page).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

from criteria import Criterion, Rulebook
from scoring import swedish
from scoring.assessment import individual as assessment
from scoring.platform.access import AccessDenied, ValidationError
from scoring.assessment.individual import AssessmentView, ScoreEntry
from scoring.ui import state, text, widgets
from scoring.ui import working_copy as working

# Tests only: milliseconds the scoring form sleeps before it is drawn, to play a slow, loaded server (the browser
# test that switches criteria while typing, tests/browser/test_scoring_slow_server_browser.py). Read here only.
TEST_DELAY_ENV = "KVALITET_TEST_DELAY_MS"


def _test_delay() -> None:
    delay = os.environ.get(TEST_DELAY_ENV, "")
    if delay.isdigit():
        time.sleep(int(delay) / 1000)


def _stored(view: AssessmentView) -> dict[int, dict]:
    return {n: {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
            for n, e in view.entries.items()}


def working_copy(view: AssessmentView) -> dict[int, dict]:
    """This session's values for every criterion of the submission: what was saved, overlaid with what the
    examiner has typed since (scoring.ui.working_copy: kept per criterion, whichever criterion is shown)."""
    sid = view.submission["id"]
    return working.values(state.working_copy_key(sid), _widget_key(sid), lambda: _stored(view))


def _widget_key(submission_id: int) -> working.WidgetKey:
    return lambda number, field: state.field_key(submission_id, number, field)


def _field(draw, submission_id: int, number: int, field: str, values: dict, label: str, **options) -> None:
    working.field(draw, state.working_copy_key(submission_id), _widget_key(submission_id), number, field, values,
                  label, **options)


def forget_working_copy(submission_id: int) -> None:
    working.forget(state.working_copy_key(submission_id))


def _mark(values: dict) -> str:
    filled = [values["score"] is not None, bool((values["strengths"] or "").strip()),
              bool((values["improvements"] or "").strip())]
    return " ✓" if all(filled) else " …" if any(filled) else ""


def scale_help(book: Rulebook) -> str:
    return "\n".join(f"- {text.BAND} {b.low}–{b.high}: {b.descriptor}" if b.low != b.high
                     else f"- {text.BAND} {b.low}: {b.descriptor}" for b in book.scale.bands)


def questions_help(criterion: Criterion) -> str:
    return f"**{text.SCORE_QUESTIONS}**\n\n" + "\n".join(f"- {q}" for q in criterion.guidance)


def criterion_header(criterion: Criterion, with_questions: bool = False) -> None:
    """Title, weight and description in one element; the guiding questions behind its help icon."""
    st.markdown(f"**{criterion.number}. {widgets.escape_md(criterion.title)}** · "
                f"{text.WEIGHT.format(weight=swedish.number(criterion.weight))}  \n:gray[{widgets.escape_md(criterion.description)}]",
                help=questions_help(criterion) if with_questions else None)


# Two ways typed text was lost or moved when the examiner switched criteria (issue 13.3), both in the browser:
# - A click on the criterion picker did not always take the focus off the field being typed in, so its text was not
#   committed before the picker asked the server for the other criterion. The browser then kept the uncommitted
#   text in the field drawn in its place, the other criterion's (seen in Chromium: criterion 5's text in criterion
#   1's field). The script below takes the focus off that field when the picker is pressed (pointerdown, before
#   the click), so its text is committed to its own criterion first.
# - While the server redraws the form (a slow server), the previous run's fields stay on screen, dimmed, and are
#   replaced one by one: text typed into one then is lost, or lands in a criterion the examiner no longer looks
#   at. A field about to be redrawn (Streamlit marks it data-stale) takes no clicks. Not the field being typed in:
#   taking pointer events from a focused field lost its text in Chromium.
FORM_KEY = "scoring-form"
_STALE_CSS = f"""<style>
.st-key-{FORM_KEY} [data-stale="true"] :is(input, textarea):not(:focus) {{ pointer-events: none; }}
</style>"""
# - Under load, the field's commit could still reach the server after the switch it raced: by then the run for
#   the other criterion had dropped the field, and a value for a field no longer drawn is ignored. So a click on
#   the picker that took the focus from a field waits until the run that commits the field is over (Streamlit's
#   own run state), then clicks again. A click that took no focus from a field goes through at once.
_COMMIT_BEFORE_SWITCH = f"""<script>
if (!window.kvalitetCommitBeforeSwitch) {{
  window.kvalitetCommitBeforeSwitch = true;
  const pickerOf = (target) => target.closest && target.closest('.st-key-{FORM_KEY} [data-testid="stButtonGroup"]');
  document.addEventListener("pointerdown", (event) => {{
    const picker = pickerOf(event.target);
    const typing = document.activeElement;
    if (picker && typing && ["INPUT", "TEXTAREA"].includes(typing.tagName) && !picker.contains(typing)) {{
      window.kvalitetCommitPending = true;
      typing.blur();
    }}
  }}, true);
  const afterCommit = (done) => {{
    const start = performance.now();
    let ran = false;
    (function poll() {{
      const app = document.querySelector('[data-testid="stApp"]');
      const stateNow = app ? app.dataset.testScriptState : "notRunning";
      if (stateNow !== "notRunning") ran = true;
      const waited = performance.now() - start;
      if ((ran && stateNow === "notRunning") || (!ran && waited > 300) || waited > 8000) return done();
      setTimeout(poll, 30);
    }})();
  }};
  document.addEventListener("click", (event) => {{
    if (!window.kvalitetCommitPending || !pickerOf(event.target)) return;
    window.kvalitetCommitPending = false;
    event.preventDefault();
    event.stopImmediatePropagation();
    const target = event.target;
    afterCommit(() => target.isConnected && target.click());
  }}, true);
}}
</script>"""


def guard_fields() -> None:
    """The two guards above, for a form that shows one criterion at a time inside st.container(key=FORM_KEY)
    with its criterion picker (a segmented control): the scoring page's and the consensus page's."""
    st.html(_STALE_CSS)
    st.html(_COMMIT_BEFORE_SWITCH, width="content", unsafe_allow_javascript=True)


# (values of all five criteria, 'draft' or 'submit', the version this session loaded) -> the new version
Save = Callable[[dict[int, dict], str, int], int]


def editable(view: AssessmentView, save: Save, version_key: str) -> None:
    """Render the picker and the chosen criterion, with "Spara utkast" and "Skicka in" (after a confirming dialog).
    Both save in the button's callback, before the page is drawn (issue 16.3): the same run shows the confirmation
    (widgets.flash, drawn by the page above the form) and the saved state, with no st.rerun after the save."""
    sid, book = view.submission["id"], view.rulebook
    st.session_state.pop(_confirmed_key(sid), None)   # a confirmation the dialog did not consume (full-page run)
    copy = working_copy(view)
    _test_delay()
    guard_fields()
    with st.container(key=FORM_KEY):
        _criterion_fields(view, copy)
        stored = _stored(view)
        unsaved = [n for n in copy if copy[n] != stored[n]]
        if unsaved:
            st.caption(text.SCORE_UNSAVED.format(criteria=", ".join(map(str, unsaved))))
        with st.container(horizontal=True):
            st.button(text.SAVE_DRAFT, icon=":material/save:", width="stretch", on_click=_saved,
                      args=(view, save, version_key, "draft"))
            submit = st.button(text.SUBMIT, type="primary", icon=":material/send:", width="stretch")
    _show_refusal(view)
    if submit and _submittable({n: dict(v) for n, v in copy.items()}, book):
        _confirm_submit(view, save, version_key)


def _refusal_key(submission_id: int) -> str:
    return f"{state.working_copy_key(submission_id)}_refused"


def _saved(view: AssessmentView, save: Save, version_key: str, action: str) -> None:
    """The save button's callback: save the working copy with the version this session loaded. Success flashes
    (shown by this same run); someone else's newer save or a refusal is kept for _show_refusal, and the
    examiner's input stays. After a StaleVersion the newer version is remembered: a second save is a knowing
    overwrite."""
    sid = view.submission["id"]
    raw = {n: dict(v) for n, v in working_copy(view).items()}
    if action == "submit":
        st.session_state[_confirmed_key(sid)] = True
    try:
        new_version = save(raw, action, st.session_state[version_key])
    except assessment.StaleVersion as exc:
        st.session_state[version_key] = exc.current.version
        st.session_state[_refusal_key(sid)] = exc
    except (ValidationError, AccessDenied) as exc:
        st.session_state[_refusal_key(sid)] = exc
    else:
        st.session_state[version_key] = new_version
        widgets.flash(text.SUBMITTED if action == "submit" else text.SAVED.format(version=new_version))


def _show_refusal(view: AssessmentView) -> None:
    refused = st.session_state.pop(_refusal_key(view.submission["id"]), None)
    if refused is None:
        return
    widgets.errors(refused)
    if isinstance(refused, assessment.StaleVersion):
        with st.expander(text.NEWER_VALUES.format(version=refused.current.version), expanded=True):
            read_only(refused.current.entries, view.rulebook)


def _criterion_fields(view: AssessmentView, copy: dict[int, dict]) -> None:
    sid, book = view.submission["id"], view.rulebook
    numbers = [c.number for c in book.criteria]
    chosen = st.segmented_control(
        text.SCORE_PICK_CRITERION, numbers, default=numbers[0], required=True, key=state.criterion_key(sid),
        format_func=lambda n: f"{n}{_mark(copy[n])}", help=text.SCORE_PICK_CRITERION_HELP, width="stretch")
    criterion = next(c for c in book.criteria if c.number == chosen)
    values = copy[chosen]
    criterion_header(criterion, with_questions=True)
    _field(st.number_input, sid, chosen, "score", values,
           text.SCORE_INPUT.format(min=book.scale.min, max=book.scale.max, step=book.scale.step),
           step=book.scale.step, placeholder=text.SCORE_PLACEHOLDER, help=scale_help(book))
    _field(st.text_area, sid, chosen, "strengths", values, text.STRENGTHS, height=160)
    _field(st.text_area, sid, chosen, "improvements", values, text.IMPROVEMENTS, height=160)


def _submittable(raw: dict[int, dict], book: Rulebook) -> bool:
    """What the core would refuse anyway (a missing score or text) is said at once, without asking to confirm."""
    try:
        missing = assessment.missing_for_submit(assessment.parse_entries(raw, book), book)
    except ValidationError as exc:
        widgets.errors(exc)
        return False
    if missing:
        widgets.errors(ValidationError(missing))
    return not missing


def _confirmed_key(submission_id: int) -> str:
    return f"{state.working_copy_key(submission_id)}_submit_confirmed"


@st.dialog(text.SUBMIT_CONFIRM_TITLE)
def _confirm_submit(view: AssessmentView, save: Save, version_key: str) -> None:
    """Ask once before the assessment is locked (issue 13.7). A dialog takes the keyboard's focus: Tab moves
    between the two buttons, Enter presses one, Escape closes it like Avbryt. The confirmation submits in its
    callback and marks that it did, so the dialog's own run (the browser reruns the dialog alone) reruns the
    whole page once to close it and show the locked assessment."""
    st.markdown(text.SUBMIT_CONFIRM)
    with st.container(horizontal=True):
        st.button(text.SUBMIT, type="primary", icon=":material/send:", key="submit-confirm",
                  on_click=_saved, args=(view, save, version_key, "submit"))
        cancel = st.button(text.SUBMIT_CANCEL, key="submit-cancel")
    if cancel or st.session_state.pop(_confirmed_key(view.submission["id"]), False):
        st.rerun()  # the whole page: the dialog closes


def read_only(entries: dict[int, ScoreEntry], book: Rulebook) -> None:
    for c in book.criteria:
        e = entries[c.number]
        with st.container(border=True):
            criterion_header(c)
            score = "–" if e.score is None else str(e.score)
            st.markdown(f"**Poäng:** {score}")
            st.caption(book.scale.describe(e.score))
            st.markdown(f"**{text.STRENGTHS}**")
            widgets.plain(e.strengths)
            st.markdown(f"**{text.IMPROVEMENTS}**")
            widgets.plain(e.improvements)
