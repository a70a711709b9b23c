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


@pytest.mark.parametrize("sentence, phrase, factor, kind", [
    ("The risk of relapse fell fivefold.", "fivefold", 5.0, "ratio"),
    ("Responses were one and a half times as frequent.", "one and a half times", 1.5, "ratio"),
    ("Disease-free survival jumped by 32 percentage points.", "32 percentage points", 32.0, "points"),
    ("Survival rose by nineteen percentage points.", "nineteen percentage points", 19.0, "points"),
    ("Relapse was 40% lower with the drug.", "40% lower", 0.6, "relative"),
    ("The drug reduced hospital admissions by 25 percent.", "reduced hospital admissions by 25 percent", 0.75,
     "relative"),
])
def test_multiples_differences_and_relative_changes_as_news_writes_them(sentence, phrase, factor, kind):
    [change] = relative_changes(sentence)
    assert (change.phrase, change.kind) == (phrase, kind) and sentence[change.start:change.end] == phrase
    assert change.factor == pytest.approx(factor)


@pytest.mark.parametrize("sentence", [
    "Patients received quadruple rescue therapy.",
    "In this double-blind trial, 45% responded.",
    "The score fell by 3 points on the scale.",
])
def test_names_and_scale_points_are_not_changes(sentence):
    assert relative_changes(sentence) == []
