"""Fusion and claim-aware ranking rules, on small hand-checked inputs."""

from __future__ import annotations

import numpy as np

from extract.models import Claim
from index.claim_match import QueryFacets, claim_matches, passage_boost, timepoints_in_months
from index.fusion import convex_fusion, reciprocal_rank_fusion
from evaluation.vector_cache import CachedEmbedder, VectorCache


def claim(**kw) -> Claim:
    return Claim(start=0, end=1, quote="x", kind="estimate", **kw)


def test_rrf_puts_the_passage_both_lists_agree_on_first():
    fused = reciprocal_rank_fusion([(1, 0.9), (2, 0.8), (3, 0.7)], [(2, 12.0), (9, 11.0), (3, 1.0)])
    assert fused[0].id == 2 and (fused[0].dense_rank, fused[0].lexical_rank) == (2, 1)
    assert {f.id for f in fused} == {1, 2, 3, 9}


def test_convex_fusion_keeps_score_gaps():
    # dense barely separates 1 and 2; BM25 strongly prefers 2
    fused = convex_fusion([(1, 0.61), (2, 0.60)], [(2, 20.0), (1, 2.0)], dense_weight=0.5)
    assert [f.id for f in fused] == [2, 1]
    assert abs(fused[0].score - (0.5 * 0.60 + 0.5 * 1.0)) < 1e-9
    # a passage only BM25 found gets the lowest retrieved dense score, not zero
    fused = convex_fusion([(1, 0.5), (2, 0.3)], [(7, 10.0)], dense_weight=0.5)
    assert next(f for f in fused if f.id == 7).score == 0.5 * 0.3 + 0.5 * 1.0


def test_timepoints_normalise_words_and_units():
    assert timepoints_in_months("two-year overall survival") == {24.0}
    assert timepoints_in_months("at 24 months") == {24.0}
    assert timepoints_in_months("3-year EFS and 18 months") == {36.0, 18.0}
    assert timepoints_in_months("no time here") == set()


def test_claim_facets_match_the_question():
    facets = QueryFacets.of("What was the 2-year OS with blinatumomab? Give the hazard ratio")
    c = claim(endpoint="overall survival", timepoint="Two-year", arm="blinatumomab", measure="hazard ratio")
    assert claim_matches(facets, c) == ["endpoint", "timepoint", "arm", "measure"]
    other = claim(endpoint="disease-free survival", timepoint="Two-year", measure="proportion")
    assert claim_matches(facets, other) == ["timepoint"]


def test_boost_needs_an_endpoint_or_arm_match():
    facets = QueryFacets.of("two-year overall survival")
    assert passage_boost(facets, [claim(timepoint="2 years", endpoint="relapse")]) == (0.0, [])
    boost, reasons = passage_boost(facets, [claim(timepoint="2 years", endpoint="relapse"),
                                            claim(timepoint="2 years", endpoint="overall survival")])
    assert reasons == ["endpoint", "timepoint"] and boost > 0


def test_endpoint_words_must_be_a_phrase_not_scattered():
    facets = QueryFacets.of("survival of patients overall")
    assert claim_matches(facets, claim(endpoint="overall survival")) == []


class CountingEmbedder:
    name, dimension = "all-MiniLM-L6-v2", 3

    def __init__(self):
        self.seen = []

    def encode(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_vector_cache_survives_a_reload_and_serves_hits(tmp_path):
    fallback = CountingEmbedder()
    emb = CachedEmbedder(VectorCache(tmp_path), fallback)
    first = emb.encode(["alpha", "beta gamma"])
    again = CachedEmbedder(VectorCache(tmp_path), fallback).encode(["beta gamma", "alpha"])
    assert fallback.seen == ["alpha", "beta gamma"]  # the second call embedded nothing
    assert np.array_equal(again, first[::-1])


def test_in_memory_vector_cache_finds_a_copy_by_its_second_key():
    # the scale benches index copies of real abstracts ("...\n[copy 3]") with the original's vectors
    fallback = CountingEmbedder()
    vec = np.array([9.0, 8.0, 7.0], dtype=np.float32)
    emb = CachedEmbedder(VectorCache.in_memory({"alpha": vec}), fallback, save_misses=False,
                         also_key=lambda t: t.split("\n[copy")[0])
    out = emb.encode(["alpha\n[copy 3]", "new text"])
    assert np.array_equal(out[0], vec)
    assert fallback.seen == ["new text"] and emb.misses == 1
