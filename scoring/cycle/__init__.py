"""The cycle: setup and phases, registration and eligibility, imports, submissions' PDFs, examiner teams."""
