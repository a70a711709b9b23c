"""Numbers as written: digits (with thousands commas and decimals), number words ("Thirty",
"twenty-seven") and fractions ("two-thirds"), parsed to floats. Patterns run on the normalised
text (see normalise.py), so minus signs and decimal points are already plain ASCII.
"""

from __future__ import annotations

import re
from typing import Optional

from .vocab import numbers as number_words

# An unsigned number not glued to a word ("KMT2A", "CD19", "Interfant-06", "IL-6" are not numbers).
_CORE = r"(?:\d{1,3}(?:,\d{3})+(?![\d.])(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w]|\.\d)"
NUM = r"(?<![\w.])(?<![A-Za-z]-)" + _CORE
# A count whose thousands are grouped by a plain space ("22 518 to the control group": the thin space of
# the journal's typesetting, lost on the way to plain text). Only count patterns use it: anywhere else
# "at week 12 100 patients" would read as one number.
SPACED_COUNT = r"(?<![\w.,])\d{1,3}(?: \d{3})+(?![\w.,]?\d)(?!\w)"
COUNT_NUM = rf"(?:{SPACED_COUNT}|{NUM})"
# The same with an optional leading minus sign (used where a negative value is plausible).
SNUM = r"(?:(?<![\w.])-\s?(?=[\d.])|(?<![\w.\-]))" + _CORE

_UNITS = {**number_words.UNITS, **number_words.NONE_WORDS}
_TENS = number_words.TENS
_UNIT_WORDS = "|".join(k for k in _UNITS if k != "no")
_TEN_WORDS = "|".join(_TENS)
# "Thirty", "twenty-seven", "one hundred and twelve", "One thousand two hundred eighty-four"
# (capitalised or not). The longest reading comes first, so a thousands number is never cut to its
# tail ("two hundred eighty-four" of "One thousand two hundred eighty-four").
_BELOW_100 = rf"(?:(?:{_TEN_WORDS})(?:[- ](?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
_HUNDREDS = rf"(?:(?:{_UNIT_WORDS}|a)\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?)"
_THOUSANDS = rf"(?:(?:{_BELOW_100}|a)\s+thousand(?:\s+(?:and\s+)?(?:{_HUNDREDS}|{_BELOW_100}))?)"
WORD_NUM = rf"(?i:\b(?:{_THOUSANDS}|{_HUNDREDS}|{_BELOW_100})\b)"
# Numbers in words below a hundred only ("Twenty-four", "six"): cheaper where larger ones never occur
# (timepoints: "Twenty-four-month").
WORD_NUM_SMALL = rf"(?i:\b{_BELOW_100}\b)"

# A percent sign, or the word as news writes it (AP style "55 percent", British "55 per cent");
# patterns put it where they had "%", after an optional space.
PCT = r"(?:%|(?i:per\s?cent)(?![A-Za-z]))"
_PCT_AFTER = re.compile(rf"\s?{PCT}")


def is_pct(text: str) -> bool:
    """'%', ' percent', 'per cent' -> True: the unit a rule matched is a percentage."""
    return bool(re.fullmatch(rf"\s*{PCT}\s*", text or ""))


def pct_end(norm: str, pos: int) -> Optional[int]:
    """End of the percent sign or word right after `pos` (one space allowed), None if there is none."""
    m = _PCT_AFTER.match(norm, pos)
    return m.end() if m else None


_DENOMS = number_words.DENOMINATORS
FRACTION = r"(?i:\b(?:one|two|three|four|five|nine|a)[- ](?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|tenths?)\b|\bhalf\b(?=\s+(?:of|the)\b))"

_NUM_RE = re.compile(NUM)


def parse_number(text: str) -> Optional[float]:
    """'1,013' -> 1013.0, '-0.8' -> -0.8, '.03' -> 0.03, 'Twenty-seven' -> 27.0; None if not a number."""
    t = text.strip().replace(" ", "")
    if not t:
        return None
    try:
        return float(t.replace(",", ""))
    except ValueError:
        pass
    return parse_word_number(text)


def parse_count(text: str) -> Optional[int]:
    """An integer count read exactly ('1,013' -> 1013; never rounded through a float); None otherwise."""
    t = text.strip().replace(",", "").replace(" ", "")
    if t.isdigit():
        return int(t)
    v = parse_word_number(text)
    return int(v) if v is not None else None


def parse_word_number(text: str) -> Optional[float]:
    words = re.split(r"[\s,-]+", text.strip().lower())
    words = [w for w in words if w and w != "and"]
    if not words:
        return None
    total = 0
    current = 0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "a":
            current += 1
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    total += current
    return float(total)


def parse_fraction(text: str) -> Optional[float]:
    """'two-thirds' -> 0.666..., 'half' -> 0.5 (as a fraction of one)."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if words == ["half"]:
        return 0.5
    if len(words) != 2 or words[1] not in _DENOMS:
        return None
    num = 1 if words[0] == "a" else _UNITS.get(words[0])
    if num is None:
        return None
    return num / _DENOMS[words[1]]


def decimals(text: str) -> int:
    """Number of decimals as written ('60.8' -> 1)."""
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0
