"""Extraction throughput on the 640 EvidenceOutcomes abstracts (one process).

    .venv/bin/python -m bench.bench_extract [--repeat N] [--pipeline]

Unpacks ../shared/eval/evidence_outcomes/consensus.tar.gz into a temporary folder (never into
the repo), times extract_text_claims over every abstract and prints abstracts/s, chars/s and
claims found; --pipeline also times the spaCy pipeline (tokeniser + components). Compare with
ingest time (read_document) to check extraction stays under 10% of ingestion.
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
from settings import SETTINGS  # noqa: E402
TAR = SETTINGS.eval_dir / "evidence_outcomes" / "consensus.tar.gz"


def load_abstracts(tmp: Path) -> list[Path]:
    with tarfile.open(TAR) as tf:
        members = [m for m in tf.getmembers() if m.isfile() and m.name.endswith(".txt")]
        tf.extractall(tmp, members=members, filter="data")
    return sorted(tmp.rglob("*.txt"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (best is reported)")
    ap.add_argument("--pipeline", action="store_true", help="also time the spaCy pipeline")
    args = ap.parse_args()
    if not TAR.exists():
        print(f"evaluation data not found: {TAR}", file=sys.stderr)
        return 2
    from extract import extract_claims, extract_text_claims
    from extract.readers import read_document

    with tempfile.TemporaryDirectory() as tmpdir:
        paths = load_abstracts(Path(tmpdir))
        t0 = time.perf_counter()
        docs = [read_document(p) for p in paths]
        read_s = time.perf_counter() - t0
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    extract_text_claims(texts[0])  # warm the regex cache
    best = best_cpu = float("inf")
    n_claims = 0
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        n_claims = sum(len(extract_claims(d)) for d in docs)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"abstracts: {len(texts)}  chars: {chars}  claims: {n_claims}")
    print(f"extract_claims: {len(texts) / best:.0f} abstracts/s wall, {len(texts) / best_cpu:.0f} abstracts/s CPU "
          f"({chars / best / 1e6:.2f} M chars/s wall, best of {args.repeat}; wall time suffers when the machine is busy)")
    print(f"read_document: {len(texts) / read_s:.0f} files/s; extraction = "
          f"{100 * best / (best + read_s):.0f}% of read+extract time (the index adds embedding on top)")
    if args.pipeline:
        from extract.pipeline import get_nlp

        nlp = get_nlp()
        t0 = time.perf_counter()
        for t in texts:
            nlp(t)
        dt = time.perf_counter() - t0
        print(f"spaCy pipeline (tokeniser + sentences + claims): {len(texts) / dt:.0f} abstracts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
