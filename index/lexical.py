"""BM25 over passages, sharded so that one add costs in proportion to what it adds.

Our own tokenizer keeps numbers such as '81.6' and 'CD19' intact.

Each shard is an immutable folder of term postings (raw term frequencies and passage lengths, not
precomputed scores): the document frequencies and the average length that BM25 needs are summed
over all shards at query time, so a sharded index scores exactly like one index over all passages
(the bm25s 'lucene' formula the index used before). An add writes one small new shard and
hard-links the unchanged ones from the previous generation; the small shards at the end are
merged when they grow comparable to the one before them (a log-structured merge), so there are
only ever a few shards. Shard arrays are memory-mapped, so a large index costs page cache, not
process memory.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import uuid
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from .stemming import stem

_TOKEN = re.compile(r"\d+(?:\.\d+)?%?|[^\W\d_](?:[^\W_]|')*|\d+[^\W\d_]\w*", re.UNICODE)
_STOP = frozenset(STOPWORDS_EN)
STATE_NAME = "shards.json"
K1, B = 1.2, 0.75
# an empty token list keeps its row with a placeholder term (as the bm25s index did)
_EMPTY = "\x00"
# merge the newest shard into the one before while that one is at most this many times larger
MERGE_RATIO = 4
MAX_SHARDS = 16
MMAP_BYTES = 4 << 20
# a document title is capped where it is read; this cap guards documents built in memory
MAX_TITLE_CHARS = 500


def lexical_text(passage_text: str, title: str) -> str:
    """What BM25 indexes for a passage: the document title too, unless the passage holds it.

    A title names the drug, trial or topic that the passage's sentences take for granted;
    on SciFact this raised BM25 nDCG@10 from 0.653 to 0.662 (passages, best-passage per abstract).
    """
    title = (title or "")[:MAX_TITLE_CHARS].strip()
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


class _Terms:
    """A sorted term list stored as one UTF-8 blob plus offsets (memory-mappable, no dict)."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self.blob, self.offsets = blob, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:
        return bytes(self.blob[self.offsets[i]:self.offsets[i + 1]]).decode("utf-8")

    def find(self, term: str) -> int:
        i = bisect_left(self, term)
        return i if i < len(self) and self[i] == term else -1

    @staticmethod
    def arrays(sorted_terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encoded = [t.encode("utf-8") for t in sorted_terms]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        if encoded:
            np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


_ARRAYS = ("rowids", "doclen", "blob", "offsets", "indptr", "rows", "tf")


@dataclass
class Shard:
    """Postings of a run of passages: per term (sorted), the local rows holding it and its counts."""

    name: str
    rowids: np.ndarray  # int64, one per row
    doclen: np.ndarray  # int32 tokens per row
    blob: np.ndarray
    offsets: np.ndarray
    indptr: np.ndarray  # int64, postings of term i are [indptr[i], indptr[i+1])
    rows: np.ndarray  # int32 local row numbers
    tf: np.ndarray  # uint16 term counts
    folder: Path | None = None  # where it lies on disk (None until saved)

    @property
    def size(self) -> int:
        return len(self.rowids)

    @property
    def length(self) -> int:
        return int(self.doclen.sum(dtype=np.int64))

    def terms(self) -> _Terms:
        return _Terms(self.blob, self.offsets)

    @classmethod
    def from_postings(cls, rowids: np.ndarray, doclen: np.ndarray, postings: dict[str, tuple[list, list]]) -> "Shard":
        terms = sorted(postings)
        blob, offsets = _Terms.arrays(terms)
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        rows, tfs = [], []
        for i, t in enumerate(terms):
            r, f = postings[t]
            rows.extend(r)
            tfs.extend(f)
            indptr[i + 1] = len(rows)
        return cls(f"shard-{uuid.uuid4().hex[:12]}", np.asarray(rowids, dtype=np.int64),
                   np.asarray(doclen, dtype=np.int32), blob, offsets, indptr,
                   np.asarray(rows, dtype=np.int32), np.minimum(np.asarray(tfs, dtype=np.int64), 65535).astype(np.uint16))

    @classmethod
    def build(cls, items: list[tuple[int, str]]) -> "Shard":
        postings: dict[str, tuple[list, list]] = {}
        doclen = []
        for row, (_, text) in enumerate(items):
            tokens = tokenize(text) or [_EMPTY]
            doclen.append(len(tokens))
            for term, count in Counter(tokens).items():
                r, f = postings.setdefault(term, ([], []))
                r.append(row)
                f.append(count)
        return cls.from_postings(np.asarray([r for r, _ in items], dtype=np.int64), np.asarray(doclen), postings)

    def term_list(self) -> list[str]:
        terms = self.terms()
        return [terms[i] for i in range(len(terms))]

    @classmethod
    def merge(cls, shards: list["Shard"], drop: set[int] | frozenset = frozenset()) -> "Shard":
        """One shard holding the rows of `shards` in order, without the rowids in `drop` (numpy
        throughout: merging the large first shard happens rarely but must not take minutes)."""
        term_lists = [s.term_list() for s in shards]
        vocab = sorted(set().union(*term_lists))
        number = {t: i for i, t in enumerate(vocab)}
        drop_ids = np.fromiter(drop, dtype=np.int64) if drop else None
        g_parts, r_parts, f_parts, rowids, doclen, base = [], [], [], [], [], 0
        for s, terms in zip(shards, term_lists):
            keep = np.ones(s.size, dtype=bool) if drop_ids is None else ~np.isin(np.asarray(s.rowids), drop_ids)
            new_row = np.cumsum(keep) - 1 + base
            global_of = np.asarray([number[t] for t in terms], dtype=np.int64)
            term_of = np.repeat(np.arange(len(terms), dtype=np.int64), np.diff(np.asarray(s.indptr)))
            rows = np.asarray(s.rows)
            ok = keep[rows]
            g_parts.append(global_of[term_of[ok]])
            r_parts.append(new_row[rows[ok]])
            f_parts.append(np.asarray(s.tf)[ok])
            rowids.append(np.asarray(s.rowids)[keep])
            doclen.append(np.asarray(s.doclen)[keep])
            base += int(keep.sum())
        g = np.concatenate(g_parts) if g_parts else np.zeros(0, dtype=np.int64)
        r = np.concatenate(r_parts) if r_parts else np.zeros(0, dtype=np.int64)
        f = np.concatenate(f_parts) if f_parts else np.zeros(0, dtype=np.uint16)
        order = np.lexsort((r, g))
        g, r, f = g[order], r[order], f[order]
        per_term = np.bincount(g, minlength=len(vocab))
        used = np.flatnonzero(per_term)  # terms only the dropped rows held are left out
        blob, offsets = _Terms.arrays([vocab[i] for i in used])
        indptr = np.zeros(len(used) + 1, dtype=np.int64)
        np.cumsum(per_term[used], out=indptr[1:])
        return cls(f"shard-{uuid.uuid4().hex[:12]}",
                   np.concatenate(rowids) if rowids else np.zeros(0, dtype=np.int64),
                   np.concatenate(doclen).astype(np.int32) if doclen else np.zeros(0, dtype=np.int32),
                   blob, offsets, indptr, r.astype(np.int32), f.astype(np.uint16))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for key in _ARRAYS:
            np.save(folder / f"{key}.npy", np.asarray(getattr(self, key)), allow_pickle=False)
        self.folder = folder

    @classmethod
    def load(cls, folder: Path, name: str) -> "Shard":
        # large arrays are memory-mapped (page cache, not process memory); small ones are read, so
        # the many small shards of recent adds do not each hold open files
        arrays = {key: np.load(folder / f"{key}.npy", allow_pickle=False,
                               mmap_mode="r" if (folder / f"{key}.npy").stat().st_size > MMAP_BYTES else None)
                  for key in _ARRAYS}
        if len(arrays["doclen"]) != len(arrays["rowids"]) or len(arrays["rows"]) != len(arrays["tf"]) \
                or len(arrays["indptr"]) != len(arrays["offsets"]) or int(arrays["indptr"][-1]) != len(arrays["rows"]):
            raise ValueError(f"BM25 shard {name} has arrays of mismatched lengths")
        return cls(name, folder=folder, **arrays)


class LexicalIndex:
    """BM25 over a list of shards; immutable: `with_changes` returns a new index."""

    def __init__(self, shards: list[Shard], *, k1: float = K1, b: float = B, legacy: bool = False):
        self.shards = shards
        self.k1, self.b = k1, b
        # an index saved by the old single-bm25s layout: the caller rebuilds it from the store
        self.legacy = legacy

    @classmethod
    def build(cls, items: list[tuple[int, str]], *, k1: float = K1, b: float = B) -> "LexicalIndex":
        return cls([Shard.build(items)] if items else [], k1=k1, b=b)

    def with_changes(self, removed: Iterable[int], added: list[tuple[int, str]]) -> "LexicalIndex":
        """A new index without the rows `removed` and with `added` as a new shard. Only shards that
        hold a removed row are rewritten; the rest are shared (and hard-linked on save)."""
        removed = set(int(r) for r in removed)
        shards = []
        for s in self.shards:
            if removed and np.isin(np.asarray(s.rowids), np.fromiter(removed, dtype=np.int64)).any():
                s = Shard.merge([s], removed)
            if s.size:
                shards.append(s)
        if added:
            shards.append(Shard.build(added))
        # log-structured merge: similar-sized neighbours at the end are joined
        while len(shards) >= 2 and (shards[-2].size <= MERGE_RATIO * shards[-1].size or len(shards) > MAX_SHARDS):
            shards[-2:] = [Shard.merge(shards[-2:])]
        return LexicalIndex(shards, k1=self.k1, b=self.b)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for s in self.shards:
            dest = folder / s.name
            if s.folder is not None and s.folder.is_dir():
                _link_tree(s.folder, dest)
                s.folder = dest
            else:
                s.save(dest)
        state = {"k1": self.k1, "b": self.b, "shards": [{"name": s.name, "rows": s.size} for s in self.shards]}
        (folder / STATE_NAME).write_text(json.dumps(state), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        path = folder / STATE_NAME
        if not path.is_file() and (folder / "state.json").is_file():
            return cls([], legacy=True)
        state = json.loads(path.read_text(encoding="utf-8"))
        shards = []
        for entry in state["shards"]:
            name = str(entry["name"])
            if not re.fullmatch(r"shard-[0-9a-f]{12}", name):
                raise ValueError(f"BM25 shard name {name!r} is not one this index writes")
            shard = Shard.load(folder / name, name)
            if shard.size != int(entry["rows"]):
                raise ValueError(f"BM25 shard {name} holds {shard.size} rows, its state says {entry['rows']}")
            shards.append(shard)
        return cls(shards, k1=float(state["k1"]), b=float(state["b"]))

    @property
    def size(self) -> int:
        return sum(s.size for s in self.shards)

    @property
    def rowids(self) -> np.ndarray:
        return np.concatenate([np.asarray(s.rowids) for s in self.shards]) if self.shards \
            else np.zeros(0, dtype=np.int64)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage rowid, BM25 score) best first; only passages sharing a term with the query."""
        if not self.shards or k <= 0:
            return []
        tokens = tokenize(query)
        if not tokens:
            return []
        n_docs = self.size
        avgdl = sum(s.length for s in self.shards) / n_docs
        unique = list(dict.fromkeys(tokens))
        columns = [{t: s.terms().find(t) for t in unique} for s in self.shards]
        df = {t: sum(int(s.indptr[c[t] + 1] - s.indptr[c[t]]) for s, c in zip(self.shards, columns) if c[t] >= 0)
              for t in unique}
        found: list[tuple[np.ndarray, np.ndarray]] = []
        for s, cols in zip(self.shards, columns):
            scores = None
            norm = None
            parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
            # in query order, a repeated term again each time: the float32 sums then match bm25s
            for t in tokens:
                col = cols[t]
                if col < 0:
                    continue
                if scores is None:
                    scores = np.zeros(s.size, dtype=np.float32)
                    # float64 like bm25s, rounded to float32 per term as its stored scores are
                    norm = self.k1 * ((1 - self.b) + self.b * np.asarray(s.doclen, dtype=np.float64) / avgdl)
                if t not in parts:
                    lo, hi = int(s.indptr[col]), int(s.indptr[col + 1])
                    rows = np.asarray(s.rows[lo:hi])
                    tf = np.asarray(s.tf[lo:hi], dtype=np.float64)
                    idf = math.log(1 + (n_docs - df[t] + 0.5) / (df[t] + 0.5))
                    # bm25s keeps idf as float32, then multiplies in float64 and stores float32
                    parts[t] = (rows, (np.float64(np.float32(idf)) * (tf / (norm[rows] + tf))).astype(np.float32))
                rows, part = parts[t]
                np.add.at(scores, rows, part)
            if scores is not None:
                hit = np.flatnonzero(scores > 0)
                found.append((np.asarray(s.rowids)[hit], scores[hit]))
        if not found:
            return []
        ids = np.concatenate([f[0] for f in found])
        scores = np.concatenate([f[1] for f in found])
        order = np.lexsort((ids, -scores))[:k]
        return [(int(ids[i]), float(scores[i])) for i in order]


def _link_tree(src: Path, dest: Path) -> None:
    """Hard-link an immutable shard folder into the new generation (copy across file systems)."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in src.iterdir():
        try:
            os.link(p, dest / p.name)
        except OSError:
            shutil.copy2(p, dest / p.name)
