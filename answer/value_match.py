"""Does a figure as written match a source value? Exactly, rounded, as a bound, or approximately.

"82%" matches 81.6 (rounded to the precision written); "more than 80%" matches 81.6 (a bound);
"about 95%" matches 93.3 within a tolerance of ours; "25,000 cases" matches 25,961 (a round thousand).
"""

from __future__ import annotations

import re

from .numbers import canonical_number, rounds_to, same_number
from settings import SETTINGS

_LOWER_BOUND = {">", "≥", "more than", "over", "above", "at least", "exceeding", "greater than", "in excess of"}
_UPPER_BOUND = {"<", "≤", "less than", "under", "below", "fewer than", "at most", "up to", "no more than"}
_APPROX = {"about", "approximately", "roughly", "around", "some", "~", "close to", "an estimated", "nearly", "almost"}
_QUALIFIER_RE = re.compile(r"(" + "|".join(sorted(map(re.escape, _LOWER_BOUND | _UPPER_BOUND | _APPROX), key=len,
                                                  reverse=True)) + r")\s*$", re.I)
ROUND_THOUSANDS_TOLERANCE = SETTINGS.round_thousands_tolerance
APPROX_TOLERANCE = SETTINGS.approx_tolerance


def qualifier_of(claim, text: str) -> str:
    """The qualifier written before a figure ("more than", "about"), from the claim or the text."""
    q = (claim.qualifier or "").strip().lower()
    if q:
        return q
    m = _QUALIFIER_RE.search(text[max(0, claim.start - 25):claim.start])
    return m.group(1).lower() if m else ""


def value_matches(written: str, value: float | None, qualifier: str = "") -> str:
    """'exact', 'rounded', 'bound', 'approx' or '' for a figure as written against a source value."""
    if value is None:
        return ""
    if same_number(written, value):
        return "exact"
    if rounds_to(written, value):
        return "rounded"
    try:
        v = float(canonical_number(written))  # "25,000" -> 25000
    except ValueError:
        return ""
    if qualifier in _LOWER_BOUND and value > v or qualifier in _UPPER_BOUND and value < v:
        return "bound"
    if qualifier in _APPROX and v and abs(value - v) <= APPROX_TOLERANCE * abs(v):
        if qualifier in {"nearly", "almost"} and value > v:
            return ""
        return "approx"
    # A round thousand ("25,000 cases" for 25,961) is how news writes a large count.
    if v >= 1000 and v % 100 == 0 and abs(value - v) <= ROUND_THOUSANDS_TOLERANCE * v:
        return "approx"
    return ""
