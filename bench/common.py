"""What the benchmarks share: percentiles, this process's peak memory, and opening an index warm.

Each bench times something different; these are the pieces whose meaning must not differ between
them (a p95 here is the same p95 there).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest rank of the sorted values."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries that over fork/exec, so a
    serving process started by the (large) index builder would report the builder's peak."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_warm(index_dir: Path, warm_up: list[str]):
    """Open an index as the app does (one FAISS thread), load the model and run the warm-up queries.

    Returns (index, seconds to open it, seconds to load the model). Warm-up queries must differ from
    the timed ones: the index caches query vectors.
    """
    import faiss

    from index import ClaimIndex

    faiss.omp_set_num_threads(1)
    t = time.perf_counter()
    idx = ClaimIndex.open(index_dir)
    load = time.perf_counter() - t
    t = time.perf_counter()
    idx.embedder.encode(["load the model"])
    model_load = time.perf_counter() - t
    for q in warm_up:
        idx.search(q, k=10)
    return idx, load, model_load
