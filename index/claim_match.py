"""Claim-aware ranking: a question's endpoint, timepoint, arm and measure raise passages whose
extracted claims match them.

The boost is simple on purpose, so a hit can be explained: each facet of the best-matching claim
in a passage adds a fixed weight, and the passage's fused score is multiplied by (1 + boost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.endpoints import canonical_mentions, endpoint_abbreviations
from extract.vocab import measures, numbers as number_words, time as vocab_time
from extract.models import Claim

from .store import ClaimFacets

WEIGHTS = {"endpoint": 0.35, "timepoint": 0.2, "arm": 0.15, "measure": 0.15}

# the extractor's own table, so a question's 'OS' or 'SAEs' names what claims call the endpoint
ABBREVIATIONS = endpoint_abbreviations()

# how a question names a measure: the vocabulary's question table, read loosely for proportions
MEASURE_WORDS = [(name, re.compile(p)) for name, p in measures.QUESTION_MEASURES if name != "proportion"] + [
    ("proportion", re.compile(measures.PROPORTION_IN_RANKING)),
    ("count", re.compile(measures.COUNT_QUESTION)),
]

_TIME = re.compile(rf"\b(\d+(?:\.\d+)?|{number_words.words_pattern()})[\s-]*({vocab_time.PERIOD_OR_SHORT})\b", re.I)


def _norm(text: str) -> str:
    text = text.lower().replace("‐", "-").replace("–", "-")
    text = re.sub(r"[-/]", " ", text)
    return " " + re.sub(r"[^\w%.]+", " ", text).strip() + " "


def expand_abbreviations(text: str) -> str:
    """Append the long form of known endpoint abbreviations ('OS' -> 'overall survival')."""
    extra = [ABBREVIATIONS[w] for w in re.findall(r"\b[A-Za-z]{2,5}\b", text) if w in ABBREVIATIONS]
    return text + (" " + " ".join(extra) if extra else "")


def endpoint_names(text: str) -> frozenset[str]:
    """The canonical names of the endpoints the text names, by abbreviation or any long form the
    extractor's endpoint table knows ('all-cause death' -> 'all-cause mortality'); a name inside a
    longer one ("survival" in "overall survival") is not named on its own."""
    mentions = canonical_mentions(text, 0, len(text))
    return frozenset(m[2] for m in mentions if not any(o[0] <= m[0] and m[1] <= o[1] and o != m for o in mentions))


def timepoints_in_months(text: str) -> set[float]:
    out = set()
    for num, unit in _TIME.findall(text):
        n = float(num) if num[0].isdigit() else float(number_words.word_value(num) or 0)
        months = n * (vocab_time.months_per(unit) or 0)
        # "104 weeks" is 23.9 months and means two years: longer spans are compared to the half month
        out.add(round(months * 2) / 2 if months >= 3 else round(months, 1))
    return out


@dataclass(frozen=True)
class QueryFacets:
    """What a question asks about, as far as claim fields can tell."""

    text: str
    timepoints: frozenset[float]
    measures: frozenset[str]
    endpoints: frozenset[str] = frozenset()  # canonical names of the endpoints the question names

    @classmethod
    def of(cls, query: str) -> "QueryFacets":
        measures = frozenset(name for name, pat in MEASURE_WORDS if pat.search(query))
        return cls(_norm(expand_abbreviations(query)), frozenset(timepoints_in_months(query)), measures,
                   endpoint_names(query))

    def mentions(self, phrase: str) -> bool:
        p = _norm(phrase).strip()
        return bool(p) and (f" {p} " in self.text or phrase in self.endpoints)


def claim_matches(facets: QueryFacets, claim: Claim | ClaimFacets) -> list[str]:
    """The facets of `claim` that the question names: 'endpoint', 'timepoint', 'arm', 'measure'."""
    hits = []
    if any(facets.mentions(e) for e in (claim.endpoint, claim.endpoint_text) if e):
        hits.append("endpoint")
    if claim.timepoint and facets.timepoints & timepoints_in_months(claim.timepoint):
        hits.append("timepoint")
    if claim.arm and facets.mentions(claim.arm):
        hits.append("arm")
    if claim.measure and claim.measure in facets.measures:
        hits.append("measure")
    return hits


def passage_boost(facets: QueryFacets, claims: list[Claim] | list[ClaimFacets]) -> tuple[float, list[str]]:
    """The best claim's boost and the facets it matched (empty when no claim matches)."""
    best, reasons = 0.0, []
    for claim in claims:
        hits = claim_matches(facets, claim)
        # a measure or timepoint alone says little; require the endpoint or arm to match too
        if not ({"endpoint", "arm"} & set(hits)):
            continue
        boost = sum(WEIGHTS[h] for h in hits)
        if boost > best:
            best, reasons = boost, hits
    return best, reasons
