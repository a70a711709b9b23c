"""Figures written without an interval (stated values, pairs, 'vs', changes, rates, labelled
differences, bare medians) are found, and margins, CI levels, concentrations, baseline shares and
dates are not taken for results. Sentences quoted from Evidence Inference abstracts."""

from __future__ import annotations

import pytest

from extract import extract_text_claims
from tests.conftest import require_eval


def _figures(text: str) -> dict[float, object]:
    claims = extract_text_claims(text, "t")
    for c in claims:
        assert text[c.start:c.end] == c.quote  # offsets exact
        assert c.value_text in c.quote  # nothing invented: the value is written in the quote
    return {c.value: c for c in claims}


def test_stated_values_after_a_statistic_and_a_verb():
    text = ("The overall median survival was 25 weeks for patients in the bolus arm and 30 weeks for the CI "
            "therapy (P = 0.45).")
    got = _figures(text)
    assert got[25.0].measure == "median" and got[25.0].unit == "weeks" and got[25.0].quote == "25 weeks"
    assert got[30.0].quote == "30 weeks" and got[30.0].endpoint == "survival"


def test_stated_value_with_its_group_and_the_second_of_a_pair():
    got = _figures("The median WHO score for haematological toxicity was 4 for bolus therapy and 3 for CI therapy "
                   "(P = 0.0007).")
    assert got[4.0].quote == "was 4 for bolus therapy" and got[4.0].measure == "median"
    assert got[3.0].quote == "3"
    got = _figures("Median number of 30-day page views was 499.5 in the social media arm and 450.5 in the control arm.")
    assert {499.5, 450.5} <= set(got) and got[450.5].measure == "median"


def test_pair_shares_the_unit_written_after_the_second_value():
    got = _figures("A total of 677 patients were randomized to receive extended-release memantine (n = 342) or "
                   "placebo (n = 335); completion rates were 79.8 and 81.2 %, respectively.")
    assert got[79.8].unit == "%" and got[79.8].measure == "proportion"
    assert got[81.2].unit == "%"


def test_a_statistic_about_age_is_not_a_result():
    got = _figures("The mean age was 52 years in the intervention group.")
    assert 52.0 not in got


def test_bracketed_comparison_gives_both_sides():
    got = _figures("Significantly a higher number of blastocysts were obtained in Group B than Group A "
                   "(4.00 vs. 3.04; P = 0.023).")
    assert got[4.0].quote == "4.00" and got[3.04].quote == "3.04"
    got = _figures("the metformin group had more non-severe hypoglycaemic episodes (4347 vs 3161, p<0.001).")
    assert got[4347.0].kind == "count" and got[4347.0].n == 4347 and got[3161.0].kind == "count"


def test_change_by_a_value_with_a_unit():
    got = _figures("With naltrexone block, the hydromorphone Cmax increased by 39% and the terminal half-life "
                   "decreased by 4.5 hours.")
    assert got[4.5].quote == "decreased by 4.5 hours" and got[4.5].unit == "hours" and got[4.5].measure == "difference"
    assert got[39.0].unit == "%"
    got = _figures("GSK457 (10% w/w) combined with the exendin-4 AlbudAb reduced glucose by 217 mg/dL and HbA1c by "
                   "1.2% after 14 days.")
    assert got[217.0].quote == "reduced glucose by 217 mg/dL" and got[217.0].unit == "mg/dL"
    assert 10.0 not in got  # a concentration in the chow, not a result


def test_rate_per_person_years():
    got = _figures("Among HPV uninfected female subjects at enrolment, the incidence of any HPV infection was "
                   "76 per 100 person-years.")
    c = got[76.0]
    assert c.quote == "76 per 100 person-years" and c.measure == "rate" and c.unit == "per 100 person-years"


def test_labelled_difference_across_a_flattened_subscript():
    text = ("men in the intervention significantly improved their 6-min walk distance (M\ndiff\u2009=\u200949.98\xa0m, "
            "p\nadj\u2009=\u20090.001), resting heart rate (M\ndiff\u2009=\u2009\u22123.76 beats/min, p\u2009=\u20090.034).")
    got = _figures(text)
    assert got[49.98].measure == "mean difference" and got[49.98].unit == "m"
    assert got[-3.76].unit == "beats/min"


def test_ratio_in_words():
    got = _figures("Intervention subjects were nearly 3 times as likely as controls to meet the target in the trial.")
    assert got[3.0].quote == "3 times" and got[3.0].measure == "ratio" and got[3.0].qualifier == "nearly"


def test_bare_spread_after_median_interquartile_range_is_declared():
    text = ("Median urinary lactulose/rhamnose excretion ratio (g/g) in the control condition was 0.032 "
            "(interquartile range: 0.022-0.044). Compared to the control condition, lactulose/rhamnose ratio after "
            "ingestion of indomethacin plus placebo was significantly increased to 0.039 (0.035-0.068); P < 0.01).")
    got = _figures(text)
    assert got[0.039].measure == "median" and got[0.039].range_low == 0.035 and got[0.039].range_high == 0.068
    # without the declaration a bracketed pair is not read as a spread
    assert 0.039 not in _figures("The ratio was increased to 0.039 (0.035-0.068) in the group.")


@pytest.mark.parametrize("text, value", [
    ("Bioequivalence was reached if 90% confidence intervals (CI) of treatment mean ratios were between 80% and 125%.", 80.0),
    ("Bioequivalence was reached if 90% confidence intervals (CI) of treatment mean ratios were between 80% and 125%.", 125.0),
    ("A total of 151 adults (76% women, mean age 52.5) with type 2 diabetes were allocated to the groups.", 76.0),
])
def test_margins_and_baseline_shares_are_not_results(text, value):
    got = _figures(text)
    assert value in got and got[value].kind in {"threshold", "background"}


def test_ci_level_and_dates_are_not_figures():
    got = _figures("We used a mixed effect model and 95% profile (log) likelihood confidence intervals (CI).")
    assert 95.0 not in got
    got = _figures("Date retrospectively registered: 23/04/2010. Recruitment start date: 01/03/2010.")
    assert not any(c.kind in {"count", "estimate"} for c in got.values())


def test_p_for_interaction_is_read():
    claims = extract_text_claims("No difference was seen by sex (P interaction = 0.971).")
    assert [c.p_value for c in claims if c.kind == "p_value"] == ["P interaction = 0.971"]


def test_new_rules_keep_offsets_exact_on_real_abstracts():
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    files = sorted(folder.iterdir())[:150]
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        for c in extract_text_claims(text, f.name):
            assert text[c.start:c.end] == c.quote
            if c.value_text:
                assert c.value_text in c.quote


def test_a_value_after_a_verb_without_a_statistic_is_not_a_result():
    got = _figures("The dose was 10 mg in the morning and 20 mg in the evening for all patients.")
    assert 10.0 not in got and 20.0 not in got


def test_a_fold_change_that_defines_a_response_is_not_a_result():
    got = _figures("The primary end point was the proportion of high responders, defined as a 2-fold increase in IgG levels.")
    assert 2.0 not in got


def test_ratio_in_words_names_its_outcome():
    got = _figures("Smokers had a 2-fold higher risk of lung cancer than non-smokers.")
    assert got[2.0].quote == "2-fold" and got[2.0].endpoint == "lung cancer"


def test_relative_change_and_a_comparison_of_means():
    got = _figures("With naltrexone block, the hydromorphone Cmax increased by 39% and the terminal half-life "
                   "decreased by 4.5 hours.")
    assert got[39.0].measure == "percent change"
    got = _figures("Significantly a higher number of blastocysts were obtained in Group B than Group A "
                   "(4.00 vs. 3.04; P = 0.023).")
    assert got[4.0].measure == "mean" and got[3.04].measure == "mean"


def test_cut_offs_behind_a_sign_in_a_condition_or_bracket_are_thresholds():
    got = _figures("If baseline protein C levels of placebo patients were >40% but decreased by ≥ 10% on day 1, "
                   "their risk of death increased (odds ratio = 1.87, P = 0.02).")
    assert got[40.0].kind == "threshold" and got[10.0].kind == "threshold" and got[1.87].kind == "estimate"
    text = ("Adverse events with a frequency of ≥5.0 % that were more prevalent in the memantine group were "
            "headache (5.6 vs. 5.1 %) and diarrhea (5.0 vs. 3.9 %).")
    claims = extract_text_claims(text)
    cut_off = next(c for c in claims if c.start == text.index("5.0 %"))
    assert cut_off.kind == "threshold"
    headache = next(c for c in claims if c.value == 5.6)
    assert headache.kind == "estimate" and headache.unit == "%" and headache.measure == "proportion"
