"""Kvalitetsutmärkelsen: the City of Stockholm's quality-award workbench.

Layout, by the award's year (docs/ARCHITECTURE.md): `cycle/`, `assessment/`, `committee/` and
`ceremony/` are the pure domain (no streamlit, no SQL); `platform/` is what every stage stands on
(access, log-in, audit, mail); `store/` owns DuckDB and all SQL; `reports/` makes the PDFs; `ui/` holds
the Streamlit pages; `bench/` is tooling that the product never imports.
"""

import os

# Linear algebra in the committee statistics is small (≤ 400×400). On a 2-core server,
# BLAS threads only compete with Streamlit's script threads, so use one.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
