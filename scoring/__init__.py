"""Kvalitetsutmärkelsen: the City of Stockholm's quality-award workbench.

Layout: `store/` owns DuckDB and all SQL; the modules beside it are the pure
domain (no streamlit); `ui/` holds the Streamlit pages.
"""
