"""The Swedish UI strings: one name, one string (a second assignment would silently replace the first)."""
import ast
import collections

from tests.conftest import REPO


def test_no_ui_string_is_assigned_twice():
    tree = ast.parse((REPO / "scoring/ui/text.py").read_text(encoding="utf-8"))
    names = collections.Counter(n.id for node in tree.body if isinstance(node, ast.Assign)
                                for target in node.targets for n in ast.walk(target) if isinstance(n, ast.Name))
    assert len(names) > 200
    assert [name for name, count in names.items() if count > 1] == []
