"""Where the default index and corpus live (settings.py: EVIDENCE_DESK_INDEX, EVIDENCE_DESK_CORPUS)."""

from __future__ import annotations

from pathlib import Path

import settings


def default_index_dir() -> Path:
    """The git-ignored default index folder (EVIDENCE_DESK_INDEX overrides it)."""
    return settings.index_dir()


def default_corpus_dir() -> Path:
    """The shipped corpus (EVIDENCE_DESK_CORPUS overrides it)."""
    return settings.corpus_dir()
