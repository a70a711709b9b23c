"""Dense vectors as segments: one FAISS index per segment, searched together.

A segment's vector file is written once and hard-linked into later generations (see segments.py),
so an add writes only its own small segment instead of copying every vector. A removed passage
stays in its segment's file and is left out of searches by a tombstone (an IDSelector, so no
over-fetching), until the segment is merged or compacted. The first (large) segment of a big index
is the trained IVF of index/dense.py; the small segments of later adds are exact.
"""

from __future__ import annotations

import faiss
import numpy as np

from .dense import SAMPLE_QUERIES, DenseIndex, exact_top, overlap_at, sample_queries


class SegmentedDense:
    """The DenseIndex interface over several segments, minus the tombstoned ids in `dead`.

    Segments are shared between generations and never changed, except `writing`: the segment the
    current write adds to (removing from it removes for real; removing elsewhere adds a tombstone).
    """

    def __init__(self, parts: list[tuple[str, DenseIndex]], dead: set[int], dimension: int,
                 writing: str | None = None):
        self.parts = list(parts)
        self.dead = set(int(i) for i in dead)
        self._dimension = dimension
        self.writing = writing
        self._recall: float | None = None
        self._selector()

    def _selector(self) -> None:
        # keep the inner selector referenced: IDSelectorNot holds only a pointer to it
        if self.dead:
            self._dead_ids = np.fromiter(self.dead, dtype=np.int64)
            self._inner = faiss.IDSelectorBatch(self._dead_ids)
            self._not_dead = faiss.IDSelectorNot(self._inner)
        else:
            self._not_dead = None

    # ------------------------------------------------------------------ what it holds

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def size(self) -> int:
        return sum(d.size for _, d in self.parts) - len(self.dead)

    @property
    def is_ivf(self) -> bool:
        return any(d.is_ivf for _, d in self.parts)

    @property
    def kind(self) -> str:
        """The structure of the approximate segment when there is one ('ivfN,nprobeP'), else 'flat'."""
        return next((d.kind for _, d in self.parts if d.is_ivf), "flat")

    def part(self, name: str) -> DenseIndex:
        return next(d for n, d in self.parts if n == name)

    def ids(self) -> np.ndarray:
        if not self.parts:
            return np.zeros(0, dtype=np.int64)
        ids = np.concatenate([d.ids() for _, d in self.parts])
        if self.dead:
            ids = ids[~np.isin(ids, self._dead_ids)]
        return np.sort(ids)

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every live passage, in no particular order."""
        if not self.parts:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dimension), dtype=np.float32)
        got = [d.vectors() for _, d in self.parts]
        ids = np.concatenate([g[0] for g in got])
        vecs = np.vstack([g[1] for g in got])
        if self.dead:
            keep = ~np.isin(ids, self._dead_ids)
            ids, vecs = ids[keep], vecs[keep]
        return ids, vecs

    def reconstruct(self, rowid: int) -> np.ndarray:
        if rowid in self.dead:
            raise KeyError(rowid)
        for _, d in self.parts:
            try:
                return d.index.reconstruct(int(rowid))
            except RuntimeError:  # not in this segment
                continue
        raise KeyError(rowid)

    # ------------------------------------------------------------------ writes (the writing segment only)

    def add(self, vectors: np.ndarray, ids: list[int]) -> None:
        self.part(self.writing).add(vectors, ids)

    def remove(self, ids: list[int]) -> int:
        if not ids:
            return 0
        ids = [int(i) for i in ids]
        removed = 0
        if self.writing is not None:
            mine = self.part(self.writing)
            own = set(mine.ids().tolist()) & set(ids)
            removed += mine.remove(sorted(own))
            ids = [i for i in ids if i not in own]
        new = set(ids) - self.dead
        self.dead |= new
        self._selector()
        self._recall = None
        return removed + len(new)

    # ------------------------------------------------------------------ search

    def search(self, query_vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """Per query, (id, cosine) best first over all segments; tombstoned ids never returned."""
        q = np.ascontiguousarray(np.atleast_2d(query_vectors), dtype=np.float32)
        if q.shape[1] != self.dimension:
            raise ValueError(f"query dimension {q.shape[1]} != index dimension {self.dimension}")
        merged: list[list[tuple[int, float]]] = [[] for _ in range(len(q))]
        for _, d in self.parts:
            kk = min(k, d.size)
            if kk <= 0:
                continue
            if self._not_dead is None:
                scores, ids = d.index.search(q, kk)
            else:
                params = faiss.SearchParametersIVF(sel=self._not_dead, nprobe=d.index.nprobe) if d.is_ivf \
                    else faiss.SearchParameters(sel=self._not_dead)
                scores, ids = d.index.search(q, kk, params=params)
            for out, row_ids, row_scores in zip(merged, ids, scores):
                out.extend((int(i), float(s)) for i, s in zip(row_ids, row_scores) if i != -1)
        if len(self.parts) > 1:
            merged = [sorted(hits, key=lambda h: (-h[1], h[0]))[:k] for hits in merged]
        return merged

    def recall(self, sample: int = SAMPLE_QUERIES, k: int = 10) -> float:
        """recall@k against exact search over every live vector on sample queries (midpoints of
        stored vectors); 1.0 when every segment is exact."""
        if not self.is_ivf or self.size == 0:
            return 1.0
        if self._recall is not None:
            return self._recall
        ids, vecs = self.vectors()
        queries = sample_queries(vecs, sample)
        truth = exact_top(vecs, ids, queries, k)
        got = self.search(queries, k)
        self._recall = overlap_at([[i for i, _ in g] for g in got], truth, k)
        return self._recall


def merged_dense(parts: list[DenseIndex], dead: set[int], dimension: int) -> DenseIndex:
    """One segment's DenseIndex holding the live vectors of `parts`. A trained IVF first part takes
    the others' vectors without retraining (as an add into it always did); else an exact index,
    which for_size() turns into a trained IVF once it passes the size threshold."""
    dead_ids = np.fromiter(dead, dtype=np.int64) if dead else np.zeros(0, dtype=np.int64)
    first = parts[0]
    if first.is_ivf:
        out = DenseIndex(faiss.clone_index(first.index))
        out.index.set_direct_map_type(faiss.DirectMap.Hashtable)
        own = out.ids()
        out.remove(own[np.isin(own, dead_ids)].tolist())
        rest = parts[1:]
    else:
        out = DenseIndex.empty(dimension)
        rest = parts
    for p in rest:
        ids, vecs = p.vectors()
        keep = ~np.isin(ids, dead_ids)
        out.add(vecs[keep], ids[keep].tolist())
    return out if out.is_ivf else out.for_size()
