"""Chat in the app (AppTest): figures with numbered citations to the right passage, abstention,
history, starters, and the jump from a citation to its document."""

from __future__ import annotations

import re

import pytest

from extract.models import Citation, Claim
from tests.app.test_harness import answer_blocks, app, cited_spans, figure_spans, md_text, page_text, seed_index  # noqa: F401
from webui.chat_view import figure_marks
from webui.render import highlight

OS_QUESTION = "What was the two-year overall survival compared with Interfant-06?"
DPN_TITLE = "Blinatumomab With Chemotherapy in Infant Lymphoblastic Leukemia"


def ask(at, question: str):
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]  # e.g. a citation whose offsets miss its quote
    return at.session_state["chat_history"][-1]["answer"]


def test_overall_survival_answer_shows_figures_and_cites_the_passage(app):
    answer = ask(app, OS_QUESTION)
    [shown] = answer_blocks(app)
    assert "93.3% (95% CI, 75.9 to 98.3)" in shown and "65.8% (95% CI, 58.9 to 71.8)" in shown
    assert "[1]" in shown and not answer.abstained

    # Each citation is an expander named by its number, document title, outlet and kind...
    labels = [e.label for e in app.expander]
    assert any(label.startswith("[1] ") and DPN_TITLE in label and "news" in label for label in labels), labels
    # ...holding the passage with the cited span marked: the very characters of the source.
    marks = cited_spans(app)
    assert any("93.3% (95% CI, 75.9 to 98.3)" in m and "65.8% (95% CI, 58.9 to 71.8)" in m for m in marks), marks
    for c in answer.citations:
        assert c.quote in marks
    assert app.button(key="open-t0-c1").label == "Open the whole document at this place"
    # The figures used, as structured claims: value, CI, arm and comparator side by side.
    assert "Figures used, as structured claims" in labels
    used = app.dataframe[0].value.set_index("value_text")
    assert (used.loc["93.3%", "ci_low"], used.loc["93.3%", "ci_high"]) == (75.9, 98.3)
    assert (used.loc["65.8%", "ci_low"], used.loc["65.8%", "ci_high"]) == (58.9, 71.8)
    assert used.loc["65.8%", "endpoint"] == "overall survival"


def test_figures_inside_the_quoted_passage_are_marked(app):
    answer = ask(app, OS_QUESTION)
    # The cited passage marks each figure the quote states: the extracted claims, at their offsets.
    figures = figure_spans(app)
    assert "93.3% (95% CI, 75.9 to 98.3)" in figures and "65.8% (95% CI, 58.9 to 71.8)" in figures, figures
    for c in answer.citations:
        assert c.quote in cited_spans(app)  # the marks inside do not cut the cited span


def test_figure_marks_stay_inside_the_span_and_escape_the_source():
    text = "<b>Survival</b> was 81.6% vs 70.2% (p<0.01); 120 were enrolled."
    cit = Citation(n=1, doc_id="d", start=0, end=text.index(";"), quote=text[:text.index(";")])

    def claim(figure: str, kind: str) -> Claim:
        at = text.index(figure)
        return Claim(doc_id="d", start=at, end=at + len(figure), quote=figure, kind=kind)

    claims = [claim("81.6%", "estimate"), claim("70.2%", "estimate"), claim("120", "sample_size"),
              claim("81.6%", "estimate").model_copy(update={"doc_id": "other"})]
    marks = figure_marks(cit, claims)
    assert [text[m.start:m.end] for m in marks] == ["81.6%", "70.2%"]  # not the one past the span, nor another doc's
    shown = highlight(text, marks)
    assert "<b>" not in shown and "&lt;b&gt;Survival&lt;/b&gt;" in shown and "p&lt;0.01" in shown
    assert '<mark class="ed-figure" title="estimate">81.6%</mark>' in shown


@pytest.mark.parametrize("question, figure, cited", [
    ("How many infants were treated?", "30", "30 infants"),
    ("What was the median follow-up?", "26.3", "The median follow-up was 26.3 months (range, 3.9 to 48.2)."),
    ("How was MRD measured?", "polymerase chain reaction", "minimal residual disease was measured by polymerase chain reaction"),
])
def test_seed_questions_get_the_figure_and_its_passage(app, question, figure, cited):
    answer = ask(app, question)
    [shown] = answer_blocks(app)
    assert figure in shown and not answer.abstained
    assert any(cited in m for m in cited_spans(app)), cited_spans(app)


def test_unanswerable_question_abstains_without_a_figure(app):
    question = "What was the five-year survival with **dasatinib** in adults?"
    answer = ask(app, question)
    assert answer.abstained
    [shown] = answer_blocks(app)
    assert "Not in the sources" in page_text(app)
    assert re.search(r"\d", shown) is None, shown  # no figure in what is said
    labels = [e.label for e in app.expander]
    assert not any(re.match(r"\[\d+\]", label) for label in labels), labels  # nothing cited
    assert "Nearest passages in the sources (they do not answer the question)" in labels
    # The user's Markdown is shown as typed, not rendered.
    assert app.chat_message[0].markdown[0].value.startswith(r"What was the five\-year survival with \*\*dasatinib\*\*")


def test_history_is_kept_and_can_be_cleared(app):
    ask(app, "What was the median follow-up?")
    ask(app, OS_QUESTION)
    shown = answer_blocks(app)
    assert len(shown) == 2 and "26.3" in shown[0] and "93.3%" in shown[1]
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    app.button(key="chat_clear").click().run()
    assert answer_blocks(app) == [] and app.session_state["chat_history"] == []
    assert app.button(key="starter-0").label == OS_QUESTION


def test_starter_question_is_asked_on_click(app):
    assert "Try:" in app.markdown[0].value
    app.button(key="starter-2").click().run()
    [shown] = answer_blocks(app)
    assert "26.3" in shown
    assert app.session_state["chat_history"][0]["question"] == "What was the median follow-up?"


def test_citation_opens_the_document_at_the_cited_span(app):
    answer = ask(app, OS_QUESTION)
    first = answer.citations[0]
    app.button(key="open-t0-c1").click().run()
    assert not app.exception
    assert app.session_state["view"] == "Documents"
    assert app.selectbox(key="doc_select").value == first.doc_id
    page = "\n".join(h.value for h in app.html)
    focused = re.search(r'<mark class="ed-cite[^"]*" id="cited">', page)
    assert focused, "the cited span is not marked in the document"
    assert f"(characters {first.start}–{first.end})" in page_text(app)
    assert first.quote in cited_spans(app)


def test_one_compact_design_badge_per_answer_with_the_reasons_on_demand(app):
    ask(app, OS_QUESTION)
    ask(app, "How many serious adverse events were there?")
    popovers = app.get("popover")
    labels = [p.proto.popover.label for p in popovers]
    # one badge per answer, not three warning boxes
    assert len(labels) == 2 and not app.warning, labels
    assert all(md_text(label) == "Study design: historical controls · n=30 · news only" for label in labels)
    text = page_text(app)
    assert "Small sample: 30 patients" in text and "Reported only in news" in text
    # the sample size in the badge stands in a quoted source sentence
    assert "Source: “The study administered one postinduction course of blinatumomab to 30 infants" in text
