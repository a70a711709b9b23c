"""Ingest on a Ray cluster: reading, extraction and embedding run as Ray tasks; the index is
written by this process exactly as the local path writes it.

    python -m index build --corpus DIR --ray ADDRESS
    python -m index add PATH... --ray ADDRESS

ADDRESS is what `ray.init` takes ("auto", "HOST:6379", "ray://HOST:10001"), or "local" for a Ray
instance started here on 127.0.0.1 (all of this machine's cores). The files are listed here;
workers read them by path, so every node must see the same files at the same paths (a shared
mount) and have this repository and its .venv at the same path as this one.

Each worker (a Ray actor, one CPU) loads the model once and takes chunks of files: read ->
passages -> claims -> passage vectors, with the same functions as the local ingest
(files.read_paths, claim_index.prepare_document, Embedder.encode_passages). Results come back as
JSON of the pydantic models and float32 arrays, in input order, and go through
ClaimIndex's own ingest (ids, SQLite, FAISS, BM25, manifest, atomic generation), so a Ray build
gives the same passages, claims and vectors (to float rounding) as a local one. All workers must
make vectors the same way: they are told the recipe (the driver's choice for a build, the
index's for an add) and report what they used; a mismatch stops the run before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import numpy as np

from extract.models import Claim, Document, Passage

from .claim_index import AddReport, ClaimIndex, Progress
from .embedder import MODEL_NAME, DIMENSION, Embedder
from .errors import IndexInputError
from .files import iter_files
from .paths import REPO, default_corpus_dir

FILES_PER_TASK = 8


def prepare_chunk(paths: list[str], embedder) -> list[dict]:
    """Read, cut, extract and embed a chunk of files (what one Ray task does). Plain data out:
    pydantic JSON and float32 arrays."""
    from .claim_index import prepare_document
    from .files import read_paths

    out, texts = [], []
    for path in paths:
        for _, doc, error in read_paths([Path(path)]):
            if error is not None:
                out.append({"path": path, "error": error})
                continue
            passages, claims = prepare_document(doc)
            out.append({"path": path, "doc": doc.model_dump_json(),
                        "passages": [p.model_dump_json() for p in passages],
                        "claims": [c.model_dump_json() for c in claims]})
            texts.extend(p.text for p in passages)
    vectors = embedder.encode_passages(texts) if texts else np.zeros((0, DIMENSION), dtype=np.float32)
    pos = 0
    for row in out:
        n = len(row.get("passages", []))
        row["vectors"] = vectors[pos:pos + n]
        pos += n
    return out


class PreparedEmbedder:
    """Hands the ingest the vectors the workers computed, by passage text (anything else is a bug
    in the hand-over, not something to embed quietly here)."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, vectors: dict[str, np.ndarray], recipe: str, query_embedder):
        self.vectors = vectors
        self.vector_recipe = recipe
        self.query_embedder = query_embedder

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        missing = [t[:60] for t in texts if t not in self.vectors]
        if missing:
            raise RuntimeError(f"{len(missing)} passages came back from the workers without vectors, e.g. {missing[0]!r}")
        return np.vstack([self.vectors[t] for t in texts]).astype(np.float32) if texts else \
            np.zeros((0, self.dimension), dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.query_embedder.encode(texts)


def connect(address: str, num_cpus: int | None = None):
    """ray.init for ADDRESS ('local': a fresh instance on 127.0.0.1, stopped at exit)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline product: no usage reports
    import ray

    env = {"env_vars": {"PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
                        "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1",
                        "RAY_USAGE_STATS_ENABLED": "0"}}
    if address == "local":
        return ray.init(num_cpus=num_cpus or os.cpu_count(), include_dashboard=False,
                        _node_ip_address="127.0.0.1", runtime_env=env, log_to_driver=False,
                        object_store_memory=200 * 1024 * 1024)
    return ray.init(address=address, runtime_env=env, log_to_driver=False)


def prepare_on_ray(paths: list[Path], precision: str, progress: Progress | None = None,
                   workers: int | None = None) -> tuple[list[tuple], dict[str, np.ndarray], str]:
    """(ingest items with prepared passages and claims, vectors by passage text, recipe) for the
    files under `paths`, computed by Ray actors on the connected cluster."""
    import ray

    listed = list(iter_files(paths))
    good = [str(p) for p, err in listed if err is None]
    chunks = [good[i:i + FILES_PER_TASK] for i in range(0, len(good), FILES_PER_TASK)]

    @ray.remote(num_cpus=1)
    class Preparer:
        def __init__(self, precision: str):
            import torch

            torch.set_num_threads(1)  # one actor per CPU: never oversubscribe a node
            self.embedder = Embedder(precision=precision)

        def recipe(self) -> str:
            return self.embedder.vector_recipe

        def prepare(self, chunk: list[str]) -> list[dict]:
            return prepare_chunk(chunk, self.embedder)

    count = max(1, min(workers or int(ray.cluster_resources().get("CPU", 1)), len(chunks) or 1))
    actors = [Preparer.remote(precision) for _ in range(count)]
    recipes = set(ray.get([a.recipe.remote() for a in actors]))
    if len(recipes) != 1:
        raise IndexInputError(f"the Ray workers would make passage vectors in different ways ({', '.join(sorted(recipes))}); "
                              f"set EVIDENCE_EMBED_PRECISION=fp32 so that all make the same")
    recipe = recipes.pop()
    futures = [actors[i % count].prepare.remote(chunk) for i, chunk in enumerate(chunks)]
    rows_by_path: dict[str, dict] = {}
    done = 0
    for chunk, future in zip(chunks, futures):
        for row in ray.get(future):
            rows_by_path[row["path"]] = row
        done += len(chunk)
        if progress:
            progress(done, len(good), f"prepared on Ray ({count} workers)")
    for a in actors:
        ray.kill(a)

    items, vectors = [], {}
    for path, err in listed:
        if err is not None:
            items.append((path, None, err))
            continue
        row = rows_by_path[str(path)]
        if "error" in row:
            items.append((path, None, row["error"]))
            continue
        doc = Document.model_validate_json(row["doc"])
        passages = [Passage.model_validate_json(p) for p in row["passages"]]
        claims = [Claim.model_validate_json(c) for c in row["claims"]]
        for p, v in zip(passages, row["vectors"]):
            vectors[p.text] = np.asarray(v, dtype=np.float32)
        items.append((path, doc, None, (passages, claims)))
    return items, vectors, recipe


def build_on_ray(address: str, corpus_dir: str | Path | None = None, index_dir: str | Path | None = None,
                 progress: Progress | None = None, *, num_cpus: int | None = None) -> ClaimIndex:
    """ClaimIndex.build with reading, extraction and embedding on Ray."""
    import ray

    corpus_dir = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    if not corpus_dir.is_dir():
        raise IndexInputError(f"corpus folder {corpus_dir} does not exist")
    precision = os.environ.get("EVIDENCE_EMBED_PRECISION", "auto")
    connect(address, num_cpus)
    try:
        items, vectors, recipe = prepare_on_ray([corpus_dir], precision, progress)
    finally:
        ray.shutdown()
    embedder = PreparedEmbedder(vectors, recipe, Embedder(precision="fp32"))
    idx = ClaimIndex._build(items, index_dir, progress, embedder, str(corpus_dir.resolve()))
    idx.embedder = Embedder()  # later searches and adds on this object embed here, as usual
    idx.embedder.use_recipe(recipe)
    return idx


def add_on_ray(idx: ClaimIndex, address: str, paths: Iterable[str | Path], progress: Progress | None = None,
               *, num_cpus: int | None = None) -> AddReport:
    """ClaimIndex.add with reading, extraction and embedding on Ray (in the index's recipe)."""
    import ray

    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    recipe = idx.manifest.vector_recipe
    connect(address, num_cpus)
    try:
        items, vectors, got = prepare_on_ray(paths, "fp32" if recipe == "fp32" else "bf16", progress)
    finally:
        ray.shutdown()
    report = AddReport()
    local = idx.embedder
    idx.embedder = PreparedEmbedder(vectors, got, local)
    try:
        def change(store, dense) -> None:
            idx._ingest(items, store, dense, report, progress)

        idx._write(change, lambda: bool(report.added or report.replaced))
    finally:
        idx.embedder = local
    return report

