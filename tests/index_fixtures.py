"""Helpers shared by the index tests: a tiny corpus folder built from the shipped seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def copy_corpus(dest: Path) -> Path:
    """A private copy of corpus/ (seeds and sidecars) that a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in CORPUS.iterdir():
        if p.is_file():
            shutil.copy(p, dest / p.name)
    return dest
