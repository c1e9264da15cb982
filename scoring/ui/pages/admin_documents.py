"""Tävlingsbidrag (PDF): upload one submission's PDF, or many at once as a zip; see which are still missing."""
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.cycle import documents
from scoring.cycle import import_files as tabular
from scoring.platform.access import AccessDenied, ValidationError
from scoring.ui import cycle_picker, sections, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.DOCS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "docs-cycle-year")
if year is None:
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
# One source for the limits: the server's configured upload limit, never more than the core accepts.
configured = int(st.get_option("server.maxUploadSize"))
pdf_mb, zip_mb = min(configured, documents.MAX_PDF_MB), min(configured, documents.MAX_ZIP_MB)


def size(n: int | None) -> str:
    return "" if n is None else swedish.file_size(n)


labels = {r["submission_id"]: f"{r['unit_id']} – {r['unit_name']} ({r['class_name']})"
          + (f" · {text.DOCS_HAS_PDF}" if r["filename"] else "") for r in docs.iter_rows(named=True)}


def upload_one() -> None:
    nonce = st.session_state.setdefault("docs_upload_nonce", 0)
    chosen = st.selectbox(text.DOCS_PICK, list(labels), format_func=labels.__getitem__, key=f"docs_pick_{year}")
    file = st.file_uploader(text.DOCS_FILE.format(mb=pdf_mb), key=f"docs_file_{nonce}", help=text.DOCS_FILE_HELP,
                            max_upload_size=pdf_mb)
    if st.button(text.DOCS_UPLOAD, type="primary", disabled=file is None, icon=":material/upload:"):
        widgets.act(lambda: documents.upload(db, actor, year, chosen, file.name, file.getvalue()),
                    lambda doc: text.DOCS_SAVED.format(name=widgets.escape_md(doc.filename),
                                                       unit=widgets.escape_md(labels[chosen].split(" · ")[0]),
                                                       size=size(doc.size_bytes), sha=doc.sha256[:12]),
                    after=lambda _: st.session_state.update(docs_upload_nonce=nonce + 1))


def upload_zip() -> None:
    st.caption(text.DOCS_ZIP_HELP.format(pdf_mb=documents.MAX_PDF_MB))
    znonce = st.session_state.setdefault("docs_zip_nonce", 0)
    archive = st.file_uploader(text.DOCS_ZIP_FILE.format(mb=zip_mb), key=f"docs_zip_{znonce}",
                               max_upload_size=zip_mb)
    if archive is None:
        return
    cache_key = (year, archive.file_id)
    try:
        if st.session_state.get("docs_zip_key") != cache_key:
            st.session_state["docs_zip_report"] = documents.check_zip(db, actor, year, archive.name,
                                                                      archive.getvalue())
            st.session_state["docs_zip_key"] = cache_key
        report = st.session_state["docs_zip_report"]
    except (ValidationError, AccessDenied) as exc:
        widgets.errors(exc)
        return
    count = len(report.matched)
    if report.ok:
        st.success(swedish.plural(count, *text.DOCS_ZIP_READY))
    else:
        st.error(text.DOCS_ZIP_PROBLEMS.format(bad=len(report.problems), total=len(report.entries)))
    widgets.table(report.table(), hide_index=True)
    if report.ignored:
        st.caption(text.DOCS_ZIP_IGNORED.format(names=widgets.escape_md(", ".join(report.ignored))))
    st.download_button(text.DOCS_ZIP_REPORT, tabular.to_csv(report.table()), "zip-rapport.csv", "text/csv")
    if st.button(swedish.plural(count, *text.DOCS_ZIP_IMPORT), type="primary", disabled=not report.ok,
                 key="docs_zip_import"):
        widgets.act(lambda: documents.import_zip(db, actor, year, archive.name, archive.getvalue()),
                    lambda done: swedish.plural(len(done.matched), *text.DOCS_ZIP_DONE),
                    after=lambda _: st.session_state.update(docs_zip_nonce=znonce + 1))


def overview() -> None:
    only_missing = st.toggle(text.DOCS_ONLY_MISSING)
    shown = docs.filter(pl.col("filename").is_null()) if only_missing else docs
    table = pl.DataFrame({
        text.DOCS_COL_UNIT_ID: shown["unit_id"], text.COL_UNIT: shown["unit_name"], text.COL_CLASS: shown["class_name"],
        text.COL_ORG: shown["organisation"], text.DOCS_COL_FILE: shown["filename"].fill_null(text.DOCS_NONE),
        text.DOCS_COL_SIZE: [size(n) for n in shown["size_bytes"]], "SHA-256": shown["sha256"].fill_null(""),
        text.DOCS_COL_UPLOADED: shown["uploaded_at"], text.DOCS_COL_BY: shown["uploaded_by"].fill_null("")})
    widgets.table(table, hide_index=True)
    left, right = st.columns(2)
    left.download_button(text.KANSLI_XLSX, lambda: tabular.to_xlsx({text.DOCS_TITLE: table}),
                         f"tavlingsbidrag-{year}.xlsx", on_click="ignore")     # built only when pressed
    right.download_button(text.KANSLI_CSV, lambda: tabular.to_csv(table), f"tavlingsbidrag-{year}.csv", "text/csv",
                          on_click="ignore")
    stored = docs.filter(pl.col("filename").is_not_null())["submission_id"].to_list()
    if not stored:
        return
    st.subheader(text.DOCS_OPEN_ONE)
    pick = st.selectbox(text.DOCS_PICK_STORED, stored, format_func=labels.__getitem__, key=f"docs_view_{year}")
    doc = documents.fetch(db, actor, pick)
    st.download_button(text.DOCS_DOWNLOAD, doc.content, doc.filename, "application/pdf", icon=":material/download:")
    with st.expander(text.DOCS_REMOVE):
        if st.button(text.DOCS_REMOVE_CONFIRM.format(name=widgets.escape_md(doc.filename)), key="docs_remove"):
            widgets.act(lambda: documents.remove(db, actor, year, pick),
                        text.DOCS_REMOVED.format(name=widgets.escape_md(doc.filename)))


section = sections.pick(text.DOCS_SECTIONS, [text.DOCS_TAB_ONE, text.DOCS_TAB_ZIP, text.DOCS_TAB_LIST], "docs-section")
{text.DOCS_TAB_ONE: upload_one, text.DOCS_TAB_ZIP: upload_zip, text.DOCS_TAB_LIST: overview}[section]()
