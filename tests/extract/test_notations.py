"""Each notation of the issue on a small inline text: value, interval, attribution."""

from __future__ import annotations

import pytest

from extract import extract_text_claims


def one(text: str, **where):
    claims = [c for c in extract_text_claims(text) if all(getattr(c, k) == v for k, v in where.items())]
    assert len(claims) == 1, [(c.kind, c.quote, c.value) for c in extract_text_claims(text)]
    c = claims[0]
    assert text[c.start:c.end] == c.quote
    return c


@pytest.mark.parametrize(
    "text, value, low, high, level",
    [
        ("The hazard ratio was 0.79 (95% CI 0.66-0.96).", 0.79, 0.66, 0.96, 95.0),
        ("Stroke occurred less often (hazard ratio, 0.79; 95% confidence interval [CI], 0.66 to 0.96; P<0.001).", 0.79, 0.66, 0.96, 95.0),
        ("HbA1c fell by a mean difference of -1.9 [95% CI: -3.4, -0.8] points.", -1.9, -3.4, -0.8, 95.0),
        ("The difference was \u22120.42% (95% CI \u22120.62% to \u22120.23%).", -0.42, -0.62, -0.23, 95.0),
        ("Median OS was 12.1 months (95% CI, 10.2\u201314.3).", 12.1, 10.2, 14.3, 95.0),
        ("The odds ratio was 2.7, 95% CI: 1.2-6.1, P = 0.022.", 2.7, 1.2, 6.1, 95.0),
        ("Mortality was 24\u00b77% (95%\u2009CI 20\u00b71\u201329\u00b70) in the trial.", 24.7, 20.1, 29.0, 95.0),
        ("Survival was 45.0% (90% CI 40.1 to 50.2).", 45.0, 40.1, 50.2, 90.0),
    ],
)
def test_estimate_with_ci(text, value, low, high, level):
    c = one(text, kind="estimate", value=value)
    assert (c.ci_low, c.ci_high, c.ci_level) == (low, high, level)


def test_list_items_whose_ci_omits_the_label():
    text = ("Hazard ratios for death and for failure were 1.02 (95% CI 0.79-1.31), 1.07 (0.80-1.41) "
            "and 0.95 (0.66-1.37).")
    got = [(c.value, c.ci_low, c.ci_high) for c in extract_text_claims(text) if c.kind == "estimate"]
    assert got == [(1.02, 0.79, 1.31), (1.07, 0.80, 1.41), (0.95, 0.66, 1.37)]
    assert all(c.measure == "hazard ratio" for c in extract_text_claims(text))


def test_open_upper_bound():
    c = one("Median PFS was 30.1 months (95% CI, 23.7-not reached).", kind="estimate")
    assert (c.value, c.ci_low, c.ci_high, c.ci_high_open, c.endpoint) == (30.1, 23.7, None, True, "progression-free survival")


def test_range_is_not_a_ci():
    claims = extract_text_claims("The median age was 61 years (range, 45-79) and 95% CI were reported elsewhere.")
    assert all(c.ci_low is None for c in claims)


def test_p_value_attached_to_its_comparison():
    text = "Response was more frequent with the drug (5.7% vs 22.4%; P = .03)."
    claims = extract_text_claims(text)
    assert [(c.value, c.p_value) for c in claims] == [(5.7, "P = .03"), (22.4, "P = .03")]


def test_p_value_alone_is_its_own_claim():
    c = one("No differences were found between the groups (P > 0.05).", kind="p_value")
    assert c.p_value == "P > 0.05" and c.quote == "P > 0.05"


def test_n_of_n_with_percentage():
    c = one("Response was established in 24 of 49 (49.0%) pretreated patients.", kind="count")
    assert (c.n, c.denominator, c.value, c.unit) == (24, 49, 49.0, "%")


def test_n_with_percentage():
    c = one("A total of 28 patients (93%) were MRD-negative.", kind="count")
    assert (c.n, c.value, c.endpoint) == (28, 93.0, "MRD negativity")


@pytest.mark.parametrize(
    "text, n",
    [
        ("Thirty patients were randomized to the two groups.", 30),
        ("Twenty-seven participants were enrolled.", 27),
        ("We randomly assigned 1,013 participants from 12 villages.", 1013),
        ("A total of 40 patients with severe sepsis were included.", 40),
    ],
)
def test_sample_sizes_in_digits_and_words(text, n):
    c = [c for c in extract_text_claims(text) if c.kind == "sample_size"][0]
    assert c.n == n and c.value == n


def test_follow_up_with_iqr():
    c = one("After a median follow-up of 5.2 years (IQR 3.1-7.0), 40 patients had died.", kind="follow_up")
    assert (c.value, c.unit, c.range_low, c.range_high, c.range_kind) == (5.2, "years", 3.1, 7.0, "IQR")


def test_adverse_events_by_type_and_grade():
    text = "Twelve grade 3 or higher adverse events occurred (neutropenia [5 events], rash [4], and fatigue [3])."
    claims = [c for c in extract_text_claims(text) if c.kind == "adverse_event"]
    assert [(c.endpoint, c.value, c.grade) for c in claims] == [
        ("adverse events", 12.0, "grade 3 or higher"), ("neutropenia", 5.0, "grade 3 or higher"),
        ("rash", 4.0, "grade 3 or higher"), ("fatigue", 3.0, "grade 3 or higher")]


def test_mean_and_sd():
    text = "The mean size was 4.6 +/-1.77 mm and 4.0 \u00b1 0.93 mm in group 1 and group 2, respectively."
    claims = [c for c in extract_text_claims(text) if c.kind == "estimate"]
    assert [(c.value, c.sd, c.unit, c.arm) for c in claims] == [(4.6, 1.77, "mm", "group 1"), (4.0, 0.93, "mm", "group 2")]


def test_threshold_in_scientific_notation():
    c = one("Low MRD was defined as <5\u00d710\u22124 leukemic cells.", kind="threshold")
    assert (c.value, c.qualifier, c.quote) == (0.0005, "<", "<5\u00d710\u22124")


def test_fraction_words():
    c = one("Relapses occur in two-thirds of patients within a year.")
    assert (c.value, c.value_text, c.endpoint, c.timepoint) == (66.67, "two-thirds", "relapse", "within a year")


def test_respectively_assigns_arms_in_order():
    text = "The response rate was 41% and 59% in the placebo and etoricoxib groups, respectively."
    claims = extract_text_claims(text)
    assert [(c.value, c.arm, c.comparator, c.endpoint) for c in claims] == [
        (41.0, "placebo group", "etoricoxib group", "response rate"),
        (59.0, "etoricoxib group", "placebo group", "response rate")]


def test_corresponding_values_inherit_arms_and_timepoint():
    text = ("Two-year event-free survival was 70.1% in our study (95% CI, 60.0 to 78.0), as compared with 40.2% "
            "(95% CI, 35.0 to 45.0) in the control trial; the corresponding values for overall survival were "
            "90.0% (95% CI, 80.0 to 95.0) and 60.0% (95% CI, 55.0 to 65.0).")
    claims = extract_text_claims(text)
    assert [(c.endpoint, c.value, c.timepoint, c.arm, c.comparator) for c in claims] == [
        ("event-free survival", 70.1, "Two-year", "our study", "control trial"),
        ("event-free survival", 40.2, "Two-year", "control trial", "our study"),
        ("overall survival", 90.0, "Two-year", "our study", "control trial"),
        ("overall survival", 60.0, "Two-year", "control trial", "our study"),
    ]


def test_abbreviation_defined_in_text_is_expanded():
    text = "Urinary sodium (UNa) was measured. The UNa was 101 mmol (95% CI 95 to 107) at baseline."
    c = one(text, kind="estimate")
    assert c.endpoint == "urinary sodium" and c.endpoint_text == "UNa"


def test_unicode_spacing_keeps_offsets():
    text = "Overall\u00a0survival was 93.3%\u2009(95%\u00a0CI, 75.9\u201398.3) at 2\u00a0years."
    c = one(text, kind="estimate")
    assert (c.value, c.ci_low, c.ci_high) == (93.3, 75.9, 98.3)
    assert text[c.start:c.end] == c.quote and c.quote.startswith("93.3%")


def test_group_sizes_carry_their_arm():
    text = "Patients were randomised to peer-led structured patient education (n = 76) or conventional care alone (n = 75)."
    got = [(c.n, c.arm) for c in extract_text_claims(text) if c.kind == "sample_size"]
    assert got == [(76, "peer-led structured patient education"), (75, "conventional care alone")]
    text = "In total 334 participants were enrolled; 221 and 113 in vaccine and control arms, respectively."
    got = [(c.n, c.arm) for c in extract_text_claims(text) if c.kind == "sample_size"]
    assert got == [(334, ""), (221, "vaccine arm"), (113, "control arm")]


def test_thousands_separated_by_thin_spaces_are_one_number():
    c = one("A total of 12\u202f345 adults were screened.", kind="sample_size")
    assert (c.n, c.quote) == (12345, "A total of 12\u202f345 adults")


def test_p_value_alone_names_what_it_tests():
    c = one("There was significantly less nausea (P = 0.037) in the CI arm.", kind="p_value")
    assert c.endpoint == "nausea"
