"""Print-ready PDF documents: plain data in (see model.py), PDF bytes out.

No database, no Streamlit: callers fill the frozen dataclasses in
`scoring.reports.model` and hand them to a builder.
"""

from scoring.reports.ceremony import build_diplomas, build_programme, build_winner_list
from scoring.reports.feedback import build_feedback_pdfs, build_feedback_report, build_feedback_zip
from scoring.reports.model import (CeremonyPack, ClassResult, CriterionResult, FeedbackReport,
                                   UnsignedDecisionError, Winner)

__all__ = [
    "CeremonyPack", "ClassResult", "CriterionResult", "FeedbackReport", "UnsignedDecisionError",
    "Winner", "build_diplomas", "build_feedback_pdfs", "build_feedback_report", "build_feedback_zip",
    "build_programme", "build_winner_list",
]
