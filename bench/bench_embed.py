"""Passage embedding paths side by side in ONE run: throughput ratios and dense nDCG@10 on SciFact.

    .venv/bin/python bench/bench_embed.py                      # dev-cited abstracts + 300 others
    .venv/bin/python bench/bench_embed.py --distractors 5000   # the whole corpus (slow on 2 cores)
    .venv/bin/python bench/bench_embed.py --bf16-sample 64     # also time emulated bf16 on 64 passages

Paths:
  today    SentenceTransformer.encode(chunk of 256 passages, batch_size=64): what ingest did before
  sorted   Embedder.encode_passages in fp32: whole input sorted by token length, batches of 16
  bf16     the same under bf16 autocast; run on the whole subset only where the CPU has native
           bf16 (AVX512-BF16/AMX): emulated it is ~10x slower than fp32, so only --bf16-sample

The paths take turns chunk by chunk (256 passages each), so load drift on this shared machine
hits them alike. Quality: dense-only ranking of SciFact dev claims over the subset (abstracts cited
by a dev claim + --distractors others, first in corpus order; abstract score = best passage; query
vectors from the product's fp32 query path, the same for every path). On the full corpus the
dense nDCG@10 is 0.676 (README); a subset's figure is higher (fewer distractors) and is compared
between paths of the same run only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import settings

REPO = Path(__file__).resolve().parent.parent

import numpy as np  # noqa: E402

from index.embedder import Embedder, RECIPE_BF16, bf16_supported, sorted_encode  # noqa: E402
from index.evaluate_scifact import load_claims, load_corpus, metrics  # noqa: E402
from index.passages import make_passages  # noqa: E402

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


def dense_ndcg(passage_vecs: np.ndarray, abstract_of: list[str], query_vecs: np.ndarray,
               claims) -> float:
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=300, help="uncited abstracts added to the subset")
    ap.add_argument("--bf16-sample", type=int, default=0, help="time emulated bf16 on this many passages")
    args = ap.parse_args()
    import torch

    folder = eval_dir()
    docs, claims = subset(folder, args.distractors)
    passages = [(d.path.split(":", 1)[1], p.text) for d in docs for p in make_passages(d)]
    texts = [t for _, t in passages]
    abstract_of = [a for a, _ in passages]
    native = bf16_supported()
    print(f"machine: {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"CPU capability {torch.backends.cpu.get_cpu_capability()}, native bf16: {native}")
    print(f"subset: {len(docs)} SciFact abstracts ({len(docs) - args.distractors} cited by the "
          f"{len(claims)} dev claims + {args.distractors} others), {len(texts)} passages")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    auto = Embedder()  # what ingest uses now on this machine
    model = auto.model
    print(f"Embedder() chose: {auto.vector_recipe} -- {auto.recipe_note}")
    model.encode(texts[:16], batch_size=16)  # warm up
    paths = {
        "today": lambda chunk: model.encode(chunk, batch_size=TODAY_BATCH, convert_to_numpy=True,
                                            normalize_embeddings=True, show_progress_bar=False),
        "sorted": lambda chunk: sorted_encode(model, chunk, auto.batch_size),
    }
    if native:
        paths["bf16"] = lambda chunk: sorted_encode(model, chunk, auto.batch_size, bf16=True)
    vecs = {name: np.zeros((len(texts), 384), dtype=np.float32) for name in paths}
    seconds = {name: 0.0 for name in paths}
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start:start + CHUNK]
        for name, fn in paths.items():
            t = time.perf_counter()
            vecs[name][start:start + len(chunk)] = fn(chunk)
            seconds[name] += time.perf_counter() - t
        done = start + len(chunk)
        print(f"  {done}/{len(texts)} passages, load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)

    queries = [c for c, _ in claims]
    qvecs = np.vstack([auto.encode([q]) for q in queries])  # the product's single-query path
    print("\n| path | passages/s | vs today | min cosine to today | dense nDCG@10 (subset) |")
    print("|---|---|---|---|---|")
    base = len(texts) / seconds["today"]
    for name in paths:
        rate = len(texts) / seconds[name]
        cos = float(np.min(np.sum(vecs[name] * vecs["today"], axis=1)))
        ndcg = dense_ndcg(vecs[name], abstract_of, qvecs, claims)
        print(f"| {name} | {rate:.1f} | {rate / base:.2f} | {cos:.6f} | {ndcg:.4f} |")
    if args.bf16_sample and not native:
        sample = texts[:args.bf16_sample]
        t = time.perf_counter()
        fp = sorted_encode(model, sample, auto.batch_size)
        t_fp = time.perf_counter() - t
        t = time.perf_counter()
        bf = sorted_encode(model, sample, auto.batch_size, bf16=True)
        t_bf = time.perf_counter() - t
        print(f"| bf16 emulated ({len(sample)} passages) | {len(sample) / t_bf:.1f} | "
              f"{(len(sample) / t_bf) / (len(sample) / t_fp):.2f} of sorted fp32 | "
              f"{float(np.min(np.sum(fp * bf, axis=1))):.6f} (to fp32) | not run |")
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"ingest recipe on this machine: {auto.vector_recipe}"
          + ("" if auto.vector_recipe == RECIPE_BF16 else " (bf16 needs native AVX512-BF16/AMX)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
