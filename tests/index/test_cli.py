"""The command-line contract: python -m index build|add|remove|search|check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.readers import read_document
from index import ClaimIndex, HashingEmbedder
from tests.index_fixtures import copy_corpus

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory) -> Path:
    # the hashing embedder keeps these CLI runs free of torch; the index records its model
    tmp = tmp_path_factory.mktemp("cli")
    ClaimIndex.build(copy_corpus(tmp / "corpus"), tmp / "idx", embedder=HashingEmbedder())
    return tmp / "idx"


def test_search_json_fields_are_exact_spans(fake_index):
    r = run("search", "disease-free survival", "-k", "3", "--index", str(fake_index), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["query"] == "disease-free survival" and 0 < len(out["hits"]) <= 3
    for h in out["hits"]:
        assert {"doc_id", "path", "title", "start", "end", "text", "score"} <= h.keys()
        doc = read_document(h["path"])
        assert doc.id == h["doc_id"] and doc.text[h["start"]:h["end"]] == h["text"]


def test_search_stdin_gives_one_json_line_per_query(fake_index):
    r = run("search", "-", "-k", "2", "--index", str(fake_index), "--json",
            stdin="overall survival\n\nInterfant-06 trial\ntoxic effects\n")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["overall survival", "Interfant-06 trial", "toxic effects"]
    assert all(len(x["hits"]) == 2 for x in lines)


def test_human_output_shows_rank_title_and_span(fake_index):
    r = run("search", "Interfant-06", "-k", "1", "--index", str(fake_index))
    assert r.returncode == 0 and r.stdout.startswith(" 1. ") and "[" in r.stdout


def test_user_errors_exit_non_zero_with_a_message(fake_index, tmp_path):
    r = run("search", "  ", "--index", str(fake_index), "--json")
    assert r.returncode == 2 and "empty" in r.stderr
    r = run("search", "x", "-k", "0", "--index", str(fake_index))
    assert r.returncode == 2 and "k must be" in r.stderr
    r = run("search", "-", "--index", str(fake_index), stdin="x\n")
    assert r.returncode == 2 and "--json" in r.stderr
    r = run("search", "survival", "--index", str(tmp_path / "none"))
    assert r.returncode == 1 and "python -m index build --index" in r.stderr
    r = run("remove", "no-such-doc", "--index", str(fake_index))
    assert r.returncode == 2 and "no document" in r.stderr
    r = run("frobnicate")
    assert r.returncode == 2


def test_add_reports_skips_and_readding_is_a_no_op(fake_index, tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    r = run("add", str(REPO / "corpus"), str(bad), "--index", str(fake_index), "--json")
    assert r.returncode == 1, r.stderr  # the good files are kept, but the refusal fails the run
    report = json.loads(r.stdout)
    assert report["added"] == [] and len(report["unchanged"]) == 2
    assert [Path(p).name for p, _ in report["skipped"]] == ["bad.bin"]
    skipped = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped")]
    assert len(skipped) == 1 and skipped[0].count("bad.bin") == 1, skipped
    assert run("check", "--index", str(fake_index)).returncode == 0


@pytest.mark.slow  # loads torch and the real model in a subprocess
def test_build_with_the_real_model_then_check(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    r = run("build", "--corpus", str(corpus), "--index", str(tmp_path / "idx"))
    assert r.returncode == 0, r.stderr
    assert "[2/2]" in r.stderr and "2 documents" in r.stderr
    r = run("check", "--index", str(tmp_path / "idx"))
    assert r.returncode == 0 and "ok" in r.stderr


def test_add_refuses_a_text_too_large_to_index(fake_index, tmp_path):
    from index.files import MAX_INDEX_CHARS

    big = tmp_path / "big.txt"
    line = "Two-year disease-free survival was 81.6% among 30 infants.\n"
    big.write_text(line * (MAX_INDEX_CHARS // len(line) + 10), encoding="utf-8")
    before = run("check", "--index", str(fake_index)).stderr
    r = run("add", str(big), "--index", str(fake_index), "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["added"] == []
    assert "too large to index" in r.stderr and "split it" in r.stderr
    assert run("check", "--index", str(fake_index)).stderr == before
