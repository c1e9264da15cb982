"""Layering (docs/ARCHITECTURE.md): which part of scoring/ may import or hold what.

- streamlit only in scoring/ui/ (and the benchmark's own pages in scoring/bench/);
- duckdb, and SQL in string literals, only in scoring/store/;
- scoring/ui/ never imports scoring.reports (the PDFs are asked of the core, formatting is scoring.swedish);
- the product never imports the benchmark package scoring.bench (only `kvalitet bench`/`simulate` inside their
  command functions in scoring/cli.py);
- the core is grouped by the award's year: no new flat module beside the packages.
Each rule is first shown to catch an offender, so a rule that cannot fail would fail here.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

SOURCES = [p for folder in ("scoring", "criteria") for p in (REPO / folder).rglob("*.py")]
FLAT_ALLOWED = {"__init__", "__main__", "cli", "demo", "rulebook", "swedish", "conflicts"}
SQL = re.compile(r"^\s*(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(OR\s+REPLACE\s+)?"
                 r"(TEMP\s+)?(TABLE|VIEW|INDEX|MACRO|SEQUENCE)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|VIEW)\s|WITH\s+\w+\s+AS\s*\()",
                 re.S)


def _tree(source: str, name: str = "<src>") -> ast.AST:
    return ast.parse(source, filename=name)


def _imports(tree: ast.AST, *, top_level_only: bool = False) -> set[str]:
    """Dotted module names imported (`from a.b import c` gives a.b and a.b.c)."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
    return found


def _roots(tree: ast.AST) -> set[str]:
    return {name.split(".")[0] for name in _imports(tree)}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _sql_strings(tree: ast.AST) -> list[str]:
    skip = _docstrings(tree) | {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if SQL.search(node.value):
                out.append(node.value.strip()[:60])
        elif isinstance(node, ast.JoinedStr):   # an f-string: its literal parts joined
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL.search(literal):
                out.append(literal.strip()[:60])
    return out


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _parsed() -> list[tuple[str, ast.AST]]:
    return [(_rel(p), _tree(p.read_text(encoding="utf-8"), str(p))) for p in SOURCES]


def _under(rel: str, *folders: str) -> bool:
    return any(rel.startswith(folder.rstrip("/") + "/") for folder in folders)


# --- the rules catch offenders ---------------------------------------------------------------------------------

def test_the_sql_rule_catches_a_query_and_spares_prose_and_docstrings():
    caught = _sql_strings(_tree('"""SELECT x FROM y in a docstring."""\n'
                                'q = "SELECT id, text FROM submission WHERE cycle = ?"\n'
                                'm = f"DELETE FROM {table} WHERE id = ?"\n'
                                'w = "INSERT INTO assignment VALUES (?, ?)"\n'
                                'ok = "Välj bidrag att bedöma"\nnote = "update the table"\n'))
    assert sorted(caught) == ["DELETE FROM  WHERE id = ?", "INSERT INTO assignment VALUES (?, ?)",
                              "SELECT id, text FROM submission WHERE cycle = ?"]


def test_the_import_rules_see_aliased_nested_and_lazy_imports():
    tree = _tree("from scoring import reports\nfrom scoring.bench import run as bench\n"
                 "def f():\n    import streamlit as st\n")
    assert {"scoring.reports", "scoring.bench.run"} <= _imports(tree)
    assert "streamlit" in _roots(tree)
    assert "streamlit" not in {n.split(".")[0] for n in _imports(tree, top_level_only=True)}


def test_there_are_sources_to_check():
    assert len(SOURCES) > 60
    assert "streamlit" in _roots(_tree((REPO / "scoring/ui/shell.py").read_text(encoding="utf-8")))
    assert "duckdb" in _roots(_tree((REPO / "scoring/store/database.py").read_text(encoding="utf-8")))
    assert _sql_strings(_tree((REPO / "scoring/store/accounts.py").read_text(encoding="utf-8")))


# --- the rules hold in the tree --------------------------------------------------------------------------------

def test_no_streamlit_outside_ui_and_the_bench():
    offenders = [rel for rel, tree in _parsed()
                 if not _under(rel, "scoring/ui", "scoring/bench") and "streamlit" in _roots(tree)]
    assert offenders == []


def test_no_duckdb_outside_store():
    offenders = [rel for rel, tree in _parsed() if not _under(rel, "scoring/store") and "duckdb" in _roots(tree)]
    assert offenders == []


def test_no_sql_outside_store():
    offenders = {rel: found for rel, tree in _parsed()
                 if not _under(rel, "scoring/store") and (found := _sql_strings(tree))}
    assert offenders == {}


def test_ui_never_imports_reports():
    offenders = [rel for rel, tree in _parsed() if _under(rel, "scoring/ui")
                 and any(name == "scoring.reports" or name.startswith("scoring.reports.") for name in _imports(tree))]
    assert offenders == []


def test_the_product_never_imports_the_bench():
    def bench(names: set[str]) -> bool:
        return any(name == "scoring.bench" or name.startswith("scoring.bench.") or name == "scoring.store.bench"
                   for name in names)
    offenders = []
    for rel, tree in _parsed():
        if _under(rel, "scoring/bench"):
            continue
        if rel == "scoring/cli.py":   # the bench and simulate commands import it inside their functions only
            if bench(_imports(tree, top_level_only=True)):
                offenders.append(rel)
        elif bench(_imports(tree)):
            offenders.append(rel)
    assert offenders == []


def test_the_core_is_grouped_by_stage():
    flat = sorted(p.stem for p in (REPO / "scoring").glob("*.py") if p.stem not in FLAT_ALLOWED)
    assert flat == [], "lägg modulen i ett paket efter årets steg (cycle, assessment, committee, ceremony, platform)"
    for package in ("cycle", "assessment", "committee", "ceremony", "platform", "bench", "store", "reports", "ui"):
        assert (REPO / "scoring" / package / "__init__.py").exists(), package
