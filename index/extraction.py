"""Lazy access to extract/: sentence boundaries and claims.

extract/ is built in parallel with the index; until `extract_claims` / `sentence_spans` exist, the
index still works (no claims; a simple sentence splitter), so nothing downstream is blocked.
"""

from __future__ import annotations

import logging
import re

from extract.models import Claim, Document

log = logging.getLogger(__name__)

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace,
# or at a line break; decimals such as "81.6" never match because no whitespace follows the dot.
_FALLBACK_END = re.compile(r"[.!?][\"')\]]*(?=\s)|\n")


def _fallback_sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _FALLBACK_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets from extract/, or a plain splitter while it is absent."""
    try:
        from extract import sentence_spans as extract_sentence_spans
    except ImportError:
        return _fallback_sentence_spans(text)
    return [(int(s), int(e)) for s, e in extract_sentence_spans(text)]


def extract_claims(doc: Document) -> list[Claim]:
    """Claims of a document from extract/, or none while the extractor is absent.

    A claim whose quote does not match the text at its offsets is dropped: provenance is data.
    """
    try:
        from extract import extract_claims as extractor
    except ImportError:
        return []
    try:
        claims = extractor(doc)
    except Exception as e:  # one bad document must not stop an index build
        log.warning("extract_claims failed on %s (%s): %s", doc.path or doc.id, type(e).__name__, e)
        return []
    out = []
    for c in claims:
        if doc.text[c.start:c.end] != c.quote:
            log.warning("dropping claim with a quote that is not at its offsets in %s", doc.id)
            continue
        if not c.doc_id:
            c = c.model_copy(update={"doc_id": doc.id})
        out.append(c if c.id else c.with_id())
    return out
