"""The shipped corpus with the real MiniLM model and whatever extract/ provides."""

from __future__ import annotations

import pytest

from index import ClaimIndex, Embedder


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("real") / "idx", embedder=Embedder())


def top(idx, query, k=3):
    hits = idx.search(query, k=k)
    for h in hits:
        doc = idx.document(h.doc_id)
        assert doc.text[h.start:h.end] == h.text
        assert doc.is_citable(h.start, h.end)
    return hits


def test_real_model_vectors_are_normalised_float32():
    vecs = Embedder().encode(["overall survival", "toxic effects in infants"])
    assert vecs.dtype.name == "float32" and vecs.shape == (2, 384)
    assert abs(float((vecs ** 2).sum(axis=1).max()) - 1.0) < 1e-4



def test_single_query_path_gives_the_models_own_vectors(corpus_dir):
    """A single query goes through the frozen (TorchScript) copy of the model for speed; its vector
    must be the one sentence-transformers gives, also for a text the tokenizer has to truncate."""
    embedder = Embedder()
    seed = next(corpus_dir.glob("*.txt")).read_text(encoding="utf-8")
    texts = ["two-year overall survival with blinatumomab", "Interfant-06 historical controls",
             "toxic effects in infants: 93·3% ± 2", seed]  # the whole seed is far over 256 word pieces
    batch = embedder.model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    singles = [embedder.encode([t])[0] for t in texts]
    assert embedder.query_encoder is not None, "the shipped model should freeze"
    for text, expected, got in zip(texts, batch, singles):
        assert float(expected @ got) > 0.99999, text[:60]

def test_interfant_06_finds_the_historical_control_passage(real_index):
    hits = top(real_index, "Interfant-06")
    assert "Interfant-06" in hits[0].text


def test_overall_survival_finds_the_survival_figures(real_index):
    hits = top(real_index, "two-year overall survival with blinatumomab")
    assert "overall survival were 93.3%" in hits[0].text
    assert hits[0].dense_rank is not None and hits[0].lexical_rank is not None


def test_a_paraphrase_without_shared_words_still_finds_the_safety_passage(real_index):
    hits = top(real_index, "were there any serious side effects or deaths from the drug?")
    assert any("toxic effects" in h.text for h in hits)


def test_all_modes_return_exact_spans(real_index):
    for mode in ("dense", "lexical", "rrf", "fusion"):
        for f in real_index.rank("minimal residual disease", mode=mode)[:5]:
            assert f.score > 0
    assert real_index.check() == []


def test_claims_from_the_extractor_stay_exact_and_citable(real_index):
    for claim in real_index.claims():
        doc = real_index.document(claim.doc_id)
        assert doc.text[claim.start:claim.end] == claim.quote
        assert doc.is_citable(claim.start, claim.end)
