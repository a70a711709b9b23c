"""The grounding check: every number in an answer stands in a cited quote, or the answer is not shown."""

from __future__ import annotations

import pytest

from answer.grounding import is_grounded, mark_computed, ungrounded_numbers
from answer.intent import classify, timepoint_of
from answer.numbers import canonical_number, find_numbers, rounds_to, same_number
from extract.models import Citation

SEED_QUOTE = ("Two-year disease-free survival was 81.6% in our study (95% confidence interval [CI], 60.8 to 92.0), "
              "as compared with 49.4% (95% CI, 42.5 to 56.0) in the Interfant-06 trial; the corresponding values "
              "for overall survival were 93.3% (95% CI, 75.9 to 98.3) and 65.8% (95% CI, 58.9 to 71.8).")


def cite(quote: str, n: int = 1) -> Citation:
    return Citation(n=n, doc_id="d", start=0, end=len(quote), quote=quote)


def test_answer_built_from_the_quote_passes():
    text = "Two-year overall survival was 93.3% (95% CI, 75.9 to 98.3), as compared with 65.8% [1]."
    assert ungrounded_numbers(text, [cite(SEED_QUOTE)]) == []


@pytest.mark.parametrize("bad, number", [
    ("Two-year overall survival was 95% [1].", "95"),  # invented
    ("Two-year overall survival was 93.8% [1].", "93.8"),  # a typo of 93.3
    ("Overall survival was 93.3% at 3 years [1].", "3"),  # a timepoint no source states
    ("Overall survival was 93.3%, with 40 deaths [1].", "40"),
    ("Overall survival was 93.3%; twelve patients relapsed [1].", "twelve"),
    ("Overall survival was ninety-three percent [1].", "ninety-three"),  # 93 is not 93.3
])
def test_answers_with_a_number_no_quote_states_fail(bad, number):
    # The quote's only 95 is the level of its confidence intervals: it cannot ground a 95% figure.
    problems = ungrounded_numbers(bad, [cite(SEED_QUOTE)])
    assert [p.text.lower() for p in problems] == [number]
    assert not is_grounded(bad, [cite(SEED_QUOTE)])


def test_a_number_from_an_uncited_passage_fails():
    # 26.3 stands in the corpus, but not in the passage the answer cites.
    text = "The median follow-up was 26.3 months [1]."
    assert [p.text for p in ungrounded_numbers(text, [cite(SEED_QUOTE)])] == ["26.3"]


def test_marker_without_a_citation_fails():
    problems = ungrounded_numbers("Overall survival was 93.3% [2].", [cite(SEED_QUOTE)])
    assert [p.reason for p in problems] == ["citation marker without a citation"]


def test_written_variants_are_the_same_number():
    quote = "Survival was 81\u00b76% (95% CI 60\u00b78\u201392\u00b70); change \u22120\u00b741%; 1,574 patients; Ten events"
    text = "Survival was 81.6% (95% CI 60.8 to 92.0); change -0.41%; 1574 patients; 10 events [1]."
    assert ungrounded_numbers(text, [cite(quote)]) == []


def test_nbsp_and_unicode_minus_normalised():
    assert [n.canonical for n in find_numbers("\u22120.41\u00a0mmol and 92.0")] == ["-0.41", "92"]


def test_computed_numbers_pass_only_when_marked_and_operands_are_cited():
    marked = f"DFS was 81.6% vs 49.4%, a difference of {mark_computed('81.6 - 49.4 = 32.2')} points [1]."
    assert is_grounded(marked, [cite(SEED_QUOTE)])
    unmarked = "DFS was 81.6% vs 49.4%, a difference of 32.2 points [1]."
    assert [p.text for p in ungrounded_numbers(unmarked, [cite(SEED_QUOTE)])] == ["32.2"]
    bad_operand = f"A difference of {mark_computed('85.0 - 49.4 = 35.6')} points [1]."
    assert [p.text for p in ungrounded_numbers(bad_operand, [cite(SEED_QUOTE)])] == ["85.0"]


def test_names_with_digits_are_not_figures():
    assert find_numbers("the Interfant-06 trial and COVID-19", words=False) == []


def test_rounding_rules():
    assert rounds_to("82", 81.6) and rounds_to("93", 93.3) and rounds_to("81.6", 81.6)
    assert not rounds_to("95", 93.3) and not rounds_to("81", 81.6)
    assert same_number("92.0", 92.0) and not same_number("82", 81.6)
    assert canonical_number("1,574") == "1574" and canonical_number("81\u00b760") == "81.6"


@pytest.mark.parametrize("question, kind", [
    ("What was the two-year overall survival compared with Interfant-06?", "comparison"),
    ("How many infants were treated?", "count"),
    ("What was the median follow-up?", "figure"),
    ("How was MRD measured?", "method"),
    ("Where was it published?", "source"),
    ("Which serious adverse events were reported?", "list"),
])
def test_intent_of_the_issue_questions(question, kind):
    assert classify(question).kind == kind


def test_intent_carries_endpoint_timepoint_and_arm():
    i = classify("What was the two-year overall survival compared with Interfant-06?")
    assert (i.endpoint, i.timepoint) == ("overall survival", "2 year")
    assert classify("What was overall survival in the Interfant-06 trial?").arm == "control"
    assert timepoint_of("median follow-up was 26.3 months") == ""


AE_QUOTE = ("Ten serious adverse events were reported (fever [4 events], infection [4], hypertension [1], "
            "and vomiting [1]).")


def test_brackets_inside_a_verbatim_quotation_are_source_text_not_markers():
    text = f"The sources say: \u201c{AE_QUOTE}\u201d [1]"
    assert ungrounded_numbers(text, [cite(AE_QUOTE)]) == []


def test_a_quotation_that_is_not_verbatim_keeps_its_brackets_as_markers():
    # one word changed: the quotation is ours, so its "[4]" is a marker with no citation behind it
    text = "The sources say: \u201cTen serious adverse events were seen (fever [4 events], infection [4]).\u201d [1]"
    problems = ungrounded_numbers(text, [cite(AE_QUOTE)])
    assert [p.reason for p in problems] == ["citation marker without a citation"]
    assert problems[0].text == "[4]"
