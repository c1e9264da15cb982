"""Issue 12.9: markdown and HTML in user-supplied names are shown as text on every page of every role.

Units are renamed by the unit import and examiners by the examiner import (both with strings from the
hostile corpus, tests/corpus/hostile/strings.json); the committee, chair and kansli log in with accounts
created with such a display name. Every page of the role is then opened (AppTest), and every string that
Streamlit renders as markdown — headings, captions, st.markdown, alerts, toasts, labels of widgets, expanders,
tabs and page links, radio and pill options — is checked: none may carry a live markup construct from the
names. Selectbox options, tables and st.text are plain text in Streamlit and are not checked.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict

from scoring.platform import auth
from scoring.cycle import import_apply as unit_import
from scoring.ui import registry
from scoring.ui.widgets import escape_md
from tests.conftest import login, user_of

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hostile" / "strings.json"
_CASES = {c["name"]: c["text"] for c in json.loads(CORPUS.read_text(encoding="utf-8"))["cases"] if "text" in c}
TRACKER = "**Fet** ![spårpixel](http://example.com/pixel.png) <img src=http://example.com/p.png>"
NAMES = [TRACKER, *(" ".join(_CASES[k].split())[:250] for k in ("html", "script", "markdown", "streamlit-syntax"))]
# Constructs that must never reach a markdown-rendered string raw (they would be drawn as markup or fetched).
LIVE = ["**Fet**", "**fet**", "_kursiv_", "![", "](http://example.com", "](x.png)", "<b>", "<i>", "<img", "<script", "<a ", "<div", ":red[",
        ":rainbow[", ":material/delete:", "$x^2$", "# Rubrik", "```"]
_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")   # a backslash-escaped character is shown as itself, not markup
PASSWORD = "fientligt-lösenord"
ACCOUNTS = {"examiner": "examinator3", "lead": "examinator1", "committee": "fientlig.kommitte",
            "chair": "fientlig.ordforande", "admin": "fientlig.kansli"}
PLAIN_TYPES = {"text", "code", "dataframe", "arrow_data_frame", "table", "json", "plotly_chart", "selectbox",
               "multiselect", "text_area", "text_input"}   # their values/options are plain text (labels are checked)


def _units_csv(db) -> bytes:
    rows = db.frame(
        "SELECT u.id, o.name AS org, u.manager_budget_responsibility AS b, u.manager_staff_responsibility AS s,"
        " u.has_plan_with_goals AS p, u.employees, u.operator_type FROM unit u"
        " JOIN organisation o ON o.id = u.organisation_id ORDER BY u.id")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["enhets_id", "namn", "organisation", "chef_budgetansvar", "chef_personalansvar",
                     "verksamhetsplan_med_mal", "antal_anstallda", "driftform", "andel_stockholmare", "tavlingsklass"])
    yes = {True: "ja", False: "nej"}
    for i, r in enumerate(rows.iter_rows(named=True)):
        writer.writerow([r["id"], f"{NAMES[i % len(NAMES)]} {i}", r["org"], yes[r["b"]], yes[r["s"]], yes[r["p"]],
                         r["employees"], r["operator_type"], "", ""])
    return out.getvalue().encode("utf-8")


def _examiners_csv(db) -> bytes:
    rows = db.frame(
        "SELECT a.username, o.name AS org, e.training_year, e.capacity, e.classes FROM account a"
        " JOIN examiner e ON e.username = a.username LEFT JOIN organisation o ON o.id = a.organisation_id"
        " WHERE a.role IN ('examiner', 'lead') ORDER BY a.username")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["anvandarnamn", "namn", "organisation", "utbildningsar", "kapacitet", "erfarenhet_klasser"])
    for i, r in enumerate(rows.iter_rows(named=True)):
        writer.writerow([r["username"], f"{NAMES[i % len(NAMES)]} {i}"[:200], r["org"] or "", r["training_year"] or "",
                         r["capacity"], ",".join(r["classes"] or [])])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def hostile(db):
    """The demo database with every unit and examiner renamed by import, and hostile-named accounts."""
    admin = user_of(db, "admin")
    for run, data, name in ((unit_import.import_units, _units_csv(db), "enheter.csv"),
                            (unit_import.import_examiners, _examiners_csv(db), "examinatorer.csv")):
        plan = run(db, admin, data, name, 2026)
        assert plan.ok, [str(e) for e in plan.errors]
    for role in ("committee", "chair", "admin"):
        auth.create_account(db, admin, ACCOUNTS[role], TRACKER, role, PASSWORD)
    return db


def _strings(node, out: list[str]) -> list[str]:
    """Every markdown-rendered string under `node` of an AppTest tree."""
    kind, proto = getattr(node, "type", None), getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "DESCRIPTOR"):
        data = MessageToDict(proto)
        if kind in ("expandable", "expander", "tab", "flex_container", "form", "column") or type(node).__name__ in ("Block", "Expander", "Tab"):
            for holder in ("expandable", "tab"):
                if isinstance(data.get(holder), dict) and data[holder].get("label"):
                    out.append(data[holder]["label"])
        elif kind == "html":            # our own constant markup (the cookie, the language): never a name in it
            assert not any(name[:15] in data.get("body", "") for name in NAMES), data.get("body")
        elif kind not in PLAIN_TYPES:
            out += [data[k] for k in ("body", "label") if isinstance(data.get(k), str)]
            if kind == "radio":
                out += data.get("options", [])
            if kind == "button_group":
                out += [o.get("content", "") for o in data.get("options", [])]
        elif data.get("label"):
            out.append(data["label"])
    for child in getattr(node, "children", {}).values():
        _strings(child, out)
    return out


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_hostile_names_are_never_markup_on_any_page_of_the_role(app, hostile, role):
    at = app()
    login(at, ACCOUNTS[role], "demo" if role in ("examiner", "lead") else PASSWORD)
    assert at.session_state["user"].role == role
    shown_names = False
    for spec in registry.specs_for(role):
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.url, [e.message for e in at.exception])
        strings = _strings(at._tree, [])
        live = [(s[:120], token) for s in strings for token in LIVE if token in _ESCAPED.sub("\x00", s)]
        assert not live, (spec.url, live)
        shown_names |= any(escape_md(name)[:30] in s for s in strings for name in NAMES)
    assert shown_names     # the names did reach markdown elements (escaped), so the check above could fail
