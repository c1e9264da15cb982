"""Säkerhetskopia (kansli): build a zip of the whole database in the verified backup format and download it.

There is deliberately no upload or restore here: a restore is `kvalitet restore` on the server, into a new file."""
import streamlit as st

from scoring import swedish
from scoring.platform import backup
from scoring.ui import shell, text

BACKUP_KEY = "backup_zip"

db, actor = shell.store(), shell.user()
st.title(text.BACKUP_TITLE)
st.markdown(text.BACKUP_INTRO)
st.caption(text.BACKUP_RESTORE_HELP)
st.caption(text.BACKUP_SIGNED if backup.signing_enabled() else text.BACKUP_UNSIGNED)

if st.button(text.BACKUP_BUILD, type="primary", icon=":material/backup:"):
    with st.spinner(text.BACKUP_BUILD):
        st.session_state[BACKUP_KEY] = backup.backup_zip(db, actor)

made = st.session_state.get(BACKUP_KEY)
if made:
    name, data = made
    st.success(text.BACKUP_READY.format(name=name, size=swedish.file_size(len(data))))
    st.download_button(text.BACKUP_DOWNLOAD.format(name=name), data, file_name=name, mime="application/zip",
                       icon=":material/download:", on_click="ignore")
