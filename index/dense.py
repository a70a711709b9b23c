"""Dense vectors in FAISS, exact or approximate by size.

Below IVF_MIN_PASSAGES: IndexFlatIP (cosine on unit vectors) behind IndexIDMap2 (our passage ids),
exact. A flat scan reads every vector per query (11-12 ms at 107k passages, 129 ms at 1.09M on this
machine), so from IVF_MIN_PASSAGES on a build makes an IndexIVFFlat instead: k-means lists trained
on the build's own vectors, ids stored in the lists, and nprobe raised until the top 10 agree with
exact search on a sample (recall@10 >= TARGET_RECALL), measured at build time and by
`python -m index check`. Incremental adds go into the trained lists without retraining; the next
rebuild retrains (and goes back to flat if the index shrank below the threshold).

HNSW was measured on the same 1M real passages and lost (HNSW32 efSearch 128: recall@10 0.896,
against 0.972 for IVF4096 at nprobe 64, both a few ms), and its graph cannot drop ids.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import faiss
import numpy as np

# One thread is 2-2.6x faster than two for single queries on this machine (see STYLE.md);
# batch callers (the evaluation) may raise it.
faiss.omp_set_num_threads(1)

IVF_MIN_PASSAGES = 150_000
TARGET_RECALL = 0.97
# nprobe is tuned to this on the build sample, a margin over TARGET_RECALL for real queries
TUNE_RECALL = 0.985
SAMPLE_QUERIES = 200
TRAIN_POINTS_PER_LIST = 32
KMEANS_ITERATIONS = 10
SEED = 1234


def ivf_lists(n: int) -> int:
    """About 4 * sqrt(n) lists, a power of two (1M passages -> 4096)."""
    return 1 << max(4, round(math.log2(4 * math.sqrt(max(n, 1)))))


class DenseIndex:
    def __init__(self, index: faiss.Index):
        self.index = index
        self._recall: float | None = None  # measured once per loaded index (check)

    @classmethod
    def empty(cls, dimension: int) -> "DenseIndex":
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)))

    @classmethod
    def load(cls, path: Path) -> "DenseIndex":
        index = faiss.read_index(str(path))
        if not isinstance(index, (faiss.IndexIDMap2, faiss.IndexIVFFlat)):
            index = faiss.downcast_index(index)
        if isinstance(index, faiss.IndexIVFFlat):
            # reconstruct(passage id) and remove need the id -> list map (not stored in the file)
            index.set_direct_map_type(faiss.DirectMap.Hashtable)
        return cls(index)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @property
    def is_ivf(self) -> bool:
        return isinstance(self.index, faiss.IndexIVF)

    @property
    def kind(self) -> str:
        """'flat', or 'ivfN,nprobeP' (what the manifest records)."""
        if self.is_ivf:
            return f"ivf{self.index.nlist},nprobe{self.index.nprobe}"
        return "flat"

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        if self.is_ivf:  # the ids alone: copying every list's vectors too would cost GBs at 1M passages
            invlists = self.index.invlists
            parts = [faiss.rev_swig_ptr(invlists.get_ids(lst), n).copy()
                     for lst in range(self.index.nlist) if (n := invlists.list_size(lst))]
            return np.sort(np.concatenate(parts).astype(np.int64)) if parts else np.zeros(0, dtype=np.int64)
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of everything stored, in no particular order."""
        if self.is_ivf:
            return self._ivf_contents()
        ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
        flat = faiss.downcast_index(self.index.index)
        return ids, faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d).copy()

    def _ivf_contents(self) -> tuple[np.ndarray, np.ndarray]:
        invlists = self.index.invlists
        ids, vecs = [], []
        for lst in range(self.index.nlist):
            n = invlists.list_size(lst)
            if not n:
                continue
            ids.append(faiss.rev_swig_ptr(invlists.get_ids(lst), n).copy())
            codes = faiss.rev_swig_ptr(invlists.get_codes(lst), n * self.index.code_size)
            vecs.append(np.frombuffer(codes.tobytes(), dtype=np.float32).reshape(n, self.dimension))
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dimension), dtype=np.float32)
        return np.concatenate(ids).astype(np.int64), np.vstack(vecs)

    def add(self, vectors: np.ndarray, ids: list[int]) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dimension):
            raise ValueError(f"vectors of shape {vectors.shape} do not fit {len(ids)} ids of dimension {self.dimension}")
        self.index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: list[int]) -> int:
        if not ids:
            return 0
        ids = np.asarray(ids, dtype=np.int64)
        if self.is_ivf:  # the IVF id -> list map (a hash table) takes only an explicit array
            return int(self.index.remove_ids(faiss.IDSelectorArray(len(ids), faiss.swig_ptr(ids))))
        return int(self.index.remove_ids(faiss.IDSelectorBatch(ids)))

    def search(self, query_vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """Per query, (id, cosine) best first; k is clipped to the index size and -1 ids dropped."""
        q = np.ascontiguousarray(np.atleast_2d(query_vectors), dtype=np.float32)
        if q.shape[1] != self.dimension:
            raise ValueError(f"query dimension {q.shape[1]} != index dimension {self.dimension}")
        k = min(k, self.size)
        if k <= 0:
            return [[] for _ in range(len(q))]
        scores, ids = self.index.search(q, k)
        return [[(int(i), float(s)) for i, s in zip(row_ids, row_scores) if i != -1]
                for row_ids, row_scores in zip(ids, scores)]

    # ------------------------------------------------------------------ choosing by size

    def for_size(self, min_ivf: int | None = None) -> "DenseIndex":
        """The structure a build of this size gets: flat below `min_ivf`, else a freshly trained IVF
        with nprobe tuned on a sample (a new DenseIndex; self is left as it is)."""
        min_ivf = IVF_MIN_PASSAGES if min_ivf is None else min_ivf
        if self.size < min_ivf:
            if not self.is_ivf:
                return self
            ids, vecs = self.vectors()
            flat = DenseIndex.empty(self.dimension)
            flat.add(vecs, ids.tolist())
            return flat
        ids, vecs = self.vectors()
        return DenseIndex.train_ivf(vecs, ids)

    @classmethod
    def train_ivf(cls, vectors: np.ndarray, ids: np.ndarray, nlist: int | None = None) -> "DenseIndex":
        n, d = vectors.shape
        nlist = nlist or ivf_lists(n)
        rng = np.random.default_rng(SEED)
        train = vectors[rng.choice(n, size=min(n, TRAIN_POINTS_PER_LIST * nlist), replace=False)]
        quantizer = faiss.IndexFlatIP(d)
        ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.niter = KMEANS_ITERATIONS
        ivf.cp.seed = SEED
        ivf.cp.max_points_per_centroid = TRAIN_POINTS_PER_LIST
        ivf.cp.min_points_per_centroid = TRAIN_POINTS_PER_LIST // 2  # 32 per list is plenty here
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(max(2, threads))  # training is a batch job
        try:
            ivf.train(np.ascontiguousarray(train, dtype=np.float32))
            ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
            ivf.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
            dense = cls(ivf)
            queries = sample_queries(vectors, SAMPLE_QUERIES)
            truth = exact_top(vectors, ids, queries, 10)
            nprobe = 4
            while True:
                ivf.nprobe = nprobe
                if nprobe >= nlist or recall_at(dense, queries, truth, 10) >= TUNE_RECALL:
                    break
                nprobe *= 2
            ivf.nprobe = min(nprobe, nlist)
        finally:
            faiss.omp_set_num_threads(threads)
        return dense

    def recall(self, sample: int = SAMPLE_QUERIES, k: int = 10) -> float:
        """recall@k of this index against exact search on sample queries (midpoints of stored
        vectors); 1.0 for a flat index, which is exact."""
        if not self.is_ivf or self.size == 0:
            return 1.0
        if self._recall is not None:
            return self._recall
        ids, vecs = self.vectors()
        queries = sample_queries(vecs, sample)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(max(2, threads))
        try:
            self._recall = recall_at(self, queries, exact_top(vecs, ids, queries, k), k)
            return self._recall
        finally:
            faiss.omp_set_num_threads(threads)


def sample_queries(vectors: np.ndarray, count: int) -> np.ndarray:
    """Build-time stand-ins for queries: the midpoint of two random stored vectors. A real query is
    near several passages without sitting on any one (a stored vector, even moved at random, finds
    its own list and flatters recall: 0.985 on those against 0.92 on real SciFact claims, measured)."""
    rng = np.random.default_rng(SEED)
    n = min(count, len(vectors))
    a = vectors[rng.choice(len(vectors), size=n, replace=False)]
    b = vectors[rng.choice(len(vectors), size=n, replace=False)]
    q = a + b
    return (q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def exact_top(vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    _, rows = faiss.knn(np.ascontiguousarray(queries), np.ascontiguousarray(vectors, dtype=np.float32), k,
                        metric=faiss.METRIC_INNER_PRODUCT)
    return ids[rows]


def recall_at(dense: DenseIndex, queries: np.ndarray, truth: np.ndarray, k: int) -> float:
    _, got = dense.index.search(queries, k)
    return overlap_at(got.tolist(), truth, k)


def overlap_at(got: list[list[int]], truth: np.ndarray, k: int) -> float:
    """Mean share of each query's exact top k found among its `got` ids."""
    return float(np.mean([len(set(g) & set(t)) / k for g, t in zip(got, truth.tolist())]))


def describe(kind: str) -> dict[str, int]:
    """'ivf4096,nprobe32' -> {'nlist': 4096, 'nprobe': 32}; {} for flat."""
    m = re.fullmatch(r"ivf(\d+),nprobe(\d+)", kind or "")
    return {"nlist": int(m.group(1)), "nprobe": int(m.group(2))} if m else {}
