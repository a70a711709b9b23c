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

from .claim_index import AddReport, ClaimIndex, Progress, _Ready, _store_ready
from .files import provenance_of
from .terminal import display_path
from .embedder import DIMENSION, PRECISION_OF, Embedder
from .errors import IndexInputError
from .files import iter_files
from settings import REPO

from .paths import default_corpus_dir

FILES_PER_TASK = 8


def prepare_chunk(paths: list[str], embedder) -> list[dict]:
    """Read, cut, extract and embed a chunk of files (what one Ray task does). Plain data out:
    pydantic JSON and float32 arrays."""
    from .passages import embed_text
    from .read_worker import _prepare_path  # the very function the local read worker runs per file

    out, texts = [], []
    for path in paths:
        prepared, error = _prepare_path(path)
        if prepared is None:
            out.append({"path": path, "error": error or "could not be read"})
            continue
        doc, passages, claims = prepared
        out.append({"path": path, "doc": doc.model_dump_json(),
                    "passages": [p.model_dump_json() for p in passages],
                    "claims": [c.model_dump_json() for c in claims]})
        texts.extend(embed_text(doc, p) for p in passages)
    vectors = embedder.encode_passages(texts) if texts else np.zeros((0, DIMENSION), dtype=np.float32)
    pos = 0
    for row in out:
        n = len(row.get("passages", []))
        row["vectors"] = vectors[pos:pos + n]
        pos += n
    return out


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


def prepare_on_ray(paths: list[Path], precision: str, report: AddReport, root: Path,
                   progress: Progress | None = None, workers: int | None = None) -> tuple[list, str]:
    """(documents read, cut, extracted and embedded, recipe) for the files under `paths`, computed
    by Ray actors on the connected cluster; refused files go to report.skipped."""
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
                              f"set EVIDENCE_DESK_EMBED_PRECISION=fp32 so that all make the same")
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

    items = []
    for path, err in listed:
        if err is not None:
            report.skipped.append((display_path(path), err))
            continue
        row = rows_by_path[str(path)]
        if "error" in row:
            report.skipped.append((display_path(path), row["error"]))
            continue
        doc = Document.model_validate_json(row["doc"])
        passages = [Passage.model_validate_json(p) for p in row["passages"]]
        claims = [Claim.model_validate_json(c) for c in row["claims"]]
        vecs = np.asarray(row["vectors"], dtype=np.float32).reshape(len(passages), DIMENSION)
        items.append(_Ready(doc, passages, claims, vecs, provenance_of(Path(path), doc, root)))
    return items, recipe


def build_on_ray(address: str, corpus_dir: str | Path | None = None, index_dir: str | Path | None = None,
                 progress: Progress | None = None, *, num_cpus: int | None = None) -> ClaimIndex:
    """ClaimIndex.build with reading, extraction and embedding on Ray."""
    import ray

    corpus_dir = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    if not corpus_dir.is_dir():
        raise IndexInputError(f"corpus folder {corpus_dir} does not exist")
    precision = os.environ.get("EVIDENCE_DESK_EMBED_PRECISION", "auto")
    connect(address, num_cpus)
    report = AddReport()
    try:
        items, recipe = prepare_on_ray([corpus_dir], precision, report, corpus_dir.resolve(), progress)
    finally:
        ray.shutdown()
    embedder = Embedder(precision="fp32")
    embedder.use_recipe(recipe)  # the manifest records how the workers made the vectors
    idx = ClaimIndex._build(items, report, index_dir, embedder, str(corpus_dir.resolve()))
    idx.embedder = Embedder()  # later searches and adds on this object embed here, as usual
    idx.embedder.use_recipe(recipe)
    return idx


def add_on_ray(idx: ClaimIndex, address: str, paths: Iterable[str | Path], progress: Progress | None = None,
               *, num_cpus: int | None = None) -> AddReport:
    """ClaimIndex.add with reading, extraction and embedding on Ray (in the index's recipe)."""
    import ray

    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    recipe = idx.manifest.vector_recipe
    report = AddReport()
    connect(address, num_cpus)
    try:
        items, got = prepare_on_ray(paths, PRECISION_OF.get(recipe, "fp32"), report, idx._corpus_root(), progress)
    finally:
        ray.shutdown()
    if got != recipe:
        raise IndexInputError(f"the Ray workers made {got} vectors but the index holds {recipe} vectors; "
                              f"rebuild it with python -m index build")
    idx._write(lambda store, dense: _store_ready(items, store, dense, report),
               lambda: bool(report.added or report.replaced))
    return report
