"""Where the default index and corpus live."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_index_dir() -> Path:
    """The git-ignored default index folder (EVIDENCE_INDEX_DIR overrides it)."""
    env = os.environ.get("EVIDENCE_INDEX_DIR")
    return Path(env) if env else REPO / ".index"


def default_corpus_dir() -> Path:
    return REPO / "corpus"
