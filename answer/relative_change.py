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
from .numbers import NUMBER_WORDS, format_value
from .select import CONTEXT_KINDS
from .figure_context import CONTROL_RE, is_filler
from .vocabulary import content_words, endpoint_key, pretty, stems, topic_terms
from extract.vocab import qualifiers
from settings import SETTINGS

# How far a written multiple may be from the ratio of the source figures and still be a fair
# reading: "doubled" for 1.9-2.1 times. News rounds multiples loosely; 10% is a fact-checker's margin.
TOLERANCE = SETTINGS.change_tolerance
# "almost double", "about three times": a word that admits a looser multiple, in its direction
LOOSE_TOLERANCE = SETTINGS.loose_change_tolerance
_QUALIFIER_RE = re.compile(rf"\b({qualifiers.APPROXIMATE_RE}|more than|over|at least)\s+(?:the\s+)?$", re.I)

_WORD_FACTORS = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
                 "tripled": 3.0, "triples": 3.0, "triple": 3.0, "tripling": 3.0, "thrice": 3.0,
                 "quadrupled": 4.0, "quadruple": 4.0, "halved": 0.5, "halves": 0.5, "halving": 0.5}
_NUMBER_WORD = "|".join(sorted((w for w in NUMBER_WORDS if w not in {"zero", "hundred"}), key=len, reverse=True))
_CHANGE_RE = re.compile(
    # verbs and "twice" are multiples; the bare adjective only before what it multiplies ("double the
    # rate", "triple that of"): "quadruple rescue therapy", "double-blind" are names
    r"(?<!-)\b(?P<word>twice|thrice|doubl(?:ed|es|ing)|tripl(?:ed|es|ing)|quadrupl(?:ed|es|ing)|halv(?:ed|es|ing)|"
    r"(?:double|triple|quadruple)(?=\s+(?:the|that|those|its|their|in|among|with|from|over|compared)\b|\s*[.,;]|$))\b"
    r"|\b(?:cut|reduced|lowered|slashed|fell|dropped|decreased)\b[^.;]{0,30}?\b(?:by|in)\s+(?P<half>half)\b"
    rf"|\b(?P<times>\d+(?:\.\d+)?|{_NUMBER_WORD})(?P<and_half>\s+and\s+a\s+half)?[\s-]*(?:times|fold)\b"
    r"(?P<less>\s+(?:lower|less|fewer|smaller))?",
    re.I)
# "rose by 32 percentage points", "a 19.4-point drop": a difference of two percentages, not a percentage
_POINTS_RE = re.compile(rf"\b(?P<points>\d+(?:\.\d+)?|{_NUMBER_WORD})[\s-]*(?:percentage|percent(?:age)?)?[\s-]*"
                        r"points?\b", re.I)
_RELATIVE_RE = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:lower|higher|less|more|fewer|greater|smaller|"
    r"reduction|increase|decrease|drop|rise|relative reduction)\b"
    r"|\b(?:reduced|cut|lowered|decreased|increased|raised|boosted)\b[^.;%]{0,40}?\bby\s+"
    r"(?P<pct2>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)", re.I)
RELATIVE_POINTS = 1.5  # "a 40% reduction" for a computed 39.2%: news rounds to whole percents
POINTS_TOLERANCE = 0.5  # "32 points" for 32.2: news rounds a difference to whole points


@dataclass
class Change:
    """A multiple written in the checked text, e.g. 'doubled' = 2.0 at [start, end)."""

    phrase: str
    start: int
    end: int
    factor: float
    kind: str = "ratio"  # ratio: study / control; points: study - control, in percentage points


def relative_changes(text: str) -> list[Change]:
    from extract.normalise import normalise  # '1,65 times', full-width and Arabic-Indic digits read as ASCII

    out = []
    norm = normalise(text)  # same length: offsets and slices of the original stay exact
    for m in _CHANGE_RE.finditer(norm):
        if m.group("word"):
            factor = _WORD_FACTORS[m.group("word").lower()]  # the pattern admits only the table's words
        elif m.group("half"):
            factor = 0.5
        else:
            raw = m.group("times").lower()
            factor = float(NUMBER_WORDS.get(raw, 0) or raw) + (0.5 if m.group("and_half") else 0.0)
            if m.group("less") and factor:
                factor = 1.0 / factor  # "three times lower"
        if factor and factor != 1.0:
            out.append(Change(text[m.start():m.end()], m.start(), m.end(), factor))
    taken = [(c.start, c.end) for c in out]
    for m in _RELATIVE_RE.finditer(norm):
        # "40% lower", "reduced the risk by 44%": a change relative to the comparison group, which
        # is not a difference in percentage points
        pct = m.group("pct") or m.group("pct2")
        s0, e0 = m.span("pct" if m.group("pct") else "pct2")
        if any(a <= s0 < b for a, b in taken) or _POINTS_RE.match(norm, s0):
            continue
        sign = -1.0 if re.search(r"lower|less|fewer|reduc|decreas|cut|drop|fell|declin|smaller", m.group(), re.I) else 1.0
        out.append(Change(text[s0:m.end()] if m.group("pct") else text[m.start():m.end()], m.start() if m.group("pct2") else s0,
                          m.end(), 1.0 + sign * float(pct) / 100, kind="relative"))
    for m in _POINTS_RE.finditer(norm):
        raw = m.group("points").lower()
        if raw in NUMBER_WORDS or re.search(r"percent|per cent", m.group(), re.I):
            out.append(Change(text[m.start():m.end()], m.start(), m.end(), float(NUMBER_WORDS.get(raw, 0) or raw), kind="points"))
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

    if key == "sample size":
        return check("not_found", "The sentence names no endpoint whose figures could be compared.")
    # an outcome our endpoint table does not name ("hypersalivation") is found by its words
    pairs = _pairs(key, timepoint, candidates, view) if key else \
        _pairs_by_wording(clause.replace(change.phrase, " "), candidates, view)
    if not key and not pairs:
        return check("not_found", "The sentence names no endpoint whose figures could be compared.")
    if not pairs:
        when = f" at {timepoint_words(timepoint)}" if timepoint else ""
        return check("not_found", f"The sources give no figures for {pretty(key)}{when} in both the study group "
                                  "and a comparison group, so the change cannot be checked.")
    study, control = pairs[0]
    if change.kind == "relative":
        return _check_relative(change, study, control, check)
    if change.kind == "points":
        return _check_points(change, text, study, control, check)
    ratio = study.value / control.value
    computed = mark_computed(f"{format_value(study.value)} / {format_value(control.value)} = {ratio:.2f}")
    source = f"{_figure(study)} vs {_figure(control)}"
    qualifier = _QUALIFIER_RE.search(text[max(0, change.start - 25):change.start])
    q = qualifier.group(1).lower() if qualifier else ""
    fits = change_fits(change.factor, ratio, q)
    said = f"{q} {change.phrase}" if q else change.phrase
    if fits:
        return check("supported", f"The sources give {source}: {computed} times, which is "
                                  f"\u201c{said}\u201d.", study, source)
    return check("contradicted", f"The sources give {source}: {computed} times, not "
                                 f"{format_value(change.factor)} times (\u201c{said}\u201d).", study, source)


def change_fits(factor: float, ratio: float, q: str = "") -> bool:
    """Is `ratio` a fair reading of a multiple `factor` written with qualifier `q` ('almost', 'more than')?"""
    if q in {"almost", "nearly", "close to"}:
        return factor * (1 - LOOSE_TOLERANCE) <= ratio <= factor
    if q in {"more than", "over", "at least"}:
        return ratio > factor if q != "at least" else ratio >= factor * (1 - TOLERANCE)
    if q in {"about", "around", "roughly", "approximately"}:
        return abs(ratio - factor) <= LOOSE_TOLERANCE * factor
    return abs(ratio - factor) <= TOLERANCE * factor


def _check_points(change: Change, text: str, study: Claim, control: Claim, check) -> FigureCheck:
    """A difference in percentage points against the difference of the two groups' percentages."""
    if "%" not in (study.value_text or study.quote) + (control.value_text or control.quote) and \
            study.unit not in {"%", "percent"}:
        return check("not_found", "The sources give no percentages for both groups to subtract.")
    diff = study.value - control.value
    computed = mark_computed(f"{format_value(study.value)} - {format_value(control.value)} = {format_value(round(diff, 2))}")
    source = f"{_figure(study)} vs {_figure(control)}"
    qualifier = _QUALIFIER_RE.search(text[max(0, change.start - 25):change.start])
    q = qualifier.group(1).lower() if qualifier else ""
    said = f"{q} {change.phrase}" if q else change.phrase
    size = abs(diff)
    if q in {"more than", "over"}:
        fits = size > change.factor
    elif q in {"almost", "nearly", "close to"}:
        fits = change.factor * (1 - LOOSE_TOLERANCE) <= size <= change.factor
    elif q in {"about", "around", "roughly", "approximately"}:
        fits = abs(size - change.factor) <= max(1.0, LOOSE_TOLERANCE * change.factor)
    else:
        fits = abs(size - change.factor) <= POINTS_TOLERANCE
    if fits:
        return check("supported", f"The sources give {source}: {computed} percentage points, which is "
                                  f"\u201c{said}\u201d.", study, source)
    return check("contradicted", f"The sources give {source}: {computed} percentage points, not "
                                 f"{format_value(change.factor)} (\u201c{said}\u201d).", study, source)


def _check_relative(change: Change, study: Claim, control: Claim, check) -> FigureCheck:
    """'40% lower' against 1 - study / control, in percent (not the difference in points)."""
    rel = 100 * (study.value / control.value - 1)
    computed = mark_computed(f"{format_value(study.value)} / {format_value(control.value)} - 1 = "
                             f"{format_value(round(rel, 1))}%")
    source = f"{_figure(study)} vs {_figure(control)}"
    stated = 100 * (change.factor - 1)
    if abs(rel - stated) <= RELATIVE_POINTS:
        return check("supported", f"The sources give {source}: {computed}, which is \u201c{change.phrase}\u201d.",
                     study, source)
    points = study.value - control.value
    also = (f" (the difference is {format_value(round(abs(points), 1))} percentage points: a relative change "
            "is not a difference in points)") if abs(abs(points) - abs(stated)) <= POINTS_TOLERANCE else ""
    return check("contradicted", f"The sources give {source}: {computed}, not {format_value(round(stated, 1))}% "
                                 f"(\u201c{change.phrase}\u201d){also}.", study, source)


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


WORDING_SHARE = 0.5  # of the clause's outcome words, the share a source sentence must hold


def _pairs_by_wording(clause: str, candidates: list[Claim], view: CorpusView) -> list[tuple[Claim, Claim]]:
    """(study group, comparison group) claims of the one source sentence that holds the clause's
    outcome words (names of drugs, groups and populations left out)."""
    names: set[str] = set()
    for t in topic_terms(clause, view.drug_names):
        names |= stems(t)
    words: set[str] = set()
    for w in content_words(clause):
        if not is_filler(w) and not CONTROL_RE.search(w):
            words |= stems(w) - names
    if not words:
        return []
    by_sentence: dict[tuple[str, int, int], list[Claim]] = {}
    for c in candidates:
        if c.value and c.kind not in CONTEXT_KINDS and not c.qualifier:
            s, e = view.claim_sentence(c)
            by_sentence.setdefault((c.doc_id, s, e), []).append(c)
    scored = []
    for (doc_id, s, e), claims in by_sentence.items():
        share = len(words & view.span_stems(doc_id, s, e)) / len(words)
        if share < WORDING_SHARE:
            continue
        study = [c for c in claims if not view.reading(c).control]
        control = [c for c in claims if view.reading(c).control]
        pairs = [(a, b) for a in study for b in control if view.reading(a).unit_class == view.reading(b).unit_class
                 and view.reading(a).unit_class in {"percent", "number", "time"}]
        if pairs:
            scored.append((-share, doc_id, s, pairs[0]))
    return [p for *_, p in sorted(scored, key=lambda t: t[:3])]


def _figure(c: Claim) -> str:
    return (c.value_text or c.quote).strip()


def _clause(text: str, start: int, end: int) -> str:
    """The sentence around a change, to find the endpoint and timepoint it is about."""
    s, e = next(((s, e) for s, e in sentence_spans(text) if s <= start < e), (0, len(text)))
    return text[s:e]
