"""Claim-aware ranking: a question's endpoint, timepoint, arm and measure raise passages whose
extracted claims match them.

The boost is simple on purpose, so a hit can be explained: each facet of the best-matching claim
in a passage adds a fixed weight, and the passage's fused score is multiplied by (1 + boost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.endpoints import endpoint_abbreviations
from extract.models import Claim

from .store import ClaimFacets

WEIGHTS = {"endpoint": 0.35, "timepoint": 0.2, "arm": 0.15, "measure": 0.15}

# the extractor's own table, so a question's 'OS' or 'SAEs' names what claims call the endpoint
ABBREVIATIONS = endpoint_abbreviations()

MEASURE_WORDS = [
    ("hazard ratio", re.compile(r"\bhazard ratios?\b|\bHR\b")),
    ("odds ratio", re.compile(r"\bodds ratios?\b|\bOR\b")),
    ("risk ratio", re.compile(r"\b(risk|relative risk) ratios?\b|\brelative risk\b|\bRR\b")),
    ("rate ratio", re.compile(r"\brate ratios?\b")),
    ("median", re.compile(r"\bmedian\b", re.I)),
    ("mean", re.compile(r"\b(mean|average)\b", re.I)),
    ("mean difference", re.compile(r"\bmean difference\b", re.I)),
    ("risk difference", re.compile(r"\b(risk|absolute) difference\b", re.I)),
    ("proportion", re.compile(r"\b(percent(age)?|proportion|rate|how many of|what share)\b|%", re.I)),
    ("count", re.compile(r"\b(how many|number of|count)\b", re.I)),
]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
                 "thirty-six": 36, "sixty": 60}
_UNIT_MONTHS = {"year": 12, "yr": 12, "month": 1, "mo": 1, "week": 12 / 52, "wk": 12 / 52, "day": 12 / 365}
_TIME = re.compile(r"\b(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) +
                   r")[\s-]*(years?|yrs?|months?|mos?|weeks?|wks?|days?)\b", re.I)


def _norm(text: str) -> str:
    text = text.lower().replace("‐", "-").replace("–", "-")
    text = re.sub(r"[-/]", " ", text)
    return " " + re.sub(r"[^\w%.]+", " ", text).strip() + " "


def expand_abbreviations(text: str) -> str:
    """Append the long form of known endpoint abbreviations ('OS' -> 'overall survival')."""
    extra = [ABBREVIATIONS[w] for w in re.findall(r"\b[A-Za-z]{2,5}\b", text) if w in ABBREVIATIONS]
    return text + (" " + " ".join(extra) if extra else "")


def timepoints_in_months(text: str) -> set[float]:
    out = set()
    for num, unit in _TIME.findall(text):
        n = float(num) if num[0].isdigit() else float(_NUMBER_WORDS[num.lower()])
        u = unit.lower().rstrip("s")
        out.add(round(n * _UNIT_MONTHS.get(u, _UNIT_MONTHS.get(u[:2], 0)), 1))
    return out


@dataclass(frozen=True)
class QueryFacets:
    """What a question asks about, as far as claim fields can tell."""

    text: str
    timepoints: frozenset[float]
    measures: frozenset[str]

    @classmethod
    def of(cls, query: str) -> "QueryFacets":
        measures = frozenset(name for name, pat in MEASURE_WORDS if pat.search(query))
        return cls(_norm(expand_abbreviations(query)), frozenset(timepoints_in_months(query)), measures)

    def mentions(self, phrase: str) -> bool:
        p = _norm(phrase).strip()
        return bool(p) and f" {p} " in self.text


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
