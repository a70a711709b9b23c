"""The seed articles: every figure, every field, against the hand-checked gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import extract_claims, extract_text_claims
from extract.models import Claim, Document, Span

GOLD = Path(__file__).parents[1] / "gold" / "seeds_claims.json"


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims_by_file(shipped_docs):
    return {Path(d.path).name: (d, extract_claims(d)) for d in shipped_docs}


def _empty(v):
    return v is None or v == "" or v is False


def test_every_gold_claim_is_extracted_field_by_field(gold, claims_by_file):
    problems = []
    for row in gold["claims"]:
        doc, claims = claims_by_file[row["file"]]
        hits = [c for c in claims if c.quote == row["quote"] and c.kind == row["kind"]]
        if len(hits) != 1:
            problems.append(f"{row['file']}: {row['kind']} «{row['quote']}» found {len(hits)} times")
            continue
        got = hits[0].model_dump()
        for field in gold["fields"]:
            want = row.get(field)
            if _empty(want) and _empty(got[field]):
                continue
            if want != got[field]:
                problems.append(f"«{row['quote']}» {field}: want {want!r}, got {got[field]!r}")
    assert not problems, "\n".join(problems)


def test_no_figure_beyond_the_gold(gold, claims_by_file):
    expected = {(r["file"], r["kind"], r["quote"]) for r in gold["claims"]}
    extra = [(f, c.kind, c.quote) for f, (_, cs) in claims_by_file.items() for c in cs if (f, c.kind, c.quote) not in expected]
    assert not extra


def test_headline_figures_of_issue_2(claims_by_file):
    _, claims = claims_by_file["daily-pharmacy-news_blinatumomab-infant-all.txt"]
    dfs = [c for c in claims if c.endpoint == "disease-free survival"]
    assert [(c.value, c.ci_low, c.ci_high, c.timepoint, c.arm, c.comparator) for c in dfs] == [
        (81.6, 60.8, 92.0, "Two-year", "our study", "Interfant-06 trial"),
        (49.4, 42.5, 56.0, "Two-year", "Interfant-06 trial", "our study"),
    ]
    os_ = [c for c in claims if c.endpoint == "overall survival"]
    assert [(c.value, c.ci_low, c.ci_high, c.timepoint, c.arm) for c in os_] == [
        (93.3, 75.9, 98.3, "Two-year", "our study"),
        (65.8, 58.9, 71.8, "Two-year", "Interfant-06 trial"),
    ]


def test_every_claim_quotes_its_document_exactly(shipped_docs):
    for doc in shipped_docs:
        for c in extract_claims(doc):
            assert doc.text[c.start:c.end] == c.quote
            assert c.doc_id == doc.id
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
            assert c.id == c.with_id().id  # ids are exactly Claim.with_id()'s
            Claim.model_validate(c.model_dump())  # built without validation; must still be valid


def test_claims_inside_boilerplate_are_dropped(shipped_docs):
    doc = shipped_docs[0]
    claims = extract_claims(doc)
    first = claims[0]
    masked = doc.model_copy(update={"boilerplate": [*doc.boilerplate, Span(start=first.start, end=first.end, label="test")]})
    assert first.quote not in [c.quote for c in extract_claims(masked)]
    assert len(extract_claims(masked)) == len(claims) - 1


def test_same_fact_in_two_documents_is_extracted_for_each(claims_by_file):
    thirty = [(f, c.doc_id) for f, (_, cs) in claims_by_file.items() for c in cs if c.kind == "sample_size" and c.n == 30]
    assert len({doc_id for _, doc_id in thirty}) == 2


def test_raw_text_and_bad_input():
    claims = extract_text_claims("Two-year overall survival was 93.3% (95% CI, 75.9 to 98.3).", doc_id="s")
    assert [(c.value, c.ci_low, c.ci_high, c.endpoint, c.timepoint) for c in claims] == [
        (93.3, 75.9, 98.3, "overall survival", "Two-year")]
    assert extract_text_claims("") == []
    with pytest.raises(TypeError):
        extract_text_claims(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        extract_claims("not a document")  # type: ignore[arg-type]
    assert extract_claims(Document(id="x", text="No figures here.")) == []
