"""Which pages exist and which roles see them. The core still checks every call."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

ALL = frozenset({"admin", "examiner", "lead", "committee", "chair"})
EXAMINING = frozenset({"examiner", "lead"})
COMMITTEE_READERS = frozenset({"committee", "chair", "admin"})   # admin: read-only (kansli)


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
    PageSpec("scoring/ui/pages/practice_score.py", "Övningsfall", ":material/school:", "ovningsfall",
             EXAMINING, "Bedömning"),
    PageSpec("scoring/ui/pages/admin_cycle.py", "Omgång", ":material/event_repeat:", "omgang",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_units.py", "Enheter och anmälan", ":material/domain:", "enheter",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_import.py", "Import", ":material/upload_file:", "import",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_documents.py", "Tävlingsbidrag (PDF)", ":material/picture_as_pdf:",
             "tavlingsbidrag", frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_teams.py", "Examinatorer och team", ":material/group_add:", "team",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_assessments.py", "Bedömningar", ":material/fact_check:", "kansli-bedomningar",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/practice_admin.py", "Övningsfall", ":material/school:", "kansli-ovningsfall",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_progress.py", "Framsteg", ":material/monitoring:", "framsteg",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/consensus.py", "Konsensus", ":material/groups:", "konsensus",
             EXAMINING, "Bedömning"),
    PageSpec("scoring/ui/pages/site_visits.py", "Platsbesök", ":material/directions_walk:", "platsbesok",
             frozenset({"lead", "committee", "chair", "admin"}), "Platsbesök"),
    PageSpec("scoring/ui/pages/committee_ranking.py", "Rangordning", ":material/leaderboard:", "rangordning",
             COMMITTEE_READERS, "Domarkommitté"),
    PageSpec("scoring/ui/pages/committee_calibration.py", "Kalibrering och tillförlitlighet", ":material/tune:",
             "kalibrering", COMMITTEE_READERS, "Domarkommitté"),
    PageSpec("scoring/ui/pages/practice_calibration.py", "Övningsfall: kalibrering", ":material/school:",
             "ovningsfall-kalibrering", COMMITTEE_READERS, "Domarkommitté"),
    PageSpec("scoring/ui/pages/committee_decisions.py", "Beslut", ":material/gavel:", "beslut",
             COMMITTEE_READERS, "Domarkommitté"),
    PageSpec("scoring/ui/pages/statistics.py", "Statistik över åren", ":material/query_stats:", "statistik",
             COMMITTEE_READERS, "Domarkommitté"),
    PageSpec("scoring/ui/pages/admin_feedback.py", "Återföringsrapporter", ":material/picture_as_pdf:",
             "aterforingsrapporter", frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_accounts.py", "Konton", ":material/manage_accounts:", "konton",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_outbox.py", "Utskick", ":material/outgoing_mail:", "utskick",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_audit.py", "Granskningslogg", ":material/history:", "granskningslogg",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/admin_backup.py", "Säkerhetskopia", ":material/backup:", "sakerhetskopia",
             frozenset({"admin"}), "Kansli"),
    PageSpec("scoring/ui/pages/ceremony_export.py", "Ceremoni och export", ":material/emoji_events:",
             "ceremoni", frozenset({"admin", "chair"}), "Ceremoni"),
    PageSpec("scoring/ui/pages/change_password.py", "Byt lösenord", ":material/key:", "byt-losenord", ALL,
             "Mitt konto"),
    PageSpec("scoring/ui/pages/accessibility_statement.py", "Tillgänglighetsredogörelse", ":material/accessibility_new:",
             "tillganglighet", ALL, "Om tjänsten"),   # also open logged out (shell.login_pages)
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
