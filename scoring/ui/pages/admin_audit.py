"""Granskningslogg (kansli): filter the append-only audit log by who, what, action and dates; export it."""
import streamlit as st

from scoring.platform import audit_trail
from scoring.platform.access import ValidationError
from scoring.ui import shell, text, widgets
from scoring.ui.export_buttons import export_buttons

db, actor = shell.store(), shell.user()
st.title(text.AUDIT_TITLE)
st.caption(text.AUDIT_INTRO)
options = audit_trail.choices(db, actor)


def pick(label: str, values: list[str], column, name=str) -> str | None:
    return column.selectbox(label, [None, *values], format_func=lambda v: text.AUDIT_ALL if v is None else name(v))


cols = st.columns(5)
wanted = audit_trail.AuditFilter(
    actor=pick(text.AUDIT_ACTOR, options["actor"], cols[0]),
    action=pick(text.AUDIT_ACTION, options["action"], cols[1], audit_trail.action_name),
    entity=pick(text.AUDIT_ENTITY, options["entity"], cols[2], audit_trail.entity_name),
    since=cols[3].date_input(text.AUDIT_SINCE, value=None, format="YYYY-MM-DD"),
    until=cols[4].date_input(text.AUDIT_UNTIL, value=None, format="YYYY-MM-DD"),
)
try:
    found = audit_trail.search(db, actor, wanted)
except ValidationError as exc:
    widgets.errors(exc)
    st.stop()

if found.entries.is_empty():
    st.info(text.AUDIT_EMPTY)
    st.stop()
if found.truncated:
    st.warning(text.AUDIT_TRUNCATED.format(total=found.total, shown=found.entries.height))
else:
    st.caption(text.AUDIT_COUNT.format(total=found.total))
shown = audit_trail.for_export(found.entries)
export_buttons(shown, "granskningslogg", key="audit-export")
widgets.table(shown, hide_index=True, width="stretch",
             column_config={"Tidpunkt": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")})
