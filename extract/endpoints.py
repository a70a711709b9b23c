"""Endpoint names: canonical names for the common ones, the text as written otherwise.

`find_endpoint` looks right after the figure first ("81.6% disease-free survival rate"), then
for the nearest mention before it in the sentence ("Two-year disease-free survival was 81.6%"),
then falls back to the subject of the clause ("The mean size of the capsulorhexis was 4.6 mm").
Abbreviations defined in the text are expanded ("EFS" -> event-free survival).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .scan import variants, word_hits
from typing import Optional

_SURV = r"(?:survival|surviving)"
# (canonical name, long forms as a case-insensitive pattern, abbreviations in exact case)
_ENDPOINTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("overall survival", rf"overall\s+{_SURV}", ("OS",)),
    ("disease-free survival", rf"disease[- ]free\s+{_SURV}", ("DFS",)),
    ("event-free survival", rf"event[- ]free\s+{_SURV}", ("EFS",)),
    ("progression-free survival", rf"progression[- ]free\s+{_SURV}", ("PFS",)),
    ("relapse-free survival", rf"relapse[- ]free\s+{_SURV}", ("RFS",)),
    ("leukemia-free survival", rf"leuka?emia[- ]free\s+{_SURV}", ("LFS",)),
    ("metastasis-free survival", rf"metastasis[- ]free\s+{_SURV}", ("MFS",)),
    ("objective response rate", r"objective\s+response(?:\s+rates?)?", ("ORR",)),
    ("overall response rate", r"overall\s+response(?:\s+rates?)?", ()),
    ("pathological complete response", r"pathologic(?:al)?\s+complete\s+response", ("pCR",)),
    ("complete remission", r"complete\s+(?:remission|hematologic(?:al)?\s+remission)", ("CR", "CRh")),
    ("complete response", r"complete\s+responses?", ()),
    ("response rate", r"response\s+rates?", ()),
    ("MRD negativity", r"(?:MRD|minimal\s+residual\s+disease)[- ]negativ(?:e|ity)|negative\s+(?:for\s+)?(?:MRD|minimal\s+residual\s+disease)", ()),
    ("low MRD", r"low(?:\s+levels?\s+of)?\s+(?:MRD|minimal\s+residual\s+disease)", ()),
    ("minimal residual disease", r"minimal\s+residual\s+disease", ("MRD",)),
    ("serious adverse events", r"serious\s+adverse\s+(?:events?|effects?|reactions?)", ("SAE", "SAEs")),
    ("adverse events", r"adverse\s+(?:events?|effects?|reactions?)", ("AE", "AEs", "TEAE", "TEAEs")),
    ("all-cause mortality", r"all[- ]cause\s+(?:mortality|death)", ()),
    ("mortality", r"mortality(?:\s+rates?)?|deaths?|died|death\s+rates?", ()),
    ("relapse", r"(?:cumulative\s+incidence\s+of\s+)?relapses?(?![- ]free)|relapse\s+rates?", ()),
    ("recurrence", r"recurrences?(?![- ]free)", ()),
    ("survival", rf"{_SURV}(?:\s+rates?)?", ()),
]
CANONICAL: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"(?i:\b(?:{long})\b)" + "".join(rf"|(?<![\w-]){a}(?![\w-])" for a in abbrs)))
    for name, long, abbrs in _ENDPOINTS
]


def _first_words(long: str) -> set[str]:
    # every literal word of the long forms ("relapses?" gives relapse and relapses): a match must
    # start at one of them, so the word index finds every candidate position
    words = set()
    for m in re.finditer(r"(?<![A-Za-z])([A-Za-z]{3,})(\?)?", re.sub(r"\\[sbwd]|\(\?[:!<=]+", " ", long)):
        words.add(m.group(1))
        if m.group(2):
            words.add(m.group(1)[:-1])
    if "leuka?emia" in long:
        words |= {"leukemia", "leukaemia"}
    return words


_ABBREVIATIONS = {name: abbrs for name, _, abbrs in _ENDPOINTS}
_MATCHERS: list[tuple[str, re.Pattern[str], frozenset[str]]] = []
for _name, _long, _abbrs in _ENDPOINTS:
    _firsts = _first_words(_long) | ({"survival", "surviving"} if _long.startswith("(?:survival") else set())
    _MATCHERS.append((_name, re.compile(rf"(?:{_long})\b", re.I), variants(*_firsts, *_abbrs)))

_SKIP_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_COPULA = re.compile(
    r"\b(?:was|were|is|are|of|reached|achieved|showed|by|to|from|improved|increased|decreased|reduced|declined|rose|fell)\b|:"
)
_LEADING = re.compile(
    r"^(?:(?:in\s+addition|however|overall|moreover|furthermore|similarly|thus|also|and|but|whereas|while|respectively|"
    r"there\s+(?:was|were)|the|a|an|mean|median|average|overall|total|our|their|its|this|these|both|all|"
    r"estimated|adjusted|crude|absolute|relative|significant(?:ly)?|corresponding)\b[\s,]*)+",
    re.I,
)


@lru_cache(maxsize=8)
def _all_mentions(norm: str) -> tuple[list[int], list[tuple[int, int, str]]]:
    # one pass per pattern over the whole text, then range queries by bisection
    found = set()
    for name, pattern, firsts in _MATCHERS:
        for s, e in word_hits(norm, firsts):
            if True:
                if norm[s:e] in _ABBREVIATIONS[name]:
                    # an abbreviation must stand alone ("OS", not "OS-1" or "DOS")
                    if (s > 0 and (norm[s - 1].isalnum() or norm[s - 1] == "-")) or (e < len(norm) and (norm[e].isalnum() or norm[e] == "-")):
                        continue
                    found.add((s, e, name))
                    continue
                if s > 0 and norm[s - 1].isalpha():
                    continue
                m = pattern.match(norm, s)
                if m:
                    found.add((m.start(), m.end(), name))
    found = sorted(found)
    return [f[0] for f in found], found


def canonical_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every canonical endpoint mention inside norm[lo:hi]."""
    starts, found = _all_mentions(norm)
    i = bisect_left(starts, lo)
    out = []
    while i < len(found) and found[i][0] < hi:
        if found[i][1] <= hi:
            out.append(found[i])
        i += 1
    return out


def canonical_name(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """The canonical name for an endpoint as written, or '' when it is not a common one."""
    t = text.strip()
    if abbreviations and t in abbreviations:
        t = abbreviations[t]
    return _canonical_name(t)


@lru_cache(maxsize=4096)
def _canonical_name(t: str) -> str:
    if len(t) > 60:
        return ""
    for name, p in CANONICAL:
        if p.fullmatch(t) or p.fullmatch(re.sub(r"\s+rates?$", "", t)):
            return name
    return ""


def nearest_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int, str]]:
    mentions = canonical_mentions(norm, lo, pos)
    if not mentions:
        return None
    # the mention ending nearest the figure; of mentions overlapping it, the longest
    # ("event-free survival rate": event-free survival, not survival)
    near = max(mentions, key=lambda m: (m[1], m[1] - m[0]))
    overlapping = [m for m in mentions if m[0] < near[1] and near[0] < m[1]]
    return max(overlapping, key=lambda m: (m[1] - m[0], m[1]))


def right_after(norm: str, pos: int, hi: int) -> Optional[tuple[int, int, str]]:
    """A canonical endpoint within a few words after the figure: '81.6% disease-free survival rate'."""
    window = norm[pos:min(hi, pos + 40)]
    lead = re.match(r"^\s*(?:\w+\s+){0,1}", window)
    mentions = canonical_mentions(norm, pos, min(hi, pos + 40))
    mentions = [m for m in mentions if m[0] <= pos + (lead.end() if lead else 0) + 1]
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m[0], -(m[1] - m[0])))


def subject_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """The subject of the clause a figure completes: 'The mean size of X was 4.6' -> 'size of X'."""
    before = _SKIP_PAREN.sub(lambda m: " " * len(m.group(0)), norm[lo:pos])
    # inside an open bracket ("...systolic (2.17 mmHg"), the subject is just before the bracket
    open_at = max(before.rfind("("), before.rfind("["))
    if open_at >= 0:
        before = before[:open_at]
    cut = max(before.rfind(";"), before.rfind(". "))
    clause_lo = cut + 1 if cut >= 0 else 0
    clause = before[clause_lo:]
    cops = list(_COPULA.finditer(clause))
    if cops:
        # the first copula of the clause that is followed only by figures and arms
        head = clause[:cops[-1].start()]
        for c in cops:
            if not re.search(r"\d", clause[:c.start()]):
                head = clause[:c.start()]
                break
    else:
        head = clause
    comma = head.rfind(", ")
    if comma >= 0 and len(head) - comma > 12:
        head = head[comma + 2:]
    head_stripped = head.rstrip(" ,")
    words = head_stripped.split()
    if not words or len(words) > 14:
        if words:
            head_stripped = " ".join(words[-8:])
        else:
            return None
    m = _LEADING.match(head_stripped.lstrip())
    lead = len(head_stripped) - len(head_stripped.lstrip()) + (m.end() if m else 0)
    start = lo + clause_lo + (len(head) - len(head.lstrip())) if False else None
    text = head_stripped[lead:].strip(" ,")
    if len(text) < 3 or re.search(r"\d", text) and len(text) < 6:
        return None
    # map back to offsets in norm
    idx = norm.find(text, lo, pos)
    if idx < 0:
        return None
    del start
    return idx, idx + len(text)
