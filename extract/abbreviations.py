"""Abbreviations defined in the text: 'minimal residual disease (MRD)' -> {'MRD': 'minimal residual disease'}.

A short form in brackets after a long form counts when its letters, in order, appear in the
long form with the first letter starting its first word (Schwartz & Hearst's rule, simplified).
"""

from __future__ import annotations

import re

_SHORT = re.compile(r"\((?P<short>[A-Za-z][\w-]{0,9})\)")


def _matches(short: str, long_words: list[str]) -> str | None:
    """The shortest tail of the words before the bracket that spells `short`, else None."""
    letters = [c.lower() for c in short if c.isalnum()]
    if long_words and long_words[-1].isdigit() and not short[-1].isdigit():
        return None  # "hazard ratio 2 (HR)": a number before the bracket is not part of the name
    for k in range(1, len(long_words) + 1):
        tail = long_words[-k:]
        if tail[0][0].lower() == letters[0] and _spells(letters, " ".join(tail).lower()):
            return " ".join(tail)
    return None


def _spells(letters: list[str], long: str) -> bool:
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
    for m in _SHORT.finditer(text):
        short = m.group("short")
        if short in out or len(short) < 2 or not any(c.isupper() for c in short):
            continue
        # digits count as words: "chitinase-3-like 1 (CHI3L1)"
        words = re.findall(r"[A-Za-z0-9][\w-]*", text[max(0, m.start() - 120):m.start()])[-(len(short) + 2):]
        if not words:
            continue
        long = _matches(short, words)
        if long and long.lower() != short.lower():
            # "Urinary sodium (UNa)" at a sentence start: the expansion is "urinary sodium"
            out[short] = long[0].lower() + long[1:] if long[1:2].islower() else long
    return out
