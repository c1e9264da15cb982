"""Import (kansli): units or examiners from CSV/Excel — preview, every bad row, then all or nothing."""
import polars as pl
import streamlit as st

from scoring.cycle import import_checks as imports
from scoring.cycle import registration
from scoring.cycle import import_apply as unit_import
from scoring.cycle.import_files import to_csv, to_xlsx
from scoring.ui import cycle_picker, export_buttons, shell, text, widgets

PENDING, DONE, UPLOADS = "import-pending", "import-done", "import-uploads"
KINDS = {"units": text.IMPORT_UNITS, "examiners": text.IMPORT_EXAMINERS}
COLUMNS = {"units": imports.UNIT_COLUMNS, "examiners": imports.EXAMINER_COLUMNS}
MISSING = "–"

db, actor = shell.store(), shell.user()
st.title(text.IMPORT_TITLE)
widgets.show_flash()
kind = st.radio(text.IMPORT_KIND, list(KINDS), format_func=KINDS.__getitem__, horizontal=True, key="import-kind")
year = cycle_picker.pick_cycle(db, actor, "import-cycle-year")
columns = ", ".join(COLUMNS[kind])
st.caption(text.IMPORT_HELP_NO_CYCLE[kind].format(columns=columns) if year is None
           else text.IMPORT_HELP[kind].format(year=year, columns=columns))


def template_buttons() -> None:
    """The template to fill in (Excel: with the valid values on a second sheet) and the valid values as CSV."""
    sheets = unit_import.template(db, actor, kind, year)
    stem = f"mall-{'enheter' if kind == 'units' else 'examinatorer'}{'' if year is None else f'-{year}'}"
    st.caption(text.IMPORT_TEMPLATE_HELP)
    first, second, third, _ = st.columns([1, 1, 1, 2])
    first.download_button(text.IMPORT_TEMPLATE_XLSX, lambda: to_xlsx(sheets), file_name=f"{stem}.xlsx",
                          mime=export_buttons.XLSX_MIME, key="template-xlsx", icon=":material/download:",
                          on_click="ignore")
    second.download_button(text.IMPORT_TEMPLATE_CSV, lambda: to_csv(sheets[unit_import.TEMPLATE_SHEETS[kind]]),
                           file_name=f"{stem}.csv", mime="text/csv", key="template-csv", icon=":material/download:",
                           on_click="ignore")
    third.download_button(text.IMPORT_VALID_CSV, lambda: to_csv(sheets[unit_import.VALID_SHEET]),
                          file_name=f"{stem}-giltiga-varden.csv", mime="text/csv", key="template-valid-csv",
                          icon=":material/download:", on_click="ignore")


with st.expander(text.IMPORT_TEMPLATE):
    template_buttons()

uploads = st.session_state.setdefault(UPLOADS, 0)
uploaded = st.file_uploader(text.IMPORT_FILE, key=f"import-file-{uploads}",
                            on_change=lambda: st.session_state.pop(PENDING, None))
if uploaded is not None:
    st.session_state[PENDING] = (kind, uploaded.name, uploaded.getvalue())
pending = st.session_state.get(PENDING)


def imported_table(kind: str, names: list[str]) -> pl.DataFrame:
    if kind == "units" and year is not None:
        rows = registration.units_overview(db, actor, year).filter(pl.col("id").is_in(names))
        return rows.select(pl.col("id").alias("Id"), pl.col("name").alias("Enhet"),
                           pl.col("organisation").alias(text.COL_ORG),
                           pl.col("class_name").fill_null(text.NOT_REGISTERED).alias(text.COL_CLASS))
    if kind == "units":
        return pl.DataFrame({"Id": names})
    return roster_table(unit_import.examiner_roster(db, actor).filter(pl.col("username").is_in(names)))


def roster_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(pl.col("username").alias("Användarnamn"), pl.col("display_name").alias("Namn"),
                       pl.col("organisation").fill_null(MISSING).alias(text.COL_ORG),
                       pl.col("training_year").cast(pl.String).fill_null(MISSING).alias("Utbildningsår"),
                       pl.col("capacity").cast(pl.String).fill_null(MISSING).alias("Kapacitet"),
                       pl.col("classes").list.join(", ").fill_null("").alias("Erfarenhet av klasser"),
                       pl.col("email").fill_null(MISSING).alias("E-post"),
                       pl.when(pl.col("needs_password")).then(pl.lit(text.NEEDS_PASSWORD)).otherwise(pl.lit(""))
                       .alias("Lösenord"))


def bullet_list(lines) -> None:
    """Long messages wrapped in full, one per line (as text: they quote the file's cells)."""
    widgets.plain("\n".join(f"• {line}" for line in lines))


def show_plan(plan: unit_import.ImportPlan) -> None:
    if plan.notices:
        st.markdown(f"**{text.IMPORT_NOTICES}**")
        bullet_list(plan.notices)
    if plan.table is not None:
        st.subheader(text.IMPORT_PREVIEW)
        st.caption(text.IMPORT_PREVIEW_COUNT.format(shown=min(20, plan.table.height), total=plan.table.height))
        widgets.table(imports.preview(plan.table), hide_index=True, key="import-preview")
    if not plan.ok:
        st.error(text.IMPORT_HAS_ERRORS.format(n=len(plan.errors)))
        st.markdown(f"**{text.IMPORT_ERRORS_HEAD}**")
        bullet_list(plan.errors)
        errors = plan.result.errors_frame().rename({"rad": "Rad", "kolumn": "Kolumn", "fel": "Fel"})
        export_buttons.export_buttons(errors, "importfel", key="export-import-errors")
        return
    st.success(text.IMPORT_READY.format(summary=unit_import.summary(plan)))
    if plan.registered:
        units = unit_import.plural(len(plan.registered), "enhet", "enheter")
        st.info(text.IMPORT_WILL_REGISTER.format(units=units, year=plan.year))
    n = plan.result.rows.height
    if st.button(text.IMPORT_CONFIRM_ONE if n == 1 else text.IMPORT_CONFIRM.format(n=n), type="primary"):
        confirm(plan)


def confirm(checked: unit_import.ImportPlan) -> None:
    run = unit_import.import_units if kind == "units" else unit_import.import_examiners
    plan = run(db, actor, pending[2], pending[1], year)
    if not plan.ok:  # the database changed since the preview: show the fresh result
        show_plan(plan)
        return
    st.session_state[DONE] = (kind, [*plan.created, *plan.updated])
    st.session_state.pop(PENDING, None)
    st.session_state[UPLOADS] += 1  # a fresh uploader: the imported file is not offered again
    registered = unit_import.registered_summary(plan)
    widgets.flash(text.IMPORT_DONE.format(summary=unit_import.summary(plan)) + (f" {registered}." if registered else ""))
    st.rerun()


if pending and pending[0] == kind:
    check = unit_import.check_units if kind == "units" else unit_import.check_examiners
    show_plan(check(db, actor, pending[2], pending[1], year))

done = st.session_state.get(DONE)
if done and done[0] == kind:
    st.subheader(text.IMPORT_LAST)
    last = imported_table(kind, done[1])
    widgets.table(last, hide_index=True, key="import-last")
    export_buttons.export_buttons(last, "senaste-import", key="export-last-import")
if kind == "examiners":
    st.subheader(text.ROSTER_HEAD)
    roster = roster_table(unit_import.examiner_roster(db, actor))
    widgets.table(roster, hide_index=True)
    export_buttons.export_buttons(roster, "examinatorer", key="export-roster")
