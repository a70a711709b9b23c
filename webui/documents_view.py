"""Documents: the sources, one document's text with claims and boilerplate marked, its audit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from extract.models import Document

from .citations import DOC_KEY, FOCUS_KEY
from .render import Mark, escape_markdown, highlight, text_block


def documents_view(idx) -> None:
    docs = sorted(idx.documents(), key=lambda d: (d.kind, d.title))
    counts = {d.id: len(idx.claims(d.id)) for d in docs}
    if not docs:
        st.info("The index holds no documents yet. Add some in the Upload tab.")
        return
    st.dataframe(
        pd.DataFrame([{"title": d.title, "source": d.source, "kind": d.kind, "study": d.study,
                       "claims": counts[d.id], "file": d.path, "id": d.id} for d in docs]),
        hide_index=True, key="documents_table",
    )
    by_id = {d.id: d for d in docs}
    if st.session_state.get(DOC_KEY) not in by_id:
        st.session_state[DOC_KEY] = docs[0].id
    doc_id = st.selectbox("Document", list(by_id), key=DOC_KEY, format_func=lambda i: f"{by_id[i].title} ({by_id[i].kind})")
    show_document(by_id[doc_id], idx)


def show_document(doc: Document, idx) -> None:
    meta = [f"**{escape_markdown(doc.title)}**", escape_markdown(doc.source or "unknown outlet"), doc.kind]
    if doc.published:
        meta.append(escape_markdown(doc.published))
    st.markdown(" · ".join(meta))
    if doc.study_title or doc.study:
        st.caption("Study: " + escape_markdown(doc.study_title or doc.study))
    if doc.url:
        st.caption("URL: " + escape_markdown(doc.url))

    if doc.kind == "news":
        _show_audit(doc, idx)

    claims = idx.claims(doc.id)
    focus = st.session_state.get(FOCUS_KEY)
    marks = [Mark(b.start, b.end, "ed-boiler", label=f"not citable: {b.label or 'boilerplate'}") for b in doc.boilerplate]
    marks += [Mark(c.start, c.end, "ed-claim", label=c.kind, title=_claim_title(c)) for c in claims]
    if focus and focus[0] == doc.id:
        start, end = focus[1], focus[2]
        marks.append(Mark(start, end, "ed-cite", anchor="cited"))
        st.markdown(f"The cited span (characters {start}–{end}) is marked in yellow below.")
        st.html(text_block(highlight(doc.text[max(0, start - 200):end + 200], [Mark(start, end, "ed-cite")],
                                     offset=max(0, start - 200))))
    st.caption(f"{len(claims)} claims marked in blue; boilerplate in grey is kept for display but never cited.")
    st.html(text_block(highlight(doc.text, marks)))


def _claim_title(c) -> str:
    parts = [c.kind, c.endpoint, c.measure, c.arm, c.timepoint]
    return " | ".join(p for p in parts if p)


def _show_audit(doc: Document, idx) -> None:
    from answer import audit

    with st.expander("Cross-source audit: this story's figures against the other sources of its study", expanded=False):
        result = audit(doc.id, idx)
        if not result.rows:
            st.info("No figures to compare (no other source of this study in the index).")
            return
        if result.compared_with:
            titles = [(idx.document(i).title if idx.document(i) else i) for i in result.compared_with]
            st.caption("Compared with: " + escape_markdown("; ".join(titles)))
        st.dataframe(pd.DataFrame([{
            "status": r.status,
            "figure here": r.figure.quote,
            "other source": r.other.quote if r.other else "",
            "explanation": r.explanation,
        } for r in result.rows]), hide_index=True, key=f"audit-{doc.id}")
