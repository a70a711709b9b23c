"""Number words and fraction words, with their values."""

from __future__ import annotations

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                        "eighty": 80, "ninety": 90}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
# "no patients" counts zero patients where a count is read ("no deaths"), never as a bare number
NONE_WORDS: dict[str, int] = {"no": 0}

# Every single number word with its value ("twenty" -> 20, "hundred" -> 100).
NUMBER_WORDS: dict[str, int] = {**UNITS, **TENS, "hundred": 100}

# Fraction words and their denominators ("two-thirds" is 2/3).
DENOMINATORS: dict[str, int] = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                                "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
                                "tenth": 10, "tenths": 10}


def word_value(word: str) -> int | None:
    """'seven' -> 7, 'twenty-four' -> 24, 'Thirty six' -> 36; None when it is no number word."""
    w = word.lower().strip()
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    tens, _, unit = w.replace("-", " ").partition(" ")
    if tens in TENS and unit.strip() in UNITS and UNITS[unit.strip()] < 10:
        return TENS[tens] + UNITS[unit.strip()]
    return None


def words_pattern(compounds: bool = True) -> str:
    """A regex alternation of the number words, longest first; with compounds ("twenty-four")."""
    single = sorted(NUMBER_WORDS, key=len, reverse=True)
    if not compounds:
        return "(?:" + "|".join(single) + ")"
    ones = "|".join(k for k, v in UNITS.items() if 0 < v < 10)
    return rf"(?:(?:{'|'.join(TENS)})[- ](?:{ones})|" + "|".join(single) + ")"
