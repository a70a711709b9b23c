"""Caveats a careful reader must know about the figures behind an answer or a verdict.

Historical (non-randomised) controls, a small sample, and figures that only news reports.
Each flag that states a number cites the passage that gives it, like any other sentence.
"""

from __future__ import annotations

import re

from extract.models import Claim, Document

from .corpus_view import CitationList, CorpusView
from .numbers import format_value
from settings import SETTINGS

SMALL_SAMPLE = SETTINGS.small_sample
_HISTORICAL_RE = re.compile(r"historical(ly)?[- ]controls?|historical control data|historical (cohort|comparison)|"
                            r"external controls?", re.I)
_RANDOMISED_RE = re.compile(r"\brandomi[sz]ed\b", re.I)


def historical_controls(view: CorpusView, docs: list[Document]) -> Document | None:
    """The first document that says the comparison is against historical controls."""
    for d in docs:
        if _HISTORICAL_RE.search(d.text) and not _RANDOMISED_RE.search(d.text):
            return d
    return None


def sample_size_claims(view: CorpusView, docs: list[Document]) -> list[Claim]:
    ids = {d.id for d in docs}
    return [c for c in view.claims if c.doc_id in ids and view.key_of(c) == "sample size" and c.value]


def study_documents(view: CorpusView, docs: list[Document]) -> list[Document]:
    """The cited documents plus the other sources of their studies."""
    seen: dict[str, Document] = {d.id: d for d in docs}
    for d in docs:
        for o in view.same_study(d):
            seen.setdefault(o.id, o)
    return list(seen.values())


def flags_for(view: CorpusView, docs: list[Document], citations: CitationList) -> list[str]:
    """The caveats for figures drawn from `docs`; may add citations for the numbers a flag states."""
    if not docs:
        return []
    flags: list[str] = []
    studies = {view.study_of(d) for d in docs}
    if len(studies) > 1:
        # A question that names no drug or disease can match figures of unrelated studies.
        # (In words: every digit in a flag must stand in a cited passage.)
        flags.append("Several studies: these figures come from different studies; name the drug "
                     "or condition in the question to narrow the answer to one.")
    study_docs = study_documents(view, docs)
    if historical_controls(view, docs):
        flags.append("Historical controls: the comparison is against historical (non-randomised) controls, "
                     "not a randomised control arm, so differences may reflect other changes over time.")
    sizes = sample_size_claims(view, study_docs)
    if sizes:
        largest = max(sizes, key=lambda c: (c.value or 0, c.doc_id, c.start))
        if largest.value is not None and largest.value < SMALL_SAMPLE:
            n = citations.cite_claim(largest)
            written = largest.value_text or format_value(largest.value)
            flags.append(f"Small sample: {written} patients [{n}]; estimates from so few patients are imprecise.")
    if all(d.kind == "news" for d in study_docs):
        cites = sorted({d.cites for d in docs if d.cites})
        said = f" (the news cites {', '.join(cites)})" if cites else ""
        flags.append(f"Reported only in news: no journal source for this study is in the index{said}; "
                     "the figures could not be checked against the original paper.")
    return flags
