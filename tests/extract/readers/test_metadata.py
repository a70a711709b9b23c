"""Metadata inference on real sentences: kind, cited journal, drug, condition and the study key."""

from __future__ import annotations

import pytest

from extract.metadata import (cited_journal, infer_condition, infer_drug, infer_kind, infer_metadata,
                              journal_key, normalise_journal, study_key)
from extract.models import Document


@pytest.mark.parametrize("written, full", [
    ("The New England journal of medicine", "New England Journal of Medicine"),
    ("N Engl J Med", "New England Journal of Medicine"),
    ("NEJM", "New England Journal of Medicine"),
    ("Lancet (London, England)", "The Lancet"),
    ("The Lancet. Oncology", "The Lancet Oncology"),
    ("JAMA oncology", "JAMA Oncology"),
    ("Journal of clinical oncology : official journal of the American Society of Clinical Oncology",
     "Journal of Clinical Oncology"),
    ("Critical Care", "Critical Care"),
    ("Trials", "Trials"),
])
def test_journal_names_are_normalised(written, full):
    assert normalise_journal(written) == full


@pytest.mark.parametrize("text, journal", [
    ("Source: New England Journal of Medicine", "New England Journal of Medicine"),
    ("The study was published in NEJM Medicine.", "New England Journal of Medicine"),
    ("The results appear in The Lancet Oncology. An earlier Lancet paper disagreed.", "The Lancet Oncology"),
    ("The findings were published online Monday in JAMA Oncology.", "JAMA Oncology"),
    ("the results were published Aug. 15 in the New England Journal of Medicine", "New England Journal of Medicine"),
    ("Cancer patients in the study were treated for a year.", ""),
    ("Everyone in the study gave blood samples.", ""),
])
def test_the_journal_a_story_cites(text, journal):
    assert cited_journal(text) == journal


def test_kinds():
    news = ("(Reuters) - Johnson & Johnson said its drug, Tremfya, was more effective than a rival in a "
            "late-stage study, the company said on Wednesday.")
    press = ("FOR IMMEDIATE RELEASE\nACME Pharma announced today that its phase 3 trial met its primary endpoint.\n"
             "About ACME Pharma\nForward-Looking Statements\nMedia Contact")
    journal = ("Abstract\nBackground\nWe randomly assigned 400 patients (Table 1).\nMethods\nPatients were "
               "randomized 1:1.\nResults\nMortality was lower (P=0.03).\nConclusions\nSmith et al. agree.")
    assert infer_kind(news) == "news"
    assert infer_kind(press) == "press-release"
    assert infer_kind(journal) == "journal"
    assert infer_kind("Nothing here at all.", "other") == "other"


def test_drugs():
    assert infer_drug("Blinatumomab, a bispecific T-cell engager, was given with chemotherapy; blinatumomab "
                      "infusions were well tolerated, unlike cytarabine.") == "blinatumomab"
    assert infer_drug("J&J said its drug, Tremfya, beat the rival.") == "Tremfya"
    assert infer_drug("The peptide and nucleotide levels were measured.") == ""
    assert infer_drug("Effects of intravenous lornoxicam in sepsis", title="Effects of lornoxicam") == "lornoxicam"


def test_condition_with_marker_and_population():
    text = ("Blinatumomab in infants with newly diagnosed KMT2A-rearranged acute lymphoblastic leukemia (ALL). "
            "A total of 30 infants were treated; 16 were MRD-negative and MRD-negative status persisted. "
            "Infants with KMT2A-rearranged ALL relapse early.")
    c = infer_condition(text)
    assert c.text == "KMT2A-rearranged acute lymphoblastic leukemia in infants"
    assert c.key == "infant-kmt2a-all"
    lung = infer_condition("Patients with EGFR-mutant non-small cell lung cancer (NSCLC) received osimertinib. "
                           "NSCLC is common. Lung cancer kills.")
    assert lung.disease == "non-small cell lung cancer" and lung.marker == "EGFR-mutant" and lung.population == ""
    assert infer_condition("We asked all participants (all of them) about all things.").disease == ""


def test_study_key_rule():
    c = infer_condition("infants infants infants with KMT2A-rearranged acute lymphoblastic leukemia")
    assert study_key("N Engl J Med", "blinatumomab", c) == "nejm-blinatumomab-infant-kmt2a-all"
    assert study_key("", "blinatumomab", c) == "blinatumomab-infant-kmt2a-all"
    assert study_key("NEJM", "", c) == ""  # a condition alone would merge unrelated trials
    assert journal_key("Some Small Journal of Things") == "some-small-journal-of"


def test_infer_metadata_fills_only_empty_fields():
    text = ("Researchers said osimertinib helped patients with EGFR-mutant non-small cell lung cancer, "
            "according to the study published in The Lancet Oncology.")
    doc = Document(id="x", text=text, drug="Tagrisso")
    out = infer_metadata(doc)
    assert out.drug == "Tagrisso"
    assert out.kind == "news" and out.cites == "The Lancet Oncology"
    assert out.condition == "EGFR-mutant non-small cell lung cancer"
    assert out.study == "lancet-oncol-tagrisso-egfr-nsclc"
    assert doc.kind == "other" and doc.study == ""  # the input is not mutated
    journal = infer_metadata(Document(id="y", text=text, kind="journal", source="Lancet Oncol"))
    assert journal.cites == "" and journal.study == "lancet-oncol-osimertinib-egfr-nsclc"
