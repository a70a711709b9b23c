"""Text in, claims out: the registered rules run in order of their explicit precedence over a
same-length normalised copy of the text, each figure is claimed once, then attribution fills
endpoint, timepoint, arm and comparator. Pure: no I/O, same output for the same input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .abbreviations import find_abbreviations
from .attribution import attribute, attribute_endpoints
from .candidate import Candidate, Sentences, Taken
from .counts import find_elliptical_sizes, find_fractions, find_n_of_n, find_n_pct, find_randomised_sizes, find_sample_sizes
from .estimates import find_ci_estimates, find_mean_sd, find_percentages, find_ratios
from .events import find_adverse_events
from .models import Claim, Span
from .normalise import normalise
from .pvalues import find_p_values
from .results import find_result_figures
from .sentences import spans_of_normalised
from .spread import find_eligibility, find_follow_up, find_median_spreads, find_thresholds
from .tables import find_table_candidates
from .vocab import sections
from extract.models import ClaimKind

_HEADING = re.compile(
    r"(?im)^\s*(?:ABSTRACT\.)?(?P<a>[A-Z][A-Z /&]{2,40}):\s*$|(?:^|\s)#{1,6}\s+(?P<b>[A-Za-z][A-Za-z /&]{2,40}?)(?=\s|$)|^(?P<c>[A-Z][A-Z /&]{2,30}):\s"
)
_QUALIFIER = re.compile(
    r"(?P<q>less\s+than|fewer\s+than|more\s+than|greater\s+than|under|over|below|above|at\s+least|at\s+most|up\s+to|"
    r"approximately|about|nearly|almost|around|roughly|<=?|>=?|\u2264|\u2265)\s*$",
    re.I,
)


SECTION_WORDS = sections.SECTION_WORDS
_INLINE_LABEL = re.compile(
    r"(?P<label>(?:[A-Z][A-Z']+,?\s+(?:AND\s+|&\s+|OF\s+)?){0,5}[A-Z][A-Z']{2,})(?=\s+[A-Z\d(])")


_ROLE_LABEL = re.compile(sections.ROLE_LABEL, re.I)


_CAPS_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{3,}(?![a-z])")


def inline_labels(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, first word lower-cased) of capitalised section labels written inline."""
    out = []
    last = -1
    for w in _CAPS_WORD.finditer(norm):
        # only where a section word starts a line or a sentence does the full pattern run
        if w.start() < last or w.group(0) not in SECTION_WORDS:
            continue
        m = _INLINE_LABEL.match(norm, w.start())
        if m is None or not (w.start() == 0 or norm[w.start() - 1] == "\n" or norm[max(0, w.start() - 2):w.start()] in (". ", "  ", "? ", "! ")
                             or norm[max(0, w.start() - 12):w.start()].rstrip(" ").endswith("\n")):
            continue
        last = m.end()
        words = re.findall(r"[A-Z']+", m.group("label"))
        if words and all(w in SECTION_WORDS or w in sections.SECTION_JOINERS for w in words) and words[0] in SECTION_WORDS:
            out.append((m.start("label"), m.end("label"), words[0].lower()))
    return out


def _blank(norm: str, spans: list[tuple[int, int, str]]) -> str:
    """The same-length text with the spans blanked, so no rule reads a label as words of a sentence."""
    if not spans:
        return norm
    chars = list(norm)
    for s, e, _ in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def headings(norm: str, labels: list[tuple[int, int, str]] | None = None) -> list[tuple[int, str]]:
    """(offset, lower-case name) of section headings: 'ABSTRACT.RESULTS:', '## Results', 'BACKGROUND:',
    and inline capitalised labels ('RESULTS At 24 hours')."""
    out = []
    for m in _HEADING.finditer(norm):
        name = (m.group("a") or m.group("b") or m.group("c") or "").strip().lower()
        out.append((m.start(), name.split()[0] if name else name))
    out += [(s, name) for s, _, name in (inline_labels(norm) if labels is None else labels)]
    return sorted(out)


@dataclass(frozen=True)
class ExtractionRule:
    """One extraction rule: a finder over the normalised text that claims the figures it reads.

    Rules run in ascending `precedence`; a figure is claimed once (the `Taken` ranges), so a rule
    that reads a more specific notation must come before a rule that would read part of it.
    Each rule can be run on its own with `run_rule(name, text)`.
    """

    name: str
    precedence: int
    find: Callable[[str, Sentences, Taken], list[Candidate]]
    doc: str = ""


RULES: dict[str, ExtractionRule] = {}


def register_rule(name: str, precedence: int, doc: str = ""):
    """Register a finder `(norm, sentences, taken) -> candidates` under `name`."""
    def add(find: Callable[[str, Sentences, Taken], list[Candidate]]):
        if name in RULES:
            raise ValueError(f"extraction rule {name!r} is registered twice")
        if any(r.precedence == precedence for r in RULES.values()):
            raise ValueError(f"extraction rule {name!r}: precedence {precedence} is taken; precedence must be explicit and unique")
        RULES[name] = ExtractionRule(name, precedence, find, doc)
        return find
    return add


def ordered_rules() -> list[ExtractionRule]:
    return sorted(RULES.values(), key=lambda r: r.precedence)


register_rule("scientific-thresholds", 10, "'< 1 x 10^-4' cut-offs before anything reads their digits")(
    lambda n, s, t: find_thresholds(n, s, t, with_scientific_only=True))
register_rule("follow-up", 20, "'median follow-up of 21 months', 'followed for a median of 6.2 years'")(find_follow_up)
register_rule("ci-estimates", 30, "estimate (labelled or unlabelled statistics) with a CI, by the grammar")(find_ci_estimates)
register_rule("randomised-sizes", 35, "sizes of the randomisation story: 'N were randomized', 'of whom N (x%) were assigned'")(find_randomised_sizes)
register_rule("mean-sd", 40, "'4.6 +/- 1.77 mm', '5.2 (SD 1.1)'")(find_mean_sd)
register_rule("n-of-n", 50, "'24 of 49 (49.0%)', '12/40 (30%)'")(find_n_of_n)
register_rule("n-pct", 60, "'28 patients (93%)', '615 (39%)'")(find_n_pct)
register_rule("adverse-events", 70, "harms with their grade")(find_adverse_events)
register_rule("median-spreads", 80, "'median 61 (range 18-94)', IQRs")(find_median_spreads)
register_rule("thresholds", 90, "cut-offs and margins")(lambda n, s, t: find_thresholds(n, s, t, with_scientific_only=False))
register_rule("eligibility", 100, "age limits and inclusion criteria")(find_eligibility)
register_rule("sample-sizes", 110, "'301 participants', '(n = 76)', '291 in the prophylaxis group'")(find_sample_sizes)
register_rule("elliptical-sizes", 115, "'33,851 women from A and 32,998 from B': the second size of the pair")(find_elliptical_sizes)
register_rule("ratios", 120, "'odds ratio = 2.75' without a CI")(find_ratios)
register_rule("result-figures", 130, "result figures in words around them: 'was 23 months', 'A v B'")(find_result_figures)
register_rule("fractions", 140, "'two-thirds of patients'")(find_fractions)
register_rule("percentages", 150, "any percentage no other rule claimed")(find_percentages)


_RATIOS = {"hazard ratio", "odds ratio", "risk ratio", "rate ratio"}


def _ratio_in_brackets_shares_endpoint(norm: str, found: list[Candidate]) -> None:
    """'... CRPS was 4.2% (four of 96) in the 200-mg group (relative risk, 0.41; 95% CI ...)': a ratio in
    the bracket right after a figure compares that figure's outcome, so it takes that figure's endpoint."""
    by_start = sorted(found, key=lambda c: c.start)
    for prev, c in zip(by_start, by_start[1:]):
        if (c.measure in _RATIOS and "endpoint" not in c.fixed and prev.endpoint and prev.sentence == c.sentence
                and prev.kind in (ClaimKind.ESTIMATE, ClaimKind.COUNT) and prev.measure not in _RATIOS and 0 <= c.start - prev.end <= 60):
            between = norm[prev.end:c.start]
            if ("(" in between or "[" in between) and not re.search(r"[;.]\s", between):
                c.endpoint, c.endpoint_text = prev.endpoint, prev.endpoint_text


def run_rule(name: str, text: str) -> list[Candidate]:
    """One registered rule alone on `text` (for tests and for reading what a rule does)."""
    norm = normalise(text)
    return RULES[name].find(norm, Sentences(spans_of_normalised(norm)), Taken())


def find_candidates(text: str) -> list[Candidate]:
    """All figures of `text` with their attribution, in text order."""
    norm = normalise(text)
    labels = inline_labels(norm)
    section_heads = headings(norm, labels)
    norm = _blank(norm, labels)
    sents = Sentences(spans_of_normalised(norm))
    taken = Taken()
    # Tables are read cell by cell; the sentence rules would read a row as a run-on sentence.
    table_found, table_spans = find_table_candidates(norm)
    for start, end in table_spans:
        taken.add(start, end)
    found: list[Candidate] = []
    for rule in ordered_rules():
        found += rule.find(norm, sents, taken)
    for c in found:
        if not c.qualifier:
            q = _QUALIFIER.search(norm, max(c.sentence[0], c.value_start - 20), c.value_start)
            if q and c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT} and q.end() == c.value_start or (q and norm[q.end():c.value_start].strip() == ""):
                c.qualifier = re.sub(r"\s+", " ", q.group("q").lower())
    found.sort(key=lambda c: (c.start, c.end))
    abbreviations = find_abbreviations(norm)
    attribute(norm, found, abbreviations, section_heads)
    _ratio_in_brackets_shares_endpoint(norm, found)
    for c in found:
        if c.endpoint_text and _ROLE_LABEL.match(c.endpoint_text.strip()):
            c.endpoint = c.endpoint_text = ""  # unknown is better than the label of the endpoint's role
    alone = find_p_values(norm, sents, taken, found)
    attribute_endpoints(norm, alone, abbreviations, found)
    found += alone
    found += table_found  # attributed from their row and column, not from the words around them
    found.sort(key=lambda c: (c.start, c.end))
    return found


def claims_from_text(text: str, doc_id: str = "", boilerplate: Iterable[Span] = ()) -> list[Claim]:
    """Claims of `text`, dropping those inside boilerplate spans."""
    spans = list(boilerplate)
    out = []
    for c in find_candidates(text):
        if any(b.start < c.end and c.start < b.end for b in spans):
            continue
        out.append(c.to_claim(text, doc_id))
    return out
