"""A citation shown as its passage with the cited span highlighted, plus a jump to the document."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from extract.models import Citation

from .render import Mark, context_window, esc, escape_markdown, highlight, text_block

VIEW_KEY = "view"
DOC_KEY = "doc_select"
FOCUS_KEY = "focus"
DOCUMENTS_TAB = "Documents"


def open_document(doc_id: str, start: int, end: int) -> None:
    """Button callback: switch to the Documents tab with this span in focus."""
    st.session_state[VIEW_KEY] = DOCUMENTS_TAB
    st.session_state[DOC_KEY] = doc_id
    st.session_state[FOCUS_KEY] = (doc_id, start, end)


def citation_label(c: Citation) -> str:
    """Expander label: number, title, outlet, kind (Markdown-escaped: titles come from sources)."""
    parts = [escape_markdown(c.title or c.doc_id)]
    if c.source:
        parts.append(escape_markdown(c.source))
    if c.kind:
        parts.append(escape_markdown(c.kind))
    return f"[{c.n}] " + " · ".join(parts)


def show_citation(c: Citation, idx, key: str, figures: Sequence[Mark] = ()) -> None:
    """The passage that holds the cited span, the span marked, with where it sits in its document;
    `figures` (document offsets) are marked too, e.g. the claims the chat quotes inside the span."""
    doc = idx.document(c.doc_id)
    if doc is None:
        st.warning("This source is no longer in the index; the quote as cited:")
        st.text(c.quote)
        return
    if doc.text[c.start:c.end] != c.quote:
        # Provenance is data: a citation whose offsets do not give its quote is shown as broken.
        st.error(f"Citation [{c.n}] does not match its source text at {c.start}–{c.end}; the quote as cited:")
        st.text(c.quote)
        return
    passage = idx.passage_containing(c.doc_id, c.start, c.end)
    if passage is not None:
        start, text = passage.start, passage.text
    else:
        a, b = context_window(doc.text, c.start, c.end)
        start, text = a, doc.text[a:b]
    st.html(text_block(highlight(text, [Mark(c.start, c.end, "ed-cite"), *figures], offset=start)))
    where = f"characters {c.start}–{c.end}"
    if c.page:
        where += f", page {escape_markdown(c.page)}"
    st.caption(f"{escape_markdown(doc.title)} — {escape_markdown(doc.source or 'unknown outlet')} ({doc.kind}); {where}")
    st.button("Open the whole document at this place", key=f"open-{key}", on_click=open_document,
              args=(c.doc_id, c.start, c.end))


def status_badge(status: str) -> str:
    """HTML for a verdict status (our own vocabulary, escaped anyway)."""
    return f'<span class="ed-status {esc(status)}">{esc(status.replace("_", " "))}</span>'
