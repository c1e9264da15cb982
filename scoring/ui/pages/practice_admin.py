"""Övningsfall (kansli): prepare the practice case (text, PDF, or an earlier cycle's), set the reference score and
rationale per criterion, lock it to open the exercise, and choose the cycle's settings."""
import streamlit as st

from scoring.assessment import practice
from scoring.ui import cycle_picker, practice_views, sections, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.PRACTICE_ADMIN_TITLE)
year = cycle_picker.pick_cycle(db, actor, key="practice-admin-cycle")
if year is None:
    st.stop()
widgets.show_flash()
case = practice.case(db, actor, year)
locked = case is not None and case["locked_at"] is not None


if locked:
    st.success(text.PRACTICE_LOCKED_INFO.format(when=case["locked_at"].strftime("%Y-%m-%d %H:%M"),
                                                who=widgets.escape_md(case["locked_by"])))
elif case is None:
    st.info(text.PRACTICE_NONE_YET)
section = sections.pick(text.PRACTICE_SECTION_PICK, text.PRACTICE_SECTIONS, "practice-admin-section")

if section == text.PRACTICE_SECTIONS[0] and locked:
    st.subheader(widgets.escape_md(case["title"]))
    practice_views.case_document(db, actor, year, case["text"], case["has_document"])
elif section == text.PRACTICE_SECTIONS[0]:
    with st.form("practice-case"):
        title = st.text_input(text.PRACTICE_CASE_TITLE, value=case["title"] if case else "", max_chars=200)
        body = st.text_area(text.PRACTICE_CASE_BODY, value=case["text"] if case else "", height=300)
        upload = st.file_uploader(text.PRACTICE_CASE_PDF, type=["pdf"])
        saved = st.form_submit_button(text.PRACTICE_SAVE_CASE, type="primary")
    if saved:
        pdf = (upload.name, upload.getvalue()) if upload is not None else None
        widgets.act(lambda: practice.prepare(db, actor, year, title, body, pdf), text.PRACTICE_SAVED)
    earlier = practice.reusable_cycles(db, actor, year)
    if earlier:
        with st.form("practice-reuse"):
            source = st.selectbox(text.PRACTICE_REUSE_PICK, earlier)
            reuse = st.form_submit_button(text.PRACTICE_REUSE)
        if reuse:
            widgets.act(lambda: practice.reuse(db, actor, year, source), text.PRACTICE_REUSED.format(year=source))

elif section == text.PRACTICE_SECTIONS[1]:
    if case is None:
        st.info(text.PRACTICE_NEED_CASE)
        st.stop()
    practice_views.reference_form(db, actor, year, case["reference"], locked)
    if not locked and st.button(text.PRACTICE_LOCK, icon=":material/lock:", help=text.PRACTICE_LOCK_HELP):
        widgets.act(lambda: practice.lock(db, actor, year), text.PRACTICE_LOCKED)

else:
    if case is None:
        st.info(text.PRACTICE_NEED_CASE)
        st.stop()
    with st.form("practice-settings"):
        lock_real = st.checkbox(text.PRACTICE_LOCK_REAL, value=case["lock_real"], help=text.PRACTICE_LOCK_REAL_HELP)
        threshold = st.number_input(text.PRACTICE_THRESHOLD, 1, 100, int(case["threshold"]), 1)
        saved = st.form_submit_button(text.PRACTICE_SAVE_SETTINGS, type="primary")
    if saved:
        widgets.act(lambda: practice.set_settings(db, actor, year, lock_real, int(threshold)),
                text.PRACTICE_SETTINGS_SAVED)
    if not locked:
        people = practice_views.examiner_names(db, actor, year)
        with st.form("practice-referees"):
            chosen = st.multiselect(text.PRACTICE_REFEREES, list(people), practice.referees(db, actor, year),
                                    format_func=lambda u: people[u], help=text.PRACTICE_REFEREES_HELP,
                                    placeholder=text.CHOOSE)
            named = st.form_submit_button(text.PRACTICE_SAVE_REFEREES)
        if named:
            widgets.act(lambda: practice.set_referees(db, actor, year, chosen), text.PRACTICE_REFEREES_SAVED)
