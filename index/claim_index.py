"""ClaimIndex: documents, passages and claims with dense + BM25 search and claim-aware ranking.

On disk an index is a folder of generations (see generations.py); each generation holds
manifest.json, segments.json with its segment folders (each meta.sqlite + dense.faiss, written once
and hard-linked into later generations: segments.py) and bm25/. In memory, one generation is
loaded; every write builds the next generation from it and switches atomically.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from pydantic import BaseModel, Field

from extract.models import Claim, Document, Passage, SearchHit
from extract.readers import bounded_fields
from extract.version import extractor_version

from . import generations as gens
from .claim_match import QueryFacets, passage_boost
from . import segments as segs
from .dense import TARGET_RECALL, DenseIndex
from .dense_segments import SegmentedDense
from .embedder import Embedder, embedder_for, match_recipe, passage_recipe
from .errors import IndexInputError, IndexLoadError, rebuild_hint
from .files import file_sha256, iter_files, provenance_of
from .fusion import DENSE_WEIGHT, Fused, convex_fusion, only, reciprocal_rank_fusion
from .lexical import LexicalIndex, lexical_text
from .manifest import (MANIFEST_NAME, Manifest, check_compatible, corpus_hash, file_checksums, read_manifest, verify_files,
                       write_manifest)
from .passages import PASSAGE_SCHEME, embed_text
from .read_worker import Prepared, ReadWorker, prepare_document
from .terminal import display_path, is_utf8_name
from .paths import default_corpus_dir, default_index_dir
from .store import MetadataStore, Provenance
from settings import SETTINGS

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
BM25_NAME = "bm25"
EMBED_BATCH = SETTINGS.embed_batch
MAX_K = SETTINGS.max_k
# How strongly matching claims raise a passage (score *= 1 + scale * boost). SciFact claims are not
# figure questions, so there the boost can only cost: 0.5 cost 0.001 nDCG@10 on train claims
# (1.0 cost 0.004) while still lifting a passage whose claim matches endpoint + timepoint by 27%.
CLAIM_BOOST_SCALE = SETTINGS.claim_boost_scale
QUERY_CACHE_SIZE = SETTINGS.query_cache_size
# how long a replaced generation stays open for searches that started on it (they take milliseconds),
# and how many replaced generations at most: 500 quick adds must not keep 500 open files
RETIRED_GRACE_S = SETTINGS.retired_grace_s
MAX_RETIRED = 2
# how often a reader looks at CURRENT to notice a generation written by another process
RELOAD_CHECK_S = 0.25


class AddReport(BaseModel):
    """What `add` did with each input."""

    added: list[str] = Field(default_factory=list, description="doc_ids newly indexed.")
    unchanged: list[str] = Field(default_factory=list, description="doc_ids already indexed with the same content.")
    skipped: list[tuple[str, str]] = Field(default_factory=list, description="(path, reason) not indexed.")
    replaced: list[str] = Field(default_factory=list, description="old doc_ids replaced by new content at the same path.")


@dataclass
class _State:
    """One loaded generation; swapped whole so a concurrent search never sees half an update."""

    name: str | None
    folder: Path | None
    manifest: Manifest
    dense: SegmentedDense
    lexical: LexicalIndex
    store: MetadataStore
    segments: segs.SegmentState


class ClaimIndex:
    def __init__(self, index_dir: Path, state: _State, embedder):
        self.index_dir = Path(index_dir)
        self._state = state
        self.embedder = embedder
        self._write_guard = threading.RLock()
        self._query_cache: dict[str, np.ndarray] = {}
        # SQLite connections of replaced generations, closed after a grace time; the rest of a replaced
        # generation (FAISS, BM25) is freed as soon as no search holds it
        self._retired: list[tuple[float, MetadataStore]] = []
        self._signature = gens.current_signature(self.index_dir)
        self._checked_at = time.monotonic()
        self._reader: ReadWorker | None = None
        self._reader_lock = threading.Lock()  # not the write guard: searches must not wait for a slow file

    # ------------------------------------------------------------------ opening and building

    @classmethod
    def open(cls, index_dir: str | Path | None = None, *, embedder=None) -> "ClaimIndex":
        """Load the current generation; IndexLoadError (naming the rebuild command) when unusable."""
        index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        state, embedder = _load_current(index_dir, embedder)
        return cls(index_dir, state, embedder)

    @classmethod
    def build(cls, corpus_dir: str | Path | None = None, index_dir: str | Path | None = None,
              progress: Progress | None = None, *, embedder=None) -> "ClaimIndex":
        """A fresh index from every supported file under corpus_dir (the previous one is replaced
        atomically at the end, so it stays usable if the build fails or is killed)."""
        corpus_dir = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
        if not corpus_dir.is_dir():
            raise IndexInputError(f"corpus folder {corpus_dir} does not exist")
        embedder = embedder or Embedder()
        reader = ReadWorker()
        try:
            report = AddReport()
            # read, extract and embed before the write lock: only storing happens under it
            items = _prepare_paths([corpus_dir], reader, embedder, report, progress, corpus_dir.resolve())
        finally:
            reader.close()
        return cls._build(items, report, index_dir, embedder, str(corpus_dir.resolve()))

    @classmethod
    def build_documents(cls, docs: Iterable[Document], index_dir: str | Path | None = None,
                        progress: Progress | None = None, *, embedder=None) -> "ClaimIndex":
        """A fresh index from Documents already in memory (evaluation corpora, benchmarks)."""
        embedder = embedder or Embedder()
        report = AddReport()
        items = _prepare_documents(docs, embedder, report, progress)
        return cls._build(items, report, index_dir, embedder, "")

    @classmethod
    def _build(cls, items: list["_Ready"], report: "AddReport", index_dir, embedder,
               corpus_label: str) -> "ClaimIndex":
        index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        with gens.write_lock(index_dir):
            live = gens.current_generation(index_dir)
            if live and gens.is_generation_name(live):
                gens.record_owned(index_dir, live)  # ours (CURRENT names it), also in an index from before the ledger
            number = gens.generation_number(live) + 1
            temp = gens.new_temp_folder(index_dir)
            try:
                seg = segs.new_name()
                store = MetadataStore(temp, [], writing=seg)
                dense = SegmentedDense([(seg, DenseIndex.empty(embedder.dimension))], set(), embedder.dimension,
                                       writing=seg)
                manifest = Manifest(model_name=embedder.name, dimension=embedder.dimension,
                                    vector_recipe=passage_recipe(embedder),
                                    passage_scheme=PASSAGE_SCHEME, extractor_version=extractor_version(),
                                    corpus_hash="", generation=number,
                                    corpus_dir=corpus_label)
                state = _State(None, temp, manifest, dense, LexicalIndex.build([]), store, segs.SegmentState())
                index = cls(index_dir, state, embedder)
                delta = _store_ready(items, store, dense, report)
                for path, reason in report.skipped:
                    log.warning("skipped %s: %s", path, reason)
                lexical = LexicalIndex.build(_lexical_items(store, delta.added))
                # exact below the size threshold, a freshly trained IVF above it (index/dense.py)
                dense = SegmentedDense([(seg, dense.part(seg).for_size())], set(), embedder.dimension, writing=seg)
                manifest = manifest.model_copy(update={"vector_index": dense.kind})
                dense = index._finish_generation(temp, store, dense, segs.SegmentState(), manifest, lexical)
                name = gens.publish(index_dir, temp, number)
            except BaseException:
                shutil.rmtree(temp, ignore_errors=True)
                raise
            gens.clean_up(index_dir, keep={name})
            index._state = _open_generation(index_dir, name, embedder, dense=dense)
            index._signature = gens.current_signature(index_dir)
            return index

    # ------------------------------------------------------------------ writes

    def _corpus_root(self) -> Path:
        label = self._state.manifest.corpus_dir
        return Path(label) if label else default_corpus_dir().resolve()

    def add(self, paths: Iterable[str | Path], progress: Progress | None = None) -> AddReport:
        """Index new files and folders without re-embedding what is there; same content is a no-op;
        new content at an indexed path replaces the old document.

        Files are read, extracted and embedded before the write lock is taken (each within a time
        and memory budget, see read_worker.py); only storing them happens under the lock."""
        paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
        report = AddReport()
        # embedded before the lock: in the index's recipe from the start, or refused before any work
        match_recipe(self.embedder, self._state.manifest.vector_recipe, self.index_dir)
        with self._reader_lock:
            # the worker process is started when a file must be read: re-adding unchanged files
            # (found by checksum) does not spawn it
            items = _prepare_paths(paths, _LazyReader(self), self.embedder, report, progress, self._corpus_root(),
                                   known=self._indexed_file)
        self._write(lambda store, dense: _store_ready(items, store, dense, report),
                    lambda: bool(report.added or report.replaced))
        return report

    def add_documents(self, docs: Iterable[Document], progress: Progress | None = None) -> AddReport:
        """Like add, for Documents already in memory."""
        report = AddReport()
        match_recipe(self.embedder, self._state.manifest.vector_recipe, self.index_dir)
        items = _prepare_documents(docs, self.embedder, report, progress)
        self._write(lambda store, dense: _store_ready(items, store, dense, report),
                    lambda: bool(report.added or report.replaced))
        return report

    def remove(self, doc_id: str) -> None:
        """Remove one document (IndexInputError when it is not indexed)."""
        if self.document(doc_id) is None:
            raise IndexInputError(f"no document with id {doc_id!r} in the index at {self.index_dir}")

        def change(store: MetadataStore, dense: DenseIndex) -> "_Delta":
            with store.transaction():
                rowids = store.delete_document(doc_id)
            dense.remove(rowids)
            return _Delta(removed=rowids)

        self._write(change, lambda: True)

    def set_document_study(self, doc_id: str, study: str, kind: str | None = None,
                           study_title: str | None = None) -> Document:
        """Set which study a document reports (and, when given, its kind of source), as a new
        generation like any other write; claims and passages are untouched. Returns the document."""
        doc = self.document(doc_id)
        if doc is None:
            raise IndexInputError(f"no document with id {doc_id!r} in the index at {self.index_dir}")
        update: dict = {"study": study.strip()}
        if kind is not None:
            update["kind"] = kind
        if study_title is not None:
            update["study_title"] = study_title.strip()
        new = Document.model_validate({**doc.model_dump(), **update})  # validates the kind

        def change(store: MetadataStore, dense: DenseIndex) -> _Delta:
            with store.transaction():
                store.update_document(new)
            return _Delta()  # no passage changes: the keyword index stays as it is

        self._write(change, lambda: True)
        return new

    def _write(self, change: Callable[[MetadataStore, DenseIndex], "_Delta"], changed: Callable[[], bool]) -> None:
        with self._write_guard, gens.write_lock(self.index_dir):
            live = gens.current_generation(self.index_dir)
            if live != self._state.name:  # another process wrote since we loaded: start from its state
                if live:
                    self._swap_state(_open_generation(self.index_dir, live, self.embedder, reuse=self._state))
            base = self._state
            if live and gens.is_generation_name(live):
                gens.record_owned(self.index_dir, live)  # ours (CURRENT names it), also in an older index
            match_recipe(self.embedder, base.manifest.vector_recipe, self.index_dir)  # never mix vectors
            number = gens.generation_number(live) + 1
            temp = gens.new_temp_folder(self.index_dir)
            store = None
            try:
                # the segments of the live generation are linked, not copied; this write's rows go
                # into one new segment, its removals are tombstones (segments.py)
                segs.link_segments(base.folder, temp, base.segments.names)
                seg = segs.new_name()
                store = MetadataStore(temp, base.segments.names, base.segments.gone, writing=seg)
                dense = SegmentedDense([*base.dense.parts, (seg, DenseIndex.empty(base.dense.dimension))],
                                       base.dense.dead, base.dense.dimension, writing=seg)
                delta = change(store, dense)
                if not changed():
                    store.close()
                    shutil.rmtree(temp, ignore_errors=True)
                    return
                lexical = base.lexical
                if lexical.legacy:  # an index from before sharded BM25: rebuilt once, then incremental
                    lexical = LexicalIndex.build(_lexical_items(store, None))
                else:
                    lexical = lexical.with_changes(delta.removed, _lexical_items(store, delta.added))
                manifest = base.manifest.model_copy(update={"generation": number})
                dense = self._finish_generation(temp, store, dense, base.segments, manifest, lexical, base)
                name = gens.publish(self.index_dir, temp, number)
            except BaseException:
                if store is not None:
                    store.close()
                shutil.rmtree(temp, ignore_errors=True)
                raise
            gens.clean_up(self.index_dir, keep={name, live} - {None})
            # the FAISS index just written (and checked) is served as it is: loading it again would
            # hold a third copy of every vector for a moment
            self._swap_state(_open_generation(self.index_dir, name, self.embedder, dense=dense))
            self._signature = gens.current_signature(self.index_dir)

    def _swap_state(self, state: _State) -> None:
        """Serve `state` from now on. The replaced generation's SQLite connection is closed once
        RETIRED_GRACE_S has passed or more than MAX_RETIRED generations wait, not at once: a search
        that started on it keeps using it for its few milliseconds. Without the cap, 500 quick adds
        kept 500 generations open (507 open files, RSS 101 -> 499 MB)."""
        old, self._state = self._state, state
        now = time.monotonic()
        if old is not state and old.store is not state.store:
            self._retired.append((now, old.store))
        still = []
        for n, (retired_at, store) in enumerate(self._retired):
            if now - retired_at >= RETIRED_GRACE_S or n < len(self._retired) - MAX_RETIRED:
                store.close()
            else:
                still.append((retired_at, store))
        self._retired = still

    def _live(self) -> _State:
        """The generation to read from: a write by another process (the CLI next to the app) is
        noticed by a stat of CURRENT at most every RELOAD_CHECK_S, and loaded."""
        now = time.monotonic()
        if now - self._checked_at < RELOAD_CHECK_S:
            return self._state
        self._checked_at = now
        signature = gens.current_signature(self.index_dir)
        if signature == self._signature:
            return self._state
        if not self._write_guard.acquire(blocking=False):
            return self._state  # this process is writing; it swaps when done
        try:
            name = gens.current_generation(self.index_dir)
            if name and name != self._state.name and gens.is_generation_name(name):
                self._swap_state(_open_generation(self.index_dir, name, self.embedder, reuse=self._state))
            self._signature = signature
        except IndexLoadError as e:  # e.g. removed by a newer write meanwhile: try again next time
            log.warning("could not load the new generation of %s: %s", self.index_dir, e)
        finally:
            self._write_guard.release()
        return self._state

    def _finish_generation(self, folder: Path, store: MetadataStore, dense: SegmentedDense,
                           seg_state: "segs.SegmentState", manifest: Manifest, lexical: LexicalIndex,
                           base: _State | None = None) -> SegmentedDense:
        """Write what is left of a generation into `folder`: the new segment's vectors, merges,
        segments.json, the keyword index and the manifest, all checked. Returns the vectors to serve."""
        lexical.save(folder / BM25_NAME)
        counts = store.counts()
        doc_ids = store.document_ids()
        seg = store.writing
        written = store.segment_counts(seg)
        gone = list(store.gone)
        # PRAGMA quick_check reads the whole database (0.4 s at 100k passages) on every write; a
        # segment is written once and checked by size and checksum below instead
        integrity = True
        store.close()
        parts = list(dense.parts)
        entries = list(seg_state.segments)
        if written["documents"] or written["passages"]:
            dense.part(seg).save(folder / seg / segs.DENSE_FILE)
            entries.append({"name": seg, **written})
        else:  # a removal only: nothing new to keep, the tombstones say it all
            shutil.rmtree(folder / seg, ignore_errors=True)
            parts = [(n, d) for n, d in parts if n != seg]
        state = segs.SegmentState(entries, gone, set(dense.dead))
        dense = SegmentedDense(parts, dense.dead, dense.dimension)
        for group in segs.plan_merges(state):
            state, dense = segs.merge(folder, state, group, dense, dense.dimension)
        if dense.dead:
            dead_ids = np.fromiter(dense.dead, dtype=np.int64)
            dead_by = {n: int(np.isin(d.ids(), dead_ids).sum()) for n, d in dense.parts}
            for name in segs.needs_compaction(state, dead_by):
                state, dense = segs.merge(folder, state, [name], dense, dense.dimension)
        for name in [n for n in base.segments.names if n not in state.names] if base else []:
            shutil.rmtree(folder / name, ignore_errors=True)  # merged away: not part of this generation
        state.save(folder)
        manifest = manifest.model_copy(update={
            "corpus_hash": corpus_hash(doc_ids), "documents": counts["documents"],
            "passages": counts["passages"], "claims": counts["claims"],
            "files": _checksums(folder, base.folder if base else None, base.manifest.files if base else {})})
        _check_written(folder, manifest, dense, lexical, integrity)
        write_manifest(folder, manifest)
        return dense

    # ------------------------------------------------------------------ reads

    def documents(self) -> list[Document]:
        return self._live().store.documents()

    def document(self, doc_id: str) -> Document | None:
        return self._live().store.document(doc_id)

    def claims(self, doc_id: str | None = None) -> list[Claim]:
        return self._live().store.claims(doc_id)

    def contents(self) -> tuple[list[Document], list[Claim]]:
        """All documents and all claims from one generation: two separate calls can straddle a
        concurrent add and see a claim whose document they do not have."""
        store = self._live().store
        return store.documents(), store.claims(None)

    def passage_sources(self) -> list[tuple[int, str, str, str]]:
        """(rowid, doc_id, document path, passage text) of every passage. The rowid is the id that
        rank() returns; evaluations and benchmarks map ranked passages back to sources with this."""
        return self._live().store.passage_sources()

    def passage_vectors(self, rowids: Iterable[int]) -> np.ndarray:
        """The stored dense vectors of these passages, one row each (benchmarks reuse them)."""
        dense, rowids = self._live().dense, list(rowids)
        return np.vstack([dense.reconstruct(int(r)) for r in rowids]) if rowids else \
            np.zeros((0, dense.dimension), dtype=np.float32)

    def passages(self, doc_id: str) -> list[Passage]:
        return self._live().store.passages(doc_id)

    def passage_containing(self, doc_id: str, start: int, end: int) -> Passage | None:
        """The passage that contains [start, end), else the one overlapping it most, else None."""
        best, best_overlap = None, 0
        for p in self._live().store.passages(doc_id):
            if p.start <= start and end <= p.end:
                return p
            overlap = min(end, p.end) - max(start, p.start)
            if overlap > best_overlap:
                best, best_overlap = p, overlap
        return best

    @property
    def manifest(self) -> Manifest:
        return self._live().manifest

    def __len__(self) -> int:
        return self._live().dense.size

    def search(self, query: str, k: int = 10, *, mode: str = "fusion") -> list[SearchHit]:
        """Best passages for a query. mode: 'fusion' (default, claim-aware), 'dense', 'lexical', 'rrf'."""
        if not isinstance(query, str) or not query.strip():
            raise IndexInputError("the query is empty")
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise IndexInputError(f"k must be between 1 and {MAX_K}, got {k!r}")
        state = self._live()
        if state.dense.size == 0:
            return []
        ranked = self.rank(query, depth=max(50, 5 * k), mode=mode, state=state)[:k]
        return self._hits(ranked, state)

    def rank(self, query: str, *, depth: int = 100, mode: str = "fusion",
             dense_weight: float = DENSE_WEIGHT, claim_boost: float = CLAIM_BOOST_SCALE,
             state: _State | None = None,
             query_vector: np.ndarray | None = None) -> list[Fused]:
        """Passage rowids with scores, best first (the search pipeline without the row lookups).

        claim_boost scales the claim-aware boost (0 or False turns it off)."""
        state = state or self._live()
        if mode not in {"fusion", "dense", "lexical", "rrf"}:
            raise IndexInputError(f"unknown search mode {mode!r} (use fusion, dense, lexical or rrf)")
        dense_hits: list[tuple[int, float]] = []
        lexical_hits: list[tuple[int, float]] = []
        if mode != "lexical":
            vec = query_vector if query_vector is not None else self._query_vector(query)
            dense_hits = state.dense.search(vec, depth)[0]
        if mode != "dense":
            lexical_hits = state.lexical.search(query, depth)
        if mode == "dense":
            return only(dense_hits, dense=True)
        if mode == "lexical":
            return only(lexical_hits, dense=False)
        if mode == "rrf":
            fused = reciprocal_rank_fusion(dense_hits, lexical_hits)
        else:
            fused = convex_fusion(dense_hits, lexical_hits, dense_weight=dense_weight)
        if claim_boost and state.manifest.claims:
            fused = _boost_by_claims(query, fused, state.store, float(claim_boost))
        return fused

    def _query_vector(self, query: str) -> np.ndarray:
        # answer/ often searches the same question more than once (ask, then verify); keep a
        # small cache of query vectors so that costs one embedding, not several
        vec = self._query_cache.get(query)
        if vec is None:
            vec = self.embedder.encode([query])
            with self._write_guard:
                if len(self._query_cache) >= QUERY_CACHE_SIZE:
                    self._query_cache.pop(next(iter(self._query_cache)))
                self._query_cache[query] = vec
        return vec

    def _hits(self, ranked: list[Fused], state: _State) -> list[SearchHit]:
        rows = state.store.passages_by_rowid(f.id for f in ranked)
        heads = state.store.document_heads(p.doc_id for p in rows.values())
        hits = []
        for f in ranked:
            p = rows.get(f.id)
            if p is None:
                continue
            title, path = heads.get(p.doc_id, ("", ""))
            hits.append(SearchHit(doc_id=p.doc_id, path=path, title=title, start=p.start, end=p.end, text=p.text,
                                  score=round(float(f.score), 6), passage_id=p.id,
                                  dense_rank=f.dense_rank, lexical_rank=f.lexical_rank))
        return hits

    # ------------------------------------------------------------------ consistency

    def check(self) -> list[str]:
        """Problems found (empty when consistent): FAISS ids == metadata rows == manifest counts."""
        return _check_state(self._live())

    def documents_titled(self, title: str) -> list[Document]:
        return self._live().store.documents_titled(title)

    def disputed_copies(self, doc_ids: Iterable[str]):
        """Near-duplicates of these documents whose figures disagree (see duplicates.py)."""
        from .duplicates import disputed_copies

        return disputed_copies(self, doc_ids)

    def _indexed_file(self, sha256: str) -> str | None:
        """The id of an indexed document read from a file with exactly these bytes, else None."""
        rows = self._live().store.documents_with_sha256(sha256)
        return rows[0][0] if rows else None

    def provenance(self, doc_id: str) -> Provenance | None:
        """Where a document came from: file name, sha256, when it was added, and how
        (corpus, upload or added); None for a document added before this was recorded."""
        return self._live().store.provenance(doc_id)

    def dense_report(self) -> tuple[str, float]:
        """(FAISS structure, recall@10 against exact search on a sample; 1.0 when exact)."""
        return self._state.dense.kind, self._state.dense.recall()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        for _, retired in self._retired:
            retired.close()
        self._retired = []
        self._live().store.close()


# ---------------------------------------------------------------------- helpers


class _LazyReader:
    """The index's read worker, started on the first file that needs reading."""

    def __init__(self, index: "ClaimIndex"):
        self.index = index

    def prepare(self, path: Path):
        if self.index._reader is None:
            self.index._reader = ReadWorker()
        return self.index._reader.prepare(path)


@dataclass
class _Ready:
    """A document read, cut, extracted and embedded: all that is left is storing it."""

    doc: Document
    passages: list[Passage]
    claims: list[Claim]
    vectors: np.ndarray
    provenance: Provenance | None = None


@dataclass
class _Delta:
    """Passage rowids one write removed and added (the keyword index changes by exactly these)."""

    removed: list[int] = None
    added: list[int] = None

    def __post_init__(self):
        self.removed = list(self.removed or [])
        self.added = list(self.added or [])


def _embed(prepared: list[tuple[Prepared, Provenance | None]], embedder) -> list[_Ready]:
    texts = [embed_text(p.doc, passage) for p, _ in prepared for passage in p.passages]
    # passages take the embedder's passage path (its recipe, length-sorted batches) when it has one
    encode = getattr(embedder, "encode_passages", embedder.encode)
    vectors = encode(texts) if texts else np.zeros((0, embedder.dimension), dtype=np.float32)
    out, pos = [], 0
    for p, prov in prepared:
        out.append(_Ready(p.doc, p.passages, p.claims, vectors[pos:pos + len(p.passages)], prov))
        pos += len(p.passages)
    return out


def _prepare_paths(paths: list[Path], reader: ReadWorker, embedder, report: AddReport,
                   progress: Progress | None, corpus_root: Path,
                   known: Callable[[str], str | None] | None = None) -> list[_Ready]:
    """Read and extract each file in the budgeted worker, then embed them all (no lock held).

    `known` maps a file's sha256 to the indexed document read from those bytes: such a file is
    unchanged (a document's id is its text's hash, and the same bytes read the same), so it is
    not read, extracted or embedded again - re-adding a folder costs one hash per file."""
    files = list(iter_files(paths))
    total = len(files)
    prepared: list[tuple[Prepared, Provenance | None]] = []
    for done, (path, error) in enumerate(files, start=1):
        if not is_utf8_name(path):
            error = (f"{display_path(path)}: the file name is not valid UTF-8; rename the file and add it again")
        if error is not None:
            report.skipped.append((display_path(path), error))
        else:
            sha256 = file_sha256(path)
            same = known(sha256) if known is not None and sha256 else None
            if same is not None:
                report.unchanged.append(same)
            else:
                ready, reason = reader.prepare(path)
                if ready is None:
                    report.skipped.append((display_path(path), reason or "could not be read"))
                else:
                    prepared.append((ready, provenance_of(path, ready.doc, corpus_root, sha256)))
        if progress:
            progress(done, total, display_path(path))
    return _embed(prepared, embedder)


def _prepare_documents(docs: Iterable[Document], embedder, report: AddReport,
                       progress: Progress | None) -> list[_Ready]:
    docs = list(docs)
    prepared = []
    for done, doc in enumerate(docs, start=1):
        prepared.append((prepare_document(bounded_fields(doc)), None))
        if progress:
            progress(done, len(docs), doc.path or doc.id)
    return _embed(prepared, embedder)


def _store_ready(items: list[_Ready], store: MetadataStore, dense: DenseIndex, report: AddReport) -> _Delta:
    """Store prepared documents (under the write lock): a document already indexed is unchanged;
    new content at an indexed path replaces the old document."""
    delta = _Delta()
    seen: set[str] = set()
    # one transaction for the whole write: a commit per document cost one fsync each
    with store.transaction():
        for item in items:
            doc = item.doc
            if doc.id in seen or store.document(doc.id) is not None:
                report.unchanged.append(doc.id)
                continue
            seen.add(doc.id)
            for old in (store.documents_at_path(doc.path) if doc.path else []):
                removed = store.delete_document(old)
                dense.remove(removed)
                delta.removed.extend(removed)
                report.replaced.append(old)
            first = store.next_passage_rowid()
            rowids = list(range(first, first + len(item.passages)))
            store.insert_document(doc, list(zip(rowids, item.passages)),
                                  _claims_to_passages(item.claims, item.passages, rowids))
            if item.provenance is not None:
                store.insert_provenance(doc.id, item.provenance)
            dense.add(item.vectors, rowids)
            delta.added.extend(rowids)
            report.added.append(doc.id)
    return delta


def _lexical_items(store: MetadataStore, rowids: list[int] | None) -> list[tuple[int, str]]:
    """(rowid, what BM25 indexes) for these passages (all when rowids is None)."""
    return [(rid, lexical_text(text, title)) for rid, text, title in store.iter_passage_texts(rowids)]


def _checksums(folder: Path, base_folder: Path | None, base_files: dict) -> dict[str, tuple[int, int]]:
    """file_checksums, except that a file hard-linked from the base generation (an unchanged BM25
    shard) keeps the checksum recorded there: an add reads back only what it wrote."""
    if base_folder is None or not base_files:
        return file_checksums(folder)
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name == MANIFEST_NAME:
            continue
        rel = p.relative_to(folder).as_posix()
        old = base_folder / rel
        if rel in base_files:
            try:
                if os.path.samefile(p, old) and p.stat().st_size == base_files[rel][0]:
                    out[rel] = tuple(base_files[rel])
                    continue
            except OSError:
                pass
        crc = 0
        with open(p, "rb") as f:
            while block := f.read(1 << 22):
                crc = zlib.crc32(block, crc)
        out[rel] = (p.stat().st_size, crc)
    return out


def _check_written(folder: Path, manifest: Manifest, dense: DenseIndex, lexical: LexicalIndex,
                   integrity: bool) -> None:
    """Refuse to publish a generation whose files are not what was meant to be written: FAISS
    reports a failed write only on stderr, so an empty or short vector file would otherwise go
    live. Raises OSError (the old generation stays current)."""
    problems = []
    if dense.size != manifest.passages:
        problems.append(f"the vectors number {dense.size}, not {manifest.passages}")
    for seg, part in dense.parts:
        # an IndexIDMap2 over IndexFlatIP holds d * 4 bytes and an 8-byte id per vector (IVF more)
        name = f"{seg}/{segs.DENSE_FILE}"
        need = part.size * (4 * manifest.dimension + 8)
        got = manifest.files.get(name, (0, 0))[0]
        if got < need or got == 0:
            problems.append(f"{name} holds {got} bytes, {need} at least are needed for {part.size} vectors")
    if lexical.size != manifest.passages:
        problems.append(f"the keyword index holds {lexical.size} passages, not {manifest.passages}")
    for name, (size, _) in manifest.files.items():
        on_disk = (folder / name).stat().st_size if (folder / name).is_file() else -1
        if on_disk != size:
            problems.append(f"{name} is {on_disk} bytes on disk, {size} were written")
    if not any(n.startswith(BM25_NAME + "/") for n in manifest.files):
        problems.append("the keyword index was not written")
    if not integrity:
        problems.append("the metadata database failed its integrity check")
    if problems:
        raise OSError(f"the new index generation was not written correctly ({'; '.join(problems)}); "
                      "the previous generation stays in use")


def _claims_to_passages(claims: list[Claim], passages: list[Passage], rowids: list[int]) -> list[tuple[Claim, int | None]]:
    out = []
    for c in claims:
        rid = None
        best = 0
        for p, r in zip(passages, rowids):
            overlap = min(c.end, p.end) - max(c.start, p.start)
            if overlap > best:
                rid, best = r, overlap
        out.append((c, rid))
    return out


def _boost_by_claims(query: str, fused: list[Fused], store: MetadataStore, scale: float) -> list[Fused]:
    facets = QueryFacets.of(query)
    claims = store.claim_facets_by_passage(f.id for f in fused)
    for f in fused:
        boost, reasons = passage_boost(facets, claims.get(f.id, []))
        if boost:
            f.score *= 1.0 + scale * boost
            f.reasons = reasons
    fused.sort(key=lambda f: (-f.score, f.id))
    return fused


def _load_current(index_dir: Path, embedder):
    # A writer may remove the generation we just read from CURRENT; re-read and retry.
    for _ in range(3):
        name = gens.current_generation(index_dir)
        if name is None:
            raise IndexLoadError(f"no index at {index_dir}. Build it with: python -m index build"
                                 + ("" if index_dir.resolve() == default_index_dir().resolve() else f" --index {index_dir}"))
        if not gens.is_generation_name(name):
            raise IndexLoadError(f"index at {index_dir} has a damaged CURRENT pointer. {rebuild_hint(index_dir)}")
        folder = index_dir / name
        if not folder.is_dir():
            continue
        manifest = read_manifest(folder, index_dir)
        if embedder is None:
            embedder = embedder_for(manifest.model_name, manifest.vector_recipe)
            if embedder is None:
                raise IndexLoadError(f"index at {index_dir} was built with the unknown model '{manifest.model_name}'. "
                                     f"{rebuild_hint(index_dir)}")
        return _open_generation(index_dir, name, embedder, manifest), embedder
    raise IndexLoadError(f"index at {index_dir} points to a missing generation ({name}). {rebuild_hint(index_dir)}")


def _open_generation(index_dir: Path, name: str, embedder, manifest: Manifest | None = None,
                     dense: SegmentedDense | None = None, reuse: _State | None = None) -> _State:
    """Load a generation. `dense` is the vectors this process has just written there: its files
    were checksummed and checked as they were written (_check_written), so they are not read again.
    Segments of `reuse` (the generation served so far) with the same name are the same immutable
    files, checked when they were loaded: they are shared rather than read again."""
    folder = index_dir / name
    manifest = manifest or read_manifest(folder, index_dir)
    check_compatible(manifest, model_name=embedder.name, dimension=embedder.dimension,
                     passage_scheme=PASSAGE_SCHEME, extractor_version=extractor_version(), index_dir=index_dir)
    if dense is None:
        verify_files(folder, manifest, index_dir)
    try:
        seg_state = segs.SegmentState.load(folder)
        if dense is None:
            loaded = dict(reuse.dense.parts) if reuse is not None else {}
            dense = segs.load_dense(folder, seg_state, manifest.dimension, loaded)
        lexical = LexicalIndex.load(folder / BM25_NAME)
        store = MetadataStore(folder, seg_state.names, seg_state.gone)
        counts = store.counts()
        if lexical.legacy:  # written before BM25 was sharded: rebuilt in memory, saved sharded at the next write
            lexical = LexicalIndex.build(_lexical_items(store, None))
    except (RuntimeError, OSError, ValueError, KeyError, TypeError, sqlite3.DatabaseError) as e:
        raise IndexLoadError(f"index at {index_dir} is corrupt or incomplete ({type(e).__name__}: "
                             f"{str(e).splitlines()[0][:200] if str(e) else 'unreadable file'}). "
                             f"{rebuild_hint(index_dir)}") from e
    state = _State(name, folder, manifest, dense, lexical, store, seg_state)
    if dense.dimension != manifest.dimension or dense.size != manifest.passages \
            or counts["passages"] != manifest.passages or counts["documents"] != manifest.documents \
            or lexical.size != manifest.passages:
        store.close()
        raise IndexLoadError(
            f"index at {index_dir} is inconsistent (manifest: {manifest.passages} passages, FAISS: {dense.size}, "
            f"metadata: {counts['passages']}, BM25: {lexical.size}). {rebuild_hint(index_dir)}")
    return state


def _check_state(state: _State) -> list[str]:
    problems = []
    m = state.manifest
    faiss_ids = set(state.dense.ids().tolist())
    rowids = set(state.store.passage_rowids())
    bm25_ids = set(state.lexical.rowids.tolist())
    counts = state.store.counts()
    if faiss_ids != rowids:
        problems.append(f"FAISS ids ({len(faiss_ids)}) differ from metadata passage rows ({len(rowids)})")
    if bm25_ids != rowids:
        problems.append(f"BM25 rows ({len(bm25_ids)}) differ from metadata passage rows ({len(rowids)})")
    for key in ("documents", "passages", "claims"):
        if getattr(m, key) != counts[key]:
            problems.append(f"manifest says {getattr(m, key)} {key}, metadata holds {counts[key]}")
    if m.corpus_hash != corpus_hash(state.store.document_ids()):
        problems.append("manifest corpus hash does not match the indexed documents")
    if not state.store.integrity_ok():
        problems.append("SQLite integrity check failed")
    if state.dense.recall() < TARGET_RECALL:
        problems.append(f"approximate vector index ({state.dense.kind}) finds {state.dense.recall():.3f} of the exact "
                        f"top 10 (< {TARGET_RECALL}); rebuild to retrain it")
    superseded = state.folder is not None and not state.folder.exists() and \
        state.name != gens.current_generation(state.folder.parent)
    # a long-lived reader's generation is deleted two writes after a newer one replaced it; its
    # loaded copy is still whole (checked above), there are just no files left to compare with
    if state.folder is not None and not superseded:
        try:
            verify_files(state.folder, m, state.folder.parent)
        except IndexLoadError as e:
            problems.append(str(e))
    return problems


def open_or_build(index_dir: str | Path | None = None, corpus_dir: str | Path | None = None,
                  progress: Progress | None = None, *, embedder=None) -> ClaimIndex:
    """Open the index; build it from corpus_dir (default corpus/) when the folder holds none.

    An existing but unusable index is never silently replaced: the error names the rebuild command.
    """
    index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
    if gens.current_generation(index_dir) is None:
        return ClaimIndex.build(corpus_dir, index_dir, progress, embedder=embedder)
    return ClaimIndex.open(index_dir, embedder=embedder)
