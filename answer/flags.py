"""Caveats a careful reader must know about the figures behind an answer or a verdict.

Historical (non-randomised) controls, a small sample, and figures that only news reports.
Each flag that states a number cites the passage that gives it, like any other sentence.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from extract.models import Answer, Claim, Document

from .corpus_view import CitationList, CorpusView, view_of
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


# ---- one compact study-design badge per answer -------------------------------------------------------

_SINGLE_ARM_RE = re.compile(r"\bsingle[- ](arm|group)\b|\bone[- ]arm\b|\bnon-?randomi[sz]ed\b", re.I)


class DesignBadge(BaseModel):
    """What a reader should know about the design of the study an answer's figures come from, in one
    line (`label`), with the reasons on demand (`notes`, each may quote the passage it rests on)."""

    study: str = Field(description="The study's description (or key).")
    label: str = Field(description="e.g. 'single-arm, historical controls · n=30 · news only'.")
    notes: list[str] = Field(default_factory=list)
    quotes: list[str] = Field(default_factory=list, description="Source passages the label's numbers stand in.")


def design_badge(answer: Answer, idx) -> DesignBadge | None:
    """The badge for the study of the answer's figures (its cited passages when it used no claim);
    None for an abstention or an answer without sources."""
    if answer.abstained:
        return None
    view = view_of(idx)
    ids = [c.doc_id for c in answer.claims] or [c.doc_id for c in answer.citations]
    docs = [d for d in (view.document(i) for i in dict.fromkeys(ids)) if d is not None]
    if not docs:
        return None
    parts: list[str] = []
    notes: list[str] = []
    quotes: list[str] = []
    studies = list(dict.fromkeys(view.study_of(d) for d in docs))
    if len(studies) > 1:
        parts.append(f"{len(studies)} studies")
        notes.append("These figures come from different studies; name the drug or condition in the question to "
                     "narrow the answer to one.")
    study_docs = study_documents(view, docs)
    if historical_controls(view, study_docs):
        single = any(_SINGLE_ARM_RE.search(d.text) for d in study_docs)
        parts.append("single-arm, historical controls" if single else "historical controls")
        notes.append("The comparison is against historical (non-randomised) controls, not a randomised control "
                     "arm, so differences may reflect other changes over time.")
    elif any(_RANDOMISED_RE.search(d.text) for d in study_docs):
        parts.append("randomised")
        notes.append("The sources describe the study as randomised.")
    sizes = sample_size_claims(view, study_docs)
    if sizes:
        largest = max(sizes, key=lambda c: (c.value or 0, c.doc_id, c.start))
        written = largest.value_text or format_value(largest.value)
        parts.append(f"n={written}")
        s, e = view.claim_sentence(largest)
        quotes.append(view.documents[largest.doc_id].text[s:e])
        if largest.value is not None and largest.value < SMALL_SAMPLE:
            notes.append(f"Small sample: {written} patients; estimates from so few patients are imprecise.")
    if all(d.kind == "news" for d in study_docs):
        parts.append("news only")
        cites = sorted({d.cites for d in docs if d.cites})
        said = f" (the news cites {', '.join(cites)})" if cites else ""
        notes.append(f"Reported only in news: no journal source for this study is in the index{said}; the figures "
                     "could not be checked against the original paper.")
    elif any(d.kind == "journal" for d in study_docs):
        parts.append("journal source")
    if not parts:
        return None
    first = docs[0]
    return DesignBadge(study=first.study_title or view.study_of(first) if len(studies) == 1 else "several studies",
                       label=" · ".join(parts), notes=notes, quotes=quotes)
