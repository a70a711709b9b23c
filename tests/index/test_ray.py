"""Ray ingest (slow tier): `python -m index build/add --ray local` starts a Ray instance on
127.0.0.1, reads, extracts and embeds there, and must write what the local path writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from index import ClaimIndex, Embedder
from tests.conftest import EVAL, REPO

ABSTRACTS = 30


def write_abstracts(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    for r in rows:
        text = r["title"].strip() + "\n\n" + " ".join(s.strip() for s in r["abstract"]) + "\n"
        (folder / f"scifact-{r['doc_id']}.txt").write_text(text, encoding="utf-8")
    return folder


def scifact_rows(n):
    for base in (os.environ.get("EVIDENCE_DESK_EVAL_DIR"), EVAL):
        path = base and os.path.join(base, "scifact", "corpus.jsonl")
        if path and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return [json.loads(line) for _, line in zip(range(n), f)]
    pytest.skip(f"SciFact not found under {EVAL} (set EVIDENCE_DESK_EVAL_DIR)")


def contents(idx):
    docs = sorted((d.id, d.path, d.text) for d in idx.documents())
    sources = idx.passage_sources()
    passages = sorted((doc_id, text) for _, doc_id, _, text in sources)
    claims = sorted(c.model_dump_json() for c in idx.claims())
    order = sorted(range(len(sources)), key=lambda i: (sources[i][1], sources[i][3]))
    vectors = idx.passage_vectors([sources[i][0] for i in order])
    return docs, passages, claims, vectors


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVIDENCE_DESK_EMBED_PRECISION": "fp32"}
    r = subprocess.run([sys.executable, "-m", "index", *args], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=1500, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.mark.slow
def test_a_ray_build_and_add_write_the_same_index_as_the_local_path(tmp_path):
    rows = scifact_rows(ABSTRACTS + 2)
    corpus = write_abstracts(tmp_path / "corpus", rows[:ABSTRACTS])
    extra = write_abstracts(tmp_path / "extra", rows[ABSTRACTS:])
    embedder = Embedder(precision="fp32")
    local = ClaimIndex.build(corpus, tmp_path / "local", embedder=embedder)
    run_cli("build", "--corpus", str(corpus), "--index", str(tmp_path / "ray"), "--ray", "local")
    on_ray = ClaimIndex.open(tmp_path / "ray", embedder=embedder)
    for a, b in ((local, on_ray),):
        da, pa, ca, va = contents(a)
        db, pb, cb, vb = contents(b)
        assert len(da) == ABSTRACTS and da == db
        assert pa == pb and ca == cb and len(ca) > 0
        assert np.allclose(va, vb, atol=1e-5)
    assert on_ray.manifest.vector_recipe == local.manifest.vector_recipe == "fp32"
    assert on_ray.manifest.corpus_hash == local.manifest.corpus_hash and on_ray.check() == []

    local.add([extra])
    r = run_cli("add", str(extra), "--index", str(tmp_path / "ray"), "--ray", "local", "--json")
    assert len(json.loads(r.stdout.strip().splitlines()[-1])["added"]) == 2
    on_ray = ClaimIndex.open(tmp_path / "ray", embedder=embedder)
    da, pa, ca, va = contents(local)
    db, pb, cb, vb = contents(on_ray)
    assert len(da) == ABSTRACTS + 2 and da == db and pa == pb and ca == cb
    assert np.allclose(va, vb, atol=1e-5)
    assert on_ray.check() == []
