"""Sample sizes of the randomisation story (issue 15, round 2): each class seen in the enlarged dev
gold, written with other numbers and words so a rule naming one abstract would not pass them."""

from __future__ import annotations

import pytest

from extract import extract_text_claims


def sizes(text):
    return [int(c.n) for c in extract_text_claims(text) if c.kind == "sample_size"]


@pytest.mark.parametrize("text, expected", [
    # thousands grouped by a plain space (a thin space lost on the way to plain text)
    ("12 604 women were randomly assigned to screening and 12 377 to usual care.", [12604, 12377]),
    ("Among 41 208 patients enrolled, 3 911 were excluded.", [41208]),
])
def test_thousands_grouped_by_a_space_are_one_number(text, expected):
    assert sizes(text) == expected


def test_eligible_and_attended_belong_to_the_story():
    text = ("8 412 in the screening group and 8,390 in the control group were eligible for analysis, "
            "of whom 7,020 and 6,977, respectively, attended the follow-up visit.")
    assert sizes(text) == [8412, 8390, 7020, 6977]


def test_the_second_number_of_an_elliptical_pair_is_a_size_too():
    text = "In all, 2,104 patients from the surgical group and 1,987 from the medical group had a second assessment."
    assert sizes(text) == [2104, 1987]


def test_an_elliptical_pair_that_goes_on_to_an_outcome_is_not_a_size():
    assert sizes("Overall, 14 patients in group A and 9 in group B died.") == []


def test_per_arm_sizes_in_brackets_after_the_arms_of_an_allocation():
    text = "Patients were randomly assigned to intensive therapy (88 patients) or standard therapy (91 patients)."
    assert sizes(text) == [88, 91]


def test_pooled_people_in_brackets_after_the_trials_counted():
    assert sizes("Seven randomised controlled trials (3126 participants) were included.") == [3126]


def test_a_subgroup_in_brackets_is_still_a_count():
    got = [(c.kind, c.n) for c in extract_text_claims("Of the cohort, most were older (412 women) and had diabetes.")]
    assert ("sample_size", 412) not in got


def test_groups_named_by_letter():
    text = "310 patients were randomly assigned (78 to each of groups A-C, 76 to group D)."
    assert sizes(text) == [310, 78, 76]


def test_of_whom_n_included_in_the_analysis():
    text = "Follow-up data were obtained for 640 participants, 512 of whom had a colonoscopy and are included in this analysis."
    assert sizes(text) == [640, 512]


@pytest.mark.parametrize("text", [
    # the number counts the sentence's articles or contrasts, not people
    "Twenty-one original articles were included: 13 in children and 8 in adults.",
    "Nine trials including 11 contrasts met criteria (drug A [n = 4], drug B [n = 7]).",
])
def test_numbers_that_count_units_that_are_not_people(text):
    assert sizes(text) == []


def test_n_after_the_units_pooled_is_people():
    assert sizes("Eleven studies were pooled (6 cohort studies, n = 18,310; 5 trials, n = 904).") == [18310, 904]


@pytest.mark.parametrize("text", [
    "Patients were randomly assigned (2:1 in group 1 and 3:1 in group 2) to receive the study drug.",
    "Overall, 41 patients in the surgery group and 38 in the medical group reached the primary endpoint.",
])
def test_allocation_ratios_and_people_who_reached_an_outcome_are_no_sizes(text):
    assert sizes(text) == []


def test_people_first_in_a_bracket_of_totals_after_the_trials_pooled():
    text = "We did a meta-analysis of 9 randomised trials of folic acid and stroke risk (31,208 individuals, 1540 strokes)."
    assert sizes(text) == [31208]


@pytest.mark.parametrize("text", [
    "Rescue surgery was less frequently needed in the stent group (n = 7) than in the balloon group (n = 18) (P = .01).",
    "Wound infection occurred in the drain group (n = 11) and in the no-drain group (n = 4).",
])
def test_an_n_after_an_event_counts_the_people_it_happened_to(text):
    assert sizes(text) == []


def test_an_n_after_a_group_that_was_studied_is_still_a_size():
    assert sizes("Patients in the exercise arm (n = 64) had lower pain scores than controls (n = 61).") == [64, 61]


def test_people_defined_by_an_event_in_a_relative_clause_are_a_compared_subgroup():
    text = ("Patients in the pooled arms (n = 4210) who developed atrial fibrillation (n = 57) had higher "
            "mortality than those who did not (21.1% vs 6.3%).")
    assert sizes(text) == [4210, 57]


# Round 3: the participation story of surveys and cohorts, and the bases of rates (third dev batch's
# classes, written with other numbers and nouns)
def test_invited_people_who_take_part_are_samples_not_responders():
    assert sizes("In all, 812 (64%) of 1,270 invited nurses responded to the questionnaire.") == [812, 1270]
    assert sizes("Altogether 3,406 eligible adults agreed to take part.") == [3406]


def test_a_share_of_people_named_by_a_story_verb_is_two_sizes():
    text = "Charts were abstracted for 61 of 88 children enrolled at the first visit."
    assert sizes(text) == [61, 88]


def test_a_share_named_by_the_story_that_goes_on_to_an_outcome_is_a_count():
    claims = extract_text_claims("In the control arm, 14 of 52 patients randomised relapsed within a year.")
    assert [c.kind for c in claims if c.n == 14] == ["count"]
    assert sizes("In the control arm, 14 of 52 patients randomised relapsed within a year.") == []


def test_a_bare_number_completing_the_study_after_the_enrolled():
    assert sizes("Of 240 volunteers enrolled, 203 completed the trial.") == [240, 203]


def test_the_base_of_a_rate_or_a_ratio_is_not_a_sample():
    assert sizes("The incidence was 4.2 per 1000 women in the screened group.") == []
    assert sizes("Each case was matched to three control participants per hospital.") == []
    assert sizes("We enrolled 450 participants.") == [450]


def test_people_per_group_are_kept_not_refused_as_a_rate_base():
    # "per group" gives the size of each group: the people stay a claim (a bracketed count here)
    claims = extract_text_claims("Doses of 1, 5 and 25 mg or placebo (six volunteers per group) were administered.")
    assert [c.n for c in claims if c.kind in ("count", "sample_size")] == [6]
