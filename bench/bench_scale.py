"""The whole query at 10k, 100k and 1M passages: latency, memory, build and load time, and how
often the approximate vector index gives the same top 10 as exact search.

    .venv/bin/python bench/bench_scale.py                       # 10k and 100k
    .venv/bin/python bench/bench_scale.py --sizes 1000000 --keep /tmp/scale-bench

Corpus: the first --base SciFact abstracts (real passages, real claims, real MiniLM vectors, embedded
once and cached under --keep), then copies of them, each with a '[copy N]' line, until the size is
reached. A copy's passage vectors are its original's moved at random to cosine ~0.9 (seeded), so a
million passages are not a million identical points and nothing embeds a million texts; claims and
passages of a copy reuse the original's extraction (offsets are unchanged by the appended marker).
The index is built by ClaimIndex.build_documents, so it gets whatever structure the product chooses
for its size (flat below index.dense.IVF_MIN_PASSAGES, IVF above).

Serving runs in a fresh process per size: index load time, model load, then SciFact dev claims as
queries through ClaimIndex.search(q, k=10) (query embedding + FAISS + BM25 + fusion + claim ranking
+ rows), p50/p95, peak RSS; then the same queries with an exact (flat) copy of the vectors swapped
in, and the share of the top 10 passages both give (1.0 for a flat index).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import numpy as np  # noqa: E402

from bench.bench_embed import eval_dir  # noqa: E402
from bench.bench_index import COPY, scaled_docs  # noqa: E402
from bench.common import open_warm, peak_rss_mb, percentile  # noqa: E402
from extract.models import content_id  # noqa: E402
from index import ClaimIndex, Embedder  # noqa: E402
from index import claim_index as claim_index_module  # noqa: E402
from index.embedder import DIMENSION, MODEL_NAME  # noqa: E402
from evaluation.scifact import load_claims, load_corpus  # noqa: E402
from index.extraction import extract_claims  # noqa: E402
from index.passages import make_passages  # noqa: E402

COPY_COSINE = 0.9


def base_corpus(n_docs: int, keep: Path):
    """(documents, {passage text: vector}) of the first n SciFact abstracts, vectors cached."""
    docs = load_corpus(eval_dir())[:n_docs]
    texts = list(dict.fromkeys(p.text for d in docs for p in make_passages(d)))
    cache = keep / f"base-{n_docs}"
    if (cache / "vectors.npy").is_file():
        vecs = np.load(cache / "vectors.npy", allow_pickle=False)
        cached = json.loads((cache / "texts.json").read_text(encoding="utf-8"))
        if cached == texts:
            return docs, dict(zip(texts, vecs))
    t = time.perf_counter()
    embedder = Embedder()
    vecs = embedder.encode_passages(texts)
    print(f"  embedded {len(texts)} base passages in {time.perf_counter() - t:.0f} s "
          f"({embedder.vector_recipe})", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(cache / "vectors.npy", vecs, allow_pickle=False)
    (cache / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    return docs, dict(zip(texts, vecs))


class PerturbedEmbedder:
    """Vectors of base passages by text; a copy's passage (text + '[copy N]') gets its original's
    vector moved to cosine ~COPY_COSINE, seeded by the copy number and text."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors = vectors
        self.scale = float(np.sqrt(1.0 / COPY_COSINE ** 2 - 1.0))

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            m = COPY.search(t)
            base = self.vectors[COPY.sub("", t)]
            if m is None:
                out[i] = base
                continue
            seed = int.from_bytes(content_id(t)[:8].encode(), "little")
            g = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            v = base + self.scale * g / np.linalg.norm(g)
            out[i] = v / np.linalg.norm(v)
        return out


def build(size: int, base_docs, vectors, folder: Path) -> dict:
    # a copy's passages and claims are its original's (the marker is appended): reuse them
    passages_of = {d.text: make_passages(d) for d in base_docs}
    claims_of = {d.text: extract_claims(d) for d in base_docs}
    per_doc = {text: len(ps) for text, ps in passages_of.items()}
    docs = scaled_docs(base_docs, per_doc, size)

    def passages_once(doc):
        return [p.model_copy(update={"doc_id": doc.id, "id": content_id(doc.id, p.start, p.end)})
                for p in passages_of[COPY.sub("", doc.text)]]

    def claims_once(doc):
        return [c.model_copy(update={"doc_id": doc.id}).with_id() for c in claims_of[COPY.sub("", doc.text)]]

    claim_index_module.make_passages = passages_once
    claim_index_module.extract_claims = claims_once
    t = time.perf_counter()
    idx = ClaimIndex.build_documents(docs, folder, embedder=PerturbedEmbedder(vectors))
    seconds = time.perf_counter() - t
    m = idx.manifest
    return {"passages": m.passages, "documents": m.documents, "claims": m.claims, "build_s": seconds,
            "vector_index": m.vector_index, "build_peak_rss_mb": peak_rss_mb()}


def serve(index_dir: Path, queries: list[str], warm_up: list[str]) -> dict:
    """In a fresh process: load, time the queries, then compare with exact vector search."""
    from index.dense import DenseIndex

    idx, load, model_load = open_warm(index_dir, warm_up)
    times, tops = [], []
    for q in queries:
        t0 = time.perf_counter()
        hits = idx.search(q, k=10)
        times.append((time.perf_counter() - t0) * 1000)
        tops.append({(h.doc_id, h.start) for h in hits})
    rss = peak_rss_mb()
    state = idx._state
    overlap = 1.0
    if state.dense.is_ivf:
        ids, vecs = state.dense.vectors()
        exact = DenseIndex.empty(vecs.shape[1])
        exact.add(vecs, ids.tolist())
        del vecs
        state.dense = exact
        shared = []
        for q, top in zip(queries, tops):
            want = {(h.doc_id, h.start) for h in idx.search(q, k=10)}
            shared.append(len(top & want) / max(1, len(want)))
        overlap = float(np.mean(shared))


    return {"passages": idx.manifest.passages, "vector_index": idx.manifest.vector_index,
            "load_s": load, "model_load_s": model_load, "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "max_ms": max(times), "queries": len(times), "peak_rss_mb": rss, "top10_overlap": overlap,
            "load_avg": os.getloadavg()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--base", type=int, default=400, help="SciFact abstracts embedded for real")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--keep", type=Path, default=None, help="keep/reuse base vectors and indexes here")
    ap.add_argument("--serve", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        job = json.loads(sys.stdin.read())
        print(json.dumps(serve(args.serve, job["queries"], job["warm_up"])))
        return 0
    keep = args.keep or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    base_docs, vectors = base_corpus(args.base, keep)
    queries = [c for c, _ in load_claims(eval_dir(), "dev")][:args.queries]
    warm_up = [c for c, _ in load_claims(eval_dir(), "train")][:20]
    print("| passages | vectors | build | index load | query p50 | p95 | max | peak RSS (serving) | "
          "top-10 overlap with exact | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        folder = keep / f"idx-{size}"
        built = None
        if not (folder / "CURRENT").exists():
            built = build(size, base_docs, vectors, folder)
            print(f"  built: {json.dumps(built)}", file=sys.stderr, flush=True)
        r = subprocess.run([sys.executable, __file__, "--serve", str(folder)],
                           input=json.dumps({"queries": queries, "warm_up": warm_up}),
                           capture_output=True, text=True, check=True)
        m = json.loads(r.stdout)
        build_s = f"{built['build_s']:.0f} s" if built else "reused"
        print(f"| {m['passages']:,} | {m['vector_index']} | {build_s} | {m['load_s']:.2f} s | "
              f"{m['p50_ms']:.1f} ms | {m['p95_ms']:.1f} ms | {m['max_ms']:.1f} ms | {m['peak_rss_mb']:.0f} MB | "
              f"{m['top10_overlap']:.3f} | {' '.join(f'{x:.1f}' for x in m['load_avg'])} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
