"""ClaimIndex: documents, passages and claims with dense + BM25 search and claim-aware ranking.

On disk an index is a folder of generations (see generations.py); each generation holds
manifest.json, dense.faiss, meta.sqlite and bm25/. In memory, one generation is loaded; every
write builds the next generation from it and switches atomically.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import faiss
import numpy as np
from pydantic import BaseModel, Field

from extract.models import Claim, Document, Passage, SearchHit
from extract.version import extractor_version

from . import generations as gens
from .claim_match import QueryFacets, passage_boost
from .dense import TARGET_RECALL, DenseIndex
from .embedder import Embedder, embedder_for, match_recipe, passage_recipe
from .errors import IndexInputError, IndexLoadError, rebuild_hint
from .extraction import extract_claims
from .files import read_paths
from .fusion import DENSE_WEIGHT, Fused, convex_fusion, only, reciprocal_rank_fusion
from .lexical import LexicalIndex, lexical_text
from .manifest import (Manifest, check_compatible, corpus_hash, file_checksums, read_manifest, verify_files,
                       write_manifest)
from .passages import PASSAGE_SCHEME, embed_text, make_passages
from .paths import default_corpus_dir, default_index_dir
from .store import MetadataStore

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
DENSE_NAME, META_NAME, BM25_NAME = "dense.faiss", "meta.sqlite", "bm25"
EMBED_BATCH = 256
MAX_K = 1000
# How strongly matching claims raise a passage (score *= 1 + scale * boost). SciFact claims are not
# figure questions, so there the boost can only cost: 0.5 cost 0.001 nDCG@10 on train claims
# (1.0 cost 0.004) while still lifting a passage whose claim matches endpoint + timepoint by 27%.
CLAIM_BOOST_SCALE = 0.5
QUERY_CACHE_SIZE = 256
# how long a replaced generation stays open for searches that started on it (they take milliseconds)
RETIRED_GRACE_S = 30.0


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
    dense: DenseIndex
    lexical: LexicalIndex
    store: MetadataStore


class ClaimIndex:
    def __init__(self, index_dir: Path, state: _State, embedder):
        self.index_dir = Path(index_dir)
        self._state = state
        self.embedder = embedder
        self._write_guard = threading.RLock()
        self._query_cache: dict[str, np.ndarray] = {}
        self._retired: list[tuple[float, _State]] = []  # replaced generations, closed after a grace time

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
        return cls._build(read_paths([corpus_dir]), index_dir, progress, embedder, str(corpus_dir.resolve()))

    @classmethod
    def build_documents(cls, docs: Iterable[Document], index_dir: str | Path | None = None,
                        progress: Progress | None = None, *, embedder=None) -> "ClaimIndex":
        """A fresh index from Documents already in memory (evaluation corpora, benchmarks)."""
        return cls._build(((d.path or d.id, d, None) for d in docs), index_dir, progress, embedder, "")

    @classmethod
    def _build(cls, items, index_dir, progress, embedder, corpus_label: str) -> "ClaimIndex":
        index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        embedder = embedder or Embedder()
        with gens.write_lock(index_dir):
            number = gens.generation_number(gens.current_generation(index_dir)) + 1
            temp = gens.new_temp_folder(index_dir)
            try:
                store = MetadataStore(temp / META_NAME, create=True)
                dense = DenseIndex.empty(embedder.dimension)
                manifest = Manifest(model_name=embedder.name, dimension=embedder.dimension,
                                    vector_recipe=passage_recipe(embedder),
                                    passage_scheme=PASSAGE_SCHEME, extractor_version=extractor_version(),
                                    corpus_hash="", generation=number,
                                    corpus_dir=corpus_label)
                state = _State(None, temp, manifest, dense, LexicalIndex.build([]), store)
                index = cls(index_dir, state, embedder)
                report = AddReport()
                index._ingest(items, store, dense, report, progress)
                for path, reason in report.skipped:
                    log.warning("skipped %s: %s", path, reason)
                # exact below the size threshold, a freshly trained IVF above it (index/dense.py)
                dense = dense.for_size()
                manifest = manifest.model_copy(update={"vector_index": dense.kind})
                index._finish_generation(temp, store, dense, manifest)
                name = gens.publish(index_dir, temp, number)
            except BaseException:
                shutil.rmtree(temp, ignore_errors=True)
                raise
            gens.clean_up(index_dir, keep={name})
            index._state = _open_generation(index_dir, name, embedder)
            return index

    # ------------------------------------------------------------------ writes

    def add(self, paths: Iterable[str | Path], progress: Progress | None = None) -> AddReport:
        """Index new files and folders without re-embedding what is there; same content is a no-op;
        new content at an indexed path replaces the old document."""
        paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
        report = AddReport()

        def change(store: MetadataStore, dense: DenseIndex) -> None:
            self._ingest(read_paths(paths), store, dense, report, progress)

        self._write(change, lambda: bool(report.added or report.replaced))
        return report

    def add_documents(self, docs: Iterable[Document], progress: Progress | None = None) -> AddReport:
        """Like add, for Documents already in memory."""
        report = AddReport()
        docs = list(docs)

        def change(store: MetadataStore, dense: DenseIndex) -> None:
            self._ingest(((d.path or d.id, d, None) for d in docs), store, dense, report, progress)

        self._write(change, lambda: bool(report.added or report.replaced))
        return report

    def remove(self, doc_id: str) -> None:
        """Remove one document (IndexInputError when it is not indexed)."""
        if self.document(doc_id) is None:
            raise IndexInputError(f"no document with id {doc_id!r} in the index at {self.index_dir}")

        def change(store: MetadataStore, dense: DenseIndex) -> None:
            with store.transaction():
                rowids = store.delete_document(doc_id)
            dense.remove(rowids)

        self._write(change, lambda: True)

    def _write(self, change: Callable[[MetadataStore, DenseIndex], None], changed: Callable[[], bool]) -> None:
        with self._write_guard, gens.write_lock(self.index_dir):
            live = gens.current_generation(self.index_dir)
            if live != self._state.name:  # another process wrote since we loaded: start from its state
                if live:
                    self._swap_state(_open_generation(self.index_dir, live, self.embedder))
            base = self._state
            match_recipe(self.embedder, base.manifest.vector_recipe, self.index_dir)  # never mix vectors
            number = gens.generation_number(live) + 1
            temp = gens.new_temp_folder(self.index_dir)
            try:
                store = _copy_store(base.store, temp / META_NAME)
                dense = DenseIndex(faiss.clone_index(base.dense.index))
                change(store, dense)
                if not changed():
                    store.close()
                    shutil.rmtree(temp, ignore_errors=True)
                    return
                manifest = base.manifest.model_copy(update={"generation": number})
                self._finish_generation(temp, store, dense, manifest)
                name = gens.publish(self.index_dir, temp, number)
            except BaseException:
                shutil.rmtree(temp, ignore_errors=True)
                raise
            gens.clean_up(self.index_dir, keep={name, live} - {None})
            self._swap_state(_open_generation(self.index_dir, name, self.embedder))

    def _swap_state(self, state: _State) -> None:
        """Serve `state` from now on. The replaced generation's SQLite connection is closed once
        RETIRED_GRACE_S has passed (at a later write or close), not at once: a search that started
        on it keeps using it for its few milliseconds. Without this, every write left an open
        connection to a deleted file until the garbage collector happened to run."""
        old, self._state = self._state, state
        now = time.monotonic()
        if old is not state:
            self._retired.append((now, old))
        still = []
        for retired_at, retired in self._retired:
            if now - retired_at >= RETIRED_GRACE_S:
                retired.store.close()
            else:
                still.append((retired_at, retired))
        self._retired = still

    def _finish_generation(self, folder: Path, store: MetadataStore, dense: DenseIndex, manifest: Manifest) -> None:
        lexical = LexicalIndex.build([(rid, lexical_text(text, title)) for rid, text, title in store.iter_passage_texts()])
        lexical.save(folder / BM25_NAME)
        dense.save(folder / DENSE_NAME)
        counts = store.counts()
        doc_ids = store.document_ids()
        store.close()
        manifest = manifest.model_copy(update={
            "corpus_hash": corpus_hash(doc_ids), "documents": counts["documents"],
            "passages": counts["passages"], "claims": counts["claims"], "files": file_checksums(folder)})
        write_manifest(folder, manifest)

    def _ingest(self, items, store: MetadataStore, dense: DenseIndex, report: AddReport,
                progress: Progress | None) -> None:
        """Read, cut, extract and embed documents. Embeddings are batched across documents, and
        a batch is embedded in a worker thread while the next one is read and extracted (torch
        releases the GIL), so extraction costs little extra wall time."""
        items = list(items)
        total = len(items)
        pending: list[tuple[Document, list[Passage], list[Claim]]] = []
        pending_passages = 0
        seen: set[str] = set()
        inflight: tuple[Future, list] | None = None

        def commit(future: Future, batch: list) -> None:
            vectors = future.result()
            next_id = store.next_passage_rowid()
            rowids = list(range(next_id, next_id + len(vectors)))
            with store.transaction():
                pos = 0
                for doc, ps, claims in batch:
                    ids = rowids[pos:pos + len(ps)]
                    pos += len(ps)
                    store.insert_document(doc, list(zip(ids, ps)), _claims_to_passages(claims, ps, ids))
            dense.add(vectors, rowids)

        def flush(executor: ThreadPoolExecutor) -> None:
            nonlocal pending_passages, inflight
            if not pending:
                return
            batch = list(pending)
            pending.clear()
            pending_passages = 0
            texts = [embed_text(doc, p) for doc, ps, _ in batch for p in ps]
            # passages take the embedder's passage path (its recipe, length-sorted batches)
            future = executor.submit(getattr(self.embedder, "encode_passages", self.embedder.encode), texts)
            if inflight is not None:
                commit(*inflight)
            inflight = (future, batch)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as executor:
            for done, item in enumerate(items, start=1):
                path, doc, error = item[:3]
                if error is not None:
                    report.skipped.append((str(path), error))
                elif doc.id in seen or store.document(doc.id) is not None:
                    report.unchanged.append(doc.id)
                else:
                    seen.add(doc.id)
                    for old in (store.documents_at_path(doc.path) if doc.path else []):
                        with store.transaction():
                            dense.remove(store.delete_document(old))
                        report.replaced.append(old)
                    # an item may carry its passages and claims, prepared elsewhere (index/distributed.py)
                    passages, claims = item[3] if len(item) > 3 else prepare_document(doc)
                    pending.append((doc, passages, claims))
                    pending_passages += len(passages)
                    report.added.append(doc.id)
                    if pending_passages >= EMBED_BATCH:
                        flush(executor)
                if progress:
                    progress(done, total, str(path))
            flush(executor)
            if inflight is not None:
                commit(*inflight)

    # ------------------------------------------------------------------ reads

    def documents(self) -> list[Document]:
        return self._state.store.documents()

    def document(self, doc_id: str) -> Document | None:
        return self._state.store.document(doc_id)

    def claims(self, doc_id: str | None = None) -> list[Claim]:
        return self._state.store.claims(doc_id)

    def contents(self) -> tuple[list[Document], list[Claim]]:
        """All documents and all claims from one generation: two separate calls can straddle a
        concurrent add and see a claim whose document they do not have."""
        store = self._state.store
        return store.documents(), store.claims(None)

    def passage_sources(self) -> list[tuple[int, str, str, str]]:
        """(rowid, doc_id, document path, passage text) of every passage. The rowid is the id that
        rank() returns; evaluations and benchmarks map ranked passages back to sources with this."""
        return self._state.store.passage_sources()

    def passage_vectors(self, rowids: Iterable[int]) -> np.ndarray:
        """The stored dense vectors of these passages, one row each (benchmarks reuse them)."""
        index, rowids = self._state.dense.index, list(rowids)
        return np.vstack([index.reconstruct(int(r)) for r in rowids]) if rowids else \
            np.zeros((0, self._state.dense.dimension), dtype=np.float32)

    def passages(self, doc_id: str) -> list[Passage]:
        return self._state.store.passages(doc_id)

    def passage_containing(self, doc_id: str, start: int, end: int) -> Passage | None:
        """The passage that contains [start, end), else the one overlapping it most, else None."""
        best, best_overlap = None, 0
        for p in self._state.store.passages(doc_id):
            if p.start <= start and end <= p.end:
                return p
            overlap = min(end, p.end) - max(start, p.start)
            if overlap > best_overlap:
                best, best_overlap = p, overlap
        return best

    @property
    def manifest(self) -> Manifest:
        return self._state.manifest

    def __len__(self) -> int:
        return self._state.dense.size

    def search(self, query: str, k: int = 10, *, mode: str = "fusion") -> list[SearchHit]:
        """Best passages for a query. mode: 'fusion' (default, claim-aware), 'dense', 'lexical', 'rrf'."""
        if not isinstance(query, str) or not query.strip():
            raise IndexInputError("the query is empty")
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise IndexInputError(f"k must be between 1 and {MAX_K}, got {k!r}")
        state = self._state
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
        state = state or self._state
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
        return _check_state(self._state)

    def dense_report(self) -> tuple[str, float]:
        """(FAISS structure, recall@10 against exact search on a sample; 1.0 when exact)."""
        return self._state.dense.kind, self._state.dense.recall()

    def close(self) -> None:
        for _, retired in self._retired:
            retired.store.close()
        self._retired = []
        self._state.store.close()


# ---------------------------------------------------------------------- helpers


def prepare_document(doc: Document) -> tuple[list[Passage], list[Claim]]:
    """A document's passages and citable claims: pure, shared by the local ingest and Ray workers."""
    return make_passages(doc), [c for c in extract_claims(doc) if doc.is_citable(c.start, c.end)]


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


def _copy_store(store: MetadataStore, path: Path) -> MetadataStore:
    """A consistent copy of the live SQLite file through the backup API."""
    dst = sqlite3.connect(str(path))
    with store._lock:
        store._conn.backup(dst)
    dst.close()
    return MetadataStore(path)


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


def _open_generation(index_dir: Path, name: str, embedder, manifest: Manifest | None = None) -> _State:
    folder = index_dir / name
    manifest = manifest or read_manifest(folder, index_dir)
    check_compatible(manifest, model_name=embedder.name, dimension=embedder.dimension,
                     passage_scheme=PASSAGE_SCHEME, extractor_version=extractor_version(), index_dir=index_dir)
    verify_files(folder, manifest, index_dir)
    try:
        dense = DenseIndex.load(folder / DENSE_NAME)
        lexical = LexicalIndex.load(folder / BM25_NAME)
        store = MetadataStore(folder / META_NAME)
        counts = store.counts()
    except (RuntimeError, OSError, ValueError, KeyError, sqlite3.DatabaseError) as e:
        raise IndexLoadError(f"index at {index_dir} is corrupt or incomplete ({type(e).__name__}: "
                             f"{str(e).splitlines()[0][:200] if str(e) else 'unreadable file'}). "
                             f"{rebuild_hint(index_dir)}") from e
    state = _State(name, folder, manifest, dense, lexical, store)
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
