"""The fact-check report in the Verify tab: a pasted text or an indexed news story in, every figure
and statement with its verdict and cited passage out, plus what was not checked; Markdown and CSV
downloads. One call into answer.report."""

from __future__ import annotations

import re
import time

import streamlit as st

from .citations import status_badge
from .render import CSS, Mark, esc, escape_markdown, highlight, inline_html, text_block

REPORT_KEY = "report_result"
PICK_KEY = "report_doc"
_KIND_ORDER = {"news": 0, "press-release": 1, "other": 2, "journal": 3}


def make_report(idx, *, text: str | None = None, doc=None) -> None:
    """Compute the report and keep it in the session (it survives reruns until replaced)."""
    from answer.report import report_document, report_text

    t0 = time.perf_counter()
    with st.spinner("Checking every figure and statement…"):
        rep = report_document(doc, idx) if doc is not None else report_text(text.strip(), idx)
    st.session_state[REPORT_KEY] = (rep, time.perf_counter() - t0)


def report_picker(idx) -> None:
    """Or: the report on a story already in the index."""
    docs = sorted(idx.documents(), key=lambda d: (_KIND_ORDER.get(d.kind, 9), d.title))
    if not docs:
        return
    by_id = {d.id: d for d in docs}
    with st.expander("Or write the report on a story already in the index"):
        doc_id = st.selectbox("Story", list(by_id), key=PICK_KEY,
                              format_func=lambda i: f"{by_id[i].title} ({by_id[i].kind})")
        if st.button("Fact-check report on this story", key="report_doc_go"):
            make_report(idx, doc=by_id[doc_id])


def _file_stem(title: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60]
    return f"fact-check-{stem or 'report'}"


def show_report(result, idx) -> None:
    from answer.report import STATUS_WORDS, summary, to_csv, to_markdown

    rep, seconds = result
    st.html(f'{CSS}<div class="ed-card {esc(rep.verdict)}"><div>Overall: {status_badge(rep.verdict)}</div>'
            f'<div style="font-size:1.1rem;font-weight:600">Fact-check report'
            f'{": " + esc(rep.title) if rep.title else ""}</div><div>{esc(summary(rep))}</div></div>')
    left, right, _ = st.columns([1, 1, 2])
    stem = _file_stem(rep.title)
    left.download_button("Download Markdown", to_markdown(rep).encode("utf-8"), file_name=f"{stem}.md",
                         mime="text/markdown", key="report_md")
    right.download_button("Download CSV", to_csv(rep).encode("utf-8"), file_name=f"{stem}.csv", mime="text/csv",
                          key="report_csv")
    for r in rep.rows:
        with st.container(border=True):
            head = f"{status_badge(r.status)} &nbsp; <b>{esc(r.figure) if r.figure else 'Statement'}</b>"
            parts = [f"<div>{r.n}. {head} — {esc(STATUS_WORDS.get(r.status, r.status))}</div>"]
            if r.figure:
                mark = Mark(r.figure_start - r.start, r.figure_end - r.start, r.status)
                parts.append(f'<div class="ed-text">{highlight(r.sentence, [mark])}</div>')
            else:
                parts.append(f'<div class="ed-text">{esc(r.sentence)}</div>')
            if r.source_figure:
                parts.append(f"<div>Source figure: <b>{esc(r.source_figure)}</b></div>")
            if r.explanation:
                parts.append(f"<div>{inline_html(r.explanation, 'report-cite')}</div>")
            if r.citation is not None:
                c = r.citation
                marks = [Mark(r.mark_start, r.mark_end, "ed-cite")] if r.mark_end > r.mark_start else []
                parts.append(f'<div id="report-cite-{c.n}" style="font-size:0.9em;color:#495057">[{c.n}] '
                             f'{esc(c.title or c.doc_id)} ({esc(c.kind)}), characters {c.start}–{c.end}</div>')
                parts.append(text_block(highlight(c.quote, marks)))
            st.html(f'{CSS}<div class="ed-card {esc(r.status)}">{"".join(parts)}</div>')
    st.markdown("**Not checked**")
    if rep.unchecked:
        st.html(CSS + '<ul class="ed-unchecked">' + "".join(
            f"<li>“{esc(u.sentence)}” — <i>{esc(u.reason)}</i></li>" for u in rep.unchecked) + "</ul>")
    else:
        st.caption("Every sentence was checked.")
    st.caption(escape_markdown(f"reported in {seconds:.2f} s"))
