"""Kvalitetsutmärkelsen: entry point. Run with `make run` (streamlit run app.py).

Streamlit runs this file as `__main__`. A worker process started with "spawn" (the feedback PDFs are
built that way) re-imports the main file as `__mp_main__`; it must not start the app there."""
from scoring.ui import shell

if __name__ == "__main__":
    shell.main()
