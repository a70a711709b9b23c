"""Fill a VectorCache with the passages of a slice of SciFact (one of several parallel workers).

    python -m evaluation.embed_worker --part 0 --parts 3
"""

from __future__ import annotations

import argparse
import sys
import time

import torch

from index.embedder import Embedder
from .scifact import CACHE, EVAL_DIR, load_corpus
from index.passages import make_passages
from .vector_cache import VectorCache

CHUNK = 128


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", type=int, required=True)
    ap.add_argument("--parts", type=int, required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)  # one thread per worker: several workers never oversubscribe the cores
    cache = VectorCache(CACHE / "vectors")
    docs = load_corpus(EVAL_DIR)[args.part::args.parts]
    texts = [p.text for d in docs for p in make_passages(d)]
    todo = list(dict.fromkeys(t for t in texts if t not in cache.vectors))
    print(f"part {args.part}: {len(texts)} passages, {len(todo)} to embed", file=sys.stderr, flush=True)
    emb = Embedder(batch_size=32)
    started = time.perf_counter()
    for i in range(0, len(todo), CHUNK):
        chunk = todo[i:i + CHUNK]
        cache.save_chunk(chunk, emb.encode(chunk))
        print(f"part {args.part}: {i + len(chunk)}/{len(todo)} ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
