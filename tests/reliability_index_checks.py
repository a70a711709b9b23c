"""Shared checks for the reliability tests: build a small fast index, and assert that an index on
disk is whole (consistency check passes, every span is exact, no partial document)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
REBUILD = "python -m index build"


def build_fast_index(index_dir: Path, corpus_dir: Path | None = None):
    """An index of the shipped corpus with the deterministic hashing embedder (no model load)."""
    from index import ClaimIndex, HashingEmbedder

    return ClaimIndex.build(corpus_dir or REPO / "corpus", index_dir, embedder=HashingEmbedder())


def copy_index(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def run_cli(*args: str, timeout: float = 120, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ...` from the repo root, as a user would run it."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TOKENIZERS_PARALLELISM": "false"}
    return subprocess.run([PYTHON, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          input=stdin, env=env)


def assert_index_whole(index_dir: Path) -> dict[str, str]:
    """Open the index, run its consistency check, and verify every stored span; returns
    {doc_id: path}. Fails on any partial document (a document without passages, or passages
    or claims whose document is missing)."""
    from index import ClaimIndex

    idx = ClaimIndex.open(index_dir)
    try:
        problems = idx.check()
        assert problems == [], f"consistency check failed: {problems}"
        m = idx.manifest
        assert len(idx) == m.passages, f"FAISS holds {len(idx)} vectors, manifest says {m.passages}"
        docs = {d.id: d for d in idx.documents()}
        assert len(docs) == m.documents, f"{len(docs)} documents stored, manifest says {m.documents}"
        n_passages = 0
        for doc in docs.values():
            passages = idx.passages(doc.id)
            assert passages, f"partial document {doc.id} ({doc.path}): no passages"
            n_passages += len(passages)
            for p in passages:
                assert doc.text[p.start:p.end] == p.text, f"passage {p.id} is not the text at its offsets"
        assert n_passages == m.passages, f"documents own {n_passages} passages, manifest says {m.passages}"
        claims = idx.claims()
        assert len(claims) == m.claims, f"{len(claims)} claims stored, manifest says {m.claims}"
        for c in claims:
            assert c.doc_id in docs, f"claim {c.id} belongs to a missing document {c.doc_id}"
            assert docs[c.doc_id].text[c.start:c.end] == c.quote, f"claim {c.id}: quote is not at its offsets"
        return {d.id: d.path for d in docs.values()}
    finally:
        idx.close()


def assert_searchable(index_dir: Path, query: str = "How many infants were treated with blinatumomab?") -> None:
    """The index answers a search, and every hit is the exact text of its document at its offsets."""
    from index import ClaimIndex

    idx = ClaimIndex.open(index_dir)
    try:
        hits = idx.search(query, k=5)
        assert hits, f"no hits for {query!r}"
        for h in hits:
            doc = idx.document(h.doc_id)
            assert doc is not None and doc.text[h.start:h.end] == h.text, f"torn hit {h.doc_id}:{h.start}-{h.end}"
    finally:
        idx.close()


def assert_answers(index_dir: Path) -> None:
    """The index answers the seed question with the seed's figure, every citation exact."""
    from answer import ask
    from index import ClaimIndex

    idx = ClaimIndex.open(index_dir)
    try:
        a = ask("How many infants were treated?", idx)
        assert not a.abstained and "30" in a.text, f"wrong answer: {a.text!r}"
        for c in a.citations:
            doc = idx.document(c.doc_id)
            assert doc is not None and doc.text[c.start:c.end] == c.quote, f"torn citation [{c.n}]"
    finally:
        idx.close()


def leftover_temp_folders(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("tmp-"))
