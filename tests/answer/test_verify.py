"""verify(): each figure of a sentence against the sources, with the citation that decides it.

Seeds: the tricky set of the issue (a CI bound quoted as the estimate, another arm, another endpoint,
a composite outcome, a rounded value). Real abstracts: claims written by hand from Evidence Inference
abstracts read from ../shared/eval, with the answer a reader of the abstract gives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from answer import verify
from index import ClaimIndex, HashingEmbedder
from tests.conftest import require_eval

GOLD = json.loads((Path(__file__).parents[1] / "gold" / "answer_verify_seeds.json").read_text())
ABSTRACT_GOLD = json.loads((Path(__file__).parents[1] / "gold" / "answer_verify_abstracts.json").read_text())


@pytest.fixture(scope="module")
def idx(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("answer-verify") / "index", embedder=HashingEmbedder())


@pytest.fixture(scope="module")
def abstracts_idx(tmp_path_factory):
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    work = tmp_path_factory.mktemp("answer-verify-abstracts")
    for name in ABSTRACT_GOLD["abstracts"]:
        shutil.copy(folder / f"{name}.abst", work / f"{name}.abst")
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


def assert_citations_exact(v, idx):
    for c in v.citations:
        doc = idx.document(c.doc_id)
        assert doc.text[c.start:c.end] == c.quote and doc.is_citable(c.start, c.end)
    for f in v.figures:
        assert v.sentence[f.start:f.end] == f.figure
        if f.status != "not_found":
            assert f.citation is not None and f.citation in v.citations


@pytest.mark.parametrize("case", GOLD["cases"], ids=lambda c: c["sentence"])
def test_seed_sentences_get_the_right_verdict(case, idx):
    v = verify(case["sentence"], idx)
    assert v.verdict == case["verdict"], [(f.figure, f.status, f.explanation) for f in v.figures]
    deciding = [f for f in v.figures if f.status == case["verdict"]]
    if "explains" in case:
        assert any(case["explains"] in f.explanation for f in deciding), [f.explanation for f in deciding]
    if "source" in case:
        assert any(f.source_figure == case["source"] for f in deciding)
    if case["verdict"] != "not_found":
        assert v.citations, "a decided verdict cites the passage that decides it"
    assert_citations_exact(v, idx)


def test_never_supported_for_a_contradicted_or_misleading_figure(idx):
    wrong = [c for c in GOLD["cases"] if c["verdict"] in {"contradicted", "misleading"}]
    assert len(wrong) >= 10
    for case in wrong:
        v = verify(case["sentence"], idx)
        assert v.verdict != "supported" and all(f.status != "supported" or len(v.figures) > 1 for f in v.figures)


def test_the_deciding_passage_is_the_one_that_states_the_figure(idx):
    v = verify("95% of infants survived two years.", idx)
    f = v.figures[0]
    assert f.claim.value == 93.3
    assert "overall survival were 93.3%" in f.citation.quote


def test_a_paragraph_gets_one_entry_per_figure(idx):
    text = ("Blinatumomab was given to 30 infants. Two-year disease-free survival was 82%, "
            "and overall survival was 60.8%.")
    v = verify(text, idx)
    # 60.8% is a CI bound, and the source gives overall survival another value: contradicted by it
    assert [(f.figure, f.status) for f in v.figures] == [("30", "supported"), ("82%", "supported"),
                                                         ("60.8%", "contradicted")]
    assert v.verdict == "contradicted"
    assert v.counts == {"contradicted": 1, "supported": 2}
    assert v.explanation.startswith("3 figure(s): 1 contradicted, 2 supported")


def test_verify_is_deterministic(idx):
    s = "Disease-free survival was 49.4% with blinatumomab."
    assert verify(s, idx).model_dump() == verify(s, idx).model_dump()


@pytest.mark.parametrize("bad", ["", "  ", None])
def test_empty_sentence_is_a_clear_error(bad, idx):
    with pytest.raises(ValueError, match="non-empty sentence"):
        verify(bad, idx)


@pytest.mark.parametrize("case", ABSTRACT_GOLD["cases"], ids=lambda c: c["sentence"])
def test_claims_written_from_real_abstracts(case, abstracts_idx):
    v = verify(case["sentence"], abstracts_idx)
    assert v.verdict == case["verdict"], [(f.figure, f.status, f.explanation) for f in v.figures]
    if "source" in case:
        assert any(f.source_figure == case["source"] for f in v.figures if f.status == case["verdict"])
    assert_citations_exact(v, abstracts_idx)


def test_with_several_studies_a_figure_is_checked_against_its_own_study(tmp_path, corpus_dir):
    abstract = require_eval("evidence_inference", "ev2_test_abstracts", "PMC1569640.abst")
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    shutil.copy(abstract, tmp_path / "corpus" / abstract.name)
    idx = ClaimIndex.build(tmp_path / "corpus", tmp_path / "index", embedder=HashingEmbedder())
    # 30 is the blinatumomab study's size, not a figure of the nateglinide trial.
    v = verify("30 patients were randomized to nateglinide.", idx)
    assert v.verdict != "supported"
    assert verify("30 infants were treated with blinatumomab.", idx).verdict == "supported"
    assert verify("133 patients were randomized to nateglinide.", idx).verdict == "supported"


def test_a_huge_paste_is_checked_in_its_first_figures_and_says_so(idx):
    from answer.sentence_figures import MAX_CHARS, MAX_FIGURES

    v = verify("Two-year overall survival was 93.3%. " + "81.6% " * 2000, idx)
    assert len(v.figures) == MAX_FIGURES
    assert v.figures[0].status == "supported"
    assert f"first {MAX_FIGURES} figures" in v.explanation and f"first {MAX_CHARS} characters" in v.explanation


def test_paragraph_figures_are_read_in_their_own_sentence(idx):
    # A pasted paragraph: the second sentence names its group up front ("In the Interfant-06 trial"),
    # so its 65.8% is the control figure and supported, while the first sentence's 95% is contradicted.
    v = verify("Blinatumomab lifted two-year overall survival to 95%. "
               "In the Interfant-06 trial overall survival was 65.8%.", idx)
    status = {f.figure: f.status for f in v.figures}
    assert status == {"95%": "contradicted", "65.8%": "supported"}
    assert v.verdict == "contradicted"
    decided = {f.figure: f.claim.value for f in v.figures}
    assert decided == {"95%": 93.3, "65.8%": 65.8}


@pytest.fixture(scope="module")
def arms_idx(tmp_path_factory):
    """Abstracts whose per-arm figures come in lists: "50%, 21%, and 11%, respectively",
    "10.4 months and 12.7 months ... in arms A and B respectively"."""
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    work = tmp_path_factory.mktemp("answer-verify-arms")
    for name in ("PMC4914313", "PMC1713262", "PMC3687883"):
        shutil.copy(folder / f"{name}.abst", work / f"{name}.abst")
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


@pytest.mark.parametrize("sentence", [
    "Median progression-free survival was 12.7 months in arm A.",  # arm A: 10.4; 12.7 is arm B
    "Parasitological failure was 3% with mefloquine.",  # mefloquine: 0%
])
def test_a_figure_for_one_arm_is_never_supported_by_an_unattributed_list(sentence, arms_idx):
    v = verify(sentence, arms_idx)
    assert v.verdict != "supported", [(f.figure, f.status, f.explanation) for f in v.figures]
    assert_citations_exact(v, arms_idx)


def test_wording_alone_does_not_support_one_of_two_numbers_of_a_sentence(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(
        "Keytruda trial\n\nIn the trial, median survival was 10.3 months for Keytruda patients and 7.4 months "
        "for those given chemotherapy.\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    v = verify("Median survival was 7.4 months with Keytruda.", idx)
    assert v.verdict != "supported", [(f.figure, f.status, f.explanation) for f in v.figures]


@pytest.fixture(scope="module")
def three_studies(tmp_path_factory):
    work = tmp_path_factory.mktemp("answer-verify-three")
    corpus = work / "corpus"
    corpus.mkdir()
    texts = {
        "memantine.txt": "Memantine in Alzheimer disease\n\nA total of 677 patients were randomized to receive "
                         "extended-release memantine or placebo. The median follow-up was 24 months.\n",
        "keytruda.txt": "Keytruda in lung cancer\n\nAmong 305 patients, the median follow-up was 18.5 months. "
                        "Among women receiving Keytruda, 36 percent were alive at 18 months, compared with 20.5 "
                        "percent of those receiving chemotherapy.\n",
        "malaria.txt": "Malaria chemoprophylaxis in Gambian children\n\nFifteen villages took part and 1,190 "
                       "children were enrolled. The median follow-up was 17 years.\n",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return ClaimIndex.build(corpus, work / "idx", embedder=HashingEmbedder())


def test_a_rare_word_of_the_sentence_picks_its_study(three_studies):
    v = verify("A total of 677 patients took part in the memantine study.", three_studies)
    assert v.verdict == "supported"
    assert all("memantine" in c.quote for c in v.citations)


def test_an_unnamed_study_is_not_contradicted_by_whichever_study_search_finds(three_studies):
    # three studies report a median follow-up; the sentence names none of them
    v = verify("The median follow-up was 61 months.", three_studies)
    assert v.verdict == "not_found", [(f.figure, f.status, f.explanation) for f in v.figures]


def test_a_group_named_before_the_figure_is_its_arm(three_studies):
    wrong = verify("Among women receiving Keytruda, 20.5 percent were alive at 18 months.", three_studies)
    assert wrong.verdict == "misleading", [(f.figure, f.status, f.explanation) for f in wrong.figures]
    right = verify("Among women receiving Keytruda, 36 percent were alive at 18 months.", three_studies)
    assert right.verdict == "supported", [(f.figure, f.status, f.explanation) for f in right.figures]


@pytest.fixture(scope="module")
def endpoints_idx(tmp_path_factory):
    """Salt reduction (systolic 2.54, diastolic 3.95 mmHg at six months), infusion chemotherapy
    (overall response 69%, of which 30% complete), and an activity trial (OR = 2.86 at 12 months)."""
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    work = tmp_path_factory.mktemp("answer-verify-endpoints")
    for name in ("PMC1382202", "PMC1968524", "PMC4733100"):
        shutil.copy(folder / f"{name}.abst", work / f"{name}.abst")
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


@pytest.mark.parametrize("sentence, verdict", [
    ("Salt reduction lowered systolic blood pressure by 3.95 mmHg at six months.", "contradicted"),  # 3.95 is diastolic
    ("Salt reduction lowered diastolic blood pressure by 3.95 mmHg at six months.", "supported"),
    ("The complete response rate with continuous infusion was 69%.", "contradicted"),  # 69% is the overall response
    ("The complete response rate with continuous infusion was 30%.", "supported"),
])
def test_endpoints_our_keys_share_are_told_apart_by_their_qualifier(sentence, verdict, endpoints_idx):
    v = verify(sentence, endpoints_idx)
    assert v.verdict == verdict, [(f.figure, f.status, f.explanation) for f in v.figures]
    assert_citations_exact(v, endpoints_idx)


def test_a_ratio_in_brackets_is_checked(endpoints_idx):
    v = verify("The intervention raised the odds of meeting activity guidelines at 12 months (OR 2.86).", endpoints_idx)
    assert [(f.figure, f.status) for f in v.figures] == [("2.86", "supported")]


@pytest.mark.parametrize("sentence, verdict", [
    ("The placebo group had 4347 non-severe hypoglycaemic episodes.", "misleading"),  # 4347 is metformin's
    ("The metformin group had 4347 non-severe hypoglycaemic episodes.", "supported"),
    ("The placebo group had 3161 non-severe hypoglycaemic episodes.", "supported"),
])
def test_a_group_that_is_the_subject_of_the_clause_is_the_figures_arm(sentence, verdict, tmp_path):
    abstract = require_eval("evidence_inference", "ev2_test_abstracts", "PMC4771973.abst")
    (tmp_path / "corpus").mkdir()
    shutil.copy(abstract, tmp_path / "corpus" / abstract.name)
    idx = ClaimIndex.build(tmp_path / "corpus", tmp_path / "idx", embedder=HashingEmbedder())
    v = verify(sentence, idx)
    assert v.verdict == verdict, [(f.figure, f.status, f.explanation) for f in v.figures]


# ---- issue 14: news wording, non-result numbers, an honest summary ---------------------------------

@pytest.mark.parametrize("text", [
    "Patients received 20 mg daily for 14 days.",
    "Grade 3 or 4 events occurred in patients with type 1 diabetes.",
    "The third-generation drug was given at week 12 and on day 14 to adults aged 18 to 65.",
    "A 500-mg dose was given.",
    "Median age was 55 years.",
    "Patients had a block with 0.375% ropivacaine or applied pimecrolimus cream 1%.",
    "The 24 h morphine requirement was recorded.",  # a time that names the endpoint, not a result
    "The 6-minute walk distance and the 24-hour urine sodium were measured with a 12-lead ECG.",  # test names
])
def test_numbers_that_are_not_results_are_never_checked(text):
    from answer.sentence_figures import figures_of
    assert figures_of(text) == [], [f.claim.quote for f in figures_of(text)]


@pytest.mark.parametrize("text, value", [
    ("One in four patients died.", 25.0), ("Almost a quarter of patients relapsed.", 25.0),
    ("Thirty-eight percent responded.", 38.0), ("About a third had a rash.", 33.33),
    ("Nearly all patients survived.", 100.0), ("The syndrome affected one in ten patients.", 10.0),
])
def test_shares_in_words_are_read_as_percentages(text, value):
    from answer.sentence_figures import figures_of
    figs = figures_of(text)
    assert [(f.claim.value, f.claim.unit) for f in figs] == [(value, "%")]


def test_the_verdict_counts_every_status_and_lists_what_no_figure_covers(idx):
    v = verify("Blinatumomab was given to 30 infants, overall survival was 60.8% and no toxic effects were seen.", idx)
    assert v.verdict == "contradicted"
    assert v.counts == {"contradicted": 1, "supported": 1, "not_checked": 1}
    assert v.explanation.startswith("2 figure(s): 1 contradicted, 1 supported, 1 not checked")
    [stmt] = v.not_checked
    assert stmt.statement == "no toxic effects were seen"
    assert v.sentence[stmt.start:stmt.end] == stmt.statement
    assert stmt.nearest is not None and stmt.nearest in v.citations
    assert "toxic effects" in stmt.nearest.quote.lower()


def test_the_time_a_figure_was_measured_is_read_with_it_not_checked_alone():
    """'95% responded within 24 hours', 'survival at 2 years was 93.3%': the time is the other
    figure's timepoint; a follow-up duration stays a figure of its own."""
    from answer.sentence_figures import figures_of

    assert [f.claim.quote for f in figures_of("In the starch group, only 60% responded within 24 hours.")] == ["60%"]
    assert [f.claim.quote for f in figures_of("Overall survival at 2 years was 93.3% with blinatumomab.")] == ["93.3%"]
    assert [f.claim.quote for f in figures_of("Median follow-up was 26.3 months.")] == ["26.3 months"]


NEWS_DEV = json.loads((Path(__file__).parents[1] / "gold" / "verify_news_dev.json").read_text())


@pytest.fixture(scope="module")
def news_dev_idx(tmp_path_factory):
    """The PubMedQA RCT abstracts of the hand-written news sentences (gold/verify_news_dev.json)."""
    pqa = json.loads(require_eval("pubmedqa", "ori_pqal.json").read_text(encoding="utf-8"))
    work = tmp_path_factory.mktemp("answer-verify-news-dev")
    for pid in NEWS_DEV["abstracts"]:
        (work / f"{pid}.txt").write_text(pqa[pid]["QUESTION"] + "\n\n" + " ".join(pqa[pid]["CONTEXTS"]) + "\n",
                                         encoding="utf-8")
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


@pytest.mark.parametrize("case", NEWS_DEV["cases"], ids=lambda c: c["sentence"])
def test_hand_written_news_sentences_get_their_verdict(case, news_dev_idx):
    """A dose-named group ("the 500-mg group"), "seen in" for "observed in", a difference in points
    read as one figure, "fell from X to Y": each against the abstract's own sentence."""
    v = verify(case["sentence"], news_dev_idx)
    assert v.verdict == case["verdict"], [(f.figure, f.status, f.explanation) for f in v.figures]
    assert_citations_exact(v, news_dev_idx)


def test_from_x_to_y_is_checked_as_one_change_from_the_same_start(news_dev_idx):
    # the abstract: "obstructive apnoeas (by 44%, from 18.5 at baseline to 15.0 at end of treatment"
    right = verify("Obstructive apnoeas fell from 18.5 to 15.0 with fenofibrate.", news_dev_idx)
    assert right.verdict == "supported", [(f.figure, f.status, f.explanation) for f in right.figures]
    wrong = verify("Obstructive apnoeas fell from 18.5 to 12.0 with fenofibrate.", news_dev_idx)
    assert [(f.figure, f.status, f.source_figure) for f in wrong.figures] == \
        [("18.5", "supported", "18.5"), ("12.0", "contradicted", "15.0")]


def test_a_difference_in_points_is_one_figure_not_also_a_bare_number(news_dev_idx):
    v = verify("Atropine lowered hypersalivation by 19.4 percentage points.", news_dev_idx)
    assert [(f.figure, f.status) for f in v.figures] == [("19.4 percentage points", "supported")]


@pytest.mark.parametrize("sentence, arm", [
    ("With 0.2 mg oral clonidine, 17.5% of patients were sedated.", "clonidine"),  # dose and route first
    ("The mean improvement in nursing was 158.52 with phase I externship program.", "phase i externship"),
])
def test_the_group_of_a_checked_figure_is_read_past_its_dose_and_its_quote(sentence, arm):
    from answer.sentence_figures import figures_of
    assert [f.reading.arm for f in figures_of(sentence)] == [arm]


def test_a_figure_after_a_comparison_word_belongs_to_the_group_it_names(tmp_path):
    """Real sentences of PMC5055753 (Yun 2024): the extractor gives every figure to the clonidine
    group; the group named after 'compared to' / 'than that for' owns the figures after it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "premedication.txt").write_text(
        "Oral clonidine versus midazolam as premedication\n\nThe percentages of patients in the calm and "
        "sedated scale were significantly higher in clonidine group (35 and 42.5%, respectively), compared to "
        "the midazolam group (17.5 and 17.5%, respectively) (P = 0.042, 0.029; respectively). Those "
        "administered fentanyl in the clonidine group 105 ± 30.8 was significantly lower than that for the "
        "midazolam group 165 ± 34.5 (P = 0.0018).\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    for sentence in ("With 0.2 mg oral clonidine, 17.5% of patients were in the sedated scale.",
                     "Fentanyl administered was 165 with 0.2 mg oral clonidine."):
        v = verify(sentence, idx)
        assert v.verdict == "misleading", [(f.figure, f.status, f.explanation) for f in v.figures]
        assert "midazolam" in v.figures[0].explanation
    v = verify("Fentanyl administered was 105 with 0.2 mg oral clonidine.", idx)
    assert v.verdict == "supported", [(f.figure, f.status, f.explanation) for f in v.figures]


def test_the_use_an_example_sentence_reads_the_comparison_group_of_its_second_figure(idx):
    """'compared with 66% of children treated with chemotherapy alone in the Interfant-06 trial': the
    66% is the comparison group's (65.8%), not another arm's; the 95% is not given the next figure's group."""
    from webui.verify_view import EXAMPLE
    v = verify(EXAMPLE, idx)
    assert [(f.figure, f.status, f.source_figure) for f in v.figures] == \
        [("95%", "contradicted", "93.3%"), ("66%", "supported", "65.8%")]


def test_a_bound_in_the_sentence_is_not_the_other_groups_rounded_figure(tmp_path):
    # a real sentence of PMC4033571 (Yun 2024): placebo 55.4%, 1200 mg 56.6%, 2400 mg 69.1%
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "oxcarbazepine.txt").write_text(
        "Extended-release oxcarbazepine in partial-onset seizures\n\nThe overall incidence of adverse events was "
        "similar in the placebo (55.4%) and SPN-804 1200-mg groups (56.6%) and was lower than in patients "
        "assigned to 2400 mg (69.1%).\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    v = verify("In the 1200-mg group, adverse events occurred in more than 55% of patients.", idx)
    assert v.verdict != "misleading", [(f.figure, f.status, f.explanation) for f in v.figures]
    other = verify("In the 1200-mg group, adverse events occurred in 55.4% of patients.", idx)
    assert other.verdict == "misleading", [(f.figure, f.status, f.explanation) for f in other.figures]


def test_a_right_sample_size_does_not_support_what_the_sentence_says_of_the_patients(tmp_path):
    """Check-COVID: 'out of 84 patients ..., a negligible fraction experienced QT prolongation' (the
    source: 11% had it). The 84 is right; the statement is not checked, so the sentence is not supported."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qt.txt").write_text(
        "QT interval prolongation with hydroxychloroquine and azithromycin\n\nWe studied 84 patients treated with "
        "hydroxychloroquine and azithromycin. In 11% of patients the QTc was prolonged to more than 500 ms, a "
        "known risk for sudden cardiac death.\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    v = verify("Out of 84 patients treated with hydroxychloroquine and azithromycin, a negligible fraction "
               "experienced QT prolongation.", idx)
    assert [(f.figure, f.status) for f in v.figures] == [("84", "supported")]
    assert v.verdict == "not_found" and v.counts.get("not_checked") == 1
    assert verify("We studied 84 patients treated with hydroxychloroquine.", idx).verdict == "supported"


def test_a_group_introduced_by_a_comparison_word_is_the_comparison_group(tmp_path):
    """PMC3643134 (Evidence Inference): 'compared with their peers in the study, students in the
    simulator group ... (91% vs 61.5%)'; a sentence that calls the comparator 'no simulator-based
    training' gives 61.5% to the same group."""
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    shutil.copy(folder / "PMC3643134.abst", tmp_path / "PMC3643134.abst")
    idx = ClaimIndex.build(tmp_path, tmp_path / ".index", embedder=HashingEmbedder())
    stem = ("In a trial of simulator-based training versus no simulator-based training, students in the simulator "
            "group were significantly more likely to define the steps of cesarean section ")
    v = verify(stem + "(91% vs 61.5%).", idx)
    assert [(f.figure, f.status) for f in v.figures] == [("91", "supported"), ("61.5%", "supported")], \
        [(f.figure, f.status, f.explanation) for f in v.figures]
    swapped = verify(stem + "(61.5% vs 91%).", idx)
    assert swapped.verdict == "misleading", [(f.figure, f.status, f.explanation) for f in swapped.figures]


def test_a_number_that_names_a_test_is_not_checked_but_a_change_is():
    from answer.sentence_figures import figures_of
    assert [f.claim.value for f in figures_of("Training improved the 6-minute walk distance by 111 m.")] == [111.0]
    # "N-minute improvement" is a result: a change noun after the compound keeps it
    assert [f.claim.value for f in figures_of("The drug gave a 30-minute improvement in sleep onset.")] == [30.0]


@pytest.fixture(scope="module")
def role_arms_idx(tmp_path_factory):
    """PMC5244530 (Yun 2024): 'proportion of patients taking antidepressants had dropped to 69% in the
    intervention group and 59% in the TAU group'; the intervention is person-centred GP consultations,
    TAU is treatment as usual."""
    src = require_eval("rct_numeric_results_yun2024", "markdown", "PMC5244530.md")
    work = tmp_path_factory.mktemp("answer-verify-roles")
    shutil.copy(src, work / src.name)
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


@pytest.mark.parametrize("sentence, verdict", [
    # the sentence names the treated arm by its treatment, the source by its role
    ("With person-centred GP consultations, 69% of patients continued antidepressants at the 6-month follow-up.",
     "supported"),
    ("With person-centred GP consultations, 59% of patients continued antidepressants at the 6-month follow-up.",
     "misleading"),  # 59% is the comparison group's
    # "usual care" in the sentence is the source's "treatment as usual (TAU)"
    ("In the usual care group, 59% of patients continued antidepressants at the 6-month follow-up.", "supported"),
    ("In the usual care group, 69% of patients continued antidepressants at the 6-month follow-up.", "misleading"),
])
def test_a_source_arm_named_by_its_role_is_the_sentence_group_of_that_role(sentence, verdict, role_arms_idx):
    v = verify(sentence, role_arms_idx)
    assert v.verdict == verdict, [(f.figure, f.status, f.explanation) for f in v.figures]


@pytest.fixture(scope="module")
def sectioned_table_idx(tmp_path_factory):
    """PMC2972614 (Yun 2024): a plain-text table whose rows 'Baseline (mean±SD)' and 'Posttreatment
    (mean±SD)' sit under a section row '**Shoulder extension**', columns 'Group I' and 'Group II'."""
    src = require_eval("rct_numeric_results_yun2024", "markdown", "PMC2972614.md")
    work = tmp_path_factory.mktemp("answer-verify-sections")
    shutil.copy(src, work / src.name)
    return ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())


@pytest.mark.parametrize("sentence, verdict", [
    ("Shoulder extension after treatment was 42.66 in Group I.", "supported"),
    ("Shoulder extension after treatment was 42.95 in Group II.", "supported"),
    ("Shoulder extension after treatment was 42.95 in Group I.", "misleading"),  # Group II's figure
])
def test_a_table_row_named_by_its_time_is_read_under_its_section_row(sentence, verdict, sectioned_table_idx):
    v = verify(sentence, sectioned_table_idx)
    assert v.verdict == verdict, [(f.figure, f.status, f.explanation) for f in v.figures]


def test_a_subgroup_row_is_not_read_as_its_sections_overall_figure():
    """PMC3877023: under 'Contour sharpness', the row 'Cerebrospinal fluid -- Vertebral bone' names its own
    subgroup; a time or statistic row ('Posttreatment (mean±SD)') leaves the measure to the section."""
    from answer.verdict_rules import table_section
    text = require_eval("rct_numeric_results_yun2024", "markdown", "PMC3877023.md").read_text(encoding="utf-8")
    assert table_section(text, text.index("0.8 (0.1)               1.3 (0.4)")) == ""
    text = require_eval("rct_numeric_results_yun2024", "markdown", "PMC2972614.md").read_text(encoding="utf-8")
    assert table_section(text, text.index("42.66")) == "Shoulder extension"


@pytest.mark.parametrize("sentence, verdict", [
    # 'Group I (n = 30, laser group) received laser therapy ... Group II (n = 22, placebo laser group)'
    ("The mean shoulder extension after treatment was 42.66 with laser therapy.", "supported"),
    ("The mean shoulder extension after treatment was 42.95 with laser therapy.", "misleading"),  # placebo's
    ("The mean shoulder extension after treatment was 42.95 with placebo laser therapy.", "supported"),
])
def test_a_lettered_arm_is_read_from_where_the_source_defines_it(sentence, verdict, sectioned_table_idx):
    v = verify(sentence, sectioned_table_idx)
    assert v.verdict == verdict, [(f.figure, f.status, f.explanation) for f in v.figures]


def test_a_lettered_arm_is_not_trusted_when_another_label_stands_before_the_figure():
    """PMC4541185: 'earlier in Group II (...) than Group I (4.84 ± 0.65 min ... 10.85 ± 0.79 min)': the
    label nearest before 10.85 is Group I, so a claim giving it to Group II is not read as Group II's."""
    from answer.figure_context import Reading, lettered_arm_relation
    text = require_eval("rct_numeric_results_yun2024", "markdown", "PMC4541185.md").read_text(encoding="utf-8")
    clonidine = Reading(key="", timepoint="", control=False, unit_class="number", arm="ropivacaine diluted clonidine")
    assert lettered_arm_relation(clonidine, "Group II", text) == "same"  # 'Group II: ... clonidine diluted ...'
    assert lettered_arm_relation(clonidine, "Group I", text) == "other"
    assert lettered_arm_relation(clonidine, "Group II", text, text.index("10.85")) == ""


def test_a_rounded_share_is_this_arms_figure_when_it_is_nearer_than_the_other_arms(tmp_path):
    # made-up trial: both arms' figures round to "one in five"; the nearer one is the arm named
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "trial.txt").write_text(
        "Drug-x versus drug-y for migraine: a randomised trial.\n\nRESULTS 20.2% of the patients in the group "
        "receiving drug-x had a migraine attack compared with 18.9% in the group receiving drug-y.\n", encoding="utf-8")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    v = verify("About one in five patients on drug-x had a migraine attack.", idx)
    assert v.verdict == "supported", [(f.figure, f.status, f.explanation) for f in v.figures]
    v = verify("About one in five patients on drug-y had a migraine attack.", idx)
    assert v.verdict != "supported", [(f.figure, f.status, f.explanation) for f in v.figures]
