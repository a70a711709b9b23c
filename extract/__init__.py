"""Claim extraction: text -> structured, offset-addressed claims (pure functions).

    extract_claims(doc)            -> list[Claim] for a Document (boilerplate dropped, ids set)
    extract_text_claims(text, id)  -> list[Claim] for raw text (e.g. a sentence to verify)
    sentence_spans(text)           -> sentence boundaries as (start, end) offsets

Every claim satisfies text[claim.start:claim.end] == claim.quote. The spaCy pipeline with the
same rules as a registered component lives in extract.pipeline (for Doc._.claims and displaCy).
"""

from __future__ import annotations

from .claims import claims_from_text
from .models import Claim, Document
from .sentences import sentence_spans

__all__ = ["extract_claims", "extract_text_claims", "sentence_spans"]


def extract_claims(doc: Document) -> list[Claim]:
    """The claims of a Document; those inside its boilerplate spans are dropped."""
    if not isinstance(doc, Document):
        raise TypeError(f"extract_claims expects a Document, got {type(doc).__name__}")
    return claims_from_text(doc.text, doc.id, doc.boilerplate)


def extract_text_claims(text: str, doc_id: str = "") -> list[Claim]:
    """The claims of raw text (offsets into `text`)."""
    if not isinstance(text, str):
        raise TypeError(f"extract_text_claims expects str, got {type(text).__name__}")
    return claims_from_text(text, doc_id)
