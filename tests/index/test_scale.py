"""Scale: passage-vector recipes in the manifest, and the exact/IVF vector index chosen by size.

Fast tier: the hashing embedder on real SciFact abstracts (read from ../shared/eval) and the
shipped corpus. The real model's passage path is checked in the slow tier.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import ClaimIndex, HashingEmbedder, IndexLoadError
from index import dense as dense_module
from index.dense import TARGET_RECALL, DenseIndex
from index.manifest import Manifest
from tests.conftest import EVAL, REPO
from tests.index_fixtures import copy_corpus


def scifact_docs(n: int):
    """The first n SciFact abstracts as Documents ($EVIDENCE_DESK_EVAL_DIR overrides ../shared/eval)."""
    from evaluation.scifact import load_corpus

    for base in (os.environ.get("EVIDENCE_DESK_EVAL_DIR"), EVAL):
        if base and (Path(base) / "scifact" / "corpus.jsonl").is_file():
            return load_corpus(Path(base) / "scifact")[:n]
    pytest.skip(f"SciFact not found under {EVAL} (set EVIDENCE_DESK_EVAL_DIR)")


class Bf16Hashing(HashingEmbedder):
    """A stand-in whose passage vectors claim another recipe: what a bf16-built index holds."""

    vector_recipe = "bf16-autocast"


# ---------------------------------------------------------------------- recipes


def test_manifest_records_the_passage_vector_recipe(tmp_path, corpus_dir):
    idx = ClaimIndex.build(corpus_dir, tmp_path / "idx", embedder=HashingEmbedder())
    assert idx.manifest.vector_recipe == "fp32"
    assert ClaimIndex.open(tmp_path / "idx").manifest.vector_recipe == "fp32"
    other = ClaimIndex.build(corpus_dir, tmp_path / "bf", embedder=Bf16Hashing())
    assert other.manifest.vector_recipe == "bf16-autocast"


def test_manifests_from_before_the_recipe_field_read_as_fp32():
    m = Manifest.model_validate({"model_name": "all-MiniLM-L6-v2", "dimension": 384,
                                 "passage_scheme": "x", "corpus_hash": ""})
    assert m.vector_recipe == "fp32" and m.vector_index == "flat"


def test_adding_vectors_made_another_way_is_refused_and_the_index_is_unchanged(tmp_path, corpus_dir):
    corpus = copy_corpus(tmp_path / "corpus")
    ClaimIndex.build(corpus, tmp_path / "idx", embedder=Bf16Hashing())
    idx = ClaimIndex.open(tmp_path / "idx", embedder=HashingEmbedder())
    before = idx.manifest
    new = tmp_path / "new.txt"
    new.write_text("Median overall survival was 14.2 months with drug A versus 11.0 months with placebo.",
                   encoding="utf-8")
    with pytest.raises(IndexLoadError, match="bf16-autocast.*python -m index build"):
        idx.add([new])
    reopened = ClaimIndex.open(tmp_path / "idx", embedder=HashingEmbedder())
    assert reopened.manifest.generation == before.generation
    assert reopened.manifest.passages == before.passages
    # the same recipe is accepted
    assert ClaimIndex.open(tmp_path / "idx", embedder=Bf16Hashing()).add([new]).added


def test_embedder_precision_is_validated():
    from index.embedder import Embedder

    with pytest.raises(ValueError, match="precision"):
        Embedder(precision="fp8")
    with pytest.raises(ValueError, match="recipe"):
        Embedder().use_recipe("int4")


# ---------------------------------------------------------------------- exact or IVF by size


@pytest.fixture(scope="module")
def ivf_built(tmp_path_factory):
    """600 real abstracts (~2,200 passages) with the IVF threshold lowered below their size."""
    docs = scifact_docs(600)
    folder = tmp_path_factory.mktemp("ivf") / "idx"
    mp = pytest.MonkeyPatch()
    mp.setattr(dense_module, "IVF_MIN_PASSAGES", 1000)
    try:
        idx = ClaimIndex.build_documents(docs, folder, embedder=HashingEmbedder())
    finally:
        mp.undo()
    return idx, docs, folder


def test_a_build_past_the_threshold_trains_an_ivf_that_agrees_with_exact_search(ivf_built):
    idx, docs, _ = ivf_built
    assert idx.manifest.passages > 1000
    assert idx.manifest.vector_index.startswith("ivf")
    kind, recall = idx.dense_report()
    assert kind == idx.manifest.vector_index and recall >= TARGET_RECALL
    assert idx.check() == []
    # real queries: the dense top 10 of the IVF index against an exact scan of the same vectors
    state = idx._state
    ids, vecs = state.dense.vectors()
    exact = DenseIndex.empty(vecs.shape[1])
    exact.add(vecs, ids.tolist())
    overlap = []
    for d in docs[:40]:
        q = idx.embedder.encode([d.title])
        got = {i for i, _ in state.dense.search(q, 10)[0]}
        want = {i for i, _ in exact.search(q, 10)[0]}
        overlap.append(len(got & want) / 10)
    assert np.mean(overlap) >= TARGET_RECALL


def test_adds_and_removes_work_on_an_ivf_index_without_retraining(ivf_built, tmp_path):
    idx = ivf_built[0]
    kind = idx.manifest.vector_index
    new = tmp_path / "new.txt"
    text = "Ninety-day mortality with tocilizumab was 31% (95% CI, 25 to 37) versus 35% with usual care."
    new.write_text(text, encoding="utf-8")
    report = idx.add([new])
    assert report.added and idx.manifest.vector_index == kind  # same trained lists
    hits = idx.search(text, k=3, mode="dense")
    assert hits[0].doc_id == report.added[0] and hits[0].text == text
    vec = idx.passage_vectors([idx._state.store.passage_rows_of(report.added[0])[0][0]])
    assert np.allclose(vec, idx.embedder.encode([text]), atol=1e-6)
    idx.remove(report.added[0])
    assert all(h.doc_id != report.added[0] for h in idx.search(text, k=10, mode="dense"))
    assert idx.check() == []


def test_a_rebuild_below_the_threshold_goes_back_to_exact_search(ivf_built, tmp_path):
    docs = ivf_built[1]
    idx = ClaimIndex.build_documents(docs[:50], tmp_path / "small", embedder=HashingEmbedder())
    assert idx.manifest.vector_index == "flat" and idx.dense_report() == ("flat", 1.0)


def test_index_check_prints_the_recall_of_the_ivf_index(ivf_built):
    _, _, folder = ivf_built
    r = subprocess.run([sys.executable, "-m", "index", "check", "--index", str(folder)], cwd=REPO,
                       capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("vectors: ivf"))
    assert float(line.split("exact search ")[1].split()[0]) >= TARGET_RECALL


# ---------------------------------------------------------------------- the real model's passage path


@pytest.mark.slow
def test_passage_batches_sorted_by_length_give_the_models_vectors_in_input_order(corpus_dir):
    from extract.readers import read_document
    from index.embedder import RECIPE_FP32, Embedder
    from index.passages import make_passages

    doc = read_document(next(corpus_dir.glob("*.txt")))
    texts = [p.text for p in make_passages(doc)][:40]
    texts = texts[::2] + ["OS", texts[1] * 3]  # lengths out of order, a tiny and a truncated one
    embedder = Embedder(precision="fp32")
    got = embedder.encode_passages(texts)
    want = embedder.model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    assert got.dtype == np.float32 and got.shape == (len(texts), 384)
    assert float(np.min(np.sum(got * want, axis=1))) > 0.99999
    assert embedder.vector_recipe == RECIPE_FP32
    assert "ONNX Runtime" in embedder.recipe_note  # fp32 vectors, made by the faster runtime
    auto = Embedder(precision="auto")
    assert auto.vector_recipe == RECIPE_FP32, auto.recipe_note


@pytest.mark.slow
def test_bf16_passage_vectors_are_checked_against_fp32_and_recorded():
    from index.embedder import PROBE_PASSAGES, Embedder

    fp32 = Embedder(precision="fp32").encode_passages(PROBE_PASSAGES)
    bf16 = Embedder(precision="bf16")  # emulated where the CPU lacks it: slow, but the same kind of vectors
    assert bf16.vector_recipe == "bf16-autocast", bf16.recipe_note
    vecs = bf16.encode_passages(PROBE_PASSAGES)
    cos = np.sum(vecs * fp32, axis=1)
    assert cos.min() > 0.999 and not np.allclose(vecs, fp32, atol=1e-7)  # really computed in bf16


# ---------------------------------------------------------------------- ONNX int8 passage vectors


@pytest.fixture(scope="module")
def int8_embedder():
    from index.embedder import Embedder

    embedder = Embedder(precision="int8")
    assert embedder.vector_recipe == "onnx-int8", embedder.recipe_note
    return embedder


@pytest.mark.slow
def test_int8_passage_vectors_stay_within_the_stated_cosine_of_fp32_on_real_passages(int8_embedder):
    from index.embedder import INT8_MIN_COSINE, Embedder
    from index.passages import make_passages

    texts = [p.text for d in scifact_docs(40) for p in make_passages(d)]
    fp32 = Embedder(precision="fp32").encode_passages(texts)
    got = int8_embedder.encode_passages(texts)
    cos = np.sum(got * fp32, axis=1)
    assert got.dtype == np.float32 and got.shape == fp32.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert cos.min() >= INT8_MIN_COSINE and cos.mean() >= 0.99, (cos.min(), cos.mean())
    assert not np.allclose(got, fp32, atol=1e-3)  # really computed in int8
    # input order kept whatever the batching (length-sorted inside); int8 activations are scaled
    # per batch, so other batch mates move a vector a little (0.989 seen), never past the floor
    again = int8_embedder.encode_passages(texts[::-1])[::-1]
    assert float(np.min(np.sum(again * got, axis=1))) >= INT8_MIN_COSINE
    assert np.array_equal(int8_embedder.encode_passages(texts), got)  # the same input, the same vectors


@pytest.mark.slow
def test_an_int8_index_records_its_recipe_and_a_machine_that_cannot_make_it_refuses_adds(
        int8_embedder, tmp_path, corpus_dir, monkeypatch):
    from index import onnx_encoder
    from index.embedder import PROBE_PASSAGES, Embedder

    corpus = copy_corpus(tmp_path / "corpus")
    idx = ClaimIndex.build(corpus, tmp_path / "idx", embedder=int8_embedder)
    assert idx.manifest.vector_recipe == "onnx-int8"
    reopened = ClaimIndex.open(tmp_path / "idx")  # the manifest's recipe picks the embedder's
    assert reopened.embedder.vector_recipe == "onnx-int8"
    new = tmp_path / "new.txt"
    new.write_text("Median overall survival was 14.2 months with drug A versus 11.0 months with placebo.",
                   encoding="utf-8")
    # an fp32 embedder is switched to the index's recipe before it embeds anything
    fp32 = Embedder(precision="fp32")
    assert ClaimIndex.open(tmp_path / "idx", embedder=fp32).add([new]).added
    assert fp32.vector_recipe == "onnx-int8"
    # without onnxruntime the index's vectors cannot be made: refused, named rebuild, index unchanged
    monkeypatch.setattr(onnx_encoder, "available", lambda: False)
    before = ClaimIndex.open(tmp_path / "idx").manifest
    other = tmp_path / "other.txt"
    other.write_text("Grade 3 adverse events occurred in 12% with drug B and 9% with placebo.", encoding="utf-8")
    with pytest.raises(IndexLoadError, match="onnxruntime.*python -m index build"):
        ClaimIndex.open(tmp_path / "idx", embedder=Embedder(precision="fp32")).add([other])
    after = ClaimIndex.open(tmp_path / "idx").manifest
    assert after.generation == before.generation and after.passages == before.passages
    # and such a machine makes fp32 vectors through torch
    auto = Embedder(precision="auto")
    fp32_vecs = auto.encode_passages(PROBE_PASSAGES)
    assert auto.vector_recipe == "fp32" and "through torch" in auto.recipe_note, auto.recipe_note
    assert np.allclose(fp32_vecs, auto.model.encode(PROBE_PASSAGES, normalize_embeddings=True), atol=1e-5)
