"""Answer and verify latency, warm, on the shipped corpus (target: ask p95 <= 200 ms).

    .venv/bin/python -m bench.bench_answer [--index DIR]

Opens the default index (built from corpus/ when missing) with the real embedding model, warms it
with a few questions, then times 60 questions it has not seen (answerable and unanswerable:
abstentions embed the question to search for the nearest passages) and the verify seed sentences.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.common import percentile

REPO = Path(__file__).resolve().parent.parent
WARM_UP = [
    "What was the two-year overall survival compared with Interfant-06?",
    "How many infants were treated?",
    "What was the dose of blinatumomab?",
]
# Every timed question is new to the index: its query-vector cache must not flatter the figures.
TEMPLATES = ["What was the {}?", "What was the {} with blinatumomab?", "Tell me the {} in the study.",
             "What {} did the sources report?", "Which {} was found?"]
TOPICS = ["overall survival", "disease-free survival", "median follow-up", "dose", "response rate with pembrolizumab",
          "progression-free survival", "event-free survival", "hazard ratio for death", "number of serious adverse events",
          "MRD negativity", "two-year overall survival", "cost of treatment"]
QUESTIONS = [t.format(topic) for topic in TOPICS for t in TEMPLATES]
# Questions as pharmacists ask them (issue 13): passages quoted, main results, names looked up, and
# follow-ups answered with the conversation (timed: the follow-up alone).
PHARMACIST = ["Did all infants complete the course?", "What is blinatumomab?", "What were the key results?",
              "Is it better than chemotherapy?", "How often did infection occur?", "What was 2-year OS in the interfant06 trial?",
              "What was survival in the ABC-123 trial?", "Which side effects were more common with everolimus?"]
FOLLOW_UPS = [("What was two-year overall survival with blinatumomab?", "and in the control group?"),
              ("What was two-year disease-free survival?", "what about overall survival?")]


def timed(fn, items) -> tuple[list[float], list]:
    out, results = [], []
    for item in items:
        t0 = time.perf_counter()
        results.append(fn(item))
        out.append((time.perf_counter() - t0) * 1000)
    return out, results


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<10} n={len(ms):<4} p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms   "
            f"max {max(ms):7.1f} ms")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", default=None, help="index folder (default: the repo's .index)")
    args = p.parse_args()

    from answer import ask, verify
    from index import ClaimIndex, open_or_build

    t0 = time.perf_counter()
    idx = open_or_build() if args.index is None else ClaimIndex.open(args.index)
    sentences = [c["sentence"] for c in
                 json.loads((REPO / "tests" / "gold" / "answer_verify_seeds.json").read_text())["cases"]]
    for q in WARM_UP:  # warm: model, caches, the corpus view
        ask(q, idx)
    verify(sentences[0], idx)
    print(f"open + warm-up: {time.perf_counter() - t0:.1f} s; {len(idx.documents())} documents, "
          f"{len(idx.claims())} claims")
    ask_ms, answers = timed(lambda q: ask(q, idx), QUESTIONS)
    verify_ms, _ = timed(lambda s: verify(s, idx), sentences)
    kinds_ms, _ = timed(lambda q: ask(q, idx), PHARMACIST)
    history = {first: [ask(first, idx)] for first, _ in FOLLOW_UPS}
    follow_ms, _ = timed(lambda pair: ask(pair[1], idx, history=history[pair[0]]), FOLLOW_UPS)
    abstained = [ms for ms, a in zip(ask_ms, answers) if a.abstained]
    answered = [ms for ms, a in zip(ask_ms, answers) if not a.abstained]
    print(line("ask", ask_ms))
    if answered:
        print(line(" answered", answered))
    if abstained:
        print(line(" abstained", abstained) + "   (abstentions search for the nearest passages)")
    print(line("verify", verify_ms))
    # paragraphs of about 2,000 characters: the seed sentences in 12 different orders
    paragraphs = []
    for k in range(12):
        order = sentences[k:] + sentences[:k]
        text = ""
        for s in order:
            if len(text) + len(s) + 1 > 2000:
                break
            text += s.rstrip(".") + ". "
        paragraphs.append(text.strip())
    para_ms, _ = timed(lambda s: verify(s, idx), paragraphs)
    print(line("verify 2k", para_ms) + f"   (paragraphs of {min(map(len, paragraphs))}-{max(map(len, paragraphs))} chars)")
    print(line("pharmacist", kinds_ms + follow_ms) + "   (quoted passages, main results, names, follow-ups)")
    p95 = percentile(ask_ms, 95)
    print(f"target ask p95 <= 200 ms: {'met' if p95 <= 200 else 'NOT met'} ({p95:.1f} ms)")
    v95, pv95 = percentile(verify_ms, 95), percentile(para_ms, 95)
    print(f"target verify p95 <= 200 ms a sentence: {'met' if v95 <= 200 else 'NOT met'} ({v95:.1f} ms); "
          f"<= 2 s a 2,000-character paragraph: {'met' if pv95 <= 2000 else 'NOT met'} ({pv95:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
