"""Layering: streamlit only under scoring/ui, duckdb only under scoring/store (ARCHITECTURE.md)."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

SOURCES = [p for folder in ("scoring", "criteria") for p in (REPO / folder).rglob("*.py")]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value).split(".")[0])
    return found


def _outside(folder: str) -> list[Path]:
    inside = REPO / folder
    return [p for p in SOURCES if inside not in p.parents]


def test_there_are_sources_to_check():
    assert len(SOURCES) > 20
    assert "streamlit" in _imports(REPO / "scoring/ui/shell.py")
    assert "duckdb" in _imports(REPO / "scoring/store/database.py")


def test_no_streamlit_outside_ui():
    offenders = [str(p.relative_to(REPO)) for p in _outside("scoring/ui") if "streamlit" in _imports(p)]
    assert offenders == []


def test_no_duckdb_outside_store():
    offenders = [str(p.relative_to(REPO)) for p in _outside("scoring/store") if "duckdb" in _imports(p)]
    assert offenders == []
