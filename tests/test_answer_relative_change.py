"""Multiples written in news sentences ("doubled", "three times lower", "2.5-fold") and the factor each means."""

from __future__ import annotations

import pytest

from answer.relative_change import relative_changes


@pytest.mark.parametrize("sentence, phrase, factor", [
    ("Disease-free survival doubled compared with chemotherapy alone.", "doubled", 2.0),
    ("Survival was twice as high with the drug.", "twice", 2.0),
    ("The drug tripled the response rate.", "tripled", 3.0),
    ("Blinatumomab cut the risk of relapse by half.", "cut the risk of relapse by half", 0.5),
    ("Mortality was halved in the treated group.", "halved", 0.5),
    ("Responses were 2.5-fold more frequent.", "2.5-fold", 2.5),
    ("Infections were three times lower with the vaccine.", "three times lower", 1 / 3),
    ("Survival was 1.65 times that of the control group.", "1.65 times", 1.65),
])
def test_multiples_and_their_factors(sentence, phrase, factor):
    [change] = relative_changes(sentence)
    assert change.phrase == phrase and sentence[change.start:change.end] == phrase
    assert change.factor == pytest.approx(factor)


@pytest.mark.parametrize("sentence", [
    "Overall survival was 93.3% at two years.",
    "The trial enrolled 30 infants in three countries.",
    "One time in ten the infusion was interrupted.",
])
def test_sentences_without_a_multiple(sentence):
    assert relative_changes(sentence) == []
