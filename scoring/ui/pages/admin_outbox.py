"""Utskick (kansli): the e-mail outbox with filters and status, resend a failed message, send the queue now,
invite examiners (one, many, or everyone on the cycle's teams who has not logged in), reminder days."""
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.platform import mail
from scoring.platform import outbox
from scoring.ui import mail_text as t
from scoring.ui import invitation_form, shell, widgets

db, actor = shell.store(), shell.user()
st.title(t.OUTBOX_TITLE)
st.caption(t.OUTBOX_INTRO)
widgets.show_flash()
try:
    config, problem = mail.config_from_env(), None
except mail.MailConfigError as exc:
    config, problem = None, str(exc)
if config is None:
    st.warning(problem or mail.NOT_CONFIGURED, icon=":material/mail_lock:")
else:
    st.caption(t.OUTBOX_CONFIGURED.format(host=config.host, port=config.port, sender=config.mail_from))
counts = outbox.summary(db, actor)
st.caption(t.OUTBOX_COUNTS.format(**{s: counts.get(s, 0) for s in ("queued", "sent", "failed", "uncertain")}))
if config is not None and st.button(t.OUTBOX_SEND_NOW, icon=":material/send:"):
    widgets.flash(widgets.escape_md(mail.describe(mail.deliver(db, config))), "info")
    st.rerun()


left, right = st.columns(2)
status = left.selectbox(t.OUTBOX_STATUS, [None, *outbox.STATUSES],
                        format_func=lambda s: t.OUTBOX_ALL if s is None else outbox.STATUS_NAMES[s])
kind = right.selectbox(t.OUTBOX_KIND, [None, *outbox.kinds(db, actor)],
                       format_func=lambda k: t.OUTBOX_ALL if k is None else outbox.KIND_NAMES.get(k, k))
rows = outbox.listing(db, actor, status, kind)
if rows.is_empty():
    st.info(t.OUTBOX_EMPTY)
else:
    shown = rows.with_columns(
        pl.col("status").replace_strict(outbox.STATUS_NAMES, default=pl.col("status")),
        pl.col("kind").replace_strict(outbox.KIND_NAMES, default=pl.col("kind")),
        pl.col("recipient").fill_null(t.OUTBOX_MAILBOX)).rename(t.OUTBOX_COLUMNS)
    widgets.table(shown, hide_index=True, width="stretch",
                 column_config={c: st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")
                                for c in ("Skapat", "Nästa försök", "Skickat")})

st.subheader(t.OUTBOX_RESEND_HEADER)
stuck = outbox.listing(db, actor, "failed").vstack(outbox.listing(db, actor, "uncertain"))
if stuck.is_empty():
    st.caption(t.OUTBOX_NOTHING_TO_RESEND)
else:
    labels = {r["id"]: f"{r['id']} – {r['recipient'] or t.OUTBOX_MAILBOX} – {r['subject']} ({r['server_answer']})"
              for r in stuck.iter_rows(named=True)}
    with st.form("resend"):
        chosen = st.selectbox(t.OUTBOX_RESEND_PICK, list(labels), format_func=labels.__getitem__)
        if st.form_submit_button(t.OUTBOX_RESEND_BUTTON):
            widgets.act(lambda: outbox.resend(db, actor, chosen), t.OUTBOX_RESENT.format(id=chosen))


st.subheader(t.INVITE_HEADER)
year = invitation_form.invite_section(db, actor, "outbox-cycle-year")

if year is not None:
    st.subheader(t.REMINDER_HEADER)
    deadline = outbox.assessment_deadline(db, year)
    with st.form("reminders"):
        raw = st.text_input(t.REMINDER_DAYS.format(deadline=swedish.date(deadline)),
                            ", ".join(map(str, outbox.reminder_days(db, year))))
        st.caption(t.REMINDER_HELP)
        if st.form_submit_button(t.REMINDER_SAVE):
            try:
                days = [int(p) for p in raw.replace(";", ",").split(",") if p.strip()]
            except ValueError:
                st.error(t.REMINDER_BAD)
            else:
                widgets.act(lambda: outbox.set_reminder_days(db, actor, year, days), t.REMINDER_SAVED)
