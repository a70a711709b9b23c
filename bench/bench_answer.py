"""Answer and verify latency, warm, on the shipped corpus (target: ask p95 <= 200 ms).

    .venv/bin/python bench/bench_answer.py [--index DIR] [--rounds N]

Opens the default index (built from corpus/ when missing) with the real embedding model, warms it
with one pass, then times `rounds` passes over a fixed question set (answerable and unanswerable:
abstentions run a search for the nearest passages) and over the verify seed sentences.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = [
    "What was the two-year overall survival compared with Interfant-06?",
    "How many infants were treated?",
    "What was the median follow-up?",
    "How was MRD measured?",
    "Where was it published?",
    "Which serious adverse events were reported?",
    "What was two-year disease-free survival with blinatumomab?",
    "What was the dose of blinatumomab?",
    "What was the response rate with pembrolizumab?",
    "What was the progression-free survival?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn, items, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<8} n={len(ms):<4} p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms   "
            f"max {max(ms):7.1f} ms")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", default=None, help="index folder (default: the repo's .index)")
    p.add_argument("--rounds", type=int, default=10)
    args = p.parse_args()

    from answer import ask, verify
    from index import ClaimIndex, open_or_build

    t0 = time.perf_counter()
    idx = open_or_build() if args.index is None else ClaimIndex.open(args.index)
    sentences = [c["sentence"] for c in
                 json.loads((REPO / "tests" / "gold" / "answer_verify_seeds.json").read_text())["cases"]]
    for q in QUESTIONS:  # warm: model, caches, the corpus view
        ask(q, idx)
    for s in sentences:
        verify(s, idx)
    print(f"open + warm-up: {time.perf_counter() - t0:.1f} s; {len(idx.documents())} documents, "
          f"{len(idx.claims())} claims")
    ask_ms = timed(lambda q: ask(q, idx), QUESTIONS, args.rounds)
    verify_ms = timed(lambda s: verify(s, idx), sentences, args.rounds)
    print(line("ask", ask_ms))
    print(line("verify", verify_ms))
    p95 = percentile(ask_ms, 95)
    print(f"target ask p95 <= 200 ms: {'met' if p95 <= 200 else 'NOT met'} ({p95:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
