"""A same-length normalised copy of a text, for matching only.

Every character maps to exactly one character, so an offset found in the normalised copy is an
offset into the original text: non-breaking and thin spaces become spaces, unicode minus and
dashes become '-', a middle dot between digits becomes '.', the multiplication sign becomes 'x',
curly quotes become straight ones, superscript digits and minus become plain ones ("10⁻⁴").
Digits of other scripts become ASCII digits: full-width ("２６．３％") and Arabic-Indic ("٢٦٫٣") with
their decimal and thousands separators, and a decimal comma ("26,3 months", "93,3%") becomes a
decimal point, so every number format is read as the same number in sources and checked sentences.
"""

from __future__ import annotations

import re

_TABLE = str.maketrans(
    {
        **{c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\u2028\u2029\ufeff"},
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u207b\u208b"},
        "\u00d7": "x",
        "\u2715": "x",
        "\u2217": "*",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2070": "0",
        "\u00b9": "1",
        "\u00b2": "2",
        "\u00b3": "3",
        **{chr(0x2074 + i): str(4 + i) for i in range(6)},
        # full-width digits and signs (CJK typesetting)
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\uff0e": ".",
        "\uff0c": ",",
        "\uff05": "%",
        "\uff0b": "+",
        # Arabic-Indic and Extended (Persian/Urdu) digits, Arabic decimal and thousands separators
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": ",",
        "\u066a": "%",
        "\u2266": "\u2264",
        "\u2267": "\u2265",
        "\u2a7d": "\u2264",
        "\u2a7e": "\u2265",
    }
)

# A middle dot (or similar) is a decimal point only between digits ("24·7").
_DECIMAL_DOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5\u2027](?=\d)")
# A thin or no-break space inside a number groups thousands ("12 345"): read it as a comma.
_THOUSANDS_SPACE = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))")


# A decimal comma: digits, a comma, then one or two digits, or four and more, or three after a lone
# zero ("26,3", "93,35", "0,125"). Thousands groups have exactly three digits after a non-zero
# start ("1,234"), so they never match; neither do lists ("1,2,3"), reference marks glued to a word
# ("trials1,2") or bracketed references ("[1,2]", "(3,4)").
_DECIMAL_COMMA = re.compile(
    r"(?<![\w.,])(?:\d+,(?=\d{1,2}(?![\d,]))|\d+,(?=\d{4,}(?![\d,]))|0,(?=\d{3}(?![\d,])))")
_BRACKETED = re.compile(r"[(\[]\d+,\d+[)\]]")


def _decimal_commas(text: str) -> str:
    if "," not in text:
        return text
    bracketed = {m.start() + 1 for m in _BRACKETED.finditer(text)}

    def point(m: re.Match) -> str:
        return m.group() if m.start() in bracketed else m.group()[:-1] + "."

    return _DECIMAL_COMMA.sub(point, text)


def normalise(text: str) -> str:
    """The same-length matching copy of `text` (len(normalise(t)) == len(t), always)."""
    if text.isascii():
        # the only ASCII mapping: a decimal comma becomes a point
        return _decimal_commas(text)
    text_in = text
    if "\u2009" in text or "\u202f" in text or "\u00a0" in text:
        text = _THOUSANDS_SPACE.sub(",", text)
    out = text.translate(_TABLE)
    if "\u00b7" in out or "\u2219" in out or "\u22c5" in out or "\u2027" in out:
        out = _DECIMAL_DOT.sub(".", out)
    out = _decimal_commas(out)
    text = text_in
    if len(out) != len(text):  # a table entry mapping to more than one char would break offsets
        raise AssertionError("normalise changed the text length")
    return out
