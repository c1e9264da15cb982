"""Kvalitetsutmärkelsen: the City of Stockholm's quality-award workbench.

Layout: `store/` owns DuckDB and all SQL; the modules beside it are the pure
domain (no streamlit); `ui/` holds the Streamlit pages.
"""

import os

# Linear algebra in the committee statistics is small (≤ 400×400). On a 2-core server,
# BLAS threads only compete with Streamlit's script threads, so use one.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
