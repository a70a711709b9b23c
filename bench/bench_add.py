"""Cost of one small add into indexes of 1k, 10k and 100k passages (issue 16), and query p95.

    nice .venv/bin/python -m bench.bench_add                 # 1k, 10k, 100k
    nice .venv/bin/python -m bench.bench_add --sizes 1000    # one size

How the big indexes are made fast: real SciFact abstracts are cut into passages by the product's
own make_passages (no claim extraction), repeated with a '[copy N]' id suffix until the size is
reached, and stored with random unit vectors (the add's cost does not depend on the vectors'
values). The index is written by the product's own build path and carries the real model's name,
so the add itself runs the real pipeline: the budgeted read worker, claim extraction, MiniLM
embedding, SQLite, FAISS, the sharded BM25 and the atomic generation switch.

Each size runs in a fresh process. Before timing, one warm-up add loads the model and starts the
read worker (the app has both running); then one small document is added and the wall time and
the peak extra resident memory during the add (RSS sampled every 5 ms) are printed. Then the
p95 of QUERIES searches (fusion, the app's default; SciFact dev claims as questions) is printed, so a
change of the storage layout shows what it costs the readers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from settings import eval_dir

REPO = Path(__file__).resolve().parent.parent

SCIFACT = eval_dir() / "scifact"  # read in place (EVIDENCE_DESK_EVAL_DIR), never copied

QUERIES = 100
SMALL_DOC = ("Zorbatinib in relapsed myeloma: in the phase 2 trial, 41 of 120 patients (34.2%) had a response; "
             "median progression-free survival was 9.8 months (95% CI 7.1 to 12.4).\n")


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Highest RSS seen while the block runs (a sampling thread)."""

    def __enter__(self):
        self.start = rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def build_index(index_dir: Path, passages: int) -> None:
    import numpy as np

    from index.claim_index import AddReport, ClaimIndex, _Ready
    from index.embedder import DIMENSION, MODEL_NAME
    from evaluation.scifact import load_corpus
    from index.passages import make_passages

    class NamedOnly:  # the real model's name without loading it: vectors are made here
        name, dimension = MODEL_NAME, DIMENSION

    docs = load_corpus(SCIFACT)
    cut = []
    total = 0
    for d in docs:
        ps = make_passages(d)
        cut.append((d, ps))
        total += len(ps)
        if total >= passages:
            break
    rng = np.random.default_rng(16)
    items, made, copy = [], 0, 0
    while made < passages:
        for d, ps in cut:
            if made >= passages:
                break
            ps = ps[:passages - made]
            doc = d if copy == 0 else d.model_copy(update={"id": f"{d.id}-copy{copy}", "path": f"{d.path}#copy{copy}"})
            ps = [p.model_copy(update={"doc_id": doc.id, "id": f"{p.id}-{copy}"}) for p in ps]
            v = rng.standard_normal((len(ps), DIMENSION)).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            items.append(_Ready(doc, ps, [], v))
            made += len(ps)
        copy += 1
    ClaimIndex._build(items, AddReport(), index_dir, NamedOnly(), "").close()


def measure(index_dir: Path, work: Path) -> dict:
    from index import ClaimIndex

    idx = ClaimIndex.open(index_dir)
    warm = work / "warm-up.txt"
    warm.write_text("Warm-up: 12 of 40 patients (30%) responded at 6 months.\n", encoding="utf-8")
    idx.add([warm])  # loads the model and starts the read worker, as in a running app
    small = work / "small.txt"
    small.write_text(SMALL_DOC, encoding="utf-8")
    with PeakRss() as mem:
        started = time.perf_counter()
        report = idx.add([small])
        seconds = time.perf_counter() - started
    assert len(report.added) == 1, report
    from evaluation.scifact import load_claims

    questions = [q for q, _ in load_claims(SCIFACT, "dev")][:QUERIES]
    for q in questions[:5]:  # warm the page cache and the query path
        idx.search(q, k=10)
    took = []
    for q in questions:
        t = time.perf_counter()
        idx.search(q, k=10)
        took.append(time.perf_counter() - t)
    took.sort()
    out = {"passages": idx.manifest.passages, "add_s": round(seconds, 3),
           "extra_mb": round((mem.peak - mem.start) / 2**20, 1), "rss_mb": round(mem.start / 2**20, 1),
           "bm25_shards": [s.size for s in idx._state.lexical.shards],
           "query_p95_ms": round(1000 * took[int(0.95 * (len(took) - 1))], 1)}
    idx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size in this process
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        index_dir = args.work / "index"
        started = time.perf_counter()
        build_index(index_dir, args.one)
        built_s = time.perf_counter() - started
        result = measure(index_dir, args.work)
        result["build_s"] = round(built_s, 1)
        print(json.dumps(result), flush=True)
        return 0
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"{'passages':>9} {'add s':>7} {'extra MB':>9} {'RSS MB':>7} {'query p95 ms':>12}  bm25 shards after the add")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="reliability-bench-add-", dir="/tmp") as work:
            r = subprocess.run([sys.executable, "-m", "bench.bench_add", "--one", str(size), "--work", work],
                               capture_output=True, text=True, cwd=REPO)
            if r.returncode != 0:
                print(f"{size}: failed\n{r.stderr[-3000:]}")
                return 1
            res = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"{res['passages']:>9} {res['add_s']:>7.3f} {res['extra_mb']:>9.1f} {res['rss_mb']:>7.1f} {res['query_p95_ms']:>12.1f}  "
                  f"{res['bm25_shards']}  (index built in {res['build_s']} s)", flush=True)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
