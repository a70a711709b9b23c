"""The statistical-expression grammar (extract/statexpr.py): a number's role comes from its label
and place, never from being first in the bracket; unknown shapes give no claim. Generic texts of
the error classes of issue 15 (other numbers than any abstract's)."""

from __future__ import annotations

import pytest

from extract import extract_text_claims
from extract.normalise import normalise
from extract.statexpr import expressions, tokenize


def estimates(text):
    return [(c.value, c.ci_low, c.ci_high) for c in extract_text_claims(text) if c.kind == "estimate" and c.ci_low is not None]


@pytest.mark.parametrize("text, want", [
    # the p-value inside the bracket is a p-value, not the estimate
    ("The difference was 0.052 (p = 0.41, 95% CI: -0.03, 0.12) at one year.", (0.052, -0.03, 0.12)),
    # the standard error in brackets is declared by the '(SE)' header
    ("The mean difference (SE) was -0.9 (0.31) with a 95% CI of -1.5 to -0.3.", (-0.9, -1.5, -0.3)),
    # a line break between the estimate and its interval
    ("Death was less frequent. HR: 0.77;\n95% CI: 0.64-0.93, p=0.006.", (0.77, 0.64, 0.93)),
    # the label before the value
    ("The adjusted difference (95% CI): 3.40% (1.10, 5.70; p=0.04) favoured the intervention.", (3.4, 1.1, 5.7)),
    # a unit conversion in brackets is not the estimate
    ("Creatinine was 1.31 mg/dL [115.8 micromol/L]; 95% CI, 1.20-1.42 mg/dL in the treated group.", (1.31, 1.2, 1.42)),
    ("Clearance rose to 61.2 mL/min (1.02 mL/s) (95% CI, 57.0-65.4 mL/min) after two days.", (61.2, 57.0, 65.4)),
    # 'per 1.73 m(2)' belongs to the unit
    ("The mean difference was 7.1 mL/min per 1.73 m(2) (95% CI, 1.2-13.0; P=.03).", (7.1, 1.2, 13.0)),
    # a p-value written with a power of ten inside the bracket
    ("The odds ratio was 2.11 (95% CI 1.40-3.18, p = 3.2 x 10(-5)) for hypertension.", (2.11, 1.4, 3.18)),
    # a label echoed in brackets before a negative bound
    ("Readings were 0.7 mmHg lower [95% confidence interval (95% CI) -0.5 to 1.9] than the monitor.", (0.7, -0.5, 1.9)),
    # '=-1.6-4.3': a sign after '=', a dash between numbers
    ("No effect on the score (FIM=1.1, 95% CI=-1.4-3.6) was seen.", (1.1, -1.4, 3.6)),
])
def test_the_estimate_slot_holds_the_estimate(text, want):
    assert want in estimates(text)


def test_an_unlabelled_interval_after_a_labelled_one_with_middle_dot_decimals():
    text = ("Remission occurred in 31 [45%; 95% CI 33\u00b71-57\u00b73] of 69 patients and in 22 "
            "[33%; 21\u00b79-44\u00b71] of 67 patients.")
    got = estimates(text)
    assert (45.0, 33.1, 57.3) in got and (33.0, 21.9, 44.1) in got


def test_a_list_that_repeats_value_unit_interval_without_the_label():
    text = "The difference was 2.81 umol/L, 95% CI 1.90 to 3.72 in Asia and 0.21 umol/L, -0.70 to 1.12 elsewhere."
    assert (0.21, -0.7, 1.12) in estimates(text)


def test_no_estimate_field_holds_a_p_value_sd_se_or_bound():
    texts = [
        "The difference was 0.052 (p = 0.41, 95% CI: -0.03, 0.12) at one year.",
        "The mean difference (SE) was -0.9 (0.31) with a 95% CI of -1.5 to -0.3.",
        "Mean (SD) HbA1c was 7.6% (1.1%) and fell 0.48% (95% CI, -0.61% to -0.35%).",
    ]
    for text in texts:
        for c in extract_text_claims(text):
            if c.kind == "estimate":
                assert c.value not in (0.41, 0.31, 1.1, c.ci_low, c.ci_high), (text, c)


def test_an_unlabelled_number_in_brackets_before_a_ci_is_an_unknown_shape():
    # is 0.44 an SE, an SD or a count? Nothing says; the grammar gives no estimate rather than a guess
    text = "The change was -1.2 (0.44) with a 95% CI of -2.1 to -0.3."
    n = normalise(text)
    assert expressions(n, 0, len(n)) == []


def test_tokens_label_the_statistics():
    text = "HR 0.81 (95% CI 0.69-0.95; P = .01; I2 = 0%), SD 1.2, n = 40"
    kinds = [(t.kind, t.text) for t in tokenize(text, 0, len(text))]
    assert ("measure", "HR") in kinds and ("ci", "95% CI") in kinds and ("p", "P = .01") in kinds
    assert ("sd", "SD") in kinds and ("n", "n") in kinds and ("to", "-") in kinds
    assert ("num", "0.69") in kinds and ("num", "0.95") in kinds


def test_offsets_stay_exact():
    text = "Serum levels fell 0\u00b755 mg (95%\u2009CI 0\u00b741\u20130\u00b769; p\u2009=\u20090\u00b7002) overall."
    for c in extract_text_claims(text):
        assert text[c.start:c.end] == c.quote
    assert (0.55, 0.41, 0.69) in estimates(text)
