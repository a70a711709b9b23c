"""Run an expensive pattern only near a cheap trigger.

Most rule patterns start with a number, so Python's regex engine would try them at every
character of the text. Each rule names a trigger (a word or symbol its figures always carry:
'%', 'CI', '±', 'patients') and the pattern runs only in windows around the trigger's hits -
the same matches, several times faster.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator


def windows(norm: str, trigger: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [lo, hi) windows around each trigger hit."""
    out: list[tuple[int, int]] = []
    n = len(norm)
    for m in trigger.finditer(norm):
        lo, hi = max(0, m.start() - before), min(n, m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def scan(norm: str, trigger: re.Pattern[str], pattern: re.Pattern[str], before: int, after: int) -> Iterator[re.Match[str]]:
    """Matches of `pattern` inside the windows around `trigger`'s hits, in text order."""
    for lo, hi in windows(norm, trigger, before, after):
        yield from pattern.finditer(norm, lo, hi)


def variants(*words: str) -> frozenset[str]:
    """The trigger words, lower-cased (the word index is case-insensitive)."""
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=8)
def _lowered(norm: str) -> str:
    low = norm.lower()
    if len(low) != len(norm):  # a few non-ASCII capitals lower-case to two characters
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    return low


_ALPHA_RUN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8)
def _word_index(norm: str) -> dict[str, list[tuple[int, int]]]:
    """Every maximal run of letters of the lower-cased text, by word: one pass over the text serves
    all the rules' trigger words (a str.find per word per rule was a fifth of extraction time)."""
    index: dict[str, list[tuple[int, int]]] = {}
    for m in _ALPHA_RUN.finditer(_lowered(norm)):
        index.setdefault(m.group(), []).append(m.span())
    return index


def word_hits(norm: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of the (lower-case) words, case-insensitively."""
    low = _lowered(norm)
    n = len(low)
    hits: list[tuple[int, int]] = []
    index = _word_index(norm)
    for w in words:
        if w.isalpha():
            hits.extend(index.get(w, ()))
            continue
        i = low.find(w)
        while i >= 0:
            e = i + len(w)
            if (i == 0 or not low[i - 1].isalpha()) and (e == n or not low[e].isalpha()):
                hits.append((i, e))
            i = low.find(w, e)
    hits.sort()
    return hits


def scan_words(norm: str, words: frozenset[str], pattern: re.Pattern[str], before: int, after: int,
               needs: re.Pattern[str] | None = None) -> Iterator[re.Match[str]]:
    """Matches of `pattern` inside windows around the given words; with `needs`, only in windows
    where that cheap pattern also occurs (e.g. a digit or number word near "patients")."""
    n = len(norm)
    merged: list[list[int]] = []
    for s, e in word_hits(norm, words):
        lo, hi = s - before if s > before else 0, e + after if e + after < n else n
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    for lo, hi in merged:
        if needs is None or needs.search(norm, lo, hi):
            yield from pattern.finditer(norm, lo, hi)
