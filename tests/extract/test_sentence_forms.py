"""Forms of issue 15 that are not CI notations: follow-up in any unit, 'A v B' pairs, percentage
points, numbers in words anywhere in a sentence, compound timepoints, role labels that are not
endpoint names, capitalised section labels that are not sentence subjects."""

from __future__ import annotations

import pytest

from extract import extract_text_claims


def claims(text):
    return extract_text_claims(text)


@pytest.mark.parametrize("text, value, unit, measure", [
    ("Patients were followed for a median of 3.7 years.", 3.7, "years", "median"),
    ("Participants were followed up for a mean of 26 weeks.", 26.0, "weeks", "mean"),
])
def test_follow_up_in_any_unit(text, value, unit, measure):
    got = [(c.value, c.unit, c.measure) for c in claims(text) if c.kind == "follow_up"]
    assert got == [(value, unit, measure)]


def test_a_v_b_pairs():
    got = [(c.value, c.unit) for c in claims("Median survival was 6.3 v 4.8 months (HR 0.77).") if c.measure == "median"]
    assert got == [(6.3, "months"), (4.8, "months")]


def test_percentage_points():
    got = [(c.value, c.unit) for c in claims("The proportion fell by 3.1 percentage points.") if c.kind == "estimate"]
    assert got == [(3.1, "percentage points")]


def test_percentages_in_words_anywhere_in_a_sentence():
    got = [c.value for c in claims("Fifty-three percent of patients responded, and thirty-one per cent relapsed.") if c.unit == "%"]
    assert got == [53.0, 31.0]


def test_compound_timepoints_in_words():
    c = next(c for c in claims("Thirty-six-month survival was 58% in the drug group.") if c.value == 58.0)
    assert c.timepoint == "Thirty-six-month"


@pytest.mark.parametrize("text", [
    "Co-primary endpoint: 0.84 (95% CI 0.72-0.98).",
    "The second coprimary endpoint was 47% in the drug group.",
])
def test_a_role_label_is_not_an_endpoint_name(text):
    c = next(c for c in claims(text) if c.kind == "estimate")
    assert "primary" not in c.endpoint.lower()


def test_inline_capitalised_section_labels_are_not_subjects():
    text = ("Drug X for pain.\nMETHODS We randomized 120 adults.   \n RESULTS Pain fell 1.9 points "
            "(95% CI, 1.1 to 2.7) with drug X.")
    for c in claims(text):
        assert "RESULTS" not in c.endpoint_text and "METHODS" not in c.endpoint_text
        assert text[c.start:c.end] == c.quote
    assert any(c.kind == "sample_size" and c.n == 120 for c in claims(text))


@pytest.mark.parametrize("text, endpoint", [
    # the object of an effect verb before the figure
    ("Drug Y reduced clinical fractures from 210 in the placebo group to 181 (RH, 0.86; 95% CI, 0.73-1.01).", "clinical fractures"),
    ("Starch increased transfusion of red cells by 21.4% (95% confidence interval, 10.2%-32.6%).", "transfusion of red cells"),
    # a scale's label written as the figure's name
    ("No between-group effect was seen (FIM=1.1, 95% CI=-1.4-3.6).", "FIM"),
    # what a share had, after the bracket that closes its interval
    ("At 24 hours, 21 of 50 children who received placebo (42%; 95% CI, 28%-57%) had vomiting.", "vomiting"),
])
def test_endpoint_from_the_syntax_around_the_figure(text, endpoint):
    c = next(c for c in claims(text) if c.kind == "estimate" and c.ci_low is not None)
    assert c.endpoint_text == endpoint, c


def test_an_adjective_or_a_second_object_is_not_the_endpoint():
    text = "Levels were associated with increased risk of in-hospital death (relative risk 4.1, 95% CI 1.3-12.8)."
    c = next(c for c in claims(text) if c.value == 4.1)
    assert c.endpoint_text != "in-hospital death (relative risk" and "increased" not in c.endpoint_text
    text = "The drug reduced glucose by 190 mg/dL and HbA1c by 1.1% after 14 days."
    c = next(c for c in claims(text) if c.value == 1.1)
    assert c.endpoint_text != "glucose"


def test_a_ratio_in_the_bracket_after_a_figure_takes_its_endpoint():
    text = ("The prevalence of wound infection was 3.9% (four of 102) in the high-dose group "
            "(relative risk, 0.38; 95% confidence interval, 0.12 to 1.20).")
    cs = extract_text_claims(text)
    share = next(c for c in cs if c.value == 3.9)
    ratio = next(c for c in cs if c.value == 0.38)
    assert ratio.measure == "risk ratio" and ratio.endpoint == share.endpoint and "infection" in ratio.endpoint


def test_what_a_share_had_stops_at_markup():
    text = "In the trial, 9 of 30 patients (30%) had a response <img src=x onerror=alert(1)> to the drug; 41% had >1 relapse."
    got = {c.value: c.endpoint_text for c in extract_text_claims(text) if c.kind == "estimate"}
    assert "<" not in got[30.0] and "onerror" not in got[30.0]
