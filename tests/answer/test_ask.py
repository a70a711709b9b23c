"""ask() on the shipped corpus: the right figures, cited to the passage that states them, or an abstention.

The index is built with the deterministic hashing embedder (fast, no model); the answer logic reads
claims and sentences, so what these tests check does not depend on the embedding model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from answer import ask
from answer.compose import NOT_IN_SOURCES
from answer.numbers import find_numbers
from index import ClaimIndex, HashingEmbedder

GOLD = json.loads((Path(__file__).parents[1] / "gold" / "answer_questions.json").read_text())


@pytest.fixture(scope="module")
def idx(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("answer-ask") / "index", embedder=HashingEmbedder())


def assert_provenance(answer, idx):
    for c in answer.citations:
        doc = idx.document(c.doc_id)
        assert doc.text[c.start:c.end] == c.quote
        assert doc.is_citable(c.start, c.end)
    # brackets inside a verbatim quotation are the source's text ("infection [4]"), not markers
    unquoted = re.sub("\u201c[^\u201c\u201d]*\u201d", "", answer.text + " ".join(answer.flags))
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", unquoted)}
    assert markers <= {c.n for c in answer.citations}


@pytest.mark.parametrize("case", GOLD["answerable"], ids=lambda c: c["question"])
def test_issue_questions_get_the_figures_with_citations(case, idx):
    a = ask(case["question"], idx)
    assert not a.abstained, a.text
    assert a.intent == case["intent"]
    for fig in case["figures"]:
        assert fig in a.text, f"{fig!r} missing from {a.text!r}"
    for fig in case.get("not_figures", []):
        assert fig not in a.text
    for word in case.get("text", []):
        assert word in a.text
    quotes = " | ".join(c.quote for c in a.citations)
    for piece in case["cites"]:
        assert piece in quotes, f"{piece!r} not cited; cited: {quotes!r}"
    for flag in case.get("flags", []):
        assert any(flag.lower() in f.lower() for f in a.flags), a.flags
    assert_provenance(a, idx)


@pytest.mark.parametrize("question", GOLD["unanswerable"])
def test_unanswerable_questions_abstain_without_a_figure(question, idx):
    a = ask(question, idx)
    assert a.abstained, a.text
    assert a.text.startswith(NOT_IN_SOURCES)
    assert find_numbers(a.text) == [], a.text
    assert a.citations == [] and a.claims == []
    assert a.nearest, "an abstention shows the nearest passages"
    for h in a.nearest:
        assert idx.document(h.doc_id).text[h.start:h.end] == h.text


def test_figure_answer_carries_its_ci_comparator_and_timepoint(idx):
    a = ask("What was the two-year overall survival compared with Interfant-06?", idx)
    assert a.text.startswith("Two-year overall survival was 93.3% (95% CI, 75.9 to 98.3)")
    assert "as compared with 65.8% (95% CI, 58.9 to 71.8) in the Interfant-06 trial" in a.text
    assert {c.value for c in a.claims} == {93.3, 65.8}
    # The one number no passage states is the difference, shown as arithmetic on the cited figures.
    assert "{computed: 93.3 - 65.8 = 27.5}" in a.text


def test_same_figure_in_two_sources_is_cited_to_both(idx):
    a = ask("What was two-year disease-free survival with blinatumomab?", idx)
    cited_docs = {c.doc_id for c in a.citations if "81.6%" in c.quote}
    assert len(cited_docs) == 2


def test_answers_are_deterministic(idx):
    q = "What was the two-year overall survival compared with Interfant-06?"
    assert ask(q, idx).model_dump() == ask(q, idx).model_dump()


def test_news_only_flag_names_the_journal_the_news_cites(idx):
    a = ask("How many infants were treated?", idx)
    flag = next(f for f in a.flags if f.startswith("Reported only in news"))
    assert "New England Journal of Medicine" in flag


def test_failed_grounding_turns_an_answer_into_an_abstention(idx, monkeypatch):
    # A composer bug that invents a figure must never reach the reader.
    from answer import phrasing

    real = phrasing.value_text
    monkeypatch.setattr(phrasing, "value_text", lambda c: "97.1%" if c.value == 93.3 else real(c))
    a = ask("What was the two-year overall survival compared with Interfant-06?", idx)
    assert a.abstained and "97.1" not in a.text
    assert "grounding check" in a.text


@pytest.mark.parametrize("bad", ["", "   ", None])
def test_empty_question_is_a_clear_error(bad, idx):
    with pytest.raises(ValueError, match="non-empty question"):
        ask(bad, idx)


@pytest.fixture(scope="module")
def two_studies(tmp_path_factory, corpus_dir):
    """The shipped stories plus a real abstract of another trial (nateglinide vs gliclazide)."""
    import shutil

    from tests.conftest import require_eval

    abstract = require_eval("evidence_inference", "ev2_test_abstracts", "PMC1569640.abst")
    work = tmp_path_factory.mktemp("answer-two-studies")
    shutil.copytree(corpus_dir, work / "corpus")
    shutil.copy(abstract, work / "corpus" / abstract.name)
    return ClaimIndex.build(work / "corpus", work / "index", embedder=HashingEmbedder())


def test_a_question_naming_a_drug_is_answered_from_its_own_study(two_studies):
    a = ask("How many patients were randomized to nateglinide?", two_studies)
    assert not a.abstained, a.text
    assert "133" in a.text and "30" not in a.text
    assert {c.doc_id for c in a.citations} == {d.id for d in two_studies.documents() if d.path.endswith(".abst")}
    b = ask("What was two-year overall survival with blinatumomab?", two_studies)
    assert "93.3%" in b.text and all(not c.path.endswith(".abst") for c in b.citations)


def test_drugs_no_source_names_together_abstain(two_studies):
    a = ask("What was the overall survival with blinatumomab and nateglinide?", two_studies)
    assert a.abstained and "together" in a.text


def test_a_question_matching_several_studies_says_so(tmp_path, corpus_dir):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    (folder / "rsv-story.txt").write_text(
        "Palivizumab cut RSV hospital stays in a new trial.\n\n"
        "About 600 infants were treated with palivizumab during the RSV season, researchers said.\n",
        encoding="utf-8")
    multi = ClaimIndex.build(folder, tmp_path / "index", embedder=HashingEmbedder())
    vague = ask("How many infants were treated?", multi)
    assert not vague.abstained and "600" in vague.text and "30" in vague.text
    assert any(f.startswith("Several studies") for f in vague.flags)
    named = ask("How many infants were treated with blinatumomab?", multi)
    assert not named.abstained and "30" in named.text and "600" not in named.text
    assert not any(f.startswith("Several studies") for f in named.flags)
    assert_provenance(named, multi)


# ---- questions as pharmacists ask them (issue 13) ----------------------------------------------------

def test_a_trial_name_no_document_holds_abstains_and_names_it(idx):
    a = ask("What was overall survival in the ABC-123 trial?", idx)
    assert a.abstained and "ABC-123" in a.text
    assert find_numbers(a.text.replace("ABC-123", "")) == []


def test_a_drug_no_document_names_abstains_instead_of_answering_from_another_study(idx):
    # 'everolimus' is in no word list: it is found to be a name because no general vocabulary holds it
    a = ask("What adverse events were more common with everolimus?", idx)
    assert a.abstained and "everolimus" in a.text and a.citations == []


def test_typos_and_case_in_names_still_find_the_study(idx):
    a = ask("what was 2 year OS in the interfant06 trial", idx)
    assert not a.abstained and "65.8%" in a.text
    b = ask("What was two-year overall survival with blinatumomob?", idx)
    assert not b.abstained and "93.3%" in b.text


def test_no_claim_but_a_passage_quotes_it_marked_unchecked(idx):
    a = ask("Did all patients complete the course?", idx)
    assert not a.abstained and a.intent == "passage"
    assert a.text.startswith("The closest passage says:")
    assert "All 30 patients received the full course of blinatumomab." in a.text
    assert any("not checked against the question" in f for f in a.flags)
    assert_provenance(a, idx)


def test_how_often_is_answered_from_the_sentence_that_counts_it(idx):
    a = ask("How often did fever occur?", idx)
    assert not a.abstained and "fever [4 events]" in a.text
    assert_provenance(a, idx)


def test_what_is_a_drug_quotes_a_sentence_that_says_what_it_is(idx):
    a = ask("What is blinatumomab?", idx)
    assert not a.abstained and "bispecific T-cell engager" in a.text
    assert_provenance(a, idx)


def test_main_results_give_the_primary_figures_per_arm_cited(idx):
    a = ask("What were the main results?", idx)
    assert not a.abstained and a.intent == "main results"
    for fig in ("81.6%", "49.4%", "93.3%", "65.8%"):
        assert fig in a.text
    assert "Interfant-06" in a.text  # the comparison group is named with its figures
    assert_provenance(a, idx)


def test_follow_up_about_the_control_group_uses_the_previous_question(idx):
    first = ask("What was two-year overall survival with blinatumomab?", idx)
    a = ask("and for the control group?", idx, history=[first])
    assert a.text.startswith("Understood as:") and "overall survival" in a.text.split(".")[0]
    assert "65.8%" in a.text and "93.3%" not in a.text
    assert_provenance(a, idx)


def test_follow_up_naming_another_endpoint_keeps_the_study(idx):
    first = ask("What was two-year overall survival with blinatumomab?", idx)
    a = ask("what about disease-free survival?", idx, history=[first])
    assert a.text.startswith("Understood as:") and "81.6%" in a.text
    # without the conversation the same words are a question of their own, not completed
    assert not ask("what about disease-free survival?", idx).text.startswith("Understood as:")


def test_a_group_named_like_an_endpoint_is_not_the_endpoint_asked():
    from answer.intent import classify

    # Yun 2024 prompts: the arm's name holds 'follow-up', the outcome is baseline hypertension
    q = "What was baseline hypertension with follow-up and thorough education on self-care vs standard information?"
    assert classify(q).endpoint != "follow-up"
    assert classify("What was the median follow-up with blinatumomab vs chemotherapy?").endpoint == "follow-up"


def test_patients_with_an_event_are_not_the_number_enrolled():
    from answer.intent import classify

    q = "How many patients received at least one RBC transfusion with epoetin alfa vs placebo?"
    assert classify(q).endpoint != "sample size"
    assert classify("How many patients were randomized to nateglinide?").endpoint == "sample size"


def test_the_number_randomised_framing_a_question_is_not_its_endpoint(idx):
    # "Among all N participants" frames the question; the endpoint asked is what else it names
    a = ask("Among all 30 treated infants, what was two-year overall survival?", idx)
    assert not a.abstained, a.text
    assert "93.3%" in a.text and a.intent != "count"


def test_a_design_word_or_the_study_own_trial_name_is_not_the_comparison_group():
    from answer.intent import classify, control_named_as_trial

    assert classify("What was the response rate in the placebo-controlled period?").arm == ""
    assert classify("What was the response rate with placebo?").arm == "control"
    # a named trial alone reads as the comparison group only when the sources compare with it
    # (ask() checks that against the claims): the name is handed over for that check
    assert control_named_as_trial("What was mortality in the ABC-123 trial?") == "ABC-123"
    assert control_named_as_trial("What was mortality with placebo in the ABC-123 trial?") == ""


@pytest.fixture(scope="module")
def trials(tmp_path_factory, corpus_dir):
    """The shipped stories plus three real trial abstracts (IVF trigger with odds ratios, a salt
    programme in Ghana, preconception counselling), indexed with the real embedding model: which
    passage is closest is partly decided by meaning (MiniLM), as in the app."""
    import shutil

    from tests.conftest import require_eval

    work = tmp_path_factory.mktemp("answer-trials")
    shutil.copytree(corpus_dir, work / "corpus")
    for pmc in ("PMC5799931", "PMC1382202", "PMC1664572"):
        abstract = require_eval("evidence_inference", "ev2_test_abstracts", f"{pmc}.abst")
        shutil.copy(abstract, work / "corpus" / abstract.name)
    return ClaimIndex.build(work / "corpus", work / "index")


def test_an_outcome_word_is_not_a_population_the_question_asks_about(trials):
    # "clinical pregnancy" is the outcome, not a question about pregnant women
    a = ask("What were the odds of clinical pregnancy with a repeat dose of GnRHa?", trials)
    assert "pregnant women" not in a.text
    assert not a.abstained, a.text
    assert any("clinical pregnancy" in c.quote and c.path.endswith("PMC5799931.abst") for c in a.citations)
    assert_provenance(a, trials)


def test_an_odds_ratio_is_never_set_against_a_percentage(trials):
    for a in (ask("What was the odds of clinical pregnancy with Group B vs Group A?", trials),
              ask("What was the number of mature oocytes with a repeat dose vs a single dose of GnRHa?", trials)):
        assert "difference of" not in a.text and "{computed" not in a.text
        assert_provenance(a, trials)


def test_the_closest_passage_is_a_result_not_the_aim_or_the_title(trials):
    # the methods say "Assessments were made at 3 and 6 months"; the result sentence answers
    a = ask("What was the change in diastolic BP at six months with health promotion?", trials)
    assert not a.abstained and a.intent == "passage", a.text
    assert "diastolic (3.95 mmHg [0.78 to 7.11], p = 0.015)" in a.text
    assert a.text.startswith("The closest passage says:")
    assert_provenance(a, trials)


def test_the_claim_match_scores_the_asked_outcome_above_a_figure_of_another_timepoint(idx):
    from answer import select
    from answer.corpus_view import view_of
    from answer.intent import classify

    view = view_of(idx)
    intent = classify("What was one-year overall survival?")
    claims = [c for c in view.claims if view.key_of(c) == "overall survival" and c.value is not None]
    matches = select.match_claims(view, intent, claims, ["overall", "survival"], [])
    assert matches and all("other timepoint" in m.reasons for m in matches if select.claim_timepoint(m.claim, view)
                           not in {"", "1 year"})
    # every two-year figure carries the penalty, so it can never outrank a figure of the year asked
    two_year = [m for m in matches if select.claim_timepoint(m.claim, view) == "2 year"]
    assert two_year and all(m.score <= 0.25 - select.MISMATCH_PENALTY + 1e-9 for m in two_year)


def test_abbreviations_built_of_symbols_are_read_as_their_definition():
    from answer.vocabulary import defined_abbreviations

    text = ("Average BP was 125/74 mmHg and urinary sodium (UNa) 101 mmol/day. Serum creatinine (SCr) rose. "
            "Patients with heart failure (HF) were seen in the group (GrP).")
    found = defined_abbreviations(text)
    # U + Na and S + Cr: one word per capital, the first word's initial first
    assert found["una"] == "urinary sodium" and found["scr"] == "serum creatinine" and found["hf"] == "heart failure"
    assert "grp" not in found  # "the group": its initial is not G, so no definition is guessed
    # letters from inside a word, in order (Schwartz & Hearst): P-re-C-onception C-ounselling
    assert defined_abbreviations("Preconception counselling (PCC) can reduce risks.")["pcc"] == "preconception counselling"
    assert "xyz" not in defined_abbreviations("Patients were seen at the clinic (XYZ).")


@pytest.mark.parametrize("question, kind", [
    ("How much did anxiety fall after preconception counseling?", "figure"),
    ("How much longer did patients live with the drug?", "figure"),
    ("How much further could patients walk at six months?", "figure"),
    ("How much drug was given?", "count"),
    ("How many patients were randomised in the trial?", "count"),
])
def test_how_much_asks_an_amount_of_change_not_a_count(question, kind):
    from answer.intent import classify

    intent = classify(question)
    assert intent.kind == kind
    if kind == "figure":
        assert intent.endpoint != "sample size" and not intent.subject  # never the number of patients


def test_a_comparison_whose_figures_name_no_group_quotes_the_sentence(tmp_path):
    # "(3.1% vs. 0%)" with the stents named only in another sentence: the figures carry no arm, so a
    # composed "Mortality was 3.1" would read as one group's result (and drop the other group's 0%)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "stent-trial.txt").write_text(
        "A sirolimus-eluting stent versus an everolimus-eluting stent in coronary artery disease\n\n"
        "Patients with coronary artery disease were randomised to the Vela sirolimus-eluting stent or the Orbis "
        "everolimus-eluting stent. The primary endpoint was in-segment late lumen loss at 9 months.\n\n"
        "At 9 months, the rates of death (3.1% vs. 0%, p=0.49), TLR (3.1% vs. 3.1%, p=1.00), and TVR (6.2% vs. "
        "3.1%, p=0.36) were not significantly different.\n", encoding="utf-8")
    idx = ClaimIndex.build(folder, tmp_path / "index", embedder=HashingEmbedder())
    a = ask("What was rates of death with Vela sirolimus-eluting stent vs Orbis everolimus-eluting stent?", idx)
    assert not a.abstained and a.text.startswith("The sources say: \u201cAt 9 months, the rates of death (3.1% vs. 0%")
    assert_provenance(a, idx)


def test_how_many_randomised_is_the_number_randomised_never_another_count(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hiv-trial.txt").write_text(
        "Two boosted protease inhibitors in treatment-naive adults with HIV-1\n\n"
        "At week 48, viral load was below 50 copies/mL in 40/53 and 44/53 patients.\n\n"
        "Three patients discontinued tenofovir because their GFR decreased to <50 mL/min.\n", encoding="utf-8")
    (folder / "heparin-trial.txt").write_text(
        "Nebulised heparin in ventilated patients\n\n"
        "RESULTS: Two hundred and fourteen patients were enrolled (72 usual care, 71 inhaled heparin, 71 inhaled "
        "saline).\n", encoding="utf-8")
    idx = ClaimIndex.build(folder, tmp_path / "index", embedder=HashingEmbedder())
    # the HIV abstract states no number randomised: "Three patients discontinued" is not one
    a = ask("How many patients were randomised in the protease inhibitor trial of HIV-1?", idx)
    assert a.abstained and "Three" not in a.text
    b = ask("How many patients were enrolled in the nebulised heparin trial?", idx)
    assert not b.abstained and "Two hundred and fourteen patients were enrolled" in b.text
    assert_provenance(b, idx)
