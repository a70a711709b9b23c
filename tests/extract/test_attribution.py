"""Endpoint and arm attribution on real abstract sentences (Evidence Inference 2.0 test abstracts,
quoted with plain spaces), one test per rule, plus the HTML escaping of the claim display."""

from __future__ import annotations

import pytest

from extract import extract_text_claims
from extract.display import render_claims
from extract.models import Claim, Document


def _figures(text: str) -> dict[str, Claim]:
    """Claims by the figure they start with ('2.86', 'P=0.38'), every one checked against the text."""
    out = {}
    for c in extract_text_claims(text):
        assert text[c.start:c.end] == c.quote
        out.setdefault(c.quote.split(";")[0].split(" (")[0].split(",")[0], c)
    return out


def _claim(text: str, figure: str) -> Claim:
    claims = [c for c in extract_text_claims(text) if c.quote.startswith(figure)]
    assert claims, f"no claim starting with {figure!r} in {[c.quote for c in extract_text_claims(text)]}"
    return claims[0]


# PMC4733100: a time phrase with a number ends the endpoint ("at 12 months for the modified CHAMPS").
CHAMPS = ("Compared to the attention control, intervention participants had significantly increased odds of "
          "meeting the U.S. recommended guideline of ≥ 150 min/week of at least moderate-intensity physical "
          "activity at 12 months for the modified CHAMPS (odds ratio [OR] = 2.86; 95% CI: 1.03–7.96; p = 0.04) "
          "but not at 6 months (OR = 1.54; 95% CI: 0.56–4.23; p = 0.40).")


def test_time_phrase_ends_the_endpoint_and_a_bare_but_not_inherits():
    first, second = _claim(CHAMPS, "2.86"), _claim(CHAMPS, "1.54")
    assert "physical activity" in first.endpoint and "months" not in first.endpoint
    assert second.endpoint == first.endpoint
    assert first.arm == "intervention"  # "intervention participants" is the one group named


# PMC5741948: each figure in brackets measures the phrase since the previous figure's bracket.
COSTS = ("There were no differences in adjusted health and social care costs (£95, 95% CI -£1410 to £1599) "
         "or societal costs (£675, 95% CI -£1039 to £2388) between the intervention and control arms.")


def test_list_of_bracketed_figures_gives_each_its_own_endpoint_and_between_gives_the_arms():
    a, b = _claim(COSTS, "£95"), _claim(COSTS, "£675")
    assert a.endpoint.endswith("adjusted health and social care costs")
    assert b.endpoint == "societal costs"
    assert (a.arm, b.arm) == ("intervention", "intervention")


# PMC1913056: "(g/g)" is a unit in brackets, not an earlier figure.
LACTULOSE = ("Median urinary lactulose/rhamnose excretion ratio (g/g) in the control condition was 0.032 "
             "(interquartile range: 0.022–0.044).")


def test_unit_in_brackets_does_not_cut_the_endpoint_and_the_arm_is_left_out():
    c = _claim(LACTULOSE, "0.032")
    assert "urinary lactulose/rhamnose excretion ratio" in c.endpoint
    assert "control condition" not in c.endpoint


# PMC4889182: a list of stand-alone p-values, each after its own "by X".
INTERACTIONS = ("There were no statistically significant interactions of treatment by manuscript type (P=0.86), "
                "by corresponding author (P=0.35), by trimester of publication date (P=0.34), or by editorial "
                "status (P=0.79).")


def test_stand_alone_p_values_in_a_list_take_the_phrase_before_each():
    ps = {c.quote: c.endpoint for c in extract_text_claims(INTERACTIONS) if c.kind == "p_value"}
    assert ps["P=0.35"] == "corresponding author"
    assert ps["P=0.34"] == "trimester of publication date"
    assert ps["P=0.79"] == "editorial status"


# PMC4889182: a p-value whose clause names only a comparison measures the sentence's outcome.
PAGE_VIEWS = ("Median number of 30-day page views was 499.5 in the social media arm and 450.5 in the control "
              "arm; there was no evidence of a treatment effect (P=0.38).")


def test_generic_comparison_carries_the_outcome_of_the_sentence():
    p = next(c for c in extract_text_claims(PAGE_VIEWS) if c.kind == "p_value")
    assert "30-day page views" in p.endpoint


# PMC1664572: "a decrease of N points in X".
ANXIETY = "Following PCC there was an average decrease of 3.6 points in anxiety-levels (95% CI, 2.4 – 4.8)."


def test_change_in_outcome_after_the_figure():
    assert _claim(ANXIETY, "3.6").endpoint == "anxiety-levels"


# PMC4836696: "label: figure" inside a bracket; a label of measure words only names no outcome.
GLUCOSE = ("In subjects with diabetes taking metformin, weight increased in the GSK457-treated group [adjusted "
           "mean % increase from baseline: 1.26% (95% CI: -0.24, 2.75)], and mean glucose and HbA1c were "
           "decreased slightly compared to placebo [adjusted mean glucose change from baseline: -1.22 mmol/L "
           "(95% CI: -2.45, 0.01); adjusted mean HbA1c change from baseline: -0.219% (95% CI: -0.910, 0.472)].")


def test_colon_label_names_the_figure():
    assert "glucose" in _claim(GLUCOSE, "-1.22").endpoint
    assert "HbA1c" in _claim(GLUCOSE, "-0.219").endpoint
    assert _claim(GLUCOSE, "1.26").endpoint == "weight"


# PMC5815237: "a daily decline of 34% in the placebo group versus 29% in the iNO group".
DECLINE = ("Treatment with iNO was associated with delayed CHI3L1 recovery with a daily decline of 34% in the "
           "placebo group versus 29% in the iNO group (p = 0.012).")


def test_noun_the_figure_is_of():
    a, b = _claim(DECLINE, "34%"), _claim(DECLINE, "29%")
    assert a.endpoint == b.endpoint == "daily decline"
    assert (a.arm, b.arm) == ("placebo group", "iNO group")


# PMC5980306: three outcomes, three figures in one bracket, in order.
DUST = ("In the units with straw and hay, the concentration of dust, endotoxin, and fungi (difference in "
        "logarithmic mean 1.92 (95%CI 1.71-2.12); 2.86 (95%CI 2.59-3.14); 1.75 (95%CI 1.13-2.36)) were "
        "significantly higher compared to wood shavings and haylage.")


def test_list_of_outcomes_maps_to_bracketed_figures_in_order():
    assert [_claim(DUST, v).endpoint for v in ("1.92", "2.86", "1.75")] == ["dust", "endotoxin", "fungi"]


# PMC5977143: "the time for gas and stool were A and B, respectively".
STOOL = ("In the starch group, the mean response time for the disposal of gas and stool were 32.4 ± 9.9 h and "
         "36.2 ± 10.3 h, respectively.")


def test_respectively_maps_a_list_of_outcomes_in_order():
    a, b = _claim(STOOL, "32.4"), _claim(STOOL, "36.2")
    assert a.endpoint.endswith("disposal of gas") and b.endpoint.endswith("disposal of stool")
    assert a.arm == b.arm == "starch"


# PMC1968524: a mention inside an earlier, closed bracket qualifies another figure.
RESPONSE = "The overall response rate was 64% (18% complete response-CR) and 69% (30% CR) respectively (P = 0.13)."


def test_mention_in_a_closed_bracket_is_skipped():
    assert _claim(RESPONSE, "69%").endpoint == "overall response rate"
    assert _claim(RESPONSE, "64%").endpoint == "overall response rate"


# PMC1382202: the bracket qualifies the last noun of the object.
SALT = ("There was a significant positive relationship between salt intake and both systolic (2.17 mmHg "
        "[95% CI 0.44 to 3.91] per 50 mmol of UNa per day, p < 0.001) and diastolic BP (1.10 mmHg [0.08 to "
        "1.94], p < 0.001) at baseline.")
REDUCTION = ("At six months the intervention group showed a reduction in systolic (2.54 mmHg [-1.45 to 6.54]) "
             "and diastolic (3.95 mmHg [0.78 to 7.11], p = 0.015) BP when compared to control.")


def test_bracket_after_a_noun_of_the_object():
    assert _claim(SALT, "2.17").endpoint == "systolic"
    assert _claim(SALT, "1.10").endpoint == "diastolic BP"
    c = _claim(SALT + " " + REDUCTION, "2.54")  # the earlier "95% CI" makes "[-1.45 to 6.54]" a CI
    assert c.endpoint == "systolic"
    assert c.arm == "intervention"


# PMC5799931: a passive verb with a group ("were obtained in Group B") leaves the subject as endpoint.
OOCYTES = ("A higher number of mature (metaphase II) oocytes were obtained in Group B compared to Group A "
           "(OR of 0.47; CI: 0.38–0.57; P < 0.01).")


def test_passive_verb_keeps_the_subject_and_names_both_groups():
    c = _claim(OOCYTES, "0.47")
    assert "mature (metaphase II) oocytes" in c.endpoint
    assert (c.arm, c.comparator) == ("Group B", "Group A")


# PMC4771973: the one group a sentence is about owns its comparative figures; "compared with
# placebo (figure" gives that figure to placebo.
METFORMIN = "The metformin group gained less weight (between-group difference −2.6 kg (95% CI −3.3 to −1.8), p<0.001)."
DOSE = ("HbA1c was more reduced in the metformin group (between-group difference −0.42% (95% CI −0.62% to "
        "−0.23%), p<0.001)), despite the significantly lower insulin dose at end of trial in the metformin group "
        "(1.04 IU/kg (95% CI 0.94 to 1.15)) compared with placebo (1.36 IU/kg (95% CI 1.23 to 1.51), p<0.001).")


def test_sentence_arm_for_comparative_figures():
    assert _claim(METFORMIN, "−2.6").arm == "metformin"
    assert _claim(DOSE, "−0.42").arm == "metformin"
    assert _claim(DOSE, "1.04").arm == "metformin"
    assert _claim(DOSE, "1.36").arm == "placebo"


# PMC4210946: "Compared with the control group, girls in the intervention group ..."
GIRLS = ("Compared with the control group, girls in the intervention group were significantly more likely to "
         "report that breast cancer is an illness caused by cigarette smoke (adjusted relative risk [ARR] 1.33, "
         "95% CI 1.05-1.68) and to agree that exposure to SHS increases their risk of breast cancer (ARR 1.10, "
         "95% CI 1.02-1.20).")


def test_compared_with_names_the_comparator():
    for figure in ("1.33", "1.10"):
        c = _claim(GIRLS, figure)
        assert c.arm == "intervention"
        assert c.comparator == "control group"


# PMC5815237 / PMC3717757: an endpoint that is only a defined abbreviation is named in full; inside a
# longer phrase the abbreviation stays as written (the endpoint is a phrase of the text).
def test_abbreviation_alone_is_expanded_inside_a_phrase_kept():
    text = ("Plasma chitinase-3-like 1 (CHI3L1) was measured daily. CHI3L1 was elevated in patients with AKI "
            "and remained higher over hospitalization (p < 0.0001).")
    p = next(c for c in extract_text_claims(text) if c.kind == "p_value")
    assert p.endpoint == "chitinase-3-like 1" and p.endpoint_text == "CHI3L1"
    text = ("Persistent human papillomavirus (HPV) infection was studied. Overall, 67% of 97 sexually active "
            "participants with results at enrolment and 12 months had a new HPV genotype at follow-up.")
    assert _claim(text, "67%").endpoint == "new HPV genotype"


# PMC3717757: "N% of M subjects had X" measures X; so does "N% had X".
def test_share_of_a_population_that_had_an_outcome():
    text = "At enrolment, 74% of 142 sexually active subjects had HPV infection of whom 69% had >1 genotype."
    assert _claim(text, "74%").endpoint == "HPV infection"
    assert _claim(text, "69%").endpoint == ">1 genotype"


def test_display_escapes_title_and_labels():
    text = "Overall survival was 81.6% at two years."
    doc = Document(id=Document.make_id(text), title="<script>alert(1)</script>", text=text)
    claim = extract_text_claims(text, doc.id)[0]
    hostile = claim.model_copy(update={"endpoint": "<img src=x onerror=alert(2)>"})
    html = render_claims(doc, [hostile])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "81.6%" in html


@pytest.mark.parametrize("sentence", [
    "Stopping rules: the trial would stop if 50% of the sites withdrew.",
    "RESULTS: 45% of patients responded.",
])
def test_headings_are_not_endpoints(sentence):
    for c in extract_text_claims(sentence):
        assert c.endpoint.lower() not in {"results", "stopping rules"}


# PMC5836868: "the association was less strong (adjusted HR 1.60 ...)": a verdict after the verb and a
# generic subject, so the figure measures what the sentence's earlier figures measure.
MACE = ("Patients in the combined treatment groups (n = 5380) who experienced serious hypoglycaemia (n = 34) had "
        "higher MACE rates than those who did not (35.3% vs 11.4%, adjusted hazard ratio [HR] 2.42, 95% confidence "
        "interval [CI] 1.27–4.60; P = .007), although the association was less strong when analysing only events "
        "after the hypoglycaemic event (adjusted HR 1.60, 95% CI 0.80, 3.20).")


def test_generic_subject_and_verdict_carry_the_earlier_endpoint():
    assert _claim(MACE, "2.42").endpoint == "MACE rates"
    assert _claim(MACE, "1.60").endpoint == "MACE rates"


# PMC4771973: an eligibility cut-off is not a result.
def test_bare_percentage_behind_a_sign_is_a_threshold():
    text = ("412 participants with type 2 diabetes (glycated haemoglobin (HbA1c) ≥7.5% (≥58 mmol/mol); body mass "
            "index >25 kg/m2) were randomly assigned.")
    c = _claim(text, "7.5%")
    assert c.kind == "threshold" and c.endpoint == ""
    # a stated result keeps its sign and stays an estimate
    assert _claim("Two-year overall survival was >90% in our study.", "90%").kind == "estimate"
