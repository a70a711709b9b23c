"""Chat: a question in, ask(question, idx) out, shown with numbered, expandable citations."""

from __future__ import annotations

import time

import streamlit as st

from extract.models import Answer, Citation, Claim

from .citations import citation_label, show_citation
from .claims_table import KIND_WORDS, claims_frame
from .documents_view import show_disputed_copies
from .render import Mark, answer_html, escape_markdown, text_block, esc

ANSWER_COLUMNS = ["endpoint", "value_text", "ci_low", "ci_high", "timepoint", "arm", "comparator", "n", "p_value",
                  "kind", "quote"]
HISTORY_KEY = "chat_history"
PENDING_KEY = "chat_pending"

# Starter questions for an empty chat; they are about the shipped corpus.
STARTERS = [
    "What was the two-year overall survival compared with Interfant-06?",
    "How many infants were treated?",
    "What was the median follow-up?",
    "How was MRD measured?",
]


def _queue(question: str) -> None:
    st.session_state[PENDING_KEY] = question


def _clear() -> None:
    st.session_state[HISTORY_KEY] = []


def chat_view(idx) -> None:
    from answer import ask

    history: list[dict] = st.session_state.setdefault(HISTORY_KEY, [])
    # The conversation is drawn above the input box, though the input is read first.
    conversation = st.container()
    typed = st.chat_input("Ask a question about the studies", key="chat_input", max_chars=1000)
    question = (typed or st.session_state.pop(PENDING_KEY, None) or "").strip()
    with conversation:
        if question:
            t0 = time.perf_counter()
            with st.spinner("Searching the sources…"):
                # earlier answers, so "and for the control group?" is read against the last question
                answer = ask(question, idx, history=[turn["answer"] for turn in history])
            history.append({"question": question, "answer": answer, "seconds": time.perf_counter() - t0})
        if history:
            st.button("Clear the conversation", key="chat_clear", on_click=_clear)
        else:
            st.markdown("Ask about the studies in the sources. Every figure comes with the passage it is quoted "
                        "from. Try:")
            for i, q in enumerate(STARTERS):
                st.button(q, key=f"starter-{i}", on_click=_queue, args=(q,))
        for i, turn in enumerate(history):
            _show_turn(i, turn, idx)


def _show_turn(i: int, turn: dict, idx) -> None:
    # Plain discs as avatars: the default ones are icon ligatures that screen readers read as
    # "smart_toy", and emoji need a font that not every machine has.
    with st.chat_message("user", avatar=_disc((134, 142, 150))):
        st.markdown(escape_markdown(turn["question"]))
    with st.chat_message("assistant", avatar=_disc((28, 126, 214))):
        show_answer(turn["answer"], idx, key=f"t{i}")
        st.caption(f"answered in {turn['seconds']:.2f} s")


def show_answer(answer: Answer, idx, key: str) -> None:
    if answer.abstained and not answer.text.lower().startswith("not in the sources"):
        st.markdown("**Not in the sources.**")
    st.html(answer_html(answer.text, ref_prefix=f"cite-{key}"))
    show_disputed_copies(idx, [c.doc_id for c in answer.citations])
    show_design_badge(answer, idx, key=key)
    for c in answer.citations:
        st.html(f'<span class="ed-anchor" id="cite-{esc(key)}-{c.n}"></span>')
        with st.expander(citation_label(c)):
            show_citation(c, idx, key=f"{key}-c{c.n}", figures=figure_marks(c, [*answer.claims, *idx.claims(c.doc_id)]))
    if answer.claims:
        with st.expander("Figures used, as structured claims"):
            st.dataframe(claims_frame(answer.claims, {}), column_order=ANSWER_COLUMNS, hide_index=True,
                         column_config={"value_text": "figure", "kind": "claim kind"})
    if answer.abstained and answer.nearest:
        with st.expander("Nearest passages in the sources (they do not answer the question)"):
            for hit in answer.nearest:
                st.caption(escape_markdown(hit.title or hit.doc_id))
                st.html(text_block(esc(hit.text)))


def figure_marks(c: Citation, claims: list[Claim]) -> list[Mark]:
    """The figures stated inside a cited span, as marks in document offsets: each is an extracted
    claim (its own offset-addressed quote), so a reader sees which numbers of the quote are the
    figures and what kind each is; nothing is searched for in the text by pattern."""
    spans: dict[tuple[int, int], str] = {}
    for claim in claims:
        if claim.doc_id == c.doc_id and c.start <= claim.start < claim.end <= c.end:
            spans.setdefault((claim.start, claim.end), KIND_WORDS.get(claim.kind, claim.kind.replace("_", " ")))
    return [Mark(a, b, "ed-figure", title=kind) for (a, b), kind in sorted(spans.items())]


def show_design_badge(answer: Answer, idx, key: str) -> None:
    """One compact badge for the design of the study behind the answer's figures; the reasons on click."""
    from answer.flags import design_badge

    badge = design_badge(answer, idx)
    if badge is None:
        return
    with st.popover(f"Study design: {escape_markdown(badge.label)}", help="What the design means for these figures"):
        st.markdown(f"**{escape_markdown(badge.study)}**")
        for note in badge.notes:
            st.markdown("- " + escape_markdown(note))
        for quote in badge.quotes:
            st.caption("Source: “" + escape_markdown(quote) + "”")


@st.cache_resource(show_spinner=False)
def _disc(rgb: tuple[int, int, int]):
    """A filled disc in `rgb` on white, as a PIL image (drawn once per process)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (64, 64), (255, 255, 255))
    ImageDraw.Draw(img).ellipse((4, 4, 60, 60), fill=rgb)
    return img
