"""Arm, comparator and timepoint attribution on real sentences of Evidence Inference 2.0 test
abstracts (quoted with plain spaces), one test per rule of extract/attribution.py."""

from __future__ import annotations

from extract import extract_text_claims
from extract.models import Claim


def _claim(text: str, figure: str) -> Claim:
    """The claim whose quote starts with (or, failing that, contains) `figure`, checked against the text."""
    claims = extract_text_claims(text)
    for c in claims:
        assert text[c.start:c.end] == c.quote
    hits = [c for c in claims if c.quote.startswith(figure)] or [c for c in claims if figure in c.quote]
    assert hits, f"no claim with {figure!r} in {[c.quote for c in claims]}"
    return hits[0]


# PMC4889182: the claim's quote runs on past the arm ("was 499.5 in the social media arm").
PAGE_VIEWS = ("Median number of 30-day page views was 499.5 in the social media arm and 450.5 in the control "
              "arm; there was no evidence of a treatment effect (P=0.38).")


def test_arm_inside_the_quote_and_a_plain_list_of_two_arms_has_no_comparator():
    a, b = _claim(PAGE_VIEWS, "was 499.5"), _claim(PAGE_VIEWS, "450.5")
    assert (a.arm, b.arm) == ("social media arm", "control arm")
    # "A in X and B in Y" reports each arm; nothing sets one against the other
    assert (a.comparator, b.comparator) == ("", "")


# PMC5777645: "compared with" sets the two arms' figures against each other; "from baseline to
# 12 months" is when the change is measured, not "baseline".
HBA1C = ("From baseline to 12 months, the decrease in HbA1c levels was 1.05% (SD = 2.0; CI95%: 1.54;-0.56) in "
         "the intervention group compared with 0.15% (SD = 1.7; CI95%: -0.56; 0.26) in the control group, p = 0.006.")


def test_compared_with_pairs_arms_and_from_baseline_to_gives_the_end_timepoint():
    a, b = _claim(HBA1C, "1.05%"), _claim(HBA1C, "0.15%")
    assert (a.arm, a.comparator) == ("intervention group", "control group")
    assert (b.arm, b.comparator) == ("control group", "intervention group")
    assert a.timepoint == b.timepoint == "12 months"


# PMC4733100: "enrolled in the study" is the whole sample, not an arm.
RETAINED = ("Of the 232 Veterans enrolled in the study, 208 (89.7%) were retained at the 6-month follow-up and "
            "203 (87.5%) were retained at 12 months.")


def test_the_study_is_not_an_arm():
    assert _claim(RETAINED, "208").arm == ""


# PMC1968524: "for the CI therapy" names a group; "respectively" with no list of groups takes the
# groups the previous sentence gave figures for, a bracketed figure going with the one before it.
SCLC = ("The overall median survival was 25 weeks for patients in the bolus arm and 30 weeks for the CI therapy "
        "(P = 0.45). The overall response rate was 64% (18% complete response-CR) and 69% (30% CR) "
        "respectively (P = 0.13). The median WHO score for haematological toxicity was 4 for bolus therapy and "
        "3 for CI therapy (P = 0.0007).")


def test_therapy_after_a_preposition_and_respectively_without_a_list():
    assert _claim(SCLC, "25 weeks").arm == "bolus arm"
    assert _claim(SCLC, "30 weeks").arm == "CI therapy"
    assert [_claim(SCLC, f).arm for f in ("64%", "18%", "69%", "30%")] == ["bolus arm", "bolus arm", "CI therapy", "CI therapy"]
    assert _claim(SCLC, "was 4").arm == "bolus therapy"


# PMC5799931: in "(4.00 vs. 3.04)" after "in Group B than Group A" the second figure is Group A's.
BLASTOCYSTS = ("Significantly a higher number of blastocysts were obtained in Group B than Group A "
               "(4.00 vs. 3.04; P = 0.023).")


def test_the_figure_after_vs_belongs_to_the_group_compared_with():
    assert _claim(BLASTOCYSTS, "4.00").arm == "Group B"
    assert _claim(BLASTOCYSTS, "3.04").arm == "Group A"


# PMC2667135: with no second group named, the figure after "versus" gets no arm rather than the wrong one.
COPAT = ("In the CoPAT group, there tended to be fewer patients with endocardial involvement (8.7% versus 18.6%, "
         "P = 0.061) and pre-existing valvular heart disease (7.8% versus 15.5%, P = 0.120).")


def test_the_figure_after_vs_without_a_named_other_group_gets_no_arm():
    assert _claim(COPAT, "8.7%").arm == "CoPAT"
    assert _claim(COPAT, "18.6%").arm == ""
    assert _claim(COPAT, "15.5%").arm == ""


# PMC5809703 (outside the hand gold): the group named right before the bracket that holds the figure.
PROPOFOL = ("Group P2 showed a lower incidence of complications (17%) such as hemodynamic instability and "
            "inadequate sedation than Group P1.5 (55.3%, P < 0.001) or Group P2.5 (40.4%, P = 0.012).")


def test_group_named_right_before_the_bracket():
    assert _claim(PROPOFOL, "55.3%").arm == "Group P1.5"
    assert _claim(PROPOFOL, "40.4%").arm == "Group P2.5"


# PMC3680656: two groups, the subject outperforming the object; the sentence opens on its timepoint.
SIB = ("At endpoint (week 24, last observation carried forward), memantine-treated patients significantly "
       "outperformed placebo-treated patients on the SIB (least squares mean difference [95 % CI] 2.6 [1.0, 4.2]; "
       "p = 0.001), CIBIC-Plus (p = 0.008), NPI (p = 0.005), and verbal fluency test (p = 0.004).")


def test_subject_group_outperforms_the_object_group_and_an_opening_timepoint_covers_the_sentence():
    c = _claim(SIB, "2.6")
    assert (c.arm, c.comparator) == ("memantine", "placebo")
    assert c.timepoint == "week 24"


# PMC5818014: a ratio "favoring" a treatment is that treatment's; a baseline covariate is no timepoint.
SURVIVAL = ("Adjusting for riluzole and baseline ALSFRS-R, survival favored arimoclomol with a hazard ratio of "
            "0.77 (95% confidence interval [CI] 0.32–1.80).")


def test_favoured_treatment_is_the_arm_and_a_baseline_covariate_is_no_timepoint():
    c = _claim(SURVIVAL, "0.77")
    assert c.arm == "arimoclomol"
    assert c.timepoint == ""


# PMC3717757: "younger than their current age" compares ages, not groups.
AGE = ("Among 23 girls who reported age at first sex as 1 year younger than their current age, 15 (65.2%) had "
       "HPV infection.")


def test_than_a_non_group_is_no_comparator_and_an_age_gap_is_no_timepoint():
    c = _claim(AGE, "15 (65.2%)")
    assert c.comparator == ""
    assert c.timepoint == ""


# PMC4836696: "compared to placebo [adjusted ...: -1.22 ...]"; "change from baseline" is no timepoint.
GLUCOSE = ("In subjects with diabetes taking metformin, weight increased in the GSK457-treated group [adjusted mean "
           "% increase from baseline: 1.26% (95% CI: -0.24, 2.75)], and mean glucose and HbA1c were decreased "
           "slightly compared to placebo [adjusted mean glucose change from baseline: -1.22 mmol/L (95% CI: -2.45, "
           "0.01); adjusted mean HbA1c change from baseline: -0.219% (95% CI: -0.910, 0.472)].")


def test_compared_to_before_a_square_bracket_and_change_from_baseline():
    c = _claim(GLUCOSE, "-1.22")
    assert c.comparator == "placebo"
    assert c.timepoint == ""
    assert _claim(GLUCOSE, "1.26%").timepoint == ""


# PMC3714019 (outside the hand gold): a figure after "vs" is no comparator, and the group named
# after it is the other side of the sentence's later pair "(12.8% vs 28.1%)".
HEMOGLOBIN = ("Epoetin alfa avoided the decrease in hemoglobin level (no decrease in the epoetin alfa group vs "
              "–2.20g/dL change for the control group; P < .001) and statistically significantly reduced the "
              "percentage of subjects requiring red blood cell transfusion (12.8% vs 28.1%; P < .0001).")


def test_a_figure_is_never_a_comparator():
    claims = extract_text_claims(HEMOGLOBIN)
    assert claims and all(not c.comparator[:1] or c.comparator[0] not in "-–0123456789" for c in claims)
    assert (_claim(HEMOGLOBIN, "12.8%").arm, _claim(HEMOGLOBIN, "28.1%").arm) == ("epoetin alfa", "control")


# PMC5815237: a timepoint that qualifies a later figure's outcome is that figure's only.
MORTALITY = ("By multivariable analysis logCHI3L1 levels were associated with increased risk of in-hospital death "
             "(relative risk, 95% CI 4.10, 1.32–12.75, p = 0.015) and all-cause 6 month mortality (3.21, "
             "1.47–6.98, p = 0.003) following correction for iNO and AKI.")


def test_timepoint_of_a_later_outcome_is_not_taken():
    assert _claim(MORTALITY, "4.10").timepoint == ""
    assert _claim(MORTALITY, "3.21").timepoint == "6 month"


# PMC4771973: the second figure of a comparison is measured when the first is.
INSULIN = ("HbA1c was more reduced in the metformin group (between-group difference −0.42% (95% CI −0.62% to "
           "−0.23%), p<0.001)), despite the significantly lower insulin dose at end of trial in the metformin "
           "group (1.04 IU/kg (95% CI 0.94 to 1.15)) compared with placebo (1.36 IU/kg (95% CI 1.23 to 1.51), "
           "p<0.001).")


def test_compared_pair_shares_its_timepoint_and_a_clause_break_stops_it():
    a, b = _claim(INSULIN, "1.04"), _claim(INSULIN, "1.36")
    assert (a.arm, b.arm) == ("metformin", "placebo")
    assert a.timepoint == b.timepoint == "at end of trial"
    # "despite ..." opens another clause: its time is not the HbA1c difference's
    assert _claim(INSULIN, "−0.42%").timepoint == ""


# PMC5977143: hours after an event, and the first 24 h.
ILEUS = ("Most of the participants 10 (50%) (Disposal of stool) responded to treatment 4 h after the "
         "administration of oral pyridostigmine.")


def test_hours_after_an_event_are_a_timepoint():
    assert _claim(ILEUS, "10 (50%)").timepoint == "4 h"


# PMC5777645: a p-value closing "A in X and B in Y" tests the two against each other, so each is the
# other's comparator and both carry the p-value; PMC1664572: with no such p-value, the two are only
# reported side by side.
BMI = ("Mean BMI change was -1.65 kg/m2 (SD = 2.5; CI95%: -2.25; -1.06) in the intervention group and "
       "+0.05 kg/m2 (SD = 3.2; CI95%: -0.71; 0.81) in the control group, p = 0.0005.")
STAI = ("Mean scores of the STAI-3 were 38.5 (95% CI 37.7 – 39.3) in the control group (n = 1090) and 38.7 "
        "(95% CI 37.9 – 39.5) in the intervention group (n = 1186).")


def test_a_closing_p_value_makes_two_arms_comparators_and_a_plain_pair_stays_without():
    a, b = _claim(BMI, "-1.65"), _claim(BMI, "0.05 kg")
    assert (a.arm, a.comparator, b.arm, b.comparator) == ("intervention group", "control group", "control group",
                                                          "intervention group")
    assert a.p_value == b.p_value == "p = 0.0005"
    c, d = _claim(STAI, "38.5"), _claim(STAI, "38.7")
    assert (c.arm, d.arm) == ("control group", "intervention group")
    assert (c.comparator, d.comparator) == ("", "")


# Round 3: each group's own figure in the bracket after the group's name
def test_a_figure_in_the_bracket_after_a_group_belongs_to_that_group():
    claims = [c for c in extract_text_claims(
        "Healing was more frequent with doxycycline (61%; 95% CI 52-70) than with placebo (38%; 95% CI 29-47).")
        if c.ci_low is not None]
    assert [(c.value, c.arm, c.comparator) for c in claims] == [(61.0, "doxycycline", "placebo"), (38.0, "placebo", "doxycycline")]


def test_a_ratio_after_than_a_group_is_the_contrast_not_that_groups_value():
    claims = [c for c in extract_text_claims(
        "Statins were more likely to cause myalgia than placebo (1.41, 95% confidence interval 1.05 to 1.90).")
        if c.ci_low is not None]
    assert [(c.arm, c.comparator) for c in claims] == [("", "placebo")]


def test_a_group_defined_by_what_it_received_is_the_figures_arm_and_a_combination_stays_whole():
    from extract import extract_text_claims
    text = ("Relapse occurred in 31.5% of the patients in the group receiving drug-a and drug-b compared with "
            "22.4% in the group receiving drug-c. Pain relief was reported by 45% of participants in the group "
            "given ibuprofen, compared with 30% in the arm assigned to placebo.")
    got = {c.value_text: (c.arm, c.comparator) for c in extract_text_claims(text)}
    assert got["31.5%"][0] == "drug-a and drug-b" and got["22.4%"][0] == "drug-c"
    assert got["45%"] == ("ibuprofen", "placebo")
    assert got["30%"] == ("placebo", "ibuprofen")
