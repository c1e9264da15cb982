"""Small helpers for correct Swedish in messages: singular or plural by count ("1 examinator", "2 examinatorer")."""
from __future__ import annotations


def plural(count: int, one: str, many: str) -> str:
    """`one` when count is exactly 1, else `many`; either may hold {count}."""
    return (one if count == 1 else many).format(count=count)
