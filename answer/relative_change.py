"""Relative changes in a checked sentence: "survival doubled", "cut the risk by half", "three times as
many", "a 2.5-fold increase".

News turns a comparison into a multiple. The sources give the two figures (81.6% with the drug,
49.4% in the control group); the multiple is their ratio, which we compute and show as computed,
and compare with what the sentence says. "Doubled" for a ratio of 1.65 is contradicted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import sentence_spans
from extract.models import Claim, FigureCheck

from .corpus_view import CitationList, CorpusView
from .grounding import mark_computed
from .intent import timepoint_of, timepoint_words
from .numbers import format_value
from .select import CONTEXT_KINDS
from .vocabulary import endpoint_key, pretty

# How far a written multiple may be from the ratio of the source figures and still be a fair
# reading: "doubled" for 1.9-2.1 times. News rounds multiples loosely; 10% is a fact-checker's margin.
TOLERANCE = 0.10
# "almost double", "about three times": a word that admits a looser multiple, in its direction
LOOSE_TOLERANCE = 0.15
_QUALIFIER_RE = re.compile(r"\b(almost|nearly|close to|more than|over|at least|about|around|roughly|approximately)\s+"
                           r"(?:the\s+)?$", re.I)

_WORD_FACTORS = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
                 "tripled": 3.0, "triples": 3.0, "triple": 3.0, "tripling": 3.0, "thrice": 3.0,
                 "quadrupled": 4.0, "quadruple": 4.0, "halved": 0.5, "halves": 0.5, "halving": 0.5}
_TIMES_WORDS = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "ten": 10.0}
_CHANGE_RE = re.compile(
    r"\b(?P<word>twice|doubl(?:ed|es|e|ing)|tripl(?:ed|es|e|ing)|thrice|quadrupl(?:ed|e)|halv(?:ed|es|ing))\b"
    r"|\b(?:cut|reduced|lowered|slashed|fell|dropped|decreased)\b[^.;]{0,30}?\b(?:by|in)\s+(?P<half>half)\b"
    r"|\b(?P<times>\d+(?:\.\d+)?|two|three|four|five|ten)[\s-]+(?:times|fold)\b"
    r"(?P<less>\s+(?:lower|less|fewer|smaller))?",
    re.I)


@dataclass
class Change:
    """A multiple written in the checked text, e.g. 'doubled' = 2.0 at [start, end)."""

    phrase: str
    start: int
    end: int
    factor: float


def relative_changes(text: str) -> list[Change]:
    from extract.normalise import normalise  # '1,65 times', full-width and Arabic-Indic digits read as ASCII

    out = []
    for m in _CHANGE_RE.finditer(normalise(text)):
        if m.group("word"):
            factor = _WORD_FACTORS[m.group("word").lower()]  # the pattern admits only the table's words
        elif m.group("half"):
            factor = 0.5
        else:
            raw = m.group("times").lower()
            factor = _TIMES_WORDS.get(raw) or float(raw)
            if m.group("less") and factor:
                factor = 1.0 / factor  # "three times lower"
        if factor and factor != 1.0:
            out.append(Change(text[m.start():m.end()], m.start(), m.end(), factor))
    return out


def check_change(change: Change, text: str, candidates: list[Claim], view: CorpusView,
                 cits: CitationList) -> FigureCheck:
    """Compare a written multiple with the ratio of the study's and the comparison group's figures."""
    clause = _clause(text, change.start, change.end)
    key = endpoint_key(clause)
    timepoint = timepoint_of(clause)

    def check(status: str, explanation: str, claim: Claim | None = None, source: str = "") -> FigureCheck:
        citation = None
        if claim is not None:
            n = cits.cite_claim(claim)
            citation = cits.items[n - 1]
        return FigureCheck(figure=change.phrase, start=change.start, end=change.end, status=status,
                           explanation=explanation, claim=claim, citation=citation, source_figure=source)

    if not key or key == "sample size":
        return check("not_found", "The sentence names no endpoint whose figures could be compared.")
    pairs = _pairs(key, timepoint, candidates, view)
    if not pairs:
        when = f" at {timepoint_words(timepoint)}" if timepoint else ""
        return check("not_found", f"The sources give no figures for {pretty(key)}{when} in both the study group "
                                  "and a comparison group, so the change cannot be checked.")
    study, control = pairs[0]
    ratio = study.value / control.value
    computed = mark_computed(f"{format_value(study.value)} / {format_value(control.value)} = {ratio:.2f}")
    source = f"{_figure(study)} vs {_figure(control)}"
    qualifier = _QUALIFIER_RE.search(text[max(0, change.start - 25):change.start])
    q = qualifier.group(1).lower() if qualifier else ""
    if q in {"almost", "nearly", "close to"}:
        fits = change.factor * (1 - LOOSE_TOLERANCE) <= ratio <= change.factor
    elif q in {"more than", "over", "at least"}:
        fits = ratio > change.factor if q != "at least" else ratio >= change.factor * (1 - TOLERANCE)
    elif q in {"about", "around", "roughly", "approximately"}:
        fits = abs(ratio - change.factor) <= LOOSE_TOLERANCE * change.factor
    else:
        fits = abs(ratio - change.factor) <= TOLERANCE * change.factor
    said = f"{q} {change.phrase}" if q else change.phrase
    if fits:
        return check("supported", f"The sources give {source}: {computed} times, which is "
                                  f"\u201c{said}\u201d.", study, source)
    return check("contradicted", f"The sources give {source}: {computed} times, not "
                                 f"{format_value(change.factor)} times (\u201c{said}\u201d).", study, source)


def _pairs(key: str, timepoint: str, candidates: list[Claim], view: CorpusView) -> list[tuple[Claim, Claim]]:
    """(study group, comparison group) claims for one endpoint, from the same document first."""
    found = [c for c in candidates if c.value and c.kind not in CONTEXT_KINDS and not c.qualifier
             and view.reading(c).key == key and view.reading(c).unit_class in {"percent", "number", "time"}
             and (not timepoint or view.reading(c).timepoint in {timepoint, ""})]
    study = [c for c in found if not view.reading(c).control]
    control = [c for c in found if view.reading(c).control]
    pairs = [(s, c) for s in study for c in control
             if view.reading(s).unit_class == view.reading(c).unit_class]
    pairs.sort(key=lambda p: (p[0].doc_id != p[1].doc_id, view.documents[p[0].doc_id].kind != "journal"))
    return pairs


def _figure(c: Claim) -> str:
    return (c.value_text or c.quote).strip()


def _clause(text: str, start: int, end: int) -> str:
    """The sentence around a change, to find the endpoint and timepoint it is about."""
    s, e = next(((s, e) for s, e in sentence_spans(text) if s <= start < e), (0, len(text)))
    return text[s:e]
