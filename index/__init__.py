"""Retrieval: passages with offsets, dense (MiniLM + FAISS) and BM25 search fused, claim-aware
ranking, SQLite metadata, atomic on-disk generations.

    from index import ClaimIndex, open_or_build
    idx = open_or_build()
    idx.search("two-year overall survival", k=5)
"""

from .claim_index import AddReport, ClaimIndex, open_or_build
from .embedder import Embedder, HashingEmbedder
from .errors import IndexInputError, IndexLoadError
from .paths import default_corpus_dir, default_index_dir

__all__ = ["AddReport", "ClaimIndex", "Embedder", "HashingEmbedder", "IndexInputError", "IndexLoadError",
           "default_corpus_dir", "default_index_dir", "open_or_build"]
