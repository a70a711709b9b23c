"""The figures of a checked sentence: what the extractor finds, plus digits it leaves uncovered.

Each figure is read with the same rules as a source claim (figure_context.read_claim), so a
sentence's "survived two years" and a paper's "two-year overall survival" meet on one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import extract_text_claims, sentence_spans
from extract.models import Claim, ClaimKind
from extract.numbers import FRACTION, PCT, WORD_NUM, parse_fraction, parse_number
from extract.vocab import measures, treatments, units

from .figure_context import Reading, read_claim
from .numbers import find_numbers
from settings import SETTINGS


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
# Numbers that are not results: doses ("20 mg", "0.01 mg/kg"), schedule ("day 14", "week 12",
# "twice a day"), grades, stages, phases and types ("grade 3 or 4", "type 1", "phase 3"), generations
# ("third-generation"; "COVID-19" is never read as a number), ages ("aged 18 to 65", "younger than 1
# year of age"). They are never checked as results. The words are the vocabulary's (extract/vocab/units.py).
_DOSE_AFTER_RE = re.compile(rf"^[\s-]*{units.DOSE_UNITS}(?![A-Za-z])", re.I)
_LABEL_BEFORE_RE = re.compile(rf"\b{units.NUMBER_LABELS}\s*(?:\d+(?:\.\d+)?\s*(?:or|and|to|-|–|,)\s*)?$", re.I)
_AGE_BEFORE_RE = re.compile(rf"\b{units.AGE_BEFORE}(?:\s+\d+\s*(?:-|to|–|and))?\s*$", re.I)
_AGE_AFTER_RE = re.compile(rf"^[\s-]*{units.AGE_AFTER}\b", re.I)
_ORDINAL_AFTER_RE = re.compile(rf"^(?:st|nd|rd|th)?-?{units.ORDINAL_NAMES}\b", re.I)
_CONCENTRATION_AFTER_RE = re.compile(rf"\s+(?:[A-Za-z-]*{treatments.INN_STEMS_RE}\b|{units.FORMULATIONS}\b)", re.I)
_COMPOUND_AFTER_RE = re.compile(rf"^-{units.COMPOUND_MODIFIER_UNITS}\s+(?!{measures.CHANGE_NOUNS_RE}\b)[a-z]", re.I)
_SCHEDULE_AFTER_RE = re.compile(r"^\s*(?:times?\s+(?:a|per)\s+(?:day|week)|(?:days?|weeks?)\s+(?:apart|later|after))\b",
                                re.I)
# Shares in words, read with the extractor's own number patterns (one reader of numbers).
_SHARE_RE = re.compile(rf"(?P<one>{WORD_NUM}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<every>{WORD_NUM}|\d+)"
                       rf"(?=\s+(?:of\s+)?(?:the\s+)?[a-z])"
                       rf"|(?P<pct>{WORD_NUM})\s?{PCT}"
                       rf"|(?P<fraction>{FRACTION})"
                       r"|(?<=nearly |almost )(?P<all>all)\b", re.I)
_ZERO_RE = re.compile(r"\b(?:to|was|were|at|of)\s+(?P<zero>zero)\b", re.I)
_TIMEPOINT_AFTER_RE = re.compile(r"^[- ]?(years?|months?|weeks?|days?|hours?|h)\b", re.I)  # "24 h morphine requirement"
# "within 24 hours", "at 2 years", "in the first 12 weeks", "after 6 months": when a figure was measured
_TIMEPOINT_BEFORE_RE = re.compile(r"\b(?:within|at|after|by|over|in the first|during the first|in the)\s+(?:the\s+)?$", re.I)
_TIME_UNIT_AFTER_RE = re.compile(r"[- ]?(?:hours?|h|days?|weeks?|months?|years?)\b", re.I)


MAX_FIGURES = SETTINGS.verify_max_figures
MAX_CHARS = SETTINGS.verify_max_chars
CONTEXT = SETTINGS.verify_context


def figures_of(text: str) -> list[Figure]:
    """Figures the extractor finds in `text`, plus digits it left uncovered (read by our rules).

    At most MAX_FIGURES, in text order; each is read within CONTEXT characters of its sentence, so
    a long paragraph costs time in proportion to its length.
    """
    text = text[:MAX_CHARS]  # a prefix: offsets into it are offsets into the whole input
    spans = sentence_spans(text) or [(0, len(text))]
    claims = [c for c in extract_text_claims(text) if c.value is not None and c.kind not in {ClaimKind.P_VALUE}
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
    for m in _SHARE_RE.finditer(text):
        # "one in four", "a third", "Thirty-eight percent", "nearly all": shares as news writes them
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in covered):
            continue
        value = _share_value(m)
        if value is None:
            continue
        claims.append(Claim(start=m.start(), end=m.end(), quote=m.group(), kind="estimate", measure="proportion",
                            value=round(value, 2), value_text=m.group(), unit="%"))
        covered.append((m.start(), m.end()))
    for m in _ZERO_RE.finditer(text):
        # "cut the relapse rate to zero": a figure news writes in a word, and a strong claim to check
        if not any(s <= m.start("zero") < e for s, e in covered):
            claims.append(Claim(start=m.start("zero"), end=m.end("zero"), quote=m.group("zero"), kind="estimate",
                                value=0.0, value_text=m.group("zero")))
    claims = [c for c in claims if not _non_result_claim(text, c)]
    claims = [c for c in claims if not _timepoint_of_another(text, c, claims, spans)]
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end))[:MAX_FIGURES]:
        s0, s1 = next(((s, e) for s, e in spans if s <= c.start < e), (0, len(text)))
        sent = (max(s0, c.start - CONTEXT), min(s1, c.end + CONTEXT))
        reading = read_claim(c, text, sent, checked=True)
        out.append(Figure(claim=c, reading=reading, clause=text[sent[0]:sent[1]]))
    return out


def is_non_result(text: str, start: int, end: int) -> bool:
    """Is the number at [start, end) a dose, a schedule day, a grade, a type, an age?"""
    before, after = text[max(0, start - 40):start], text[end:end + 20]
    if (_DOSE_AFTER_RE.match(after) or _ORDINAL_AFTER_RE.match(after) or _SCHEDULE_AFTER_RE.match(after)
            or _COMPOUND_AFTER_RE.match(after)):
        return True
    if _LABEL_BEFORE_RE.search(before):
        return True
    # "aged 18 to 65 years", "younger than 1 year of age", "median age was 55": an age, not a result
    if _AGE_BEFORE_RE.search(before[-22:]) or _AGE_AFTER_RE.match(after):
        return True
    return bool(re.match(r"\s*(?:-|to|–)\s*\d", after)) and bool(_AGE_BEFORE_RE.search(before[-30:]))


def _timepoint_of_another(text: str, c: Claim, claims: list[Claim], spans) -> bool:
    """'95% responded within 24 hours', 'survival at 2 years was 81%': the time is when another
    figure of the sentence was measured (its timepoint, read with it), not a result to check alone."""
    if c.kind == ClaimKind.FOLLOW_UP or (c.unit or "") in {"%", "percent"} or "%" in (c.value_text or ""):
        return False
    if not (_TIMEPOINT_BEFORE_RE.search(text[max(0, c.start - 25):c.start])
            and _TIME_UNIT_AFTER_RE.match(text, c.end) or _TIME_UNIT_AFTER_RE.match(c.quote[len(c.value_text or ""):])
            and _TIMEPOINT_BEFORE_RE.search(text[max(0, c.start - 25):c.start])):
        return False
    s0, s1 = next(((s, e) for s, e in spans if s <= c.start < e), (0, len(text)))
    return any(o is not c and s0 <= o.start < s1 for o in claims)


def _non_result_claim(text: str, c: Claim) -> bool:
    if (c.unit or "") in {"%", "percent"} or "%" in (c.value_text or ""):
        # a percentage is a result even after "week 12", unless it is a drug's strength
        return bool(_CONCENTRATION_AFTER_RE.match(text, c.end)
                    or re.search(rf"\b{units.FORMULATIONS}\s*$", text[max(0, c.start - 20):c.start], re.I))
    if c.kind == ClaimKind.FOLLOW_UP:
        return False
    v = c.value_text or c.quote
    i = c.quote.find(v) if v else -1
    start = c.start + i if i >= 0 else c.start
    return is_non_result(text, start, start + len(v) if i >= 0 else c.end)


def _share_value(m: re.Match) -> float | None:
    """The percentage a share in words states: 'one in four' -> 25, 'a third' -> 33.33, 'all' -> 100."""
    if m.group("one"):
        one, every = parse_number(m.group("one")), parse_number(m.group("every"))
        return 100 * one / every if one and every and one < every else None
    if m.group("pct"):
        return parse_number(m.group("pct"))
    if m.group("fraction"):
        f = parse_fraction(m.group("fraction"))
        return 100 * f if f is not None else None
    return 100.0


def is_share_word(claim: Claim) -> bool:
    """A figure written as a share in words ('a quarter', 'one in four'), which news rounds loosely."""
    text = claim.value_text or claim.quote
    return bool(text) and not any(ch.isdigit() for ch in text) and (claim.unit == "%" or "%" in text)


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
