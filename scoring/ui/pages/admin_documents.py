"""Tävlingsbidrag (PDF): upload one submission's PDF, or many at once as a zip; see which are still missing."""
import polars as pl
import streamlit as st

from scoring import documents, tabular
from scoring.access import AccessDenied, ValidationError
from scoring.ui import shell, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.DOCS_TITLE)
widgets.show_flash()
if year is None:
    st.info(text.NO_CYCLE)
    st.stop()
docs = documents.cycle_documents(db, actor, year)
have = int(docs["filename"].is_not_null().sum())
cols = st.columns(3)
cols[0].metric(text.DOCS_SUBMISSIONS, docs.height)
cols[1].metric(text.DOCS_WITH_PDF, have)
cols[2].metric(text.DOCS_MISSING, docs.height - have)
if docs.is_empty():
    st.info(text.DOCS_NO_SUBMISSIONS.format(year=year))
    st.stop()


def size(n: int | None) -> str:
    if n is None:
        return ""
    return f"{widgets.decimal(n / 1024 / 1024)} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} kB"


labels = {r["submission_id"]: f"{r['unit_id']} – {r['unit_name']} ({r['class_name']})"
          + (f" · {text.DOCS_HAS_PDF}" if r["filename"] else "") for r in docs.iter_rows(named=True)}
one, many, overview = st.tabs([text.DOCS_TAB_ONE, text.DOCS_TAB_ZIP, text.DOCS_TAB_LIST])

with one:
    nonce = st.session_state.setdefault("docs_upload_nonce", 0)
    chosen = st.selectbox(text.DOCS_PICK, list(labels), format_func=labels.__getitem__, key="docs_pick")
    file = st.file_uploader(text.DOCS_FILE, key=f"docs_file_{nonce}", help=text.DOCS_FILE_HELP)
    if st.button(text.DOCS_UPLOAD, type="primary", disabled=file is None, icon=":material/upload:"):
        try:
            doc = documents.upload(db, actor, chosen, file.name, file.getvalue())
        except (ValidationError, AccessDenied, LookupError) as exc:
            widgets.errors(exc)
        else:
            st.session_state["docs_upload_nonce"] = nonce + 1
            widgets.flash(text.DOCS_SAVED.format(name=doc.filename, unit=labels[chosen].split(" · ")[0],
                                                 size=size(doc.size_bytes), sha=doc.sha256[:12]))
            st.rerun()

with many:
    st.caption(text.DOCS_ZIP_HELP)
    znonce = st.session_state.setdefault("docs_zip_nonce", 0)
    archive = st.file_uploader(text.DOCS_ZIP_FILE, key=f"docs_zip_{znonce}")
    if archive is not None:
        cache_key = ("docs_zip_report", archive.file_id)
        try:
            if st.session_state.get("docs_zip_key") != cache_key:
                st.session_state["docs_zip_report"] = documents.check_zip(db, actor, year, archive.name,
                                                                          archive.getvalue())
                st.session_state["docs_zip_key"] = cache_key
            report = st.session_state["docs_zip_report"]
        except (ValidationError, AccessDenied) as exc:
            widgets.errors(exc)
            st.stop()
        if report.ok:
            st.success(text.DOCS_ZIP_READY.format(count=len(report.matched)))
        else:
            st.error(text.DOCS_ZIP_PROBLEMS.format(bad=len(report.problems), total=len(report.entries)))
        st.dataframe(report.table(), hide_index=True)
        if report.ignored:
            st.caption(text.DOCS_ZIP_IGNORED.format(names=", ".join(report.ignored)))
        st.download_button(text.DOCS_ZIP_REPORT, tabular.to_csv(report.table()), "zip-rapport.csv", "text/csv")
        if st.button(text.DOCS_ZIP_IMPORT.format(count=len(report.matched)), type="primary",
                     disabled=not report.ok):
            try:
                done = documents.import_zip(db, actor, year, archive.name, archive.getvalue())
            except (ValidationError, AccessDenied) as exc:
                widgets.errors(exc)
            else:
                st.session_state["docs_zip_nonce"] = znonce + 1
                widgets.flash(text.DOCS_ZIP_DONE.format(count=len(done.matched)))
                st.rerun()

with overview:
    only_missing = st.toggle(text.DOCS_ONLY_MISSING)
    shown = docs.filter(pl.col("filename").is_null()) if only_missing else docs
    table = pl.DataFrame({
        text.DOCS_COL_UNIT_ID: shown["unit_id"], text.COL_UNIT: shown["unit_name"], text.COL_CLASS: shown["class_name"],
        text.COL_ORG: shown["organisation"], text.DOCS_COL_FILE: shown["filename"].fill_null(text.DOCS_NONE),
        text.DOCS_COL_SIZE: [size(n) for n in shown["size_bytes"]], "SHA-256": shown["sha256"].fill_null(""),
        text.DOCS_COL_UPLOADED: shown["uploaded_at"], text.DOCS_COL_BY: shown["uploaded_by"].fill_null("")})
    st.dataframe(table, hide_index=True)
    left, right = st.columns(2)
    left.download_button(text.KANSLI_XLSX, tabular.to_xlsx({text.DOCS_TITLE: table}), f"tavlingsbidrag-{year}.xlsx")
    right.download_button(text.KANSLI_CSV, tabular.to_csv(table), f"tavlingsbidrag-{year}.csv", "text/csv")
    stored = docs.filter(pl.col("filename").is_not_null())["submission_id"].to_list()
    if stored:
        st.subheader(text.DOCS_OPEN_ONE)
        pick = st.selectbox(text.DOCS_PICK_STORED, stored, format_func=labels.__getitem__, key="docs_view")
        doc = documents.fetch(db, actor, pick)
        st.download_button(text.DOCS_DOWNLOAD, doc.content, doc.filename, "application/pdf",
                           icon=":material/download:")
        with st.expander(text.DOCS_REMOVE):
            if st.button(text.DOCS_REMOVE_CONFIRM.format(name=doc.filename), key="docs_remove"):
                documents.remove(db, actor, pick)
                widgets.flash(text.DOCS_REMOVED.format(name=doc.filename))
                st.rerun()
