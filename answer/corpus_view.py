"""A read-only view of an index for answering: documents, claims, sentences and citations.

Built once per index state and cached, so a warm question costs a retrieval plus rule work, not a
re-read of the corpus.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property

from extract import sentence_spans
from extract.models import Citation, Claim, Document

from .figure_context import Reading, read_claim
from .vocabulary import defined_abbreviations, expand_abbreviations, stems


class CitationError(AssertionError):
    """A citation whose quote is not the exact text of its span, or that points into boilerplate."""


@dataclass
class CorpusView:
    idx: object
    documents: dict[str, Document]
    claims: list[Claim]
    # Caches filled on first use; entries are pure functions of the documents, so a race only
    # computes the same value twice.
    _sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _readings: dict[str, Reading] = field(default_factory=dict)
    _stems: dict[tuple[str, int, int], set[str]] = field(default_factory=dict)
    _abbreviations: dict[str, dict[str, str]] = field(default_factory=dict)

    def known(self, hits: list) -> list:
        """The hits whose documents this view holds: a search may already read a newer generation
        (another process wrote meanwhile) than the one this view was made from."""
        return [h for h in hits if h.doc_id in self.documents]

    def document(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def sentences(self, doc_id: str) -> list[tuple[int, int]]:
        """Sentence spans of a document, citable ones only."""
        if doc_id not in self._sentences:
            doc = self.documents[doc_id]
            self._sentences[doc_id] = [(s, e) for s, e in sentence_spans(doc.text) if doc.is_citable(s, e)]
        return self._sentences[doc_id]

    def sentence_around(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        """The citable sentence that holds [start, end); the range itself when none does."""
        spans = self.sentences(doc_id)
        i = bisect.bisect_right([s for s, _ in spans], start) - 1
        if 0 <= i < len(spans) and spans[i][0] <= start and end <= spans[i][1]:
            return spans[i]
        # A claim that crosses a sentence boundary: cite from the first to the last sentence it touches.
        touching = [(s, e) for s, e in spans if s < end and start < e]
        if touching:
            return touching[0][0], max(e for _, e in touching)
        return start, end

    def claim_sentence(self, claim: Claim) -> tuple[int, int]:
        if claim.sentence_start is not None and claim.sentence_end is not None:
            doc = self.documents.get(claim.doc_id)
            if doc is not None and doc.is_citable(claim.sentence_start, claim.sentence_end):
                return claim.sentence_start, claim.sentence_end
        return self.sentence_around(claim.doc_id, claim.start, claim.end)

    def sentence_text(self, claim: Claim) -> str:
        s, e = self.claim_sentence(claim)
        return self.documents[claim.doc_id].text[s:e]

    def reading(self, claim: Claim) -> Reading:
        """Our reading of a corpus claim (endpoint, timepoint, arm, unit class), cached by claim id."""
        r = self._readings.get(claim.id)
        if r is None:
            doc = self.documents[claim.doc_id]
            r = read_claim(claim, doc.text, self.claim_sentence(claim))
            self._readings[claim.id] = r
        return r

    def key_of(self, claim: Claim) -> str:
        return self.reading(claim).key

    def abbreviations(self, doc_id: str) -> dict[str, str]:
        """Abbreviations the document defines ('PCC' -> 'preconception counselling')."""
        if doc_id not in self._abbreviations:
            self._abbreviations[doc_id] = defined_abbreviations(self.documents[doc_id].text)
        return self._abbreviations[doc_id]

    def span_stems(self, doc_id: str, start: int, end: int) -> set[str]:
        """Content-word stems of a span, with the document's own and common abbreviations expanded."""
        key = (doc_id, start, end)
        if key not in self._stems:
            text = self.documents[doc_id].text[start:end]
            abbr = self.abbreviations(doc_id)
            if abbr:
                text = re.sub(r"\b[A-Za-z][A-Za-z0-9]{1,7}\b",
                              lambda m: f"{m.group()} {abbr[m.group().lower()]}" if m.group().lower() in abbr else m.group(),
                              text)
            self._stems[key] = stems(text) | stems(expand_abbreviations(text))
        return self._stems[key]

    def title_stems(self, doc_id: str) -> set[str]:
        """Stems of a document's title: the context every sentence of an abstract leaves unsaid."""
        return self.span_stems_of_text(self.documents[doc_id].title)

    def span_stems_of_text(self, text: str) -> set[str]:
        return stems(text) | stems(expand_abbreviations(text))

    @cached_property
    def drug_names(self) -> frozenset[str]:
        """Drug names the documents' metadata declare (lower-case)."""
        return frozenset(w for d in self.documents.values() for w in d.drug.lower().split() if len(w) >= 5)

    @cached_property
    def lower_texts(self) -> dict[str, str]:
        """Each document's text, lower-cased (verify asks which documents use a word)."""
        return {doc_id: d.text.lower() for doc_id, d in self.documents.items()}

    @cached_property
    def claims_by_doc(self) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {}
        for c in self.claims:
            out.setdefault(c.doc_id, []).append(c)
        return out

    @cached_property
    def studies_by_key(self) -> dict[str, set[str]]:
        """Which studies report each endpoint key."""
        out: dict[str, set[str]] = {}
        for c in self.claims:
            out.setdefault(self.reading(c).key, set()).add(self.study_of(self.documents[c.doc_id]))
        return out

    @cached_property
    def lower_text(self) -> str:
        """All document texts, lower-cased: to ask whether the sources mention a word at all."""
        return "\n".join(d.text.lower() for d in self.documents.values())

    def study_of(self, doc: Document) -> str:
        """The study a document reports: its metadata key, else its drug and condition."""
        if doc.study:
            return doc.study
        if doc.drug and doc.condition:
            return f"{doc.drug.lower()}|{doc.condition.lower()}"
        return f"doc:{doc.id}"

    def same_study(self, doc: Document) -> list[Document]:
        """Other documents of the same study, journals first, then by title for a stable order."""
        key = self.study_of(doc)
        order = {"journal": 0, "press-release": 1, "other": 2, "news": 3}
        others = [d for d in self.documents.values() if d.id != doc.id and self.study_of(d) == key]
        return sorted(others, key=lambda d: (order.get(d.kind, 9), d.title, d.id))


class CitationList:
    """Numbered citations of exact spans; the same span cited twice keeps its first number."""

    def __init__(self, view: CorpusView):
        self.view = view
        self._items: list[Citation] = []
        self._by_span: dict[tuple[str, int, int], int] = {}

    def add(self, doc_id: str, start: int, end: int) -> int:
        key = (doc_id, start, end)
        if key in self._by_span:
            return self._by_span[key]
        doc = self.view.documents[doc_id]
        quote = doc.text[start:end]
        if not quote.strip() or not doc.is_citable(start, end):
            raise CitationError(f"refusing to cite {doc_id}[{start}:{end}]: empty or boilerplate span")
        n = len(self._items) + 1
        cit = Citation(n=n, doc_id=doc_id, title=doc.title, source=doc.source, kind=doc.kind, start=start,
                       end=end, quote=quote, path=doc.path, page=doc.page_of(start))
        self._items.append(cit)
        self._by_span[key] = n
        return n

    def cite_claim(self, claim: Claim) -> int:
        s, e = self.view.claim_sentence(claim)
        return self.add(claim.doc_id, s, e)

    @property
    def items(self) -> list[Citation]:
        return list(self._items)


def check_citations(citations: list[Citation], view: CorpusView) -> None:
    """The provenance invariant: every quote is the exact text of its span. Raises CitationError."""
    for c in citations:
        doc = view.documents.get(c.doc_id)
        if doc is None or doc.text[c.start:c.end] != c.quote:
            raise CitationError(f"citation [{c.n}] does not match {c.doc_id}[{c.start}:{c.end}]")
        if not doc.is_citable(c.start, c.end):
            raise CitationError(f"citation [{c.n}] points into boilerplate of {c.doc_id}")


_CACHE: dict[int, tuple[tuple, CorpusView]] = {}
_LOCK = threading.Lock()


def _generation(idx) -> object | None:
    """An object that changes whenever the index's contents do (its loaded generation's manifest),
    so a warm question does not re-read every claim from disk to find out nothing changed."""
    try:
        return idx.manifest
    except Exception:  # an index-like object without generations: compare contents instead
        return None


def view_of(idx) -> CorpusView:
    """The cached view of `idx`, rebuilt when its documents or claims changed."""
    generation = _generation(idx)
    if generation is not None:
        with _LOCK:
            cached = _CACHE.get(id(idx))
            if cached and cached[1].idx is idx and cached[0][0] is generation:
                return cached[1]
    docs, claims = idx.contents()  # one generation: no claim without its document during an add
    # A document's study or kind can change without its id (set_document_study): part of the key.
    signature = (generation, tuple((d.id, d.study, d.kind) for d in docs), len(claims))
    with _LOCK:
        cached = _CACHE.get(id(idx))
        if cached and cached[0][1:] == signature[1:] and cached[1].idx is idx:
            _CACHE[id(idx)] = (signature, cached[1])
            return cached[1]
        claims = [c if c.id else c.with_id() for c in claims]
        view = CorpusView(idx=idx, documents={d.id: d for d in docs},
                          claims=sorted(claims, key=lambda c: (c.doc_id, c.start, c.end, c.kind)))
        _CACHE[id(idx)] = (signature, view)
        return view
