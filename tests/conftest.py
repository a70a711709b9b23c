"""Shared test fixtures: the repo root, the shipped corpus, and the evaluation data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
EVAL = SETTINGS.eval_dir


def require_eval(*parts: str) -> Path:
    """Path into ../shared/eval, skipping the test with a clear message only when it is absent."""
    p = EVAL.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"evaluation data not found at {p} (expected ../shared/eval beside the repo)")
    return p


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def shipped_docs():
    from extract.readers import read_document

    return [read_document(p) for p in sorted(CORPUS.glob("*.txt"))]
