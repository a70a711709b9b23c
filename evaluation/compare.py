"""Field comparison for the extraction evaluation: when does an extracted field equal a gold one.

Numbers compare exactly (up to float noise: 0.79 == 0.79, 0.80 == 0.8); strings compare after a
light normalisation (case, unicode dashes and spaces, leading articles). Endpoints, arms and
comparators also accept whole-word containment, because gold names the outcome by its shortest
phrase ("hba1c") while an extractor may keep the words around it ("mean hba1c change"), and
'|'-separated alternatives in the gold (an abbreviation and its expansion).
"""

from __future__ import annotations

import math
import re
from typing import Optional

from extract.normalise import normalise

# Measures written differently in text but meaning the same thing.
_MEASURE_SYNONYMS = {
    "relative risk": "risk ratio",
    "rr": "risk ratio",
    "hr": "hazard ratio",
    "or": "odds ratio",
    "percentage": "proportion",
    "percent": "proportion",
    "incidence rate ratio": "rate ratio",
    "irr": "rate ratio",
}

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "eighteen": "18",
    "twenty-four": "24", "thirty": "30",
}
_LEADING_WORDS = re.compile(r"^(?:the|a|an|at|after|by|of|in)\s+")
_P_VALUE = re.compile(r"(<=|>=|≤|≥|<|>|=|less than|greater than)?\s*(\d*\.\d+|\d+)")
_P_OPS = {"<=": "≤", ">=": "≥", "less than": "<", "greater than": ">", None: "="}


def numbers_equal(a: Optional[float], b: Optional[float]) -> bool:
    """Equal values as written; both missing counts as equal."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def norm_text(s: str) -> str:
    """Lowercase, plain dashes and spaces, no leading article or edge punctuation."""
    s = normalise(s or "").lower()
    s = re.sub(r"\s+", " ", s).strip(" .,;:()[]")
    prev = None
    while prev != s:
        prev, s = s, _LEADING_WORDS.sub("", s)
    return s


def _contains_words(outer: str, inner: str) -> bool:
    return bool(inner) and re.search(r"(?<!\w)" + re.escape(inner) + r"(?!\w)", outer) is not None


def names_equal(gold: str, pred: str) -> bool:
    """Same endpoint/arm/comparator: equal after normalisation, or one names the other word for word.

    Gold may list alternatives with '|' ("mace|major adverse cardiovascular events") where the text
    defines an abbreviation; any of them will do.
    """
    p = norm_text(pred)
    for alt in (gold or "").split("|"):
        g = norm_text(alt)
        if not g or not p:
            if g == p:
                return True
            continue
        if g == p or _contains_words(p, g) or _contains_words(g, p):
            return True
    return False


def norm_measure(s: str) -> str:
    s = norm_text(s)
    return _MEASURE_SYNONYMS.get(s, s)


def measures_equal(gold: str, pred: str) -> bool:
    """Same measure; a bare 'difference' agrees with any kind of difference the gold names."""
    g, p = norm_measure(gold), norm_measure(pred)
    return g == p or (p == "difference" and g.endswith(" difference"))


def norm_timepoint(s: str) -> str:
    """'six months' / '6-month' / 'at 6 months' -> '6 month'."""
    s = norm_text(s).replace("-", " ")
    s = " ".join(_NUMBER_WORDS.get(w, w) for w in s.split())
    s = re.sub(r"\b(day|week|month|year|hour)s\b", r"\1", s)
    s = re.sub(r"\bh\b|\bhrs?\b", "hour", s)
    return s.strip()


def timepoints_equal(gold: str, pred: str) -> bool:
    g, p = norm_timepoint(gold), norm_timepoint(pred)
    if not g or not p:
        return g == p
    return g == p or _contains_words(p, g) or _contains_words(g, p)


def parse_p_value(s: str) -> Optional[tuple[str, float]]:
    """'P = .007' -> ('=', 0.007); 'p\\nadj < 0.001' -> ('<', 0.001); None when no number."""
    m = _P_VALUE.search(normalise(s or "").lower())
    if not m:
        return None
    op = m.group(1)
    return _P_OPS.get(op, op), float(m.group(2))


def p_values_equal(gold: str, pred: str) -> bool:
    g, p = parse_p_value(gold), parse_p_value(pred)
    if g is None or p is None:
        return g is None and p is None
    return g[0] == p[0] and numbers_equal(g[1], p[1])
