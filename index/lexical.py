"""BM25 over passages with bm25s; our own tokenizer keeps numbers such as '81.6' and 'CD19' intact."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from .stemming import stem

_TOKEN = re.compile(r"\d+(?:\.\d+)?%?|[^\W\d_](?:[^\W_]|')*|\d+[^\W\d_]\w*", re.UNICODE)
_STOP = frozenset(STOPWORDS_EN)
ROWIDS_NAME = "rowids.npy"


def lexical_text(passage_text: str, title: str) -> str:
    """What BM25 indexes for a passage: the document title too, unless the passage holds it.

    A title names the drug, trial or topic that the passage's sentences take for granted;
    on SciFact this raised BM25 nDCG@10 from 0.653 to 0.662 (passages, best-passage per abstract).
    """
    title = (title or "").strip()
    return passage_text if not title or title in passage_text else f"{title}\n{passage_text}"


def tokenize(text: str) -> list[str]:
    """Lower-cased words (light stemming) and numbers; English stop words dropped."""
    out = []
    for m in _TOKEN.finditer(text.lower()):
        tok = m.group().rstrip("'")
        if tok in _STOP or not tok:
            continue
        out.append(stem(tok) if tok[0].isalpha() else tok)
    return out


class LexicalIndex:
    """A bm25s index plus the passage rowid of each of its rows."""

    def __init__(self, retriever: bm25s.BM25 | None, rowids: np.ndarray):
        self.retriever = retriever
        self.rowids = rowids

    @classmethod
    def build(cls, items: list[tuple[int, str]], *, k1: float = 1.2, b: float = 0.75) -> "LexicalIndex":
        rowids = np.asarray([r for r, _ in items], dtype=np.int64)
        if not items:
            return cls(None, rowids)
        # an empty token list would break bm25s; a placeholder token keeps rows aligned
        corpus = [tokenize(t) or ["\x00"] for _, t in items]
        retriever = bm25s.BM25(k1=k1, b=b)
        retriever.index(corpus, show_progress=False)
        return cls(retriever, rowids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / ROWIDS_NAME, self.rowids, allow_pickle=False)
        if self.retriever is not None:
            self.retriever.save(str(folder), show_progress=False)
        (folder / "state.json").write_text(json.dumps({"empty": self.retriever is None}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        rowids = np.load(folder / ROWIDS_NAME, allow_pickle=False)
        if state.get("empty"):
            return cls(None, rowids)
        retriever = bm25s.BM25.load(str(folder), load_corpus=False, mmap=False)
        return cls(retriever, rowids)

    @property
    def size(self) -> int:
        return len(self.rowids)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage rowid, BM25 score) best first; only passages sharing a term with the query."""
        if self.retriever is None or k <= 0:
            return []
        ids = self.retriever.get_tokens_ids(tokenize(query))
        if not ids:
            return []
        scores = self.retriever.get_scores_from_ids(ids)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.rowids[i]), float(scores[i])) for i in top if scores[i] > 0]
