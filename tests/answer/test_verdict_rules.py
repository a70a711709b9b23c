"""Each verdict rule alone, on the shipped seed corpus: it decides the class it is written for and
leaves other figures to the rules after it (returns None)."""

from __future__ import annotations

import pytest

from answer.corpus_view import CitationList, view_of
from answer.figure_context import Reading, arm_relation
from answer.sentence_figures import figures_of
from answer.verdict_rules import (
    VERDICT_RULES,
    FigureCase,
    from_to,
    means_something_else,
    other_arm,
    other_timepoint_only,
    other_timepoints_only,
    raw_mention,
    same_endpoint_other_value,
    same_value,
    verdict_rule,
)
from index import ClaimIndex, HashingEmbedder


@pytest.fixture(scope="module")
def idx(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("verdict-rules") / "index", embedder=HashingEmbedder())


def case_of(sentence: str, idx, which: int = 0) -> FigureCase:
    view = view_of(idx)
    return FigureCase(figures_of(sentence)[which], view.claims, view, CitationList(view), sentence)


def test_rules_run_in_their_stated_order_and_orders_are_unique():
    names = [r.name for r in VERDICT_RULES]
    assert names == ["from_to", "other_timepoint_only", "same_value", "other_arm", "other_timepoint",
                     "same_endpoint_other_value", "means_something_else", "raw_mention", "other_timepoints_only"]
    with pytest.raises(ValueError, match="two verdict rules at order 20"):
        verdict_rule(order=20)(lambda case: None)


def test_same_value_supports_the_figure_rounded_and_not_another_value(idx):
    out = same_value(case_of("Two-year disease-free survival was 82%.", idx))
    assert out.status == "supported" and out.source_figure == "81.6%" and "rounded" in out.explanation
    assert same_value(case_of("Two-year disease-free survival was 90% in the study.", idx)) is None


def test_same_value_contradicts_a_wrong_interval_stated_in_the_sentence(idx):
    out = same_value(case_of("Two-year disease-free survival was 81.6% (95% CI, 70.1 to 92.0).", idx))
    assert out.status == "contradicted" and "60.8 to 92" in out.explanation
    right = same_value(case_of("Two-year disease-free survival was 81.6% (95% CI, 60.8 to 92.0).", idx))
    assert right.status == "supported"


def test_other_timepoint_only(idx):
    out = other_timepoint_only(case_of("Disease-free survival at five years was 81.6%.", idx))
    assert out.status == "misleading" and "2 years" in out.explanation
    assert other_timepoint_only(case_of("Two-year disease-free survival was 81.6%.", idx)) is None


def test_other_arm(idx):
    out = other_arm(case_of("Disease-free survival was 49.4% with blinatumomab.", idx))
    assert out.status == "misleading" and "comparison group" in out.explanation
    assert other_arm(case_of("Disease-free survival was 81.6% with blinatumomab.", idx)) is None


def test_same_endpoint_other_value_wins_over_a_number_found_elsewhere(idx):
    out = same_endpoint_other_value(case_of("Overall survival was 60.8%.", idx))
    assert out.status == "contradicted" and out.source_figure == "93.3%"
    assert "lower bound of the confidence interval" in out.explanation
    assert same_endpoint_other_value(case_of("Blinatumomab cured 93% of infants.", idx)) is None


def test_means_something_else_names_the_composite(idx):
    out = means_something_else(case_of("93% of infants were MRD-negative.", idx))
    assert out.status == "misleading" and "composite" in out.explanation
    cured = means_something_else(case_of("Blinatumomab cured 93% of infants.", idx))
    assert cured.status == "misleading" and "low levels of MRD" in cured.explanation


def test_raw_mention_needs_the_source_to_say_what_happened(idx):
    assert raw_mention(case_of("Blinatumomab cured 93% of infants.", idx)) is None


def test_other_timepoints_only(idx):
    out = other_timepoints_only(case_of("Overall survival at five years was 50%.", idx))
    assert out.status == "not_found" and "other timepoints" in out.explanation
    assert other_timepoints_only(case_of("Two-year overall survival was 50%.", idx)) is None


def test_from_to_needs_the_same_start_and_decides_the_end(tmp_path):
    # a real sentence of the fenofibrate sleep-apnoea abstract (PubMedQA 20297950)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fenofibrate.txt").write_text(
        "Fenofibrate and sleep apnoea\n\nTreatment reduced obstructive apnoeas (by 44%, from 18.5 at baseline to "
        "15.0 at end of treatment vs. 29.0 to 30.5 on placebo, p = 0.048), and non-cortical micro-awakenings per "
        "hour (from 23.5 to 18.0 vs. 24.0 to 25.0 with placebo, p = 0.004).\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    wrong = "Micro-awakenings per hour fell from 23.5 to 15.0 with fenofibrate."
    end = from_to(case_of(wrong, idx, which=1))
    assert end.status == "contradicted" and end.source_figure == "18.0" and "from 23.5 to 18.0" in end.explanation
    assert from_to(case_of(wrong, idx, which=0)).status == "supported"
    # another start value is no reading of the source's change: other rules decide
    assert from_to(case_of("Micro-awakenings per hour fell from 30.0 to 18.0 with fenofibrate.", idx, which=1)) is None
    assert from_to(case_of("Micro-awakenings per hour were 18.0 with fenofibrate.", idx)) is None


def test_a_column_before_the_treatment_is_not_the_treated_group():
    treated = Reading(key="", timepoint="", control=False, unit_class="percent", arm="phlebotomy training")
    before = Reading(key="", timepoint="", control=False, unit_class="percent",
                     arm="before phlebotomy training may 2014 n chc")
    after = Reading(key="", timepoint="", control=False, unit_class="percent", arm="after phlebotomy training")
    change = Reading(key="", timepoint="", control=False, unit_class="number", arm="change from baseline training")
    assert arm_relation(treated, before) == "other"
    assert arm_relation(treated, after) == "same" and arm_relation(treated, change) == "same"


def test_a_group_named_by_its_initials_is_the_same_group():
    from answer.sentence_figures import figures_of
    [fig] = [f for f in figures_of("The mean morphine requirement was 34.57 with Transversus abdominis plane block.")
             if f.claim.value == 34.57]
    assert fig.reading.arm == "transversus abdominis plane"
    tap = Reading(key="", timepoint="", control=False, unit_class="number", arm="tap")
    local = Reading(key="", timepoint="", control=False, unit_class="number", arm="local infiltration")
    assert arm_relation(fig.reading, tap) == "same" and arm_relation(fig.reading, local) == "other"
