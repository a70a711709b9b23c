"""Claims drawn as highlighted spans with displaCy, for the app's document view."""

from __future__ import annotations

from html import escape

from spacy import displacy

from .models import Claim, Document

KIND_COLOURS = {
    "estimate": "#ffd166",
    "count": "#a0e7a0",
    "sample_size": "#9ad0f5",
    "follow_up": "#d7b8f3",
    "adverse_event": "#f7a399",
    "p_value": "#e0e0e0",
    "threshold": "#f5c2e7",
    "background": "#fff1bf",
    "eligibility": "#c8e6ff",
}


def _label(c: Claim) -> str:
    # displaCy escapes the document text but writes labels and the title as raw HTML, and both
    # come from the source ("<script>" in a title or an endpoint must show as text)
    parts = [c.kind]
    if c.endpoint:
        parts.append(c.endpoint)
    return escape(": ".join(parts))


def render_claims(doc: Document, claims: list[Claim], *, page: bool = False) -> str:
    """HTML of the document text with each claim's exact span highlighted (no overlaps drawn twice)."""
    ents = []
    last_end = -1
    for c in sorted(claims, key=lambda c: (c.start, -c.end)):
        if c.doc_id and doc.id and c.doc_id != doc.id:
            raise ValueError(f"claim {c.id} belongs to document {c.doc_id}, not {doc.id}")
        if doc.text[c.start:c.end] != c.quote:
            raise ValueError(f"claim {c.id}: quote does not match the document text at {c.start}:{c.end}")
        if c.start < last_end:
            continue  # displaCy draws flat spans; the outer claim already covers this one
        ents.append({"start": c.start, "end": c.end, "label": _label(c)})
        last_end = c.end
    colours = {e["label"]: KIND_COLOURS.get(e["label"].split(":")[0], "#ddd") for e in ents}
    data = {"text": doc.text, "ents": ents, "title": escape(doc.title) if doc.title else None}
    return displacy.render(data, style="ent", manual=True, page=page, options={"colors": colours})
