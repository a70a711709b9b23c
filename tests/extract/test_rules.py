"""Extraction rules are registered units with explicit precedence, each runnable alone."""

from __future__ import annotations

import pytest

from extract.claims import RULES, ordered_rules, register_rule, run_rule


def test_precedences_are_explicit_unique_and_ordered():
    precedences = [r.precedence for r in ordered_rules()]
    assert precedences == sorted(precedences) and len(set(precedences)) == len(precedences) == len(RULES)
    # the grammar reads an estimate with its CI before anything can claim a piece of it
    order = [r.name for r in ordered_rules()]
    assert order.index("ci-estimates") < order.index("n-pct") < order.index("percentages")
    assert order.index("randomised-sizes") < order.index("n-pct")


def test_a_rule_cannot_be_registered_twice_or_share_a_precedence():
    with pytest.raises(ValueError):
        register_rule("ci-estimates", 9999)(lambda n, s, t: [])
    with pytest.raises(ValueError):
        register_rule("a-new-rule", RULES["percentages"].precedence)(lambda n, s, t: [])
    assert "a-new-rule" not in RULES


def test_each_rule_runs_alone():
    got = run_rule("ci-estimates", "The hazard ratio was 0.74 (95% CI 0.61-0.90; P = .002).")
    assert [(c.value, c.ci_low, c.ci_high, c.measure, c.p_value) for c in got] == [(0.74, 0.61, 0.9, "hazard ratio", "P = .002")]
    assert [c.n for c in run_rule("randomised-sizes", "In all, 212 were randomized and 190 (90%) completed the trial.")] == [212, 190]
    assert [c.value for c in run_rule("percentages", "About 40% responded.")] == [40.0]
    assert run_rule("sample-sizes", "We pooled 12 randomized trials from 30 hospitals.") == []


@pytest.mark.parametrize("text, n, kind", [
    ("Of 410 screened, 212 patients were enrolled, of whom 106 (50%) were assigned to the drug.", 106, "sample_size"),
    ("A further 64 were randomized to blinded treatment.", 64, "sample_size"),
    ("Forty participants each were allocated to training, and 40 to usual care.", 40, "sample_size"),
    ("There were 31 bleeding episodes in 27 children.", 27, "count"),
])
def test_sample_sizes_of_the_randomisation_story(text, n, kind):
    from extract import extract_text_claims

    claims = [c for c in extract_text_claims(text) if c.n == n or c.value == n]
    assert claims and all(c.kind == kind for c in claims), claims


@pytest.mark.parametrize("text", [
    "Nine randomized trials were pooled.", "The trial ran at 44 sites.", "We analysed 1204 blood samples.",
    "In all, 812 monitor readings were recorded.", "Data came from 14 studies.",
])
def test_counted_things_that_are_not_people_are_never_sample_sizes(text):
    from extract import extract_text_claims

    assert not [c for c in extract_text_claims(text) if c.kind == "sample_size"]
