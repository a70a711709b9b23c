"""Endpoint classes of issue 15, round 2 (seen in the enlarged dev gold, written here with other
outcomes and numbers): numbered names, the outcome named after a ratio by 'for', a clause cut to its
outcome, the outcome of a risk phrase, and phrases that name no outcome left unknown."""

from __future__ import annotations

import pytest

from extract import extract_text_claims


def endpoints(text):
    return [c.endpoint for c in extract_text_claims(text) if c.ci_low is not None]


def test_a_number_in_a_name_is_not_a_figure():
    text = "Overall, type 2 diabetes was less frequent in the intervention group than in the control group (relative risk 0.81, 95% CI 0.70-0.94)."
    assert endpoints(text) == ["type 2 diabetes"]


def test_the_outcome_named_after_a_ratio_by_for():
    text = "Among older women, the relative detection was 1.80 (95% CI 1.20-2.70) for CIN2 and 2.10 (1.30-3.40) for CIN3."
    assert endpoints(text) == ["CIN2", "CIN3"]


def test_for_a_group_or_a_time_is_not_the_outcome():
    got = endpoints("Mortality was lower (hazard ratio 0.80, 95% CI 0.70-0.91) for the intervention group.")
    assert got == ["mortality"]  # the canonical name


def test_a_clause_is_cut_to_what_it_says_was_measured():
    text = "The treated group had more severe headaches than the control group (odds ratio 2.1, 95% CI 1.2-3.6)."
    assert endpoints(text) == ["severe headaches"]


def test_the_outcome_of_a_risk_phrase():
    text = "A pooled analysis showed significant reductions in the relative risk of hip fracture for both drugs (RR=0.77; 95% CI: 0.65-0.91)."
    assert endpoints(text) == ["hip fracture"]


@pytest.mark.parametrize("text", [
    "The summary relative risk was 0.96 (95% CI 0.93-1.00) using a fixed-effects model.",  # the measure and the model
    "Tricyclics were more likely than placebo to reduce pain (relative risk 1.41, 95% CI 1.02 to 1.89).",  # the treatment
])
def test_a_phrase_that_names_no_outcome_is_left_unknown(text):
    assert endpoints(text) == [""]


def test_for_two_arms_compared_is_not_the_outcome():
    text = "Mortality gave a summary relative risk of 0.92 (95% CI 0.85-0.99) for surgical versus medical wards."
    assert endpoints(text) != ["surgical"]


def test_an_outcome_named_in_the_sentence_before():
    text = ("Among younger women, the relative detection of CIN2 differed between phases. "
            "At round one the relative detection was 0.81 (95% CI 0.40-1.60) in phase one and 2.70 (1.50-4.90) in phase two.")
    assert endpoints(text) == ["CIN2", "CIN2"]


def test_a_measure_only_sentence_takes_the_last_figure_with_that_measure():
    text = ("Treatment reduced the hazard of stroke (hazard ratio 0.72, 95% CI 0.60-0.86). "
            "In a sensitivity analysis, the pooled hazard ratio was 0.64 (95% CI 0.50-0.82).")
    first, second = endpoints(text)
    assert "stroke" in first and "stroke" in second


def test_the_people_an_outcome_is_counted_in_are_not_the_outcome():
    got = endpoints("Three of 40 (8%; 95% CI, 2%-20%) children who received placebo were readmitted.")
    assert "children who received placebo" not in got


def test_a_comparative_after_a_verb_is_no_part_of_the_outcome():
    text = "At 6 months, the supervised programme led to greater improvement in the walking distance (mean, 41.2; 95% CI, 30.1 to 52.3)."
    assert endpoints(text) == ["improvement in the walking distance"]


def test_a_label_opening_a_segment_of_the_bracket_names_the_figures_after_it():
    text = ("Cumulative detection did not differ between arms (CIN grade 2 or worse: 310 of 15 020 vs 298 of 15 101; "
            "relative risk 1.05, 95% CI 0.90-1.22; CIN grade 3 or worse in women aged 30-40 years: 120 of 4012 vs 131 of 4050; 0.92, 0.72-1.18).")
    assert endpoints(text) == ["CIN grade 2 or worse", "CIN grade 3 or worse"]


def test_a_statistic_or_an_arm_is_no_bracket_label():
    text = "Dropout did not increase (placebo: 1.20, 0.80 to 1.75; usual care: 1.10, 0.85 to 1.43)."
    assert "placebo" not in endpoints(text) and "usual care" not in endpoints(text)


@pytest.mark.parametrize("text, refused", [
    ("Patients receiving high-dose steroids had a mean difference of 4.1 points (95% CI, 1.2-7.0).", "Patients receiving high-dose steroids"),
    ("The new regimen, which performed even better when (SMD, -0.21; 95% CI, -0.40, -0.02).", "even better when"),
    ("Function improved by 8.0 points (95% CI, 3.1-12.9) for low-dose steroids.", "low-dose steroids"),
])
def test_people_a_cut_clause_or_a_dose_are_no_outcome(text, refused):
    assert refused not in endpoints(text)


def test_a_sentence_initial_label_keeps_its_first_letter_and_drops_its_verb():
    # a colon label with no comma before it used to lose its first letter ("ortality was similar")
    text = ("Baseline groups were alike. Stroke rate was similar: 4.2% with apixaban vs 4.9% with warfarin "
            "(risk ratio, 0.86; 95% confidence interval, 0.70-1.05).")
    assert endpoints(text) == ["Stroke rate"]


def test_a_result_that_names_no_outcome_measures_the_main_outcome_defined_before():
    text = ("MAIN OUTCOME MEASURE Change in Hamilton Depression Rating Scale score at 12 weeks.\n"
            "RESULTS Patients given sertraline improved 4.1 points (95% confidence interval, 2.2 to 6.0) and those "
            "given placebo improved 1.9 points (95% confidence interval, 0.4 to 3.4).")
    assert endpoints(text) == ["Change in Hamilton Depression Rating Scale score"] * 2


def test_two_main_outcomes_name_no_single_one():
    text = ("The primary outcome was pain at 6 weeks. The main outcome measure was function at 6 weeks. "
            "Patients given the brace improved 4.1 points (95% confidence interval, 2.2 to 6.0).")
    assert endpoints(text) == [""]


def test_the_people_a_bracketed_share_is_of_come_before_what_they_had():
    text = ("Three of 61 (5%; 95% CI, 1%-14%) patients who received heparin had thrombosis compared with "
            "9 of 60 (15%; 95% CI, 7%-27%) who received aspirin.")
    assert endpoints(text) == ["thrombosis", "thrombosis"]


def test_each_item_of_a_list_with_its_own_figures_names_them():
    text = ("Compared with open repair, endovascular repair was not associated with lower risk of death 3.1% versus 3.9% "
            "(RR, 0.80; 95% CI, 0.61-1.05), renal failure 2.2% versus 2.0% (RR, 1.10; 95% CI, 0.75-1.61), "
            "or limb ischaemia 0.7% versus 0.9% (RR, 0.78; 95% CI, 0.40-1.52).")
    ratios = [c.endpoint for c in extract_text_claims(text) if c.ci_low is not None]
    assert ratios[1:] == ["renal failure", "limb ischaemia"]


def test_a_list_item_after_a_comparison_is_an_arm_not_an_outcome():
    text = ("Dual blockade increased the risk of hypotension compared with lisinopril alone (relative risk 1.40, 95% "
            "confidence interval 1.10 to 1.78) or losartan alone (1.52, 1.05 to 2.20).")
    assert "losartan alone" not in endpoints(text)


def test_predictors_listed_before_the_outcome_they_predict():
    text = ("In multivariable analysis, older age (odds ratio 1.41, 95% CI 1.12-1.77), prior stroke (2.05, 1.33-3.16), "
            "and diabetes (1.30, 1.01-1.68) were independent predictors of delirium.")
    assert endpoints(text) == ["delirium"] * 3


def test_the_subject_of_associated_with_is_the_exposure_not_the_outcome():
    text = ("Early mobilisation was associated with a nonsignificant reduction in the risk of pneumonia 2.1% versus 2.9% "
            "(RR, 0.72; 95% CI, 0.49-1.06).")
    assert "Early mobilisation" not in endpoints(text)
    assert endpoints(text)[-1] == "pneumonia"


def test_an_exposure_is_never_the_outcome_even_when_its_object_opens_on_a_figure():
    text = ("Each additional hour of screen time was associated with a 0.31 (95% CI: 0.12, 0.50)-point increase "
            "in anxiety scores. A 10 g daily increase in fibre was associated with a lower LDL cholesterol of "
            "0.21 mmol/L (0.08 to 0.34).")
    found = endpoints(text)
    assert not any("screen time" in e or "fibre" in e for e in found)
    assert found[-1] == "LDL cholesterol"


# Round 3 (third dev batch): exposures listed with their ratios, the outcome named by the link
def test_the_outcome_after_a_predictor_list_ends_before_a_trailing_clause():
    text = ("Two dietary factors: night-shift work (odds ratio 1.7, 95% CI 1.2-2.4) and skipped breakfast (OR 1.5; "
            "95% CI 1.1-2.0) were independently associated with gastric ulcer after adjusting for age and sex and "
            "psychological distress.")
    assert endpoints(text) == ["gastric ulcer", "gastric ulcer"]


def test_the_outcome_named_before_a_colon_that_opens_the_predictor_list():
    text = ("These habits were also frequently associated with the reporting of chronic fatigue: night-shift work "
            "(odds ratio 1.4, 95% CI 1.1-1.9), skipped breakfast (OR 1.3; 95% CI 1.0-1.7).")
    assert endpoints(text) == ["chronic fatigue", "chronic fatigue"]


def test_the_outcome_named_after_coordinated_figures_by_the_change_they_are():
    text = ("Each extra hour of screen time was associated with a 0.31 (95% CI: 0.12, 0.50) and 0.27 (95% CI: 0.15, "
            "0.39)-point increase in anxiety score in teenagers and 1.4 cm (95% CI: 0.6, 2.2 cm) waist gain in adults.")
    assert endpoints(text) == ["anxiety score", "anxiety score", "waist gain"]


def test_a_colon_label_that_names_the_statistic_is_not_the_outcome():
    text = ("Grip strength and gait speed were also inversely associated with frailty (pooled OR per one SD increment: "
            "0.81 [95% CI 0.74-0.89] and 0.77 [95% CI 0.70-0.85], respectively).")
    assert all("frailty" in e and "OR" not in e for e in endpoints(text)) and len(endpoints(text)) == 2


def test_a_verb_after_the_people_a_figure_is_of_names_its_outcome_when_the_table_knows_it():
    from extract import extract_text_claims
    text = ("About 9% of patients given two courses of drug-z died, compared with 12% of those given none. "
            "41 (4.4%) of 930 participants in the high-dose group died.")
    got = {c.value_text: c.endpoint for c in extract_text_claims(text)}
    assert got["9%"] == "mortality" and got["12%"] == "mortality"
    assert got["4.4%"] == "mortality"
    # a verb the endpoint table does not know names nothing ("were given" is no outcome)
    assert "given" not in {c.endpoint_text for c in extract_text_claims(text)}
