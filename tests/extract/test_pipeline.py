"""The spaCy pipeline (blank English + registered components) and the displaCy view."""

from __future__ import annotations

import spacy
from spacy.lang.en import English

from extract import extract_claims, extract_text_claims
from extract.display import render_claims
from extract.pipeline import get_nlp

TEXT = ("Two-year disease-free survival was 81.6% (95% CI, 60.8 to 92.0) vs. 49.4% (P = .03). "
        "Low MRD was <5\u00d710\u22124 in 12 patients.")


def test_components_are_registered_and_the_pipeline_is_cached():
    nlp = get_nlp()
    assert nlp.pipe_names == ["evidence_sentences", "claim_extractor"]
    assert get_nlp() is nlp
    fresh = English()
    fresh.add_pipe("claim_extractor", config={"spans_key": "figures"})
    doc = fresh(TEXT)
    assert [s.label_ for s in doc.spans["figures"]] == [c.kind for c in doc._.claims]


def test_doc_claims_match_the_pure_function_and_sentences_follow_our_rules():
    doc = get_nlp()(TEXT)
    assert [c.model_dump() for c in doc._.claims] == [c.model_dump() for c in extract_text_claims(TEXT)]
    assert [s.text for s in doc.sents] == [
        "Two-year disease-free survival was 81.6% (95% CI, 60.8 to 92.0) vs. 49.4% (P = .03).",
        "Low MRD was <5\u00d710\u22124 in 12 patients.",
    ]
    # spans cover each claim's characters, expanded to whole tokens where a claim splits one
    for span, c in zip(doc.spans["claims"], doc._.claims):
        assert span.start_char <= c.start and c.end <= span.end_char


def test_display_highlights_exact_spans(shipped_docs):
    doc = shipped_docs[0]
    claims = extract_claims(doc)
    html = render_claims(doc, claims)
    assert "81.6% in our study (95% confidence interval [CI], 60.8 to 92.0)" in html
    assert "estimate: disease-free survival" in html
    bad = claims[0].model_copy(update={"quote": "tampered"})
    try:
        render_claims(doc, [bad])
    except ValueError as e:
        assert "does not match" in str(e)
    else:
        raise AssertionError("a claim whose quote is not the text must be refused")


def test_blank_pipeline_needs_no_download():
    assert spacy.blank("en").pipe_names == []
