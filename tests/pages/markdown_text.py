"""What a reader sees in an element that Streamlit renders as markdown: the backslash escapes removed."""
import re

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescaped(value: str) -> str:
    return _ESCAPED.sub(r"\1", value)
