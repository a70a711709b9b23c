"""The figures of a checked sentence: what the extractor finds, plus digits it leaves uncovered.

Each figure is read with the same rules as a source claim (figure_context.read_claim), so a
sentence's "survived two years" and a paper's "two-year overall survival" meet on one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import extract_text_claims, sentence_spans
from extract.models import Claim
from extract.vocab import measures

from .figure_context import Reading, read_claim
from .numbers import find_numbers


@dataclass
class Figure:
    """A figure of the checked text: the claim read from it and our reading of it."""

    claim: Claim
    reading: Reading
    clause: str



# "One study found", "one of the", "a single report": a number word that counts nothing measured.
_NOT_A_FIGURE_RE = re.compile(r"(one|two|three)\s+(study|studies|trial|trials|report|reports|paper|papers|team|"
                              r"teams|group|groups|analysis|analyses|way|ways|of the|of these|another)\b", re.I)
SKIP_NUMBER_RE = re.compile(r"^\s*(%|percent|per cent)?\s*(ci\b|confidence)", re.I)
_RATIO_BEFORE_RE = re.compile(r"\b(hazard ratio|odds ratio|risk ratio|rate ratio|relative risk|HR|OR|RR|aOR|aHR)\b"
                              r"[^.;\d]{0,25}$")
_RATIO_NAMES = measures.RATIO_NAMES
_TIMEPOINT_AFTER_RE = re.compile(r"^[- ]?(years?|months?|weeks?|days?)\b", re.I)


MAX_FIGURES = 100  # a pasted table of thousands of numbers is checked in its first hundred figures
MAX_CHARS = 5_000  # a paragraph is checked in its first 5,000 characters (a news paragraph is far shorter)
CONTEXT = 300  # characters either side of a figure that can say what it means


def figures_of(text: str) -> list[Figure]:
    """Figures the extractor finds in `text`, plus digits it left uncovered (read by our rules).

    At most MAX_FIGURES, in text order; each is read within CONTEXT characters of its sentence, so
    a long paragraph costs time in proportion to its length.
    """
    text = text[:MAX_CHARS]  # a prefix: offsets into it are offsets into the whole input
    spans = sentence_spans(text) or [(0, len(text))]
    claims = [c for c in extract_text_claims(text) if c.value is not None and c.kind not in {"p_value"}
              and not _NOT_A_FIGURE_RE.match(text, c.start)]
    covered = [(c.start, c.end) for c in claims]
    depth = bracket_depths(text)
    has_duration_words = bool(re.search(r"follow|median|duration", text, re.I))
    for n in find_numbers(text, words=False):
        if any(s <= n.start < e for s, e in covered):
            continue
        after = text[n.end:n.end + 15]
        ratio_label = _RATIO_BEFORE_RE.search(text[max(0, n.start - 40):n.start])
        # bracketed numbers are usually CIs or p-values, but "(OR 2.86)" is how news gives a ratio
        if SKIP_NUMBER_RE.match(after) or depth[n.start] > 0 and not ratio_label:
            continue
        if _TIMEPOINT_AFTER_RE.match(after) and not has_duration_words:
            continue
        if re.fullmatch(r"(19|20)\d\d", n.canonical):
            continue
        percent = re.match(r"\s*(%|percent|per cent)", after, re.I)
        time_unit = _TIMEPOINT_AFTER_RE.match(after)
        end = n.end + (percent.end() if percent else 0)
        ratio = _RATIO_BEFORE_RE.search(text[max(0, n.start - 40):n.start])
        claims.append(Claim(start=n.start, end=end, quote=text[n.start:end], kind="estimate",
                            measure=_RATIO_NAMES.get(ratio.group(1).lower(), ratio.group(1).lower()) if ratio else "",
                            value=float(n.canonical), value_text=text[n.start:end],
                            unit="%" if percent else (time_unit.group(1).lower() if time_unit else "")))
    if has_duration_words:
        # "Median follow-up was about two years": a duration written in words is a figure too
        for n in find_numbers(text, words=True):
            time_unit = _TIMEPOINT_AFTER_RE.match(text[n.end:n.end + 15])
            if not n.is_word or not time_unit or any(s <= n.start < e for s, e in covered):
                continue
            claims.append(Claim(start=n.start, end=n.end, quote=text[n.start:n.end], kind="estimate",
                                value=float(n.canonical), value_text=n.canonical, unit=time_unit.group(1).lower()))
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end))[:MAX_FIGURES]:
        s0, s1 = next(((s, e) for s, e in spans if s <= c.start < e), (0, len(text)))
        sent = (max(s0, c.start - CONTEXT), min(s1, c.end + CONTEXT))
        reading = read_claim(c, text, sent, checked=True)
        out.append(Figure(claim=c, reading=reading, clause=text[sent[0]:sent[1]]))
    return out


def bracket_depths(text: str) -> list[int]:
    """Bracket nesting depth before each character (one pass, not one per number)."""
    depth, out = 0, [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        out[i] = depth
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
    out[len(text)] = depth
    return out


def inside_brackets(text: str, pos: int) -> bool:
    return bracket_depths(text[:pos + 1])[pos] > 0
