"""Import (kansli): units or examiners from CSV/Excel — preview, every bad row, then all or nothing."""
import polars as pl
import streamlit as st

from scoring import imports, registration, unit_import
from scoring.ui import cycle_picker, export_buttons, shell, text, widgets

PENDING, DONE, UPLOADS = "import-pending", "import-done", "import-uploads"
KINDS = {"units": text.IMPORT_UNITS, "examiners": text.IMPORT_EXAMINERS}
COLUMNS = {"units": imports.UNIT_COLUMNS, "examiners": imports.EXAMINER_COLUMNS}

db, actor = shell.store(), shell.user()
st.title(text.IMPORT_TITLE)
widgets.show_flash()
kind = st.radio(text.IMPORT_KIND, list(KINDS), format_func=KINDS.__getitem__, horizontal=True, key="import-kind")
year = cycle_picker.pick_cycle(db, actor, "import-cycle-year")
st.caption(text.IMPORT_HELP[kind].format(year=year, columns=", ".join(COLUMNS[kind])))
with st.expander(text.IMPORT_TEMPLATE):
    export_buttons.export_buttons(pl.DataFrame(schema={c: pl.String for c in COLUMNS[kind]}),
                                  f"mall-{'enheter' if kind == 'units' else 'examinatorer'}", key="export-template")

uploads = st.session_state.setdefault(UPLOADS, 0)
uploaded = st.file_uploader(text.IMPORT_FILE, key=f"import-file-{uploads}",
                            on_change=lambda: st.session_state.pop(PENDING, None))
if uploaded is not None:
    st.session_state[PENDING] = (kind, uploaded.name, uploaded.getvalue())
pending = st.session_state.get(PENDING)


def imported_table(kind: str, names: list[str]) -> pl.DataFrame:
    if kind == "units":
        rows = registration.units_overview(db, actor, year).filter(pl.col("id").is_in(names))
        return rows.select(pl.col("id").alias("Id"), pl.col("name").alias("Enhet"),
                           pl.col("organisation").alias(text.COL_ORG),
                           pl.col("class_name").fill_null(text.NOT_REGISTERED).alias(text.COL_CLASS))
    return roster_table(unit_import.examiner_roster(db, actor).filter(pl.col("username").is_in(names)))


def roster_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(pl.col("username").alias("Användarnamn"), pl.col("display_name").alias("Namn"),
                       pl.col("organisation").alias(text.COL_ORG), pl.col("training_year").alias("Utbildningsår"),
                       pl.col("capacity").alias("Kapacitet"), pl.col("classes").alias("Erfarenhet av klasser"),
                       pl.col("email").alias("E-post"),
                       pl.when(pl.col("needs_password")).then(pl.lit(text.NEEDS_PASSWORD)).otherwise(pl.lit(""))
                       .alias("Lösenord"))


def show_plan(plan: unit_import.ImportPlan) -> None:
    if plan.notices:
        st.dataframe(pl.DataFrame({text.IMPORT_NOTICES: list(plan.notices)}), hide_index=True)
    if plan.table is not None:
        st.subheader(text.IMPORT_PREVIEW)
        st.caption(text.IMPORT_PREVIEW_COUNT.format(shown=min(20, plan.table.height), total=plan.table.height))
        st.dataframe(imports.preview(plan.table), hide_index=True, key="import-preview")
    if not plan.ok:
        st.error(text.IMPORT_HAS_ERRORS.format(n=len(plan.errors)))
        errors = plan.result.errors_frame().rename({"rad": "Rad", "kolumn": "Kolumn", "fel": "Fel"})
        st.dataframe(errors, hide_index=True, key="import-errors")
        export_buttons.export_buttons(errors, "importfel", key="export-import-errors")
        return
    st.success(text.IMPORT_READY.format(created=len(plan.created), updated=len(plan.updated)))
    if plan.registered:
        st.info(text.IMPORT_WILL_REGISTER.format(n=len(plan.registered), year=plan.year))
    if st.button(text.IMPORT_CONFIRM.format(n=plan.result.rows.height), type="primary"):
        confirm(plan)


def confirm(checked: unit_import.ImportPlan) -> None:
    run = unit_import.import_units if kind == "units" else unit_import.import_examiners
    plan = run(db, actor, pending[2], pending[1], year)
    if not plan.ok:  # the database changed since the preview: show the fresh result
        show_plan(plan)
        return
    st.session_state[DONE] = (kind, [*plan.created, *plan.updated], len(plan.registered))
    st.session_state.pop(PENDING, None)
    st.session_state[UPLOADS] += 1  # a fresh uploader: the imported file is not offered again
    widgets.flash(text.IMPORT_DONE.format(created=len(plan.created), updated=len(plan.updated),
                                          registered=len(plan.registered)))
    st.rerun()


if pending and pending[0] == kind:
    check = unit_import.check_units if kind == "units" else unit_import.check_examiners
    show_plan(check(db, actor, pending[2], pending[1], year))

done = st.session_state.get(DONE)
if done and done[0] == kind:
    st.subheader(text.IMPORT_LAST)
    last = imported_table(kind, done[1])
    st.dataframe(last, hide_index=True, key="import-last")
    export_buttons.export_buttons(last, "senaste-import", key="export-last-import")
if kind == "examiners":
    st.subheader(text.ROSTER_HEAD)
    roster = roster_table(unit_import.examiner_roster(db, actor))
    st.dataframe(roster, hide_index=True)
    export_buttons.export_buttons(roster, "examinatorer", key="export-roster")
