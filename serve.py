"""Kvalitetsutmärkelsen in production: `streamlit run serve.py` (make serve).

The same app as app.py, behind Streamlit's ASGI server with the route that sets the log-in cookie on the
server, HttpOnly (scoring.ui.session_cookie). `streamlit run app.py` stays the development entry point."""
import streamlit as st

from scoring.ui import session_cookie

app = st.App("app.py", routes=session_cookie.routes())
