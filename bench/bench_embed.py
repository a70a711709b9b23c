"""Passage embedding paths side by side in ONE run: throughput ratios, cosine to fp32, dense nDCG@10.

    nice .venv/bin/python -m bench.bench_embed                    # dev-cited SciFact abstracts only
    nice .venv/bin/python -m bench.bench_embed --distractors 5000 # the whole corpus (slow on 2 cores)

Paths (each with length-sorted batches padded to the batch's own longest passage, except today):
  today        SentenceTransformer.encode(chunk of 256, batch_size=64), torch fp32: ingest before #17
  today-1t     today's call with torch on 1 thread (the ONNX paths' sweep picks 1 thread under load)
  torch-sorted torch fp32, sorted batches of 16 (the torch fallback of the fp32 recipe)
  torch-bf16   torch under bf16 autocast, sorted batches (Embedder precision=bf16; emulated and ~5x
               slower where oneDNN reports no native bf16)
  torch-int8   torch.ao.quantization.quantize_dynamic(Linear -> qint8), sorted batches
  onnx-fp32    the model exported locally (torch.onnx.export), ONNX Runtime, all graph optimisations
               (what Embedder() runs now: recipe fp32)
  onnx-int8    the same graph with dynamic int8 weights per output channel (Embedder precision=int8)
The paths take turns chunk by chunk (256 passages each), so load drift on this shared machine hits
them alike. A short sweep first picks batch size and threads for onnx-int8 on the first chunk.

Quality: cosine of each path's vectors to today's on every passage and on the probe passages;
dense-only ranking of the SciFact dev claims over the subset (abstracts cited by a dev claim +
--distractors others; abstract score = best passage), with queries from the product's fp32 query
path ("fp32 q") and with queries embedded by the path itself ("own q"). The full corpus gives
0.676 (README); a subset's figure is higher and is compared between paths of this run only.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

import numpy as np

import settings
from index import onnx_encoder
from index.embedder import PROBE_PASSAGES, Embedder, bf16_supported, sorted_encode
from evaluation.scifact import load_claims, load_corpus, metrics
from index.passages import make_passages

CHUNK = 256
TODAY_BATCH = 64


def eval_dir() -> Path:
    """SciFact, read in place from the evaluation folder (settings.eval_dir, EVIDENCE_DESK_EVAL_DIR)."""
    folder = settings.eval_dir() / "scifact"
    if not (folder / "corpus.jsonl").is_file():
        raise SystemExit(f"error: SciFact not found under {folder} (set EVIDENCE_DESK_EVAL_DIR to the folder holding scifact/)")
    return folder


def subset(folder: Path, distractors: int):
    docs = load_corpus(folder)
    claims = load_claims(folder, "dev")
    cited = set().union(*(c for _, c in claims))
    others = [d for d in docs if d.path.split(":", 1)[1] not in cited][:distractors]
    chosen = [d for d in docs if d.path.split(":", 1)[1] in cited] + others
    return chosen, claims


def dense_ndcg(passage_vecs: np.ndarray, abstract_of: list[str], query_vecs: np.ndarray, claims) -> float:
    scores = query_vecs @ passage_vecs.T
    total = 0.0
    for row, (_, relevant) in zip(scores, claims):
        ranked, seen = [], set()
        for i in np.argsort(-row, kind="stable")[:200]:
            a = abstract_of[i]
            if a not in seen:
                seen.add(a)
                ranked.append(a)
        total += metrics(ranked, relevant)["nDCG@10"]
    return total / len(claims)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def sweep(onnx_path: Path, model, texts: list[str]) -> tuple[int, int, str]:
    """Best (batch size, threads) for an ONNX graph on these passages, two rounds each, interleaved."""
    configs = [(b, t) for t in (2, 1) for b in (8, 16, 32)]
    encoders = {(b, t): onnx_encoder.OnnxPassageEncoder(model, onnx_path, threads=t, batch_size=b) for b, t in configs}
    best = {c: float("inf") for c in configs}
    for _ in range(2):
        for c in configs:
            t0 = time.perf_counter()
            encoders[c].encode(texts)
            best[c] = min(best[c], time.perf_counter() - t0)
    table = ", ".join(f"b{b}/t{t} {len(texts) / best[(b, t)]:.0f}/s" for b, t in configs)
    b, t = min(configs, key=best.get)
    return b, t, table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=0, help="uncited abstracts added to the subset")
    ap.add_argument("--paths", default="today,today-1t,torch-sorted,torch-bf16,torch-int8,onnx-fp32,onnx-int8")
    args = ap.parse_args()
    import torch

    folder = eval_dir()
    docs, claims = subset(folder, args.distractors)
    passages = [(d.path.split(":", 1)[1], p.text) for d in docs for p in make_passages(d)]
    texts = [t for _, t in passages]
    abstract_of = [a for a, _ in passages]
    print(f"machine: {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"CPU capability {torch.backends.cpu.get_cpu_capability()}, native bf16: {bf16_supported()}")
    print(f"subset: {len(docs)} SciFact abstracts ({len(docs) - args.distractors} cited by the "
          f"{len(claims)} dev claims + {args.distractors} others), {len(texts)} passages")
    print(f"load average at start: {load()}")

    base = Embedder(precision="fp32")
    model = base.model
    base.encode_passages(texts[:4])  # the fp32 runtime is chosen at the first passage batch
    print(f"Embedder() passage path: {base.vector_recipe} -- {base.recipe_note}")
    t0 = time.perf_counter()
    int8_file = onnx_encoder.model_file(model, "int8", settings.onnx_cache_dir())
    fp32_file = onnx_encoder.model_file(model, "fp32", settings.onnx_cache_dir())
    print(f"ONNX graphs ready in {time.perf_counter() - t0:.1f} s (exported now unless cached): {fp32_file.parent}")
    batch, threads, table = sweep(int8_file, model, texts[:CHUNK])
    print(f"onnx-int8 sweep on {min(CHUNK, len(texts))} passages (load {load()}): {table} -> batch {batch}, threads {threads}")
    qmodel = torch.ao.quantization.quantize_dynamic(copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8)
    onnx_fp32 = onnx_encoder.OnnxPassageEncoder(model, fp32_file, threads=threads, batch_size=batch)
    onnx_int8 = onnx_encoder.OnnxPassageEncoder(model, int8_file, threads=threads, batch_size=batch)
    def today(chunk):
        return model.encode(chunk, batch_size=TODAY_BATCH, convert_to_numpy=True, normalize_embeddings=True,
                            show_progress_bar=False)

    def today_1t(chunk):
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return today(chunk)
        finally:
            torch.set_num_threads(threads)

    every = {
        "today": today,
        "today-1t": today_1t,
        "torch-sorted": lambda chunk: sorted_encode(model, chunk, base.batch_size),
        "torch-bf16": lambda chunk: sorted_encode(model, chunk, base.batch_size, bf16=True),
        "torch-int8": lambda chunk: sorted_encode(qmodel, chunk, base.batch_size),
        "onnx-fp32": onnx_fp32.encode,
        "onnx-int8": onnx_int8.encode,
    }
    names = ["today"] + [n for n in args.paths.split(",") if n in every and n != "today"]
    paths = {n: every[n] for n in names}
    for fn in paths.values():
        fn(texts[:16])  # warm up
    vecs = {name: np.zeros((len(texts), 384), dtype=np.float32) for name in paths}
    seconds = {name: 0.0 for name in paths}
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start:start + CHUNK]
        for name, fn in paths.items():
            t = time.perf_counter()
            vecs[name][start:start + len(chunk)] = fn(chunk)
            seconds[name] += time.perf_counter() - t
        print(f"  {start + len(chunk)}/{len(texts)} passages, load {load()}", file=sys.stderr, flush=True)

    queries = [c for c, _ in claims]
    qvecs = np.vstack([base.encode([q]) for q in queries])  # the product's single-query path (fp32)
    probe_ref = paths["today"](PROBE_PASSAGES)
    print(f"\nload average after the timed run: {load()}")
    print("\n| path | passages/s | vs today | vs torch-sorted | cosine to today min / mean | probe min | "
          "nDCG@10 fp32 q | nDCG@10 own q |")
    print("|---|---|---|---|---|---|---|---|")
    rate = {name: len(texts) / seconds[name] for name in paths}
    for name, fn in paths.items():
        cos = np.sum(vecs[name] * vecs["today"], axis=1)
        probe = float(np.min(np.sum(fn(PROBE_PASSAGES) * probe_ref, axis=1)))
        ndcg = dense_ndcg(vecs[name], abstract_of, qvecs, claims)
        own = dense_ndcg(vecs[name], abstract_of, fn(queries), claims)
        vs_sorted = f"{rate[name] / rate['torch-sorted']:.2f}" if "torch-sorted" in rate else "-"
        print(f"| {name} | {rate[name]:.1f} | {rate[name] / rate['today']:.2f} | {vs_sorted} | "
              f"{cos.min():.4f} / {cos.mean():.4f} | {probe:.4f} | {ndcg:.4f} | {own:.4f} |")

    # single-query latency: the product's frozen fp32 path against one int8 ONNX run per query
    one8 = onnx_encoder.OnnxPassageEncoder(model, int8_file, threads=1, batch_size=1)
    one32 = onnx_encoder.OnnxPassageEncoder(model, fp32_file, threads=1, batch_size=1)
    lat = {"fp32 frozen torch (the product's query path)": lambda q: base.encode([q]),
           "onnx-fp32, 1 thread": lambda q: one32.encode([q]), "onnx-int8, 1 thread": lambda q: one8.encode([q])}
    for name, fn in lat.items():
        times = []
        for q in queries[:150]:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
        print(f"single query {name}: p50 {np.percentile(times, 50):.1f} ms, p95 {np.percentile(times, 95):.1f} ms")
    print(f"\nload average at end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
