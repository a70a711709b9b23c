"""The index (and the embedding model inside it), loaded once per server process and shared by all
sessions; the lock that serialises every call into it."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

import settings

REPO = Path(__file__).resolve().parent.parent

# Tests and deployments point the app at another index or corpus with EVIDENCE_DESK_INDEX and
# EVIDENCE_DESK_CORPUS (settings.py, read at each call).
INDEX_ENV = settings.PREFIX + "INDEX"
CORPUS_ENV = settings.PREFIX + "CORPUS"


def index_dir() -> Path:
    return settings.index_dir()


def corpus_dir() -> Path:
    return settings.corpus_dir()


def uploads_dir() -> Path:
    """Uploaded files live inside the corpus, so a rebuild of the index includes them."""
    return corpus_dir() / "uploads"


@st.cache_resource(show_spinner=False)
def index_lock() -> threading.Lock:
    # Uploads from several sessions are added one at a time; reads need no lock (the index swaps a
    # whole generation on write, so a search never sees half an update).
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def load_index(index_path: str, corpus_path: str):
    """open_or_build the index once per (index, corpus) pair and process.

    A first launch builds the index from the corpus (seconds to minutes), shown as a progress bar.
    The bar is made inside this function because Streamlit replays a cached function's elements;
    it is emptied at the end, so the replay on later runs shows nothing.
    """
    slot = st.empty()
    slot.progress(0.0, text="Loading the index and the embedding model…")
    from index import open_or_build

    def progress(done: int, total: int, message: str) -> None:
        slot.progress(min(1.0, done / total) if total else 0.0, text=f"Building the index: file {done} of {total}")

    with index_lock():
        idx = open_or_build(index_dir=Path(index_path), corpus_dir=Path(corpus_path), progress=progress)
    # Load the embedding model (and the BM25 and FAISS files) now, behind this progress bar, so that
    # the first question after a server start does not stall for the model (8-17 s measured).
    slot.progress(0.9, text="Loading the embedding model (once per server start)…")
    warm_up(idx)
    slot.empty()
    return idx


def warm_up(idx) -> None:
    """One throw-away search (it loads the model and every file a query reads) and the answer
    side's view of the corpus, which the first question would otherwise build."""
    from answer.corpus_view import view_of

    if len(idx):
        idx.search("overall survival", k=1)
    view_of(idx)
