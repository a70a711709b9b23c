"""The vector part alone at up to 1M passages: exact (flat) against the IVF a build makes.

    .venv/bin/python bench/bench_vectors.py --sizes 100000 1000000 --keep /tmp/scale-bench

Cheaper than bench_scale.py at 1M (no SQLite, BM25 or claims): real MiniLM vectors of SciFact
passages (bench_scale.py's cached base) copied and moved at random to cosine ~0.9, real SciFact dev
claims as queries (the product's single-query path). Per size: flat add time, IVF train+add time
(DenseIndex.train_ivf: lists, nprobe tuned on a sample), save and load time of each, search p50/p95
of 10 neighbours (one thread), recall@10 of IVF against flat on the real queries, and the process RSS.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import numpy as np  # noqa: E402

from bench.bench_embed import eval_dir  # noqa: E402
from bench.common import peak_rss_mb  # noqa: E402
from bench.bench_scale import COPY_COSINE, base_corpus  # noqa: E402
from index import Embedder  # noqa: E402
from index.dense import DenseIndex  # noqa: E402
from evaluation.scifact import load_claims  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def perturbed(base: np.ndarray, n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    scale = np.sqrt(1.0 / COPY_COSINE ** 2 - 1.0)
    for start in range(0, n, 65536):
        m = min(65536, n - start)
        rows = base[np.arange(start, start + m) % len(base)]
        g = rng.standard_normal(rows.shape).astype(np.float32)
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        v = rows + scale * g
        if start == 0:  # the originals themselves stay in
            v[:min(m, len(base))] = rows[:min(m, len(base))]
        out[start:start + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def timed_search(dense: DenseIndex, queries: np.ndarray) -> tuple[float, float, np.ndarray]:
    times, tops = [], []
    for q in queries:
        t = time.perf_counter()
        hits = dense.search(q, 10)[0]
        times.append((time.perf_counter() - t) * 1000)
        tops.append([i for i, _ in hits])
    times.sort()
    return times[len(times) // 2], times[int(0.95 * (len(times) - 1))], tops


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--base", type=int, default=30)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    import faiss

    faiss.omp_set_num_threads(1)
    keep = args.keep or Path(tempfile.mkdtemp(prefix="scale-vectors-"))
    _, vectors = base_corpus(args.base, keep)
    base = np.vstack(list(vectors.values()))
    embedder = Embedder()
    queries = np.vstack([embedder.encode([c]) for c, _ in load_claims(eval_dir(), "dev")[:args.queries]])
    print(f"machine: {os.cpu_count()} cores; {len(base)} real base vectors; {len(queries)} real queries; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| passages | index | build | save | load | search p50 | p95 | recall@10 vs flat | RSS after | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        x = perturbed(base, size)
        ids = np.arange(1, size + 1, dtype=np.int64)
        results = {}
        for kind in ("flat", "ivf"):
            t = time.perf_counter()
            if kind == "flat":
                dense = DenseIndex.empty(x.shape[1])
                dense.add(x, ids.tolist())
            else:
                dense = DenseIndex.train_ivf(x, ids)
            build = time.perf_counter() - t
            path = keep / f"vectors-{size}-{kind}.faiss"
            t = time.perf_counter()
            dense.save(path)
            save = time.perf_counter() - t
            del dense
            t = time.perf_counter()
            dense = DenseIndex.load(path)
            load = time.perf_counter() - t
            p50, p95, tops = timed_search(dense, queries)
            results[kind] = tops
            recall = 1.0 if kind == "flat" else float(np.mean(
                [len(set(a) & set(b)) / 10 for a, b in zip(tops, results["flat"])]))
            print(f"| {size:,} | {dense.kind} | {build:.1f} s | {save:.1f} s | {load:.2f} s | {p50:.2f} ms | "
                  f"{p95:.2f} ms | {recall:.3f} | {rss_mb():.0f} MB | "
                  f"{' '.join(f'{v:.1f}' for v in os.getloadavg())} |", flush=True)
            del dense
            path.unlink()
        del x
    print(f"peak RSS of the whole run {peak_rss_mb():.0f} MB (flat and IVF copies and the model together)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
