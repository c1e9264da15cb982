"""Ceremoni och export (kansli, stadsdirektör): winner list, diplomas, programme and the results archive,
each built only when its button is clicked; presenters per class."""
import streamlit as st

from scoring import swedish
from scoring.ceremony import archive
from scoring.ceremony import winners as ceremony
from scoring.ui import cycle_picker, decision_blocks, shell, text, widgets
from scoring.ui.export_buttons import XLSX_MIME

db, actor = shell.store(), shell.user()
st.title(text.CEREMONY_TITLE)
year = cycle_picker.pick_cycle(db, actor, "ceremoni-omgang", start=shell.cycle_year())
if year is None:
    st.stop()
widgets.show_flash()

info = ceremony.status(db, actor, year)
draft = not info.signed
st.caption(text.CEREMONY_WHEN.format(date=swedish.date(info.ceremony_date), place=widgets.escape_md(info.ceremony_place)))
if info.signed:
    st.success(text.CEREMONY_SIGNED.format(date=swedish.date(info.signed_on), name=widgets.escape_md(info.signer)))
    decision_blocks.signed_changes(info.changes)
else:
    st.warning(text.CEREMONY_UNSIGNED.format(year=year))
    if info.undecided:
        st.info(text.CEREMONY_UNDECIDED.format(classes=widgets.escape_md(", ".join(info.undecided))))

st.subheader(text.CEREMONY_AWARDS_HEAD)
st.caption(text.CEREMONY_COUNTS.format(winners=info.winners, mentions=info.mentions,
                                       mention_word=text.MENTION_WORDS[info.mentions == 1]))
shown = info.awards.fill_null("")
widgets.table({text.COL_CLASS: shown["class_name"], text.CEREMONY_DECISION: shown["decision"],
              text.COL_UNIT: shown["unit_name"], text.COL_ORG: shown["organisation"],
              text.CEREMONY_PRIZE: [swedish.kronor(kr) for kr in info.awards["prize_amount"]]},
             hide_index=True, column_config={text.COL_CLASS: st.column_config.TextColumn(width="large")})


def document_button(column, kind: str) -> None:
    """A download button whose PDF is built when clicked (deferred), never on a rerun."""
    label = (text.CEREMONY_DRAFT_DOCS if draft else text.CEREMONY_DOCS)[kind]
    no_diplomas = kind == "diplom" and info.winners == 0
    column.download_button(
        label, data=lambda: ceremony.document_pdf(db, actor, kind, year, draft),
        file_name=ceremony.file_name(kind, year, draft), mime="application/pdf", on_click="ignore",
        key=f"ceremoni-{kind}", icon=":material/picture_as_pdf:", disabled=no_diplomas,
        help=text.CEREMONY_NO_DIPLOMAS if no_diplomas else text.CEREMONY_DOC_HELP[kind])


st.subheader(text.CEREMONY_FILES_DRAFT_HEAD if draft else text.CEREMONY_FILES_HEAD)
st.caption(text.CEREMONY_FILES_HELP)
columns = st.columns(len(ceremony.DOCUMENTS))
for column, kind in zip(columns, ceremony.DOCUMENTS):
    document_button(column, kind)
if info.winners == 0:
    st.caption(text.CEREMONY_NO_DIPLOMAS)

st.subheader(text.ARCHIVE_HEAD)
st.caption(text.ARCHIVE_HELP)
export = archive.may_export(db, actor, year)
if not export.allowed:
    st.info(widgets.escape_md(export.reason))
left, right, _ = st.columns([1, 1, 1])
left.download_button(text.ARCHIVE_XLSX, data=lambda: archive.workbook(db, actor, year),
                     file_name=archive.file_name(year, "xlsx"), mime=XLSX_MIME, on_click="ignore",
                     key="ceremoni-xlsx", icon=":material/table_view:", disabled=not export.allowed)
right.download_button(text.ARCHIVE_CSV, data=lambda: archive.csv_zip(db, actor, year),
                      file_name=archive.file_name(year, "zip"), mime="application/zip", on_click="ignore",
                      key="ceremoni-csv", icon=":material/folder_zip:", disabled=not export.allowed)

st.divider()
st.subheader(text.PRESENTERS_HEAD)
st.caption(text.PRESENTERS_HELP)
classes = ceremony.presenters(db, actor, year)
with st.form(f"utdelare-{year}"):
    wanted = {row["code"]: st.text_input(widgets.escape_md(row["name"]), value=row["presenter"] or "",
                                         max_chars=ceremony.PRESENTER_MAX, key=f"utdelare-{year}-{row['code']}")
              for row in classes.iter_rows(named=True)}
    pressed = st.form_submit_button(text.PRESENTERS_SAVE, type="primary")
if pressed:
    widgets.act(lambda: ceremony.set_presenters(db, actor, year, wanted),
                lambda changed: text.PRESENTERS_SAVED.format(n=changed) if changed else text.PRESENTERS_UNCHANGED)
