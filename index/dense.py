"""Dense vectors in FAISS: IndexFlatIP (cosine on unit vectors) behind IndexIDMap2 (our passage ids)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

# One thread is 2-2.6x faster than two for single queries on this machine (see STYLE.md);
# batch callers (the evaluation) may raise it.
faiss.omp_set_num_threads(1)


class DenseIndex:
    def __init__(self, index: faiss.Index):
        self.index = index

    @classmethod
    def empty(cls, dimension: int) -> "DenseIndex":
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)))

    @classmethod
    def load(cls, path: Path) -> "DenseIndex":
        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIDMap2):
            index = faiss.downcast_index(index)
        return cls(index)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

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
        return int(self.index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))))

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
