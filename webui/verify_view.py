"""Verify: a pasted sentence or paragraph in, verify(text, idx) out, one card per figure."""

from __future__ import annotations

import time

import streamlit as st

from extract.models import FigureCheck, Verdict

from .citations import citation_label, show_citation, status_badge
from .documents_view import show_disputed_copies
from .render import CSS, Mark, esc, highlight, inline_html, text_block
from .report_view import REPORT_KEY, make_report, report_picker, show_report

RESULT_KEY = "verify_result"
TEXT_KEY = "verify_text"

EXAMPLE = ("Blinatumomab gave 95% of infants two more years of life, compared with 66% of children "
           "treated with chemotherapy alone in the Interfant-06 trial.")

VERDICT_WORDS = {
    "supported": "Supported by the sources",
    "contradicted": "Contradicted by the sources",
    "misleading": "Misleading as worded",
    "not_found": "Not in the sources",
}


def _use_example() -> None:
    st.session_state[TEXT_KEY] = EXAMPLE


def verify_view(idx) -> None:
    from answer import verify

    st.markdown("Paste a sentence, a paragraph or a whole article from a news story: each figure in it is checked "
                "against the sources. **Check the figures** (or Ctrl+Enter) gives one card per figure; "
                "**Fact-check report** lists every figure and statement, and what was not checked, to download.")
    # A form, so that Ctrl+Enter in the text box runs the check (Streamlit submits a form on it).
    with st.form("verify_form", border=False, enter_to_submit=False):
        text = st.text_area("Text to check", key=TEXT_KEY, height=130, max_chars=20000,
                            placeholder="e.g. " + EXAMPLE)
        left, right, _ = st.columns([1, 1, 2])
        go = left.form_submit_button("Check the figures", key="verify_go", type="primary")
        whole = right.form_submit_button("Fact-check report", key="report_go")
    st.button("Use an example", key="verify_example", on_click=_use_example, type="tertiary")
    if go or whole:
        if not text.strip():
            st.warning("Paste some text to check first.")
        elif go:
            t0 = time.perf_counter()
            with st.spinner("Checking each figure…"):
                verdict = verify(text.strip(), idx)
            st.session_state[RESULT_KEY] = (verdict, time.perf_counter() - t0)
            st.session_state.pop(REPORT_KEY, None)
        else:
            make_report(idx, text=text)
    report_picker(idx)
    if REPORT_KEY in st.session_state:
        show_report(st.session_state[REPORT_KEY], idx)
    elif RESULT_KEY in st.session_state:
        verdict, seconds = st.session_state[RESULT_KEY]
        show_verdict(verdict, idx)
        st.caption(f"checked in {seconds:.2f} s")


def show_verdict(verdict: Verdict, idx) -> None:
    label = VERDICT_WORDS.get(verdict.verdict, verdict.verdict)
    st.html(f'{CSS}<div class="ed-card {esc(verdict.verdict)}"><div>Overall: {status_badge(verdict.verdict)}</div>'
            f'<div style="font-size:1.2rem;font-weight:600">{esc(label)}</div>'
            f'<div>{inline_html(verdict.explanation)}</div></div>')
    show_disputed_copies(idx, [f.citation.doc_id for f in verdict.figures if f.citation is not None])
    if not verdict.figures:
        st.info("No figures were found in the text to check.")
        return
    # The checked text, each figure marked with its status.
    marks = [Mark(f.start, f.end, f.status, title=f.status.replace("_", " ")) for f in verdict.figures if f.end > f.start]
    st.html(text_block(highlight(verdict.sentence, marks)))
    for i, figure in enumerate(verdict.figures):
        _figure_card(i, figure, idx)


def _figure_card(i: int, f: FigureCheck, idx) -> None:
    with st.container(border=True):
        source = f.source_figure or (f.claim.quote if f.claim else "")
        rows = [f"<div>{status_badge(f.status)} &nbsp; <b>{esc(f.figure)}</b></div>"]
        if source:
            rows.append(f"<div>Source figure: <b>{esc(source)}</b></div>")
        if f.explanation:
            rows.append(f"<div>{inline_html(f.explanation)}</div>")
        st.html(f'{CSS}<div class="ed-card {esc(f.status)}">{"".join(rows)}</div>')
        if f.citation is not None:
            with st.expander(citation_label(f.citation), expanded=True):
                show_citation(f.citation, idx, key=f"v{i}")
