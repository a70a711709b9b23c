"""A resumable on-disk cache of passage vectors keyed by text, for evaluation and benchmarks.

Embedding the 5,183 SciFact abstracts takes tens of minutes on two shared cores; the cache lets
several worker processes embed disjoint parts, survives interruption, and lets the evaluation
rebuild its index (e.g. after a ranking change) without embedding again. Files are .npy arrays
and JSON text lists; nothing is pickled.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.embedder import DIMENSION, MODEL_NAME, Embedder


class VectorCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.vectors: dict[str, np.ndarray] = {}
        for meta in sorted(self.folder.glob("chunk-*.json")):
            arr_path = meta.with_suffix(".npy")
            if not arr_path.is_file():
                continue  # a chunk whose write was interrupted
            texts = json.loads(meta.read_text(encoding="utf-8"))
            arr = np.load(arr_path, allow_pickle=False)
            if len(texts) == len(arr):
                self.vectors.update(zip(texts, arr))

    @classmethod
    def in_memory(cls, vectors: dict[str, np.ndarray]) -> "VectorCache":
        """A cache of vectors already at hand (e.g. read back from a built index); nothing on disk."""
        cache = cls.__new__(cls)
        cache.folder, cache.vectors = None, dict(vectors)
        return cache

    def save_chunk(self, texts: list[str], vectors: np.ndarray) -> None:
        """Write one chunk atomically (array first, then the text list that makes it visible)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]
        base = self.folder / f"chunk-{key}"
        np.save(str(base) + ".tmp.npy", np.asarray(vectors, dtype=np.float32), allow_pickle=False)
        os.replace(str(base) + ".tmp.npy", str(base) + ".npy")
        tmp = Path(str(base) + ".json.tmp")
        tmp.write_text(json.dumps(texts), encoding="utf-8")
        os.replace(tmp, str(base) + ".json")
        self.vectors.update(zip(texts, vectors))


class CachedEmbedder:
    """The real model's vectors, served from a VectorCache when present (same name, so an index
    built with it is an ordinary all-MiniLM-L6-v2 index)."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, cache: VectorCache, fallback: Embedder | None = None, save_misses: bool = True,
                 also_key: Callable[[str], str] | None = None):
        self.cache = cache
        self.also_key = also_key  # a second key to look a text up by (a bench's copy marker removed)
        self.fallback = fallback or Embedder()
        self.dimension = self.fallback.dimension
        self.save_misses = save_misses
        self.misses = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing = []
        for i, t in enumerate(texts):
            v = self.cache.vectors.get(t)
            if v is None and self.also_key is not None:
                v = self.cache.vectors.get(self.also_key(t))
            if v is None:
                missing.append(i)
            else:
                out[i] = v
        if missing:
            self.misses += len(missing)
            miss_texts = [texts[i] for i in missing]
            vecs = self.fallback.encode(miss_texts)
            out[missing] = vecs
            if self.save_misses and len(miss_texts) > 1:
                self.cache.save_chunk(miss_texts, vecs)
        return out
