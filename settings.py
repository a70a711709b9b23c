"""Paths, limits and tunables of the evidence desk, in one place, each overridable by an environment
variable with the one prefix EVIDENCE_DESK_ (the field name in capitals: EVIDENCE_DESK_SEARCH_K=12,
EVIDENCE_DESK_INDEX=/data/index).

Paths are read from the environment at each call (tests and the app point them elsewhere at run
time); the other values once, at import, into `SETTINGS`. Modules keep their own names for the
values they use (`SEARCH_K = SETTINGS.search_k`), so code and tests that read a module's constant
still work; a value is changed here, or with its environment variable before the process starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Mapping

PREFIX = "EVIDENCE_DESK_"
REPO = Path(__file__).resolve().parent


class SettingsError(ValueError):
    """An environment variable holds a value of the wrong type."""


# ---------------------------------------------------------------- paths (read at each call)

def index_dir() -> Path:
    """The index the app and the command line use by default (git-ignored .index in the repo)."""
    return Path(os.environ.get(PREFIX + "INDEX") or REPO / ".index")


def corpus_dir() -> Path:
    """The documents the default index is built from."""
    return Path(os.environ.get(PREFIX + "CORPUS") or REPO / "corpus")


def eval_dir() -> Path:
    """The public evaluation data, read in place and never copied into the repo (../shared/eval)."""
    return Path(os.environ.get(PREFIX + "EVAL_DIR") or REPO.parent / "shared" / "eval").resolve()


def onnx_cache_dir() -> Path:
    """Where the ONNX export of the embedding model is cached (made locally from the installed
    model, never downloaded): beside the installed packages, so every index and worktree using this
    venv shares one export."""
    import sys

    return Path(os.environ.get(PREFIX + "ONNX_CACHE") or Path(sys.prefix) / "share" / "evidence-desk" / "onnx")


# ---------------------------------------------------------------- limits and tunables (read once)

@dataclass(frozen=True)
class Settings:
    # reading files (extract/readers, index/files, the app's upload)
    max_file_bytes: int = 50 * 1024 * 1024 + 1024  # a file larger than 50 MB is refused, not read
    max_html_bytes: int = 10 * 1024 * 1024  # real pages are far smaller; extraction time grows with size
    max_pdf_pages: int = 2000
    max_index_chars: int = 2_000_000  # text beyond this is not indexed (a clear note says so)
    max_upload_mb: int = 20
    # metadata inference (extract/metadata): part of the rules fingerprint
    metadata_head_chars: int = 100_000  # inference reads the start of long texts only (a 50 MB file must stay fast)
    metadata_kind_chars: int = 12_000  # what kind of text it is shows in its first pages (and the cue patterns are slow)
    # passages and the index (index/)
    passage_sentences: int = 3
    passage_max_pieces: int = 200
    embed_batch: int = 256
    embed_small_batch: int = 4
    # ONNX Runtime passage batches (index/onnx_encoder): the best of batch 8/16/32 x 1/2 threads in
    # bench/bench_embed.py's sweep on this 2-core machine under load ~8 (1 thread: the second one
    # spin-waits behind other processes)
    onnx_batch: int = 8
    onnx_threads: int = 1
    # the read worker (index/read_worker): seconds one file may take to read and extract, and the
    # worker's address space (the model is not loaded there)
    read_budget_s: float = 60.0
    read_memory_mb: int = 3072
    max_k: int = 1000
    query_cache_size: int = 256
    retired_grace_s: float = 30.0
    # ranking (index/fusion, index/claim_index): tuned on SciFact train claims only
    rrf_k: int = 60
    dense_weight: float = 0.7
    claim_boost_scale: float = 0.5
    # answers and verification (answer/)
    nearest_k: int = 3  # passages shown when abstaining
    verify_search_k: int = 8
    verify_rerank_docs: int = 3
    verify_max_figures: int = 100  # a pasted table of thousands of numbers is checked in its first hundred figures
    verify_max_chars: int = 5_000  # a paragraph is checked in its first 5,000 characters
    verify_context: int = 300  # characters either side of a figure that can say what it means
    wording_match: float = 0.6  # share of a figure's clause words a source sentence must hold to stand in for an endpoint
    value_anchored_wording: float = 0.34  # enough when the sentence also states the very number
    raw_wording_match: float = 0.5  # for a number no structured claim holds
    change_tolerance: float = 0.10  # a relative change ("halved") against the computed one
    loose_change_tolerance: float = 0.15
    round_thousands_tolerance: float = 0.05
    approx_tolerance: float = 0.03  # "about 95%" accepts 92.2 to 97.9; a fact-checker's reading, not a statistical one
    small_sample: int = 100  # below this, a single-arm result is fragile; a threshold of ours, not of the sources

    @property
    def eval_dir(self) -> Path:
        return eval_dir()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            kind = type(f.default)
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise SettingsError(f"{PREFIX}{f.name.upper()}={raw!r}: expected {kind.__name__}") from None
        return cls(**values)

    def extraction_values(self) -> str:
        """The values that change what is extracted or inferred, for the rules fingerprint."""
        return repr({f.name: getattr(self, f.name) for f in fields(self)
                     if f.name.startswith(("metadata_", "max_file", "max_html", "max_pdf"))})


SETTINGS = Settings.from_env()
