"""Numbers as they are written in sources: find them, normalise them, compare them.

Sources write the same figure in several ways (81.6, 81·6, 81,6 in some journals; a unicode minus;
"Ten" at the start of a sentence). The grounding check and the fact-checker compare figures in this
normalised form, never as floats parsed from free text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from extract.vocab import numbers as number_words

# Characters that stand for a decimal point or a minus sign in real documents.
_DECIMAL_MARKS = {"·": ".", "\u2219": ".", "\u22c5": "."}
_MINUS_SIGNS = {"\u2212": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-"}
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "}

NUMBER_WORDS = number_words.NUMBER_WORDS

# A digit string with an optional decimal part; thousands separators "1,234" are kept together.
# A number glued to a word by a hyphen is part of a name ("Interfant-06", "COVID-19", "IL-6"), not a figure.
_NUMBER_RE = re.compile(r"(?<![\w.])(?<![A-Za-z]-)-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|"
                        r"(?<![\w.])(?<![A-Za-z]-)-?\d+(?:\.\d+)?(?![\d])")
_TENS = tuple(number_words.TENS)
_UNITS = tuple(k for k, v in number_words.UNITS.items() if 0 < v < 10)
_COMPOUND_RE = re.compile(rf"\b({'|'.join(_TENS)})[- ]({'|'.join(_UNITS)})\b", re.I)
_WORD_RE = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I)


def normalise_text(text: str) -> str:
    """Same length as the input, so offsets found in the result point into the original.

    The one normaliser of extract/ first (decimal commas, full-width and Arabic-Indic digits), so a
    figure reads the same here as in the claims it is compared with."""
    from extract.normalise import normalise

    table = {**_DECIMAL_MARKS, **_MINUS_SIGNS, **_SPACES}
    return "".join(table.get(ch, ch) for ch in normalise(text))


@dataclass(frozen=True)
class NumberMention:
    """A number written in a text: where it stands and its canonical string form."""

    start: int
    end: int
    text: str
    canonical: str
    is_word: bool = False

    @property
    def value(self) -> float:
        return float(self.canonical)


def canonical_number(raw: str) -> str:
    """'81·6' -> '81.6', '1,234' -> '1234', '92.0' -> '92', '−5' -> '-5'."""
    s = normalise_text(raw).replace(",", "").strip()
    try:
        d = Decimal(s)
    except InvalidOperation:
        return s
    d = d.normalize()
    out = format(d, "f")
    return "0" if out in {"-0", "0"} else out


def find_numbers(text: str, *, words: bool = True) -> list[NumberMention]:
    """Every number in `text`, digits and (optionally) number words, in order of position."""
    norm = normalise_text(text)
    found = [NumberMention(m.start(), m.end(), text[m.start():m.end()], canonical_number(m.group()))
             for m in _NUMBER_RE.finditer(norm)]
    if words:
        compound_spans = []
        for m in _COMPOUND_RE.finditer(norm):
            value = NUMBER_WORDS[m.group(1).lower()] + NUMBER_WORDS[m.group(2).lower()]
            found.append(NumberMention(m.start(), m.end(), text[m.start():m.end()], str(value), is_word=True))
            compound_spans.append((m.start(), m.end()))
        for m in _WORD_RE.finditer(norm):
            if any(s <= m.start() < e for s, e in compound_spans):
                continue
            found.append(NumberMention(m.start(), m.end(), text[m.start():m.end()],
                                       str(NUMBER_WORDS[m.group(1).lower()]), is_word=True))
    # Scientific notation "5×10−4" yields 5, 10 and -4; all three are kept: each must be grounded.
    return sorted(found, key=lambda n: (n.start, n.end))


def decimals_of(text: str) -> int:
    """Decimal places as written: '81.6' -> 1, '82' -> 0, '81·60' -> 2."""
    s = normalise_text(text).replace(",", "")
    m = re.search(r"\.(\d+)", s)
    return len(m.group(1)) if m else 0


def round_to(value: float, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)


def same_number(written: str, value: float | None) -> bool:
    """True when the figure as written equals `value` exactly (no rounding)."""
    if value is None:
        return False
    try:
        return Decimal(canonical_number(written)) == Decimal(str(value)).normalize()
    except InvalidOperation:
        return False


def rounds_to(written: str, value: float | None) -> bool:
    """True when `value` rounded to the precision of `written` gives `written` (82 for 81.6)."""
    if value is None:
        return False
    try:
        target = Decimal(canonical_number(written))
    except InvalidOperation:
        return False
    return round_to(value, decimals_of(written)) == target


def format_value(value: float) -> str:
    """Shortest faithful text for a float that came from a source: 81.6 -> '81.6', 30.0 -> '30'."""
    return canonical_number(repr(value)) if value == value else ""


def written_figure(value_text: str, quote: str, value: float | None) -> str:
    """The digits of a claim's figure as the source writes them ('81.6' of '81.6%')."""
    m = _NUMBER_RE.search(normalise_text(value_text or quote))
    if m:
        return m.group()
    return format_value(value) if value is not None else ""
