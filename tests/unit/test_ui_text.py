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


def test_every_multiselect_has_a_swedish_placeholder():
    """Without one, Streamlit shows its own English 'Choose options' in an empty multiselect."""
    missing = []
    for path in (REPO / "scoring/ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "multiselect" and not any(k.arg == "placeholder" for k in node.keywords)):
                missing.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert missing == []
