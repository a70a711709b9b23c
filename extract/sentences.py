"""Sentence boundaries as character offsets into the original text.

Rules (on the same-length normalised copy, so offsets hold): a sentence ends at '.', '!' or '?'
(plus closing quotes/brackets) followed by white space and a capital letter, at a line break, and
before a markdown heading ("## Results") or an opening quotation after a colon (`shows: "The`).
It does not end inside brackets, after "vs.", "et al.", "e.g.", "i.e.", "Fig.", "approx." and the
like, after a single capital initial, or at a decimal point ("P = .03", "24·7", "0.66 to 0.96").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .normalise import normalise

_ABBREV = {
    "vs", "v", "al", "e.g", "i.e", "eg", "ie", "fig", "figs", "approx", "ca", "cf", "resp", "dr", "mr", "mrs", "ms",
    "prof", "no", "nos", "vol", "ref", "refs", "st", "inc", "ltd", "co", "jr", "sr", "min", "max", "mo", "mos",
    "yr", "yrs", "wk", "wks", "hr", "hrs", "sec", "dept", "univ", "etc", "viz", "incl", "est", "suppl", "tab",
}

# A candidate end: terminal punctuation, optional closing quotes/brackets, then spaces.
_END = re.compile(r"[.!?][\"')\]]*(?=[ \t]+[\"'(\[]?[A-Z])")
_HEADING = re.compile(r"(?:(?<=\s)|^)#{1,6}\s")
# Markdown flattened onto one line ("## Results 1171 patients were..."): the heading ends after a
# known section name.
_SECTION_AFTER_HEADING = re.compile(
    r"(?:(?<=\s)|^)#{1,6}\s+(?:Abstract|Background|Introduction|Objectives?|Purpose|Aims?|Design|Setting|Methods?|"
    r"Participants|Patients|Interventions?|Results|Findings|Conclusions?|Interpretation|Discussion|Trial registration|"
    r"Main outcome measures?|Methods and findings|Methodology/Principal Findings|Conclusions/Significance|Funding)\b:?(?=\s)",
    re.I,
)
_QUOTE_OPEN = re.compile(r"(?<=:)\s+(?=\"[A-Z])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


_BRACKET = re.compile(r"[()\[\]\n]")


class _Depths:
    """Bracket depth at any offset, from the positions of brackets only; also the soft line breaks."""

    def __init__(self, norm: str) -> None:
        self.pos: list[int] = []
        self.depth: list[int] = []
        # "(M\ndiff = 49.98 m, p\nadj = 0.001)": a subscript set on its own line by the source's
        # conversion. A line break inside an open bracket, between a letter or digit and a
        # lower-case letter, continues the sentence.
        self.soft: set[int] = set()
        d = 0
        for m in _BRACKET.finditer(norm):
            c = m.group()
            if c in "([":
                d += 1
            elif c == "\n":
                i = m.start()
                if d > 0 and i > 0 and norm[i - 1].isalnum() and norm[i + 1:i + 2].islower():
                    self.soft.add(i)
                    continue
                d = 0  # an unclosed bracket never swallows a paragraph
            elif d > 0:
                d -= 1
            self.pos.append(m.end())
            self.depth.append(d)

    def __getitem__(self, offset: int) -> int:
        i = bisect_right(self.pos, offset) - 1
        return self.depth[i] if i >= 0 else 0


def _is_abbreviation(norm: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(norm[max(0, dot - 12): dot + 1])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return True
    return len(m.group(1)) == 1 and m.group(1).isupper()  # an initial, as in "J. Smith"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, white space trimmed, in order."""
    return spans_of_normalised(normalise(text))


def spans_of_normalised(norm: str) -> list[tuple[int, int]]:
    """sentence_spans on text that is already normalised."""
    depth = _Depths(norm)
    cuts: set[int] = set()
    for m in _END.finditer(norm):
        dot = m.start()
        if norm[dot] == "." and _is_abbreviation(norm, dot):
            continue
        if depth[dot] > 0 and depth[m.end()] > 0:
            continue
        cuts.add(m.end())
    for m in _HEADING.finditer(norm):
        cuts.add(m.start())
    if "#" in norm:
        for m in _SECTION_AFTER_HEADING.finditer(norm):
            cuts.add(m.end())
    for m in _QUOTE_OPEN.finditer(norm):
        cuts.add(m.end())
    for m in re.finditer(r"\n", norm):
        if m.start() not in depth.soft:
            cuts.add(m.start())
    spans = []
    prev = 0
    for cut in sorted(cuts) + [len(norm)]:
        s, e = prev, cut
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans
