"""Qualifiers: of a figure (approximate, a bound) and of an endpoint (members that exclude each other).

Each group lists patterns (case-insensitive unless written with capitals only); a figure naming one
member of a group is not the figure of a source naming another member of the same group.
"""

from __future__ import annotations

EXCLUSIVE: list[tuple[str, ...]] = [
    (r"(?i:\bsystolic\b)", r"(?i:\bdiastolic\b)"),
    (r"(?i:\bcomplete (response|remission))", r"(?i:\bpartial (response|remission))", r"(?i:\b(overall|objective) response)"),
    (r"(?i:\bfasting\b)", r"(?i:\bpost-?prandial\b)"),
    (r"\bLDL\b", r"\bHDL\b"),
    # the analysis population: an eradication rate "in PP" is not the one "in ITT"
    (r"\b(?:ITT|(?i:intention[- ]to[- ]treat))\b", r"\b(?:PP|(?i:per[- ]protocol))\b"),
]

# A figure given loosely ("about 95%", "nearly half"): it matches a range, not the exact value
APPROXIMATE = ("approximately", "about", "nearly", "almost", "around", "roughly", "close to")
APPROXIMATE_RE = "(?:" + "|".join(w.replace(" ", r"\s+") for w in APPROXIMATE) + ")"
# A figure given as a bound ("more than 40%", "at least 3"): lower and upper
LOWER_BOUNDS = ("more than", "greater than", "over", "above", "at least")
UPPER_BOUNDS = ("less than", "fewer than", "under", "below", "at most", "up to")
