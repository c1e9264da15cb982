"""Kvalitetsutmärkelsen: entry point. Run with `make run` (streamlit run app.py)."""
from scoring.ui import shell

shell.main()
