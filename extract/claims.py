"""Text in, claims out: the rules run in order of specificity over a same-length normalised copy
of the text, each figure is claimed once, then attribution fills endpoint, timepoint, arm and
comparator. Pure: no I/O, same output for the same input.
"""

from __future__ import annotations

import re
from typing import Iterable

from .abbreviations import find_abbreviations
from .attribution import attribute, attribute_endpoints
from .candidate import Candidate, Sentences, Taken
from .counts import find_fractions, find_n_of_n, find_n_pct, find_sample_sizes
from .estimates import find_ci_estimates, find_mean_sd, find_percentages, find_ratios
from .events import find_adverse_events
from .models import Claim, Span
from .normalise import normalise
from .pvalues import find_p_values
from .results import find_result_figures
from .sentences import spans_of_normalised
from .spread import find_eligibility, find_follow_up, find_median_spreads, find_thresholds
from .tables import find_table_candidates

_HEADING = re.compile(
    r"(?im)^\s*(?:ABSTRACT\.)?(?P<a>[A-Z][A-Z /&]{2,40}):\s*$|(?:^|\s)#{1,6}\s+(?P<b>[A-Za-z][A-Za-z /&]{2,40}?)(?=\s|$)|^(?P<c>[A-Z][A-Z /&]{2,30}):\s"
)
_QUALIFIER = re.compile(
    r"(?P<q>less\s+than|fewer\s+than|more\s+than|greater\s+than|under|over|below|above|at\s+least|at\s+most|up\s+to|"
    r"approximately|about|nearly|almost|around|roughly|<=?|>=?|\u2264|\u2265)\s*$",
    re.I,
)


def headings(norm: str) -> list[tuple[int, str]]:
    """(offset, lower-case name) of section headings: 'ABSTRACT.RESULTS:', '## Results', 'BACKGROUND:'."""
    out = []
    for m in _HEADING.finditer(norm):
        name = (m.group("a") or m.group("b") or m.group("c") or "").strip().lower()
        out.append((m.start(), name.split()[0] if name else name))
    return out


def find_candidates(text: str) -> list[Candidate]:
    """All figures of `text` with their attribution, in text order."""
    norm = normalise(text)
    sents = Sentences(spans_of_normalised(norm))
    taken = Taken()
    # Tables are read cell by cell; the sentence rules would read a row as a run-on sentence.
    table_found, table_spans = find_table_candidates(norm)
    for start, end in table_spans:
        taken.add(start, end)
    found: list[Candidate] = []
    found += find_thresholds(norm, sents, taken, with_scientific_only=True)
    found += find_follow_up(norm, sents, taken)
    found += find_ci_estimates(norm, sents, taken)
    found += find_mean_sd(norm, sents, taken)
    found += find_n_of_n(norm, sents, taken)
    found += find_n_pct(norm, sents, taken)
    found += find_adverse_events(norm, sents, taken)
    found += find_median_spreads(norm, sents, taken)
    found += find_thresholds(norm, sents, taken, with_scientific_only=False)
    found += find_eligibility(norm, sents, taken)
    found += find_sample_sizes(norm, sents, taken)
    found += find_ratios(norm, sents, taken)
    found += find_result_figures(norm, sents, taken)
    found += find_fractions(norm, sents, taken)
    found += find_percentages(norm, sents, taken)
    for c in found:
        if not c.qualifier:
            q = _QUALIFIER.search(norm, max(c.sentence[0], c.value_start - 20), c.value_start)
            if q and c.kind in {"estimate", "count"} and q.end() == c.value_start or (q and norm[q.end():c.value_start].strip() == ""):
                c.qualifier = re.sub(r"\s+", " ", q.group("q").lower())
    found.sort(key=lambda c: (c.start, c.end))
    abbreviations = find_abbreviations(norm)
    attribute(norm, found, abbreviations, headings(norm))
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
