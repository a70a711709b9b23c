"""Abbreviations defined in the text: 'minimal residual disease (MRD)' -> {'MRD': 'minimal residual disease'}.

A short form in brackets after a long form counts when its letters, in order, start words or
word parts of the long form (Schwartz & Hearst's rule, simplified).
"""

from __future__ import annotations

import re

_DEF = re.compile(r"(?P<long>[A-Za-z][\w-]*(?:\s+[\w-]+){0,7})\s+\((?P<short>[A-Za-z][\w-]{0,9})\)")


def _matches(short: str, long: str) -> str | None:
    """The shortest tail of `long` whose word initials spell `short`, else None."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = long.split()
    for k in range(1, len(words) + 1):
        tail = words[-k:]
        if _spells(letters, " ".join(tail).lower()) and tail[0][0].lower() == letters[0]:
            return " ".join(tail)
    return None


def _spells(letters: list[str], long: str) -> bool:
    # every short-form letter appears in order; the first at a word start
    i = len(long) - 1
    for c in reversed(letters):
        while i >= 0 and long[i] != c:
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def find_abbreviations(text: str) -> dict[str, str]:
    """Short form -> long form for each definition in `text` (first definition wins)."""
    out: dict[str, str] = {}
    for m in _DEF.finditer(text):
        short = m.group("short")
        if short in out or not any(c.isupper() for c in short) or len(short) < 2:
            continue
        long = _matches(short, m.group("long"))
        if long and len(long.split()) <= len(short) + 2 and long.lower() != short.lower():
            out[short] = long
    return out
