"""Near-duplicate documents of one study whose figures disagree: the impostor check.

A copy of a source with the same title, outlet and study but altered figures would otherwise make
both the true and the altered figure "supported". Two documents are copies when they share a title
and their texts are nearly the same once every number is masked; copies whose numbers differ are
reported, with the figures that only one of them has, so verify, answers and the audit can show
that the sources disagree and where each came from.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from pydantic import BaseModel, Field

from extract.models import Document
from extract.normalise import normalise

from .store import Provenance

# masked texts this similar (Jaccard of word 5-grams) are copies of one another
COPY_SIMILARITY = 0.7
MAX_LISTED = 10
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"\w+")


class DisputedCopy(BaseModel):
    """A near-duplicate of a cited document whose figures differ from it."""

    doc_id: str = Field(description="The cited document.")
    other_id: str = Field(description="Its near-duplicate with other figures.")
    title: str = ""
    similarity: float = Field(description="Jaccard similarity of the two texts with numbers masked (0-1).")
    only_here: list[str] = Field(default_factory=list, description="Figures in doc_id that the copy lacks.")
    only_there: list[str] = Field(default_factory=list, description="Figures in the copy that doc_id lacks.")
    provenance: Provenance | None = Field(None, description="Where doc_id came from.")
    other_provenance: Provenance | None = Field(None, description="Where the copy came from.")
    message: str = ""


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(_NUMBER.sub("#", normalise(text).lower()))
    return {hash(tuple(words[i:i + 5])) for i in range(max(1, len(words) - 4))}


def _numbers(text: str) -> Counter:
    return Counter(m.group().replace(",", ".") for m in _NUMBER.finditer(normalise(text)))


def compare(doc: Document, other: Document) -> DisputedCopy | None:
    """A DisputedCopy when `other` is a near-copy of `doc` with different figures, else None."""
    a, b = _shingles(doc.text), _shingles(other.text)
    similarity = len(a & b) / max(1, len(a | b))
    if similarity < COPY_SIMILARITY:
        return None
    here, there = _numbers(doc.text), _numbers(other.text)
    if here == there:
        return None  # the same figures: a harmless duplicate
    only_here = sorted((here - there).elements())[:MAX_LISTED]
    only_there = sorted((there - here).elements())[:MAX_LISTED]
    return DisputedCopy(doc_id=doc.id, other_id=other.id, title=doc.title[:200], similarity=round(similarity, 3),
                        only_here=only_here, only_there=only_there,
                        message=(f"Another copy of this source ({other.id}) gives different figures "
                                 f"({', '.join(only_there[:3]) or 'fewer'} instead of {', '.join(only_here[:3]) or '-'}); "
                                 "check which copy is authentic before relying on it."))


def disputed_copies(idx, doc_ids: Iterable[str]) -> list[DisputedCopy]:
    """Near-copies with disagreeing figures of each of these documents (the ones an answer,
    verdict or audit cites), with where each came from."""
    out: list[DisputedCopy] = []
    done: set[str] = set()
    for doc_id in dict.fromkeys(doc_ids):
        if doc_id in done:
            continue
        done.add(doc_id)
        doc = idx.document(doc_id)
        if doc is None or not doc.title.strip():
            continue
        for other in idx.documents_titled(doc.title):
            if other.id == doc.id:
                continue
            found = compare(doc, other)
            if found is not None:
                out.append(found.model_copy(update={"provenance": idx.provenance(doc.id),
                                                    "other_provenance": idx.provenance(other.id)}))
    return out
