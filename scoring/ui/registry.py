"""Which pages exist and which roles see them. The core still checks every call."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

ALL = frozenset({"admin", "examiner", "lead", "committee", "chair"})
EXAMINING = frozenset({"examiner", "lead"})


@dataclass(frozen=True)
class PageSpec:
    path: str            # relative to app.py
    title: str
    icon: str
    url: str
    roles: frozenset[str]
    section: str
    default_for: frozenset[str] = frozenset()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("scoring/ui/pages/start.py", "Översikt", ":material/home:", "oversikt", ALL, "Start",
             frozenset({"admin", "committee", "chair"})),
    PageSpec("scoring/ui/pages/my_assessments.py", "Mina bedömningar", ":material/checklist:", "bedomningar",
             EXAMINING, "Bedömning", EXAMINING),
    PageSpec("scoring/ui/pages/score_submission.py", "Bedöm bidrag", ":material/edit_note:", "bedom",
             EXAMINING, "Bedömning"),
    PageSpec("scoring/ui/pages/admin_assessments.py", "Bedömningar", ":material/fact_check:", "kansli-bedomningar",
             frozenset({"admin"}), "Kansli"),
)


def specs_for(role: str) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]


def navigation_for(role: str) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for spec in specs_for(role):
        page = st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url,
                       default=role in spec.default_for)
        sections.setdefault(spec.section, []).append(page)
    return sections


def page_path(url: str) -> str:
    """The script path of a page, for st.switch_page and st.page_link."""
    return next(p.path for p in PAGES if p.url == url)
