"""The spaCy pipeline: blank English (no model download) with the claim rules as registered
components.

    nlp = get_nlp()                 # cached; built once per process
    doc = nlp(text)
    doc._.claims                    # list[Claim], offsets into text
    doc.spans["claims"]             # the same as spaCy spans (label = claim kind), for displaCy
    list(doc.sents)                 # sentence boundaries from extract.sentences

`extract_claims` runs the same rules without tokenising: the rules work on characters, and the
tokenizer alone costs about as much as the rules, so the index and the app call `extract_claims`
and this component is for code that wants spaCy objects (the tests check both give the same claims).
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .claims import claims_from_text
from .sentences import sentence_spans

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)
if not Doc.has_extension("doc_id"):
    Doc.set_extension("doc_id", default="")


@Language.factory("evidence_sentences", default_config={})
def make_evidence_sentences(nlp: Language, name: str) -> "EvidenceSentences":
    return EvidenceSentences()


class EvidenceSentences:
    """Sets token.is_sent_start from extract.sentences (robust to 'P = .03', 'vs.', '24·7')."""

    def __call__(self, doc: Doc) -> Doc:
        starts = {s for s, _ in sentence_spans(doc.text)}
        for tok in doc:
            tok.is_sent_start = tok.i == 0 or tok.idx in starts
        return doc


@Language.factory("claim_extractor", default_config={"spans_key": "claims"})
def make_claim_extractor(nlp: Language, name: str, spans_key: str) -> "ClaimExtractor":
    return ClaimExtractor(spans_key=spans_key)


class ClaimExtractor:
    """Puts the claims of the text on Doc._.claims and as spans on doc.spans[spans_key]."""

    def __init__(self, *, spans_key: str = "claims") -> None:
        if not spans_key:
            raise ValueError("claim_extractor: spans_key must be a non-empty string")
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_from_text(doc.text, doc._.doc_id or "")
        doc._.claims = claims
        spans = []
        for c in claims:
            # a claim may start or end inside a token ("<5x10-4"); expand to whole tokens for display
            span = doc.char_span(c.start, c.end, label=c.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The cached pipeline: blank('en') + evidence_sentences + claim_extractor."""
    nlp = spacy.blank("en")
    nlp.add_pipe("evidence_sentences")
    nlp.add_pipe("claim_extractor")
    return nlp
